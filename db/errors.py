"""Storage errors that are the user's environment, not a bug: shown to the user in Chinese."""

from __future__ import annotations

import errno


class StorageError(Exception):
    """Base class: the database file cannot be used as asked.

    Attributes:
        path: the database file concerned.
    """

    message = "无法使用数据库文件"

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(self.user_message())

    def user_message(self) -> str:
        """The Chinese sentence shown to the user."""
        text = f"{self.message}：{self.path}"
        if self.detail:
            text += f"（{self.detail}）"
        return text


class NotBranchBookDatabase(StorageError):
    message = "该文件不是支部台账（BranchBook）数据库，未做任何修改"


class NotCommitteeDatabase(NotBranchBookDatabase):
    """The same, where a committee's file was asked for."""

    message = "该文件不是上级党委的报送接收数据库，未做任何修改"


class WrongKindOfDatabase(StorageError):
    message = "文件类型不符，未做任何修改"


class PassphraseRequired(StorageError):
    message = "该数据库已加密，需要口令才能打开"


class WrongPassphrase(StorageError):
    message = "口令不对，无法打开该数据库（或该文件不是支部台账数据库），未做任何修改"


class DatabaseTooNew(StorageError):
    message = "该数据库由更新版本的支部台账写入，请升级本程序后再打开，未做任何修改"


class DatabaseLocked(StorageError):
    message = "该数据库已在另一个支部台账窗口或进程中打开，请先关闭那里再试"


class DatabaseBusy(StorageError):
    message = "数据库正被其他程序占用（例如正在复制或另一个程序打开了它），请稍后再试"


class DatabaseCorrupt(StorageError):
    message = "数据库文件已损坏，无法读取；请从“文件 → 从备份恢复”或 backups 文件夹中的备份恢复"


class DiskFull(StorageError):
    message = "磁盘空间不足，未能写入，刚才的操作没有保存；请清理磁盘后再试"


class ReadOnlyDatabase(StorageError):
    message = "数据库文件或其所在文件夹是只读的，不能修改（可以查看）"


class MigrationFailed(StorageError):
    message = "数据库升级失败，已回滚，文件保持原样"


class NeedsMigration(StorageError):
    message = "该数据库需要升级到新版本格式，但它以只读方式打开，请复制到可写的位置后再打开"


def classify(exc: BaseException, path: str) -> StorageError:
    """Turn an sqlite3 or OS error met while using ``path`` into the matching StorageError."""
    if isinstance(exc, StorageError):
        return exc
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return DiskFull(path)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyDatabase(path, exc.strerror or "")
        return StorageError(path, exc.strerror or str(exc))
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return DiskFull(path)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text or "read-only" in text:
        return ReadOnlyDatabase(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return DatabaseBusy(path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return DatabaseCorrupt(path)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return StorageError(path, "无法打开文件（文件夹不存在或没有权限）")
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageError(path, "读写磁盘出错（U盘被拔出或磁盘故障？）")
    if code is not None:
        return StorageError(path, name or str(exc))
    return StorageError(path, str(exc))
