"""Storage errors that are the user's environment, not a bug: shown to the user in Chinese."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: the database file cannot be used as asked.

    Attributes:
        path: the database file concerned.
    """

    message = "无法打开数据库文件"

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


class DatabaseTooNew(StorageError):
    message = "该数据库由更新版本的支部台账写入，请升级本程序后再打开，未做任何修改"


class DatabaseLocked(StorageError):
    message = "该数据库已在另一个支部台账窗口或进程中打开，请先关闭那里再试"


class DatabaseCorrupt(StorageError):
    message = "数据库文件已损坏，无法读取；请从 backups 文件夹中的备份恢复"


class MigrationFailed(StorageError):
    message = "数据库升级失败，已回滚，文件保持原样"
