"""Copies of the database taken with SQLite's backup API into ``backups/`` beside it."""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from db import engine
from db.connection import connect, key_statement, passphrase_for
from db.errors import PassphraseRequired, StorageError, WrongPassphrase

if TYPE_CHECKING:
    import sqlite3

#: How many backups of one database file are kept.
KEEP_BACKUPS = 20


def backups_dir(db_path: str | Path) -> Path:
    """The ``backups`` folder next to the database file."""
    return Path(db_path).resolve().parent / "backups"


def take_backup(conn: sqlite3.Connection, db_path: str | Path, reason: str) -> Path:
    """Write a consistent copy of ``conn`` to the backups folder and prune old ones.

    Args:
        conn: an open connection to the database.
        db_path: the database file (names the copy and locates the folder).
        reason: a short ASCII word for the file name ("migrate", "import" …).
    """
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.partial"):  # left by a crash while writing: never a backup
        stale.unlink(missing_ok=True)
    stem = Path(db_path).stem
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stem}-{stamp}-{reason}.sqlite"
    _write_verified(conn, target)
    rotate(db_path)
    return target


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table (full-text index tables left out): a copy holds the same when these match."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%search%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _write_verified(conn: sqlite3.Connection, target: Path) -> None:
    """Copy ``conn`` to ``target`` through a temporary name, check the copy opens, passes
    ``integrity_check`` and has the same rows in every table, then rename it into place: a crash
    or a full disk never leaves a file under a backup's name that is not a whole backup."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        dest = engine.connect(str(partial))
        try:
            passphrase = passphrase_for(conn)
            if passphrase:  # an encrypted file's backup is encrypted with the same passphrase
                dest.execute(key_statement(passphrase))
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            same = table_counts(dest) == table_counts(conn)
        finally:
            dest.close()
        if not (ok and same):
            raise engine.DatabaseError("备份文件校验不通过")
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_to(conn: sqlite3.Connection, target: str | Path) -> Path:
    """Write a consistent copy of the database to ``target`` (e.g. a USB stick).

    The copy is written next to the target first and moved into place, so a failed copy never
    leaves a half-written file under the target name.
    """
    target = Path(target)
    _write_verified(conn, target)
    return target


def list_backups(db_path: str | Path, folder: Path | None = None) -> list[Path]:
    """The backups of this database (in ``folder``, by default its backups folder), oldest first."""
    folder = folder or backups_dir(db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    return sorted(folder.glob(f"{stem}-*.sqlite"))


#: The automatic backups kept: the newest of each of the last 7 days, 4 weeks and 12 months.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
AUTO = "auto"
_NAME = re.compile(r"-(\d{8})-(\d{6})-(\d{6})-([A-Za-z0-9_-]+)\.sqlite$")


def taken_at(path: Path) -> tuple[str, str] | None:
    """(when as 'YYYY-MM-DDTHH:MM:SS', reason) from a backup's file name."""
    m = _NAME.search(path.name)
    if not m:
        return None
    d, t = m.group(1), m.group(2)
    return f"{d[:4]}-{d[4:6]}-{d[6:]}T{t[:2]}:{t[2:4]}:{t[4:]}", m.group(4)


def rotate(db_path: str | Path, folder: Path | None = None) -> list[Path]:
    """Thin the backups: of the automatic ones keep the newest per day for 7 days, per week for
    4 weeks and per month for 12 months; of the others (before a migration, an import, a
    restore) the newest ``KEEP_BACKUPS``. Returns the files removed."""
    files = list_backups(db_path, folder)
    auto = [(t, p) for p in files if (t := taken_at(p)) is not None and t[1] == AUTO]
    other = [p for p in files if (taken_at(p) or ("", ""))[1] != AUTO]
    keep: set[Path] = set(other[-KEEP_BACKUPS:])
    # the name's microseconds break ties between two backups of the same second
    newest_first = sorted(auto, key=lambda x: (x[0][0], x[1].name), reverse=True)
    for width, count in ((10, KEEP_DAILY), (None, KEEP_WEEKLY), (7, KEEP_MONTHLY)):
        seen: list[str] = []
        for (when, _), path in newest_first:
            if width is None:
                iso = _dt.date.fromisoformat(when[:10]).isocalendar()
                bucket = f"{iso[0]}-W{iso[1]:02d}"
            else:
                bucket = when[:width]
            if bucket not in seen:
                seen.append(bucket)
                if len(seen) <= count:
                    keep.add(path)
    removed = [p for p in files if p not in keep]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def prune(db_path: str | Path, keep: int = KEEP_BACKUPS) -> None:
    """Remove all but the newest ``keep`` backups."""
    files = list_backups(db_path)
    for old in files[: max(0, len(files) - keep)]:
        old.unlink(missing_ok=True)


class BackupInfo(NamedTuple):
    """A backup file as the restore list shows it."""

    path: Path
    taken: str
    reason: str
    size: int
    ok: bool
    version: int = 0
    counts: dict[str, int] = {}  # noqa: RUF012 — never changed: a record
    problem: str = ""


COUNTED = {"members": "member", "meetings": "meeting", "payments": "dues_payment"}


def describe(path: Path, application_id: int | None = None) -> BackupInfo:
    """Open a backup read-only and say what it holds (or why it cannot be used)."""
    when, reason = taken_at(path) or (_dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds"),
                                      "")
    size = path.stat().st_size
    try:
        conn = _open_read_only(path)
    except StorageError as exc:
        return BackupInfo(path, when, reason, size, False, problem=exc.detail or exc.message)
    except engine.Error as exc:
        return BackupInfo(path, when, reason, size, False, problem=str(exc))
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if application_id is not None and app_id != application_id:
            return BackupInfo(path, when, reason, size, False, problem="不是支部台账数据库")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return BackupInfo(path, when, reason, size, False, problem="文件已损坏")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        counts = {}
        for key, table in COUNTED.items():
            try:
                counts[key] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except engine.Error:
                counts[key] = 0
        return BackupInfo(path, when, reason, size, True, version, counts)
    except engine.DatabaseError:
        return BackupInfo(path, when, reason, size, False, problem="文件已损坏或不是数据库")
    finally:
        conn.close()


def newest_good(db_path: str | Path, application_id: int | None = None) -> BackupInfo | None:
    """The newest backup that opens and passes ``quick_check``."""
    for path in reversed(list_backups(db_path)):
        info = describe(path, application_id)
        if info.ok:
            return info
    return None


def log_head(path: Path) -> tuple[int, str] | None:
    """The newest change-log row of a backup (id, hash), None when it cannot be read or keeps no chain."""
    try:
        conn = _open_read_only(path)
    except (StorageError, OSError, engine.Error):
        return None
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(change_log)")}
        if "hash" not in columns:
            return None
        row = conn.execute("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        return (int(row[0]), str(row[1] or "")) if row else (0, "")
    except engine.Error:
        return None
    finally:
        conn.close()


def copy_into(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the whole content of ``conn``'s database with the backup ``source``."""
    src = _open_read_only(source)
    try:
        if passphrase_for(src) != passphrase_for(conn):
            raise StorageError(str(source), "该备份与当前数据库的加密状态或口令不同，不能直接恢复；"
                                            "请把它恢复为新文件（restore --to 新文件）")
        src.backup(conn)
    finally:
        src.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A backup opened read-only; an encrypted one with the passphrase its database was opened with."""
    try:
        return connect(path, read_only=True)
    except (PassphraseRequired, WrongPassphrase):
        raise StorageError(str(path), "备份已加密，需要用加密它的口令打开数据库后才能查看") from None
