"""Copies of the database taken with SQLite's backup API into ``backups/`` beside it."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path

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
    prune(db_path)
    return target


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
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
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            same = _counts(dest) == _counts(conn)
        finally:
            dest.close()
        if not (ok and same):
            raise sqlite3.DatabaseError("备份文件校验不通过")
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


def list_backups(db_path: str | Path) -> list[Path]:
    """The backups of this database, oldest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    return sorted(folder.glob(f"{stem}-*.sqlite"))


def prune(db_path: str | Path, keep: int = KEEP_BACKUPS) -> None:
    """Remove all but the newest ``keep`` backups."""
    files = list_backups(db_path)
    for old in files[: max(0, len(files) - keep)]:
        old.unlink(missing_ok=True)
