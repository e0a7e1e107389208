"""Copies of the database taken with SQLite's backup API into ``backups/`` beside it."""

from __future__ import annotations

import datetime as _dt
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
    stem = Path(db_path).stem
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stem}-{stamp}-{reason}.sqlite"
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    prune(db_path)
    return target


def backup_to(conn: sqlite3.Connection, target: str | Path) -> Path:
    """Write a consistent copy of the database to ``target`` (e.g. a USB stick).

    The copy is written next to the target first and moved into place, so a failed copy never
    leaves a half-written file under the target name.
    """
    target = Path(target)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    tmp.replace(target)
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
