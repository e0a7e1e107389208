"""Backups a secretary can rely on: automatic ones (on close and at most daily while open),
rotated 7 daily / 4 weekly / 12 monthly, each checked before it counts; a second copy on a USB
stick or a network folder when one is set; and the list a restore chooses from."""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from app.common.context import Context
from app.common.errors import UserError
from app.common.service import ServiceBase
from db import backup as db_backup
from db.connection import APPLICATION_ID
from db.repositories import settings as settings_repo

SECOND_KEY = "backup.second_location"
PENDING_KEY = "backup.second_pending_since"
log = logging.getLogger("branchbook")


class BackupService(ServiceBase):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.path: Path | None = ctx.path

    def _need_file(self) -> Path:
        if self.path is None:
            raise UserError("内存中的数据库没有备份")
        return self.path

    def list(self) -> list[db_backup.BackupInfo]:
        """Every backup of this database, newest first, with what it holds."""
        path = self._need_file()
        return [db_backup.describe(p, APPLICATION_ID) for p in reversed(db_backup.list_backups(path))]

    def newest_auto(self) -> str | None:
        path = self._need_file()
        times = [t[0] for p in db_backup.list_backups(path) if (t := db_backup.taken_at(p)) and t[1] == db_backup.AUTO]
        return max(times) if times else None

    def auto(self, force: bool = False) -> Path | None:
        """Take the automatic backup (unless one was taken today and not ``force``) and copy it to
        the second location; returns the backup, or None when none was due."""
        path = self._need_file()
        newest = self.newest_auto()
        # backup file names carry the wall clock, so freshness is judged by it too
        if not force and newest is not None and newest[:10] == _dt.date.today().isoformat():
            return None
        taken = db_backup.take_backup(self.conn, path, db_backup.AUTO)
        self._second_copy(taken)
        return taken

    # -- the second location --------------------------------------------------------------------

    def second_location(self) -> str:
        return settings_repo.get_setting(self.conn, SECOND_KEY) or ""

    def set_second_location(self, folder: str | None) -> None:
        """A folder on a USB stick or a network share for a second copy ("" or None: none)."""
        text = (folder or "").strip()
        if text and not Path(text).expanduser().is_absolute():
            raise UserError(f"第二备份位置应是完整的文件夹路径（如 E:\\\\支部台账备份），现为“{text}”")
        if text and not Path(text).expanduser().is_dir():
            what = "是一个文件，不是文件夹" if Path(text).expanduser().exists() else "不存在（U盘请先插上）"
            raise UserError(f"第二备份位置“{text}”{what}")
        with self.write():
            before = self.second_location()
            settings_repo.set_setting(self.conn, SECOND_KEY, text)
            settings_repo.set_setting(self.conn, PENDING_KEY, "")
            self.log("settings", None, "设置第二备份位置", {"folder": before}, {"folder": text})

    def second_missing_since(self) -> str:
        """The day since when the second copy could not be written ("" when it is current)."""
        return settings_repo.get_setting(self.conn, PENDING_KEY) or "" if self.second_location() else ""

    def _second_copy(self, taken: Path) -> None:
        folder = self.second_location()
        if not folder:
            return
        target = Path(folder).expanduser()
        try:
            if not target.is_dir():
                raise OSError("folder not present")
            db_backup.backup_to(self.conn, target / taken.name)
            db_backup.rotate(self._need_file(), folder=target)  # the same thinning in the second place
        except (OSError, Exception) as exc:  # noqa: BLE001 - a missing stick must never stop the work
            log.warning("第二份备份未能写入 %s：%s", target, exc)
            if not self.second_missing_since():
                with self.write():
                    settings_repo.set_setting(self.conn, PENDING_KEY, self.today())
            return
        if self.second_missing_since():
            with self.write():
                settings_repo.set_setting(self.conn, PENDING_KEY, "")
