"""Numbered schema migrations recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import importlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlite_utils

from db.backup import take_backup
from db.connection import APPLICATION_ID
from db.errors import DatabaseTooNew, MigrationFailed, NotBranchBookDatabase

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.(sql|py)$")


@dataclass(frozen=True)
class Migration:
    """One step: ``version`` is the user_version after it has run."""

    version: int
    name: str
    run: Callable[[sqlite3.Connection], None]


def _sql_runner(text: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT first; run statement by statement instead so the
        # step stays inside our transaction (see CPython bpo-30593).
        buf = ""
        for line in text.splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                if buf.strip():
                    conn.execute(buf)
                buf = ""
        if buf.strip():
            conn.execute(buf)

    return run


def discover() -> list[Migration]:
    """Every migration in ``db/migrations``, in order, checked to be 1..N without gaps."""
    found: dict[int, Migration] = {}
    for entry in resources.files("db.migrations").iterdir():
        match = _NAME.match(entry.name)
        if not match:
            continue
        version = int(match.group(1))
        if match.group(3) == "sql":
            runner = _sql_runner(entry.read_text(encoding="utf-8"))
        else:
            module = importlib.import_module(f"db.migrations.{entry.name[:-3]}")
            runner = module.run
        if version in found:
            raise RuntimeError(f"two migrations numbered {version}")
        found[version] = Migration(version, match.group(2), runner)
    versions = sorted(found)
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration numbers must run 1..N without gaps, got {versions}")
    return [found[v] for v in versions]


MIGRATIONS = discover()
SCHEMA_VERSION = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_identity(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a file that is not ours (a non-empty SQLite file without our application id)."""
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotBranchBookDatabase(path) from exc
    if app_id == APPLICATION_ID:
        return
    if app_id == 0 and tables == 0 and user_version(conn) == 0:
        return  # a new, empty file: we will create the schema
    raise NotBranchBookDatabase(path)


def migrate(
    conn: sqlite3.Connection,
    path: str,
    migrations: list[Migration] | None = None,
    backup: bool = True,
) -> int:
    """Bring the database up to the newest schema; return the number of steps run.

    A backup is taken before the first step (unless the file is new). Each step runs in its
    own transaction together with the ``user_version`` write; a failing step is rolled back
    and raises :class:`MigrationFailed`, leaving the file at the previous version.
    """
    steps = MIGRATIONS if migrations is None else migrations
    target = steps[-1].version if steps else 0
    check_identity(conn, path)
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
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise MigrationFailed(path, f"第 {step.version} 步 {step.name}：{exc}") from exc
        conn.execute("COMMIT")
    return len(pending)


def sqlite_utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """For Python migrations that reshape tables with ``table.transform()``."""
    return sqlite_utils.Database(conn)


def schema_path() -> Path:
    """Where the migration files live (for tests and documentation)."""
    return Path(str(resources.files("db.migrations")))
