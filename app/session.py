"""Opening a BranchBook database for use: read-write (lock, identity and version checks, backup,
migration) or read-only (no lock, no migration: for lists on a read-only file and for the
committee's look at a branch snapshot)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from app.common.clock import Clock
from app.common.context import Context
from app.common.errors import UserError
from app.common.files import output_path, readable_file
from app.services import Services
from db import engine, integrity
from db import migrate as _migrate
from db.backup import backup_to, backups_dir, copy_into, describe, newest_good, take_backup
from db.connection import FileLock, apply_pragmas, connect, passphrase_of
from db.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    NeedsMigration,
    ReadOnlyDatabase,
    StorageError,
    classify,
)
from db.repositories import settings as settings_repo

if TYPE_CHECKING:
    import sqlite3


#: What :func:`clear_leftovers` removed in this process, in Chinese (the CLI and the window say so).
LEFTOVERS: list[str] = []


def clear_leftovers(path: Path) -> list[str]:
    """Remove what an interrupted encryption or decryption left beside the file (``<file>.rekey``)
    and in its backups folder (``*.partial``); a plain (unencrypted) one is overwritten with zeros
    first. Returns what was removed, in Chinese."""
    removed = []
    candidates = [path.with_name(path.name + ".rekey")]
    folder = backups_dir(path)
    if folder.is_dir():
        candidates += sorted(folder.glob(f"{path.stem}-*.sqlite.partial"))
    for leftover in candidates:
        try:
            if not leftover.is_file() or leftover.is_symlink():
                continue
            with open(leftover, "rb") as fh:
                plain = fh.read(16) == b"SQLite format 3\x00"
            if plain:  # the whole roster in clear text: not left readable on the disk
                size = leftover.stat().st_size
                with open(leftover, "r+b") as fh:
                    for _ in range(0, size, 1 << 20):
                        fh.write(bytes(min(1 << 20, size - fh.tell())))
                    fh.flush()
                    os.fsync(fh.fileno())
            leftover.unlink()
        except OSError:
            continue
        removed.append(f"已删除上次加密/解密中断时留下的{'未加密' if plain else ''}临时文件 {leftover.name}")
    return removed


def _ordinary_file(path: Path) -> None:
    """Refuse a database path where something other than an ordinary file is (a folder, a device,
    a pipe), before a lock or journal is made beside it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise classify(exc, str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        what = "文件夹" if stat.S_ISDIR(info.st_mode) else "设备、管道或其他特殊文件"
        raise StorageError(str(path), f"这是{what}，不是数据库文件")


def writable(path: Path) -> bool:
    """Whether ``path`` (or, when it does not exist yet, its folder) can be written."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK)


def _closed_uncleanly(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return (wal.exists() and wal.stat().st_size > 0) or Path(f"{path}-journal").exists()


#: The setting that names who works with the program (组织委员 张三), written into the change log.
OPERATOR_KEY = "operator"


class Session:
    """One open database; a read-write one holds the single-writer lock until :meth:`close`.

    Attributes:
        path: the database file.
        conn: the connection (sqlite3, BranchBook pragmas).
        migrated: how many migration steps ran on opening.
        read_only: opened without writing anything (no lock, no migration).
        ctx: the file's context (connection, clock, operator, undo journal), made here once.
        services: every area's services, built from ``ctx``.
    """

    #: Which family of files this session opens (a committee's session opens its own).
    schema: _migrate.Schema = _migrate.BRANCH

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: FileLock | None, migrated: int,
                 clock: Clock | None = None, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self.migrated = migrated
        self.read_only = read_only
        self.ctx = Context(conn, clock, path, read_only, operator=self._operator(conn))
        self.services = self._services(self.ctx)
        self._changes_at_open = conn.total_changes
        self._closed = False
        #: The passphrase the file was opened with (memory only); None for an ordinary file.
        self.passphrase = passphrase_of(path)

    @staticmethod
    def _services(ctx: Context) -> Services:
        return Services(ctx)

    @classmethod
    def _operator(cls, conn: sqlite3.Connection) -> str:
        """Who works with the program, as set in this file (a committee's file names nobody)."""
        if cls.schema is not _migrate.BRANCH:
            return ""
        return str(settings_repo.get_setting(conn, OPERATOR_KEY) or "")

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, read_only: bool = False,
             passphrase: str | None = None) -> Self:
        """Open (creating if missing) and migrate ``path``; ``read_only`` opens it as it is;
        ``passphrase`` opens an encrypted file (PassphraseRequired/WrongPassphrase without it).

        Raises:
            StorageError: not ours, too new, locked by another BranchBook, damaged, read-only
                (when writing was asked for), or a disk problem. Nothing in the file has been
                changed when this is raised.
        """
        path = Path(path).expanduser().resolve()
        _ordinary_file(path)
        if read_only:
            return cls._open_read_only(path, clock, passphrase)
        if not writable(path):
            raise ReadOnlyDatabase(str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify(exc, str(path)) from exc
        lock = FileLock(path)
        try:
            lock.acquire(announce=False)  # announced once the file is known to be ours
        except OSError as exc:
            raise classify(exc, str(path)) from exc
        LEFTOVERS.extend(clear_leftovers(path))  # with the lock held: no re-encryption is running
        conn = None
        unclean = _closed_uncleanly(path)  # before SQLite opens it and recovers what was left
        try:
            conn = connect(path, passphrase=passphrase)
            _migrate.check_identity(conn, str(path), cls.schema)
            lock.announce()
            version = _migrate.user_version(conn)
            if version > cls.schema.version:
                raise DatabaseTooNew(str(path), f"文件版本 {version}，本程序支持到 {cls.schema.version}")
            # A full quick_check costs a third of a second on ten years of records, so it runs here
            # only after a session that did not close cleanly (its WAL or journal left behind); the
            # GUI checks every file on a thread of its own after the window opens, and so does verify.
            if version and unclean and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise cls._damaged(path)
            if 0 < version < cls.schema.version:  # the backup of an older file is taken before WAL is switched on

                take_backup(conn, str(path), f"before-migrate-v{version}")
            apply_pragmas(conn)
            steps = _migrate.migrate(conn, str(path), schema=cls.schema, backup=False)
            if cls.schema is _migrate.BRANCH:
                cls._keep_watch(conn)
        except (engine.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            lock.release()
            error = classify(exc, str(path))
            raise (cls._damaged(path) if isinstance(error, DatabaseCorrupt) else error) from exc
        except DatabaseCorrupt as exc:
            if conn is not None:
                conn.close()
            lock.release()
            raise (exc if exc.detail else cls._damaged(path)) from None
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        return cls(path, conn, lock, steps, clock)

    @classmethod
    def _damaged(cls, path: Path) -> StorageError:
        """The refusal of a damaged file, pointing to the newest backup that checks out."""

        good = newest_good(path, cls.schema.application_id)
        hint = (f"最近一份完好的备份：{good.path}（{good.taken[:16].replace('T', ' ')}），"
                f"可用“branchbook --db 新文件 restore {good.path} --to 新文件”或“文件 → 从备份恢复”恢复"
                if good else "backups 文件夹中没有完好的备份")
        return DatabaseCorrupt(str(path), hint)

    @classmethod
    def open_for_reading(cls, path: str | Path, clock: Clock | None = None,
                         passphrase: str | None = None) -> Self:
        """A session for a command that only reads: a current, cleanly closed file is opened
        read-only (no lock to take, nothing to seal, nothing to migrate, so a quick listing stays
        quick and can run beside the open program); anything else goes through :meth:`open`."""
        resolved = Path(path).expanduser().resolve()
        if resolved.is_file() and not cls._held_elsewhere(resolved) and writable(resolved):
            LEFTOVERS.extend(clear_leftovers(resolved))
        if resolved.is_file() and (cls._held_elsewhere(resolved) or not _closed_uncleanly(resolved)):
            # a WAL left by a crash is recovered by open(); one kept by a running program is read as is
            try:
                return cls._open_read_only(resolved, clock, passphrase)
            except NeedsMigration:
                pass
        return cls.open(path, clock, read_only=not writable(resolved) if resolved.exists() else False,
                        passphrase=passphrase)

    @staticmethod
    def _held_elsewhere(path: Path) -> bool:
        lock = FileLock(path)
        try:
            lock.acquire(announce=False)  # a probe: nothing to tell anyone
        except (DatabaseLocked, OSError):
            return True
        lock.release()
        return False

    @staticmethod
    def _keep_watch(conn: sqlite3.Connection) -> None:
        """Seal what this program writes (db/integrity.py)."""

        integrity.arm(conn)

    @classmethod
    def _open_read_only(cls, path: Path, clock: Clock | None, passphrase: str | None = None) -> Self:
        if not path.exists():
            raise StorageError(str(path), "文件不存在")
        conn = connect(path, read_only=True, passphrase=passphrase)
        try:
            _migrate.check_identity(conn, str(path), cls.schema)
            version = _migrate.user_version(conn)
            if version > cls.schema.version:
                raise DatabaseTooNew(str(path), f"文件版本 {version}，本程序支持到 {cls.schema.version}")
            if version < cls.schema.version:
                raise NeedsMigration(str(path), f"文件版本 {version}，当前版本 {cls.schema.version}")
        except engine.Error as exc:
            conn.close()
            raise classify(exc, str(path)) from exc
        except BaseException:
            conn.close()
            raise
        conn.memo, conn.frozen = {}, True  # nothing writes through it: whole-table reads are kept
        return cls(path, conn, None, 0, clock, read_only=True)

    @property
    def clock(self) -> Clock:
        return self.services.clock

    def backup_to(self, target: str | Path) -> Path:
        """Copy the whole database to ``target`` (a folder gets a dated file name).

        Raises:
            UserError: the target is this database itself, not an ordinary file (a device, a pipe),
                not named .sqlite or .db, or cannot be written.
        """
        target = Path(target).expanduser()
        if target.is_dir() and not target.is_symlink():
            target = target / f"{self.path.stem}-备份-{self.clock.today()}.sqlite"
        target = output_path(target, (".sqlite", ".db"))
        if target.resolve() == self.path:
            raise UserError("备份文件不能是正在使用的数据库本身")
        try:
            return backup_to(self.conn, target)
        except (OSError, engine.Error) as exc:
            raise UserError(f"无法写入 {target}：{classify(exc, str(target)).user_message()}") from exc

    def backups_folder(self) -> Path:
        return backups_dir(self.path)

    def restore_from(self, backup: str | Path) -> dict[str, Any]:
        """Replace this database with the backup ``backup`` — after backing up the current file.
        An older backup is migrated; the restore is written into the change log.

        Raises:
            UserError: the backup is missing, damaged, not a branch's file or newer than this program.
        """

        source = self._usable_backup(backup)
        if source.path.resolve() == self.path:
            raise UserError("不能用正在使用的数据库恢复它自己")
        safety = take_backup(self.conn, self.path, "before-restore")
        try:
            copy_into(source.path, self.conn)
        except engine.Error as exc:
            raise classify(exc, str(self.path)) from exc
        store = getattr(self.conn, "memo", None)
        if isinstance(store, dict):
            store.clear()
        self.migrated = _migrate.migrate(self.conn, str(self.path), schema=self.schema, backup=False)
        self._keep_watch(self.conn)
        self.ctx.operator = self._operator(self.conn)  # as the restored file names it
        self.services.base.log("restore", None, "从备份恢复", None,
                               {"file": source.path.name, "taken": source.taken, "before_restore": safety.name})
        return {"restored": str(source.path), "taken": source.taken, "counts": source.counts,
                "saved_current_as": str(safety)}

    @classmethod
    def restore_copy(cls, backup: str | Path, target: str | Path) -> dict[str, Any]:
        """Write the backup ``backup`` to a new file ``target`` (nothing else is touched)."""
        source = cls._usable_backup(backup)
        target = Path(target).expanduser()
        if target.exists():
            raise UserError(f"{target} 已存在；请换一个新文件名（恢复不会覆盖已有的文件）")

        src = connect(source.path, read_only=True)
        try:
            backup_to(src, target)
        except (OSError, engine.Error) as exc:
            raise UserError(f"无法写入 {target}：{classify(exc, str(target)).user_message()}") from exc
        finally:
            src.close()
        return {"restored": str(source.path), "taken": source.taken, "counts": source.counts, "to": str(target)}

    @classmethod
    def _usable_backup(cls, backup: str | Path) -> Any:
        path = Path(backup).expanduser()
        if not path.exists():
            raise UserError(f"找不到备份文件 {path}")
        readable_file(path)  # a folder, a pipe or a device is named as what it is
        info = describe(path, cls.schema.application_id)
        if not info.ok:
            raise UserError(f"{path.name} 不能用于恢复：{info.problem}")
        if info.version > cls.schema.version:
            raise UserError(f"{path.name} 由更新版本的程序写入（版本 {info.version}），请先升级本程序")
        return info

    @property
    def conn_closed(self) -> bool:
        """True once :meth:`close` ran (e.g. a re-encryption replaced the file)."""
        return self._closed

    def close(self, auto_backup: str = "never", replace_with: Path | None = None) -> None:
        """Checkpoint the WAL into the main file, close, and release the lock.

        ``auto_backup``: "always" takes an automatic backup if anything was written in this
        session (the GUI on close), "daily" only when none was taken today (a command), "never".
        A backup that cannot be written is logged; it never stops the file from closing.
        ``replace_with``: a finished, verified file (re-encrypted) put in this one's place after
        the connection closes and before the lock is released, so nobody opens the old file."""
        if self._closed:
            return
        self._closed = True
        if not self.read_only and auto_backup != "never" and self.conn.total_changes > self._changes_at_open:
            try:
                self.services.backups.auto(force=auto_backup == "always")
            except Exception:
                import logging

                logging.getLogger("branchbook").exception("自动备份失败")
        if not self.read_only:
            with contextlib.suppress(engine.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        try:
            if replace_with is not None:
                replace_with.replace(self.path)
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
