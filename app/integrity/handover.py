"""工作移交: when the secretary changes, the record is verified, a final backup taken (and a
read-only copy for the outgoing secretary if asked), a 移交清单 printed for both to sign — what
is kept, over which dates, how many, with checksums and the key fingerprint — and the new
secretary becomes the operator."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.common import dates
from app.common.errors import UserError, ValidationError
from app.common.files import output_path
from app.common.inputs import text_value
from db import integrity
from db.repositories import bundle as bundle_repo

#: (what, table, date column or None) counted in the list.
COUNTED = (
    ("党员（含已转出）", "member", "join_date"),
    ("会议记录", "meeting", "date"),
    ("会议记录更正", "meeting_revision", None),
    ("发展党员档案", "dev_person", "application_received"),
    ("考察写实", "dev_assessment", "period_start"),
    ("党费核定", "dues_assessment", "effective_from"),
    ("党费收缴记录", "dues_payment", "paid_on"),
    ("党费上缴记录", "dues_remittance", None),
    ("催缴提醒", "dues_reminder", "given_on"),
    ("先锋岗", "vanguard_post", "set_up_on"),
    ("社区服务活动", "community_activity", "done_on"),
    ("年度报送包", "bundle_export", None),
    ("操作日志", "change_log", "at"),
)


@dataclass(frozen=True)
class Handover:
    to_name: str
    made_on: str
    rows: tuple[tuple[str, int, str], ...]  # (what, count, date range)
    backup: Path
    backup_sha256: str
    copy: Path | None
    log_head: tuple[int, str]
    fingerprint: str
    verify_lines: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"to": self.to_name, "date": self.made_on, "records": [
            {"what": w, "count": n, "range": r} for w, n, r in self.rows], "backup": str(self.backup),
            "backup_sha256": self.backup_sha256, "copy": str(self.copy) if self.copy else None,
            "log_head": list(self.log_head), "fingerprint": self.fingerprint, "verify": list(self.verify_lines)}


def _count(conn: Any, table: str, column: str | None) -> tuple[int, str]:
    try:
        n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if column is None or not n:
            return n, ""
        lo, hi = conn.execute(f"SELECT min({column}), max({column}) FROM {table}").fetchone()
    except Exception:  # noqa: BLE001 - a table an older file does not have counts as none
        return 0, ""
    return n, f"{dates.fmt_cn(str(lo)[:10])}至{dates.fmt_cn(str(hi)[:10])}" if lo else ""


def hand_over(session: Any, to_name: str, pdf: str | Path, copy: str | Path | None = None) -> Handover:
    """Verify, back up, list and hand the program over to ``to_name``; writes the 移交清单 to ``pdf``."""
    services = session.services
    to_name = text_value(to_name, "接收人", max_len=40).strip()
    if not to_name:
        raise ValidationError({"to_name": "请填写接收工作的新书记（或经办人）姓名"})
    pdf = output_path(Path(pdf).expanduser(), (".pdf",))  # said before anything is backed up or changed
    if not pdf.parent.is_dir():
        raise UserError(f"无法写入 {pdf}：文件夹不存在")
    if copy is not None and Path(copy).expanduser().exists():
        raise UserError(f"{copy} 已存在；移交副本请存为一个新文件")
    if copy is not None:
        output_path(Path(copy).expanduser(), (".sqlite", ".db"))
    report = services.integrity.verify(remember=False)
    backup = services.backups.auto(force=True)
    if backup is None:  # pragma: no cover - auto(force=True) always writes
        raise UserError("未能完成移交前的备份")
    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    copied = None
    if copy is not None:
        copied = session.backup_to(copy)
        os.chmod(copied, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # the outgoing secretary's copy: read-only
    key = bundle_repo.active_branch_key(services.conn)
    rows = tuple((what, *_count(services.conn, table, column)) for what, table, column in COUNTED)
    result = Handover(to_name, services.today(), rows, backup, digest, copied, integrity.head(services.conn),
                      key.fingerprint if key else "", tuple(report.lines()) if not report.intact else ())

    services.printing.handover(result, pdf)
    before = services.integrity.operator()
    services.integrity.set_operator(to_name)
    services.base.log("handover", None, "工作移交", {"operator": before},
                      {"to": to_name, "backup": backup.name, "sha256": digest})
    return result
