"""The committee's use cases over its own file: its keys, the branches it enrolled, grades from
the bundles received (recomputed from the stored facts with the current settings), judged
scores and the half-yearly dues view. Ingest, reports and notices build on this."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bundle import keys
from app.committee import rules
from app.common import settings as registry
from app.common.context import Context
from app.common.errors import UserError, ValidationError, required
from app.common.files import write_bytes
from app.common.inputs import text_value
from app.common.service import ServiceBase
from db.repositories import committee as repo

if TYPE_CHECKING:
    from db.records.committee import EnrolledBranch, ReceivedBundle

_CODE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff._-]{1,40}$")


@dataclass(frozen=True)
class BranchGrade:
    pk: int
    branch_id: str
    name: str
    parent_unit: str
    bundle: ReceivedBundle | None
    grade: rules.Grade | None
    open_notices: int

    @property
    def tier(self) -> str:
        return self.grade.tier if self.grade else "未报送"


class CommitteeService(ServiceBase):
    """Attributes: ``path`` the committee's file (bundles are archived beside it)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.path = ctx.path
        self.read_only = ctx.read_only

    # -- the committee and its keys ---------------------------------------------------------

    def info(self) -> dict[str, Any]:
        row = repo.committee(self.conn)
        key = repo.current_key(self.conn)
        return {"name": row.name if row else None, "created_at": row.created_at if row else None,
                "epoch": key.epoch if key else None, "fingerprint": key.fingerprint if key else None,
                "fingerprint_grouped": keys.grouped(key.fingerprint) if key else None,
                "branches": len(repo.branches(self.conn))}

    def init(self, name: str, passphrase: str, epoch: int | None = None) -> str:
        """Name the committee and make its first key pair; returns the fingerprint."""
        name = text_value(name, "党委名称", max_len=100, required=True).strip()
        if repo.committee(self.conn) is not None:
            raise UserError("该文件已经是一个党委的报送接收数据库")
        with self.write():
            repo.create_committee(self.conn, name)
            fp = self._new_key(name, passphrase, epoch or self.clock.year())
            self.log("committee", None, "创建", None, {"name": name, "fingerprint": fp})
        return fp

    def _new_key(self, name: str, passphrase: str, epoch: int) -> str:
        private = keys.CommitteePrivate.generate(name, epoch)
        public = private.public()
        sealed, kdf = keys.seal_bytes(private.raw(), passphrase, public.public + public.sign_public)
        repo.add_key(self.conn, {"epoch": epoch, "kem_public": public.public, "sign_public": public.sign_public,
                                 "fingerprint": public.fingerprint, "sealed_private": sealed, "kdf": json.dumps(kdf)})
        return public.fingerprint

    def new_epoch(self, passphrase: str, epoch: int) -> str:
        """A new key pair for a new epoch (the old ones stay to open older bundles)."""
        name = self._name()
        self.unlock(passphrase)
        if any(k.epoch >= epoch for k in repo.keys(self.conn)):
            raise UserError(f"新密钥的期号应大于现有的 {max(k.epoch for k in repo.keys(self.conn))}")
        with self.write():
            fp = self._new_key(name, passphrase, epoch)
            self.log("committee_key", None, f"启用第{epoch}期密钥", None, {"fingerprint": fp})
        return fp

    def _name(self) -> str:
        row = repo.committee(self.conn)
        if row is None:
            raise UserError("这还不是党委的报送接收数据库：请先 committee init")
        return row.name

    def public_key(self) -> keys.CommitteePublic:
        name = self._name()
        key = required(repo.current_key(self.conn), "尚未创建党委密钥：请先 committee init")
        return keys.CommitteePublic(name, key.epoch, bytes(key.kem_public), bytes(key.sign_public))

    def export_public(self, target: str | Path) -> keys.CommitteePublic:
        public = self.public_key()
        write_bytes(target, public.to_file(), (".pub",))
        return public

    def unlock(self, passphrase: str) -> dict[str, keys.CommitteePrivate]:
        """Every epoch's private keys by fingerprint, or WrongPassphrase."""
        name = self._name()
        out = {}
        for k in repo.keys(self.conn):
            bound = bytes(k.kem_public) + bytes(k.sign_public)
            raw = keys.unseal_bytes(bytes(k.sealed_private), json.loads(k.kdf), passphrase, bound)
            out[k.fingerprint] = keys.CommitteePrivate.from_raw(name, k.epoch, raw)
        return out

    # -- branches ---------------------------------------------------------------------------

    def branches(self) -> list[EnrolledBranch]:
        return repo.branches(self.conn)

    def branch(self, branch_id: str) -> EnrolledBranch:
        row = repo.branch(self.conn, str(branch_id).strip())
        if row is None:
            raise UserError(f"没有登记代码为“{str(branch_id)[:40]}”的支部")
        return row

    @staticmethod
    def check_enrollment(branch_id: object, name: object, fingerprint: object, parent_unit: object = "",
                         secretary: object = "") -> dict[str, str]:
        """The fields cleaned, or ValidationError naming each one that is wrong."""
        errors: dict[str, str] = {}
        out: dict[str, str] = {}
        code = str(branch_id or "").strip()
        if not _CODE.match(code):
            errors["branch_id"] = "支部代码应为1–40位字母、数字、汉字或 . _ -"
        out["branch_id"] = code
        for key, value, label, limit in (("name", name, "支部名称", 100), ("parent_unit", parent_unit, "上级单位", 100),
                                         ("secretary", secretary, "书记", 30)):
            try:
                out[key] = text_value(value, label, max_len=limit, required=key == "name").strip()
            except UserError as exc:
                errors[key] = exc.message
        try:
            out["fingerprint"] = keys.normalize_fingerprint(str(fingerprint or ""))[:64]
        except UserError as exc:
            errors["fingerprint"] = exc.message
        if errors:
            raise ValidationError(errors)
        return out

    def enroll(self, branch_id: object, name: object, fingerprint: object, parent_unit: object = "",
               secretary: object = "", via: str = "登记表") -> int:
        """Enrol a branch, or (same code, new fingerprint) record its new key, keeping the old."""
        data = self.check_enrollment(branch_id, name, fingerprint, parent_unit, secretary)
        with self.write():
            return self._enroll(data, via)

    def _enroll(self, data: dict[str, str], via: str) -> int:
        clash = [pk for fp, pk in repo.current_fingerprints(self.conn).items()
                 if fp.startswith(data["fingerprint"]) or data["fingerprint"].startswith(fp)]
        row = repo.branch(self.conn, data["branch_id"])
        if clash and (row is None or clash != [row.id]):
            other = required(repo.branch_by_pk(self.conn, clash[0]), "登记的支部已不存在")
            raise UserError(f"该密钥指纹已登记给支部 {other.branch_id}（{other.name}）")
        if row is None:
            pk = repo.add_branch(self.conn, data["branch_id"], data["name"], data["parent_unit"], data["secretary"])
            repo.enroll(self.conn, pk, data["fingerprint"], via)
            self.log("branch", pk, "登记", None, data)
            return pk
        pk = row.id
        repo.update_branch(self.conn, pk, data["name"], data["parent_unit"] or row.parent_unit,
                           data["secretary"] or row.secretary)
        if row.fingerprint != data["fingerprint"]:
            repo.enroll(self.conn, pk, data["fingerprint"], via)
            self.log("branch", pk, "重新登记密钥", {"fingerprint": row.fingerprint},
                     {"fingerprint": data["fingerprint"]})
        return pk

    # -- settings ---------------------------------------------------------------------------

    def grading_settings(self) -> list[registry.Setting]:
        return [s for s in registry.all_settings() if s.key.startswith(("grade.", "veto."))]

    def set_setting(self, key: str, value: object) -> None:
        if not key.startswith(("grade.", "veto.")):
            raise UserError(f"没有名为 {key} 的评分设置")
        spec = registry.get(key)
        if spec.kind == "text":  # deduction points
            text = str(value).strip()
            if rules.points_value(text) == 0.0 and text.translate(str.maketrans("０．", "0.")) not in ("0", "0.0"):
                raise ValidationError({key: f"{spec.label}：“{text[:20]}”不是 0–100 之间的分数"})
        super().set_setting(key, value)

    # -- grades -----------------------------------------------------------------------------

    def grades(self, year: int) -> list[BranchGrade]:
        """Every enrolled branch with its current bundle of ``year`` graded under today's settings."""
        current = {b.branch: b for b in repo.bundles(self.conn, year)}
        judged = repo.judged(self.conn, year)
        notices = repo.open_notice_counts(self.conn)
        out = []
        for b in repo.branches(self.conn):
            bundle = current.get(b.id)
            grade = None
            if bundle is not None:
                j = judged.get(b.id)
                grade = rules.score(bundle.metrics, self.setting, j.points if j else None)
            out.append(BranchGrade(b.id, b.branch_id, b.name, b.parent_unit, bundle, grade, notices.get(b.id, 0)))
        return out

    def grade(self, branch_id: str, year: int) -> BranchGrade:
        pk = self.branch(branch_id).id
        return next(g for g in self.grades(year) if g.pk == pk)

    def latest_year(self) -> int:
        """The latest year with bundles (the window opens on it); last year when none came yet."""
        return repo.latest_year(self.conn) or self.clock.year() - 1

    def problem_ledger(self, year: int, grades: list[BranchGrade] | None = None) -> dict[str, list[dict[str, Any]]]:
        """问题台账: per branch, what was found in ``year - 1`` and whether it recurred in ``year``
        (the same rule deducted again), so a report can say what was followed up. ``grades``: the
        year's, when the caller has them already."""
        before = {g.branch_id: g for g in self.grades(year - 1) if g.grade is not None}
        out: dict[str, list[dict[str, Any]]] = {}
        for g in grades if grades is not None else self.grades(year):
            last = before.get(g.branch_id)
            if last is None or last.grade is None:
                continue
            now = {d.rule for d in g.grade.deductions if d.points} if g.grade else set()
            found: dict[str, dict[str, Any]] = {}
            for d in last.grade.deductions:
                if d.points and d.rule not in found:
                    found[d.rule] = {"reason": d.reason, "recurred": d.rule in now if g.grade else None}
            if found:
                out[g.branch_id] = list(found.values())
        return out

    def set_judged(self, branch_id: str, year: int, points: float | None, note: str = "") -> None:
        pk = self.branch(branch_id).id
        if points is not None and not 0 <= points <= 100:
            raise ValidationError({"points": "党委评定部分应在 0–100 分之间"})
        note = text_value(note, "说明", max_len=500)
        with self.write():
            repo.set_judged(self.conn, pk, year, points, note)
            self.log("judged", pk, f"{year}年党委评定", None, {"points": points, "note": note})

    def dues_view(self, year: int, half: int) -> list[dict[str, Any]]:
        """The half-yearly dues inspection: per branch, due, paid, collected and remitted in the
        half-year and members in arrears at its end (from the current bundle of the year)."""
        if half not in (1, 2):
            raise UserError("半年应为 1（上半年）或 2（下半年）")
        months_ = {f"{year}-{m:02d}" for m in (range(1, 7) if half == 1 else range(7, 13))}
        rows = []
        for g in self.grades(year):
            if g.bundle is None:
                rows.append({"branch_id": g.branch_id, "name": g.name, "received": False})
                continue
            m = g.bundle.metrics
            part = [x for x in m["dues_months"] if x["month"] in months_]
            rows.append({"branch_id": g.branch_id, "name": g.name, "received": True,
                         **{k: sum(x[k] for x in part) for k in ("due_fen", "paid_fen", "collected_fen",
                                                                   "remitted_fen")},
                         "arrears": m["arrears_h1"] if half == 1 else m["arrears_h2"]})
        return rows

    def archive_dir(self) -> Path:
        base = self.path if self.path is not None else Path.cwd() / "committee.sqlite"
        return base.with_name(f"{base.stem}-报送包")
