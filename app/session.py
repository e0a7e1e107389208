"""Opening a BranchBook database for use: lock, identity and version checks, migration."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from db import migrate as _migrate
from db.connection import FileLock, apply_pragmas, connect
from db.errors import StorageError


class Session:
    """One open database, held under the single-writer lock until :meth:`close`.

    Attributes:
        path: the database file.
        conn: the connection (sqlite3, BranchBook pragmas).
        migrated: how many migration steps ran on opening.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: FileLock, migrated: int):
        self.path = path
        self.conn = conn
        self._lock = lock
        self.migrated = migrated

    @classmethod
    def open(cls, path: str | Path) -> Session:
        """Open (creating if missing) and migrate ``path``.

        Raises:
            StorageError: not ours, too new, locked by another BranchBook, or broken. Nothing
                in the file has been changed when this is raised.
        """
        path = Path(path).expanduser().resolve()
        if path.is_dir():
            raise StorageError(str(path), "这是一个文件夹，不是数据库文件")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path)
        lock.acquire()
        conn = None
        try:
            conn = connect(path)
            _migrate.check_identity(conn, str(path))
            version = _migrate.user_version(conn)
            if version > _migrate.SCHEMA_VERSION:
                from db.errors import DatabaseTooNew

                raise DatabaseTooNew(
                    str(path), f"文件版本 {version}，本程序支持到 {_migrate.SCHEMA_VERSION}"
                )
            apply_pragmas(conn)
            steps = _migrate.migrate(conn, str(path))
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        return cls(path, conn, lock, steps)

    def backup_to(self, target: str | Path) -> Path:
        """Copy the whole database to ``target`` (a folder gets a dated file name).

        Raises:
            UserError: the target is this database itself, or cannot be written.
        """
        from app import dates
        from app.errors import UserError
        from db.backup import backup_to

        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"{self.path.stem}-备份-{dates.today()}.sqlite"
        if target.resolve() == self.path:
            raise UserError("备份文件不能是正在使用的数据库本身")
        try:
            return backup_to(self.conn, target)
        except OSError as exc:
            raise UserError(f"无法写入 {target}：{exc.strerror or exc}") from exc

    def backups_folder(self) -> Path:
        from db.backup import backups_dir

        return backups_dir(self.path)

    def close(self) -> None:
        """Checkpoint the WAL into the main file, close, and release the lock."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        self._lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
