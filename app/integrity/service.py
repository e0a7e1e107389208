"""Is the record as the program wrote it? ``verify`` recomputes the change log's chain and every
seal (db/integrity.py) and checks the signed checkpoints against the branch key; the operator
(who works with the program) is named in every change-log row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app import undo
from app.bundle import keys
from app.common import dates
from app.common.entities import ENTITY_NAMES
from app.common.errors import ValidationError
from app.common.files import save_workbook
from app.common.inputs import text_value
from app.common.service import ServiceBase
from app.integrity import logtext
from db import engine, integrity
from db.backup import list_backups, log_head, newest_good, taken_at
from db.connection import APPLICATION_ID
from db.repositories import bundle as bundle_repo
from db.repositories import changelog
from db.repositories import roster as roster_repo
from db.repositories import settings as settings_repo

OPERATOR_KEY = "operator"
LAST_CLEAN_KEY = "integrity.last_clean"


@dataclass(frozen=True)
class Report:
    """The outcome of a check: what changed outside the program, and the checkpoints."""

    findings: tuple[integrity.Finding, ...]
    checkpoints: int
    signed_checkpoints: int
    bad_signatures: tuple[int, ...] = field(default=())
    last_clean: str = ""  # when the file last verified clean (before this check)

    @property
    def intact(self) -> bool:
        return not self.findings and not self.bad_signatures

    def problems(self) -> list[str]:
        """One line per record changed outside the program (and per bad checkpoint signature)."""
        return [f.message for f in self.findings] + [
            f"检查点 {i} 的签名与支部报送密钥不符（检查点被改动）" for i in self.bad_signatures]

    def lines(self) -> list[str]:
        """The problems, and since when: the last time the file verified clean."""
        out = self.problems()
        if out and self.last_clean:
            when = dates.fmt_cn(self.last_clean[:10]) + self.last_clean[10:16].replace("T", " ")
            out.append(f"上次核验一致的时间：{when}；以上改动发生在此之后")
        return out

    def summary(self) -> str:
        if self.intact:
            state = "数据完整：所有会议记录、党费收缴记录、月度结算和操作日志都与本程序写入的一致"
        else:
            state = f"发现 {len(self.findings) + len(self.bad_signatures)} 处在程序之外的改动"
        sign = (f"；签名检查点 {self.signed_checkpoints} 个" if self.signed_checkpoints
                else "；尚无用支部报送密钥签名的检查点（导出报送包时自动签名）")
        return state + sign

    def as_json(self) -> dict[str, Any]:
        return {"intact": self.intact, "findings": [f.as_json() for f in self.findings],
                "bad_signatures": list(self.bad_signatures), "checkpoints": self.checkpoints,
                "signed_checkpoints": self.signed_checkpoints, "last_clean": self.last_clean}


class IntegrityService(ServiceBase):
    def verify(self, remember: bool = True) -> Report:
        """Check the whole file; a clean result is remembered (when ``remember`` and writable)."""
        try:
            damage = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except engine.DatabaseError as exc:  # damage bad enough that the check itself stops
            damage = str(exc)
        if damage != "ok":
            found: tuple[integrity.Finding, ...] = (integrity.Finding("file", "", "damaged", self._damaged(damage)),)
            return Report(found, 0, 0)
        found = tuple(integrity.verify(self.conn))
        if not found:
            found = self._anchored()
        cps = integrity.checkpoints(self.conn)
        bad = tuple(cp["id"] for cp in cps if cp["signature"] and not self._signature_ok(cp))
        last = settings_repo.get_setting(self.conn, LAST_CLEAN_KEY) or ""
        report = Report(found, len(cps), sum(1 for cp in cps if cp["signature"]), bad, last)
        if report.intact and remember and not getattr(self.conn, "frozen", False):
            with self.write():
                settings_repo.set_setting(self.conn, LAST_CLEAN_KEY, self.clock.now())
        return report

    #: How many of the newest automatic backups anchor the log's end.
    ANCHORS = 3

    def _anchored(self) -> tuple[integrity.Finding, ...]:
        """The log's end against the newest automatic backups (taken since the last restore): each
        backup's last log row must still be in the log, unchanged — rows cut off the end of the
        log (which the chain itself cannot show) are found here, naming the backup that disagrees."""
        path = self.ctx.path
        if path is None:
            return ()
        restored = self.conn.execute("SELECT max(at) FROM change_log WHERE entity = 'restore'").fetchone()[0] or ""
        for backup in reversed(list_backups(path)[-self.ANCHORS:]):
            taken = taken_at(backup)
            if taken is None or taken[0] <= restored:
                continue
            head = log_head(backup)
            if not head or not head[0]:
                continue
            row = self.conn.execute("SELECT hash FROM change_log WHERE id = ?", (head[0],)).fetchone()
            when = taken[0][:16].replace("T", " ")
            if row is None:
                return (integrity.Finding(
                    "change_log", str(head[0]), "chain",
                    f"操作日志末尾被删除：{when} 的自动备份中有第 {head[0]} 条，现在的日志中已没有"),)
            if (row[0] or "") != head[1]:
                return (integrity.Finding("change_log", str(head[0]), "chain",
                                          f"操作日志被改写：第 {head[0]} 条与 {when} 的自动备份中的不同"),)
        return ()

    def _damaged(self, detail: str) -> str:
        path = self.ctx.path
        good = newest_good(path, APPLICATION_ID) if path else None
        hint = (f"；最近一份完好的备份：{good.path}（{good.taken[:16].replace('T', ' ')}），请用“文件 → 从备份恢复”恢复"
                if good else "；请从备份恢复")
        return f"数据库文件已损坏（{detail[:80]}）{hint}"

    def _signature_ok(self, cp: dict[str, Any]) -> bool:
        for key in bundle_repo.branch_keys(self.conn):
            if key.fingerprint == cp["signer_fingerprint"]:
                return keys.verify(bytes(key.public_key), bytes(cp["signature"]), integrity.checkpoint_message(cp))
        return False

    def checkpoint(self, signer: Any = None, year: int | None = None, seq: int | None = None) -> dict[str, Any]:
        """Record a checkpoint of the log and the seals now, signed when ``signer`` (the unlocked
        branch key) is given; ``year`` and ``seq`` name the bundle it is signed for."""
        with self.write():
            cp = integrity.checkpoint_state(self.conn, self.clock.now(), year, seq)
            if signer is not None:
                cp["signature"] = signer.sign(integrity.checkpoint_message(cp))
                cp["signer_fingerprint"] = keys.fingerprint(signer.public_key().public_bytes_raw())
            return integrity.add_checkpoint(self.conn, cp["at"], cp)

    # -- the operator -----------------------------------------------------------------------

    def operator(self) -> str:
        return settings_repo.get_setting(self.conn, OPERATOR_KEY) or ""

    def set_operator(self, name: str) -> None:
        """Who works with the program from now on (e.g. 组织委员 张三); goes into every log row."""
        clean = text_value(name, "操作人", max_len=40).strip()
        if not clean:
            raise ValidationError({"operator": "请填写操作人，例如：组织委员 张三"})
        before = self._put_operator(clean)

        undo.register(self.ctx, f"更换操作人为{clean}", lambda: self._put_operator(before),
                      lambda: self._put_operator(clean))

    def _put_operator(self, name: str) -> str:
        was = self.ctx.operator
        try:
            with self.write():
                before = self.operator()
                settings_repo.set_setting(self.conn, OPERATOR_KEY, name)
                self.ctx.operator = name  # the change is logged under the new operator's name
                self.log("settings", None, "更换操作人", {"operator": before}, {"operator": name})
        except BaseException:
            self.ctx.operator = was
            raise
        return before

    def log_entries(self, search: str = "", limit: int = 2000,
                    record: tuple[tuple[str, ...], int] | None = None) -> list[dict[str, Any]]:
        """The change log, newest first, optionally only rows mentioning ``search`` or about one
        record (``((entity, …), id)``: its 历史)."""

        return changelog.search(self.conn, search, limit, record)

    def remember_clean(self) -> None:
        """Note that the file verified clean now (a check done on another connection)."""
        with self.write():
            settings_repo.set_setting(self.conn, LAST_CLEAN_KEY, self.clock.now())

    def member_names(self) -> dict[int, str]:
        """Every member ever on the roster, by id (the log names members, never numbers them)."""
        return {m.id: m.name for m in roster_repo.list_members(self.conn, include_left=True)}

    def export_log(self, path: str, search: str = "") -> int:
        """The change log (every row, or those mentioning ``search``) as an Excel workbook."""
        import openpyxl
        from openpyxl.styles import Font


        rows = self.log_entries(search, limit=10_000_000)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "操作日志"
        headers = ["时间", "操作人", "对象", "操作", "修改前", "修改后", "原因"]
        names = self.member_names()
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            about = ENTITY_NAMES.get(r["entity"], "其他")
            if r["entity"] == "member" and str(r["entity_id"] or "").isdigit():
                about += f" {names.get(int(r['entity_id']), '')}".rstrip()
            ws.append([logtext.value_text("at", r["at"]), r.get("operator") or "", about, r["action"],
                       logtext.stored_text(r["before"], names.get), logtext.stored_text(r["after"], names.get),
                       r["reason"]])
        for column, width in zip("ABCDEFG", (20, 16, 18, 18, 50, 50, 24), strict=True):
            ws.column_dimensions[column].width = width
        from pathlib import Path

        save_workbook(wb, Path(path))
        return len(rows)
