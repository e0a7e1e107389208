"""督办通知 on the branch's side: a .bbn file imported only when the committee key the branch
trusts signed it; its items are to-dos until marked 已整改 with a note, and their status goes
back to the committee in the next bundle's summary."""

from __future__ import annotations

import json
import struct
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.bundle import keys, notice
from app.bundle.bbx import BundleError
from app.bundle.rules import BRANCH_CODE
from app.common import dates
from app.common.errors import UserError
from app.common.files import os_reason, readable_file
from app.common.inputs import date_value, text_value
from app.common.service import ServiceBase
from db.records.notices import NoticeItem
from db.repositories import bundle as bundle_repo
from db.repositories import notices as repo

OPEN, DONE = "待整改", "已整改"


class NoticeService(ServiceBase):
    def _trusted(self, data: bytes) -> keys.CommitteePublic | None:
        """The imported committee key the notice names (verified by notice.read, not trusted here)."""
        try:
            (n,) = struct.unpack(">I", data[len(notice.MAGIC):len(notice.MAGIC) + 4])
            claimed = json.loads(data[len(notice.MAGIC) + 4:len(notice.MAGIC) + 4 + min(n, notice.MAX_BODY)])
            fp = claimed.get("committee_fingerprint")
        except (struct.error, ValueError, AttributeError):  # damaged: the signature check will say so
            fp = None
        for row in bundle_repo.committee_keys(self.conn):
            if row.fingerprint == fp:
                stored = bytes(row.public_key)
                return keys.CommitteePublic(row.committee, row.epoch, stored[:-32], stored[-32:])
        current = bundle_repo.current_committee_key(self.conn)
        if current is None:
            return None
        stored = bytes(current.public_key)
        return keys.CommitteePublic(current.committee, current.epoch, stored[:-32], stored[-32:])

    def import_file(self, path: str | Path) -> dict[str, Any]:
        """Check and keep a notice; returns its body. A second import of the same notice is refused."""
        path = readable_file(path)
        try:
            if path.stat().st_size > notice.MAX_BODY + 1024:
                raise UserError(f"{path.name} 过大，不是督办通知")
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
        try:
            body = notice.read(data, self._trusted(data) if data.startswith(notice.MAGIC) else None)
        except BundleError as exc:
            raise UserError(f"{path.name}：{exc.message}") from None
        own = str(self.setting(BRANCH_CODE.key) or "")
        if not own:
            raise UserError(f"{path.name}：本支部尚未设置支部代码（年度报送 → 支部代码），"
                            "无法核对督办通知是否发给本支部")
        if str(body.get("branch_id", "")) != own:
            raise UserError(f"{path.name}：这份督办通知是发给支部“{body.get('branch_id', '')}”"
                            f"（{body.get('branch_name', '')}）的，不是本支部（代码 {own}），未导入")
        if repo.exists(self.conn, body["notice_id"]):
            raise UserError(f"{path.name}：这份督办通知已经导入过")
        with self.write():
            repo.add(self.conn, body, data)
            self.log("notice", None, "导入督办通知", None,
                     {"notice_id": body["notice_id"], "items": len(body["items"])})
        return body

    def items(self, open_only: bool = False) -> list[NoticeItem]:
        today = self.today()
        return [replace(i, overdue=i.status == OPEN and i.due_on < today) for i in repo.items(self.conn, open_only)]

    def mark(self, item_id: int, done: bool, note: str = "", on: str | None = None) -> None:
        """已整改 (with what was done) or back to 待整改."""
        row = repo.item(self.conn, item_id)
        if row is None:
            raise UserError(f"没有编号为 {item_id} 的督办事项")
        note = text_value(note, "整改情况", multiline=True, max_len=2000)
        if done and not note.strip():
            raise UserError("请写明整改情况")
        on = date_value(on, "整改日期") if on else self.today()
        if on > self.today():
            raise UserError("整改日期不能晚于今天")
        with self.write():
            repo.set_status(self.conn, item_id, DONE if done else OPEN, note.strip(), on if done else None)
            self.log("notice_item", item_id, "标记已整改" if done else "改回待整改", {"status": row.status},
                     {"status": DONE if done else OPEN, "note": note.strip()})

    def for_summary(self) -> list[dict[str, Any]]:
        """What the next bundle reports back: every notice and the state of each item."""
        by_notice: dict[str, dict[str, Any]] = {}
        for i in repo.items(self.conn):
            n = by_notice.setdefault(i.notice_id, {"notice_id": i.notice_id, "year": i.year, "items": []})
            n["items"].append({"no": i.no, "status": i.status, "note": i.note, "done_on": i.done_on,
                               "due_on": i.due_on})
        return list(by_notice.values())

    def describe(self, item: NoticeItem) -> str:
        due = dates.fmt_cn(item.due_on)
        return f"{item.committee}督办（{item.year}年）第{item.no}项：{item.problem}（期限{due}）"
