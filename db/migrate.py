"""Numbered schema migrations recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from db import engine
from db.backup import take_backup

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

from db.connection import APPLICATION_ID, COMMITTEE_APPLICATION_ID
from db.errors import DatabaseTooNew, MigrationFailed, NotBranchBookDatabase, WrongKindOfDatabase

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.(sql|py)$")


class Migration(NamedTuple):  # NamedTuples, not dataclasses: ~3 ms less at every start
    """One step: ``version`` is the user_version after it has run."""

    version: int
    name: str
    run: Callable[[sqlite3.Connection], None]


def _resources() -> Any:
    from importlib import resources  # only for a package inside a zip (it pulls in zipfile)

    return resources


def _sql_file_runner(package: str, name: str) -> Callable[[sqlite3.Connection], None]:
    """Runs the step's SQL file, read when it runs (opening an up-to-date file reads none of them)."""

    def run(conn: sqlite3.Connection) -> None:
        folder = Path(importlib.import_module(package).__path__[0])
        file = folder / name
        text = file.read_text(encoding="utf-8") if file.is_file() else \
            (_resources().files(package) / name).read_text(encoding="utf-8")
        _sql_runner(text)(conn)

    return run


def _sql_runner(text: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT first; run statement by statement instead so the
        # step stays inside our transaction (see CPython bpo-30593).
        buf = ""
        for line in text.splitlines(keepends=True):
            buf += line
            if engine.complete_statement(buf):
                if buf.strip():
                    conn.execute(buf)
                buf = ""
        if buf.strip():
            conn.execute(buf)

    return run


def _module_runner(module: str) -> Callable[[sqlite3.Connection], None]:
    """Runs a Python step, imported when it runs."""

    def run(conn: sqlite3.Connection) -> None:
        importlib.import_module(module).run(conn)

    return run


def discover(package: str = "db.migrations") -> list[Migration]:
    """Every migration in ``package``, in order, checked to be 1..N without gaps."""
    found: dict[int, Migration] = {}
    # .sql steps are data files; .py steps are modules, which a frozen app keeps in its archive
    # rather than as files, so they are listed through the import system
    module = importlib.import_module(package)
    folder = Path(module.__path__[0])
    if folder.is_dir():  # the usual case, frozen app included: listed without importlib.resources
        names = {name for name in os.listdir(folder) if name.endswith((".sql", ".py"))}
    else:  # pragma: no cover - a package inside a zip
        names = {entry.name for entry in _resources().files(package).iterdir() if entry.name.endswith(".sql")}
    if getattr(sys, "frozen", False) or not folder.is_dir():  # the modules are in the app's archive
        import pkgutil

        names |= {f"{info.name}.py" for info in pkgutil.iter_modules(module.__path__)}
    for name in sorted(names):
        match = _NAME.match(name)
        if not match:
            continue
        version = int(match.group(1))
        sql = match.group(3) == "sql"
        runner = _sql_file_runner(package, name) if sql else _module_runner(f"{package}.{name[:-3]}")
        if version in found:
            raise RuntimeError(f"two migrations numbered {version}")
        found[version] = Migration(version, match.group(2), runner)
    versions = sorted(found)
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration numbers must run 1..N without gaps, got {versions}")
    return [found[v] for v in versions]


class Schema(NamedTuple):
    """A family of files: the branch's 台账 or the committee's; each has its own id and steps."""

    name: str
    application_id: int
    migrations: tuple[Migration, ...]
    #: What to say when a file of the other family is opened as this one.
    wrong_kind: str

    @property
    def version(self) -> int:
        return self.migrations[-1].version


MIGRATIONS = discover()
SCHEMA_VERSION = MIGRATIONS[-1].version
BRANCH = Schema("branch", APPLICATION_ID, tuple(MIGRATIONS),
                "这是上级党委的报送接收数据库，不是支部台账；请用 branchbook --committee --db 文件 打开")
COMMITTEE = Schema("committee", COMMITTEE_APPLICATION_ID, tuple(discover("db.committee_migrations")),
                   "这是支部台账数据库，不是上级党委的报送接收数据库；请用 branchbook --db 文件 打开")
_SCHEMAS = (BRANCH, COMMITTEE)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_identity(conn: sqlite3.Connection, path: str, schema: Schema | None = None) -> None:
    """Refuse a file that is not ours (a non-empty SQLite file without our application id), or
    one of the other family (a committee file opened as a branch's, or the reverse)."""
    schema = schema or BRANCH
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except engine.DatabaseError as exc:
        raise NotBranchBookDatabase(path) from exc
    if app_id == schema.application_id:
        return
    if app_id == 0 and tables == 0 and user_version(conn) == 0:
        return  # a new, empty file: we will create the schema
    if any(app_id == other.application_id for other in _SCHEMAS):
        raise WrongKindOfDatabase(path, schema.wrong_kind)
    raise NotBranchBookDatabase(path)


def migrate(
    conn: sqlite3.Connection,
    path: str,
    migrations: list[Migration] | None = None,
    backup: bool = True,
    schema: Schema | None = None,
) -> int:
    """Bring the database up to the newest schema; return the number of steps run.

    A backup is taken before the first step (unless the file is new). Each step runs in its
    own transaction together with the ``user_version`` write; a failing step is rolled back
    and raises :class:`MigrationFailed`, leaving the file at the previous version.
    """
    schema = schema or BRANCH
    steps = list(schema.migrations) if migrations is None else migrations
    target = steps[-1].version if steps else 0
    check_identity(conn, path, schema)
    current = user_version(conn)
    if current > target:
        raise DatabaseTooNew(path, f"文件版本 {current}，本程序支持到 {target}")
    pending = [m for m in steps if m.version > current]
    if not pending:
        return 0
    if backup and current > 0:
        take_backup(conn, path, f"before-migrate-v{current}")
    for step in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            step.run(conn)
            conn.execute(f"PRAGMA application_id = {schema.application_id}")
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise MigrationFailed(path, f"第 {step.version} 步 {step.name}：{exc}") from exc
        conn.execute("COMMIT")
    return len(pending)


def sqlite_utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """For Python migrations that reshape tables with ``table.transform()``."""
    import sqlite_utils

    return sqlite_utils.Database(conn)


def schema_path() -> Path:
    """Where the migration files live (for tests and documentation)."""
    return Path(str(_resources().files("db.migrations")))
