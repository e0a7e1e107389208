"""Encryption at rest: the database file and its backups encrypted with a passphrase (SQLCipher).

Off by default. Turning it on, changing the passphrase and turning it off all write a complete new
file with SQLCipher's ``sqlcipher_export`` (SQLite's backup API cannot copy between an encrypted
and a plain file), check it (opens with the new passphrase, ``integrity_check``, the same rows in
every table), convert the backups the same way, and only then put the new file in the old one's
place — before the lock is released, so nobody opens the old file in between. The first thing it
does is take an ordinary backup, and the change is written into the change log.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.common import settings
from app.common.errors import UserError
from app.common.passphrase import check_passphrase
from app.session import Session
from db import backup as db_backup
from db import engine
from db.backup import table_counts
from db.connection import connect

if TYPE_CHECKING:
    import sqlite3

Progress = Callable[[str], None]

IDLE_LOCK = settings.define(settings.Setting(
    "security.idle_lock_minutes", "空闲多久后锁定窗口（0 为不锁定；仅对加密的数据库有效）", "0", minimum=0,
    maximum=240, unit="分钟"))


def available() -> bool:
    """Whether this program can encrypt (SQLCipher is its engine)."""
    return engine.CIPHER


def export(conn: sqlite3.Connection, target: Path, passphrase: str | None) -> None:
    """Write everything in ``conn`` to the new file ``target``, encrypted with ``passphrase`` (plain
    when None), and check it; a failed or unchecked copy is deleted."""

    target.unlink(missing_ok=True)
    try:
        conn.execute("ATTACH DATABASE ? AS rekey KEY ?", (str(target), passphrase or ""))
        try:
            conn.execute("SELECT sqlcipher_export('rekey')")
            # the export copies schema and rows, not the file's header fields
            for pragma in ("user_version", "application_id"):
                value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                conn.execute(f"PRAGMA rekey.{pragma} = {value}")
        finally:
            conn.execute("DETACH DATABASE rekey")
        check = connect(target, passphrase=passphrase)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            same = table_counts(check) == table_counts(conn)
        finally:
            check.close()
        if not (ok and same):
            raise UserError("加密后的文件校验不通过，原文件未做任何修改")
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _converted_backup(path: Path, passphrase: str | None) -> Path | None:
    """A copy of one backup re-written with ``passphrase`` beside it (``.partial``), or None when
    it cannot be read (it then stays as it is)."""
    try:
        source = connect(path, read_only=True)
    except Exception:  # noqa: BLE001 - a backup this process cannot open stays as it is
        return None
    partial = path.with_name(path.name + ".partial")
    try:
        export(source, partial, passphrase)
    except (engine.Error, UserError, OSError):
        return None
    finally:
        source.close()
    return partial


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消，数据库和备份都没有改动")


def change(session: Any, new: str | None, progress: Progress = lambda _: None,
           cancelled: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    """Encrypt the session's file with ``new`` (or change its passphrase to ``new``), or decrypt it
    when ``new`` is None. The session is closed at the end (its file replaced); open it again with
    the new passphrase (this process remembers it). Until the file is replaced the job can be
    cancelled: every new file is deleted and nothing has changed.

    Raises:
        UserError: no SQLCipher here, read-only file, nothing to change, or a passphrase too short.
    """

    if not available():
        raise UserError("本程序没有加密组件（SQLCipher），不能加密数据库")
    if session.read_only:
        raise UserError("数据库以只读方式打开，不能加密或解密")
    old = session.passphrase
    if new is None and old is None:
        raise UserError("数据库没有加密，无需取消加密")
    if new is not None:
        check_passphrase(new)
        if new == old:
            raise UserError("新口令与当前口令相同")
    action = "取消加密" if new is None else ("更改数据库口令" if old else "加密数据库")
    path: Path = session.path
    progress("正在备份当前数据库……")
    safety = db_backup.take_backup(session.conn, path, "before-encryption")
    target = path.with_name(path.name + ".rekey")
    staged: list[tuple[Path, Path]] = []
    try:
        progress("正在写入新文件并校验……")
        export(session.conn, target, new)
        backups = db_backup.list_backups(path)
        for i, backup in enumerate(backups, start=1):
            if cancelled():
                raise Cancelled
            progress(f"正在转换备份（{i}/{len(backups)}）……")
            partial = _converted_backup(backup, new)
            if partial is not None:
                staged.append((partial, backup))
        if cancelled():
            raise Cancelled
    except BaseException:
        target.unlink(missing_ok=True)
        for partial, _ in staged:
            partial.unlink(missing_ok=True)
        raise
    session.close(replace_with=target)
    for partial, backup in staged:
        partial.replace(backup)
    # the new file's own record of what happened (a session of its own, opened with the new passphrase)

    with Session.open(path, session.services.clock, passphrase=new) as reopened:
        reopened.services.base.log("database", None, action, {"encrypted": old is not None},
                                   {"encrypted": new is not None, "backups_converted": len(staged)})
    return {"action": action, "path": str(path), "encrypted": new is not None, "backup_before": str(safety),
            "backups": len(backups), "backups_converted": len(staged)}
