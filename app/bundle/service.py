"""The annual bundle's use cases: the branch key (create, unlock, rotate, enrolment sheet), the
committee's public key, the year's checklist, and exporting the signed and encrypted file.

Exporting is one path for the CLI and the GUI, split so the GUI can build the file off its
thread: :meth:`plan` (seq, supersedes, checklist); :meth:`begin`, which signs a checkpoint of
the log and the seals for this bundle (its year and number) with the branch key and reserves the
number, in one transaction; :func:`write_bundle` on any session (read-only is enough: the
snapshot it carries holds that checkpoint), which writes the file under a temporary name; then
:meth:`record`, which records the export and only then gives the file its real name. A number is
never used twice, and an interrupted export leaves no file under a bundle's name that was not
recorded. :meth:`export` does it all.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from app import __version__
from app.bundle import bbx, checklist, enrollment, keys, payload, summary
from app.bundle.rules import BRANCH_CODE, file_name
from app.common.errors import UserError, required
from app.common.files import finish_partial, os_reason, output_path, readable_file, write_atomically, write_partial
from app.common.inputs import text_value
from app.common.service import ServiceBase
from app.printing.layout import PORTRAIT
from db.repositories import bundle as repo

if TYPE_CHECKING:
    from app.services import Services
    from db.records.bundle import Export

Progress = Callable[[str], None]


@dataclass
class ExportPlan:
    year: int
    seq: int
    supersedes: str
    checklist: list[dict[str, Any]]
    missing: list[str]
    branch_name: str
    code: str
    created: str
    file_name: str
    recipient: keys.CommitteePublic
    signer_fp: str
    key_file: bytes
    rotations: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the bundle's name (given once it is recorded)
    sha256: str
    size: int
    header: dict[str, Any]
    partial: Path | None = None  # where it was written, until it is recorded


class BundleService(ServiceBase):
    def __init__(self, services: Services) -> None:
        super().__init__(services.ctx)
        self.s = services

    # -- the branch key -------------------------------------------------------------------

    def branch_key(self) -> keys.SealedKey | None:
        row = repo.active_branch_key(self.conn)
        if row is None:
            return None
        return keys.SealedKey(bytes(row.public_key), bytes(row.sealed_private), json.loads(row.kdf))

    def key_info(self) -> dict[str, Any]:
        """What ``keys show`` prints: the fingerprint, when made, the committee key."""
        row = repo.active_branch_key(self.conn)
        committee = self.committee_key()
        return {
            "fingerprint": row.fingerprint if row else None,
            "fingerprint_grouped": keys.grouped(row.fingerprint) if row else None,
            "created_at": row.created_at if row else None,
            "rotations": len(repo.rotations(self.conn)),
            "committee": committee.committee if committee else None,
            "committee_fingerprint": committee.fingerprint if committee else None,
            "committee_epoch": committee.epoch if committee else None,
            "branch_code": self.setting(BRANCH_CODE.key),
        }

    def _require_key(self) -> keys.SealedKey:
        key = self.branch_key()
        if key is None:
            raise UserError("尚未创建支部报送密钥（请先创建：branchbook keys init，或在“年度报送”中创建）")
        return key

    def init_key(self, passphrase: str, by: str = "") -> str:
        """Create the branch key; returns its fingerprint."""
        if self.branch_key() is not None:
            raise UserError("支部已有报送密钥；如需更换，请使用“更换密钥”（keys rotate）")
        _, sealed = keys.new_branch_key(passphrase)
        with self.write():
            repo.add_branch_key(self.conn, sealed.public, sealed.fingerprint, sealed.sealed,
                                json.dumps(sealed.kdf), text_value(by, "创建人", max_len=50))
            self.log("branch_key", None, "创建报送密钥", None, {"fingerprint": sealed.fingerprint})
        return sealed.fingerprint

    def unlock(self, passphrase: str) -> ed25519.Ed25519PrivateKey:
        return keys.unseal(self._require_key(), passphrase)

    def rotate(self, old_passphrase: str, new_passphrase: str) -> str:
        """A new key replaces the current one; a statement signed by both records it."""
        old_key = self._require_key()
        old = keys.unseal(old_key, old_passphrase)
        new, sealed = keys.new_branch_key(new_passphrase)
        statement = bbx.canonical({
            "format": "branchbook-key-rotation/1", "branch_name": self._branch_name(),
            "branch_code": self.setting(BRANCH_CODE.key), "created": self.clock.now(),
            "old_fingerprint": old_key.fingerprint, "new_fingerprint": sealed.fingerprint,
            "old_public": base64.b64encode(old_key.public).decode("ascii"),
            "new_public": base64.b64encode(sealed.public).decode("ascii")}).decode("utf-8")
        data = statement.encode("utf-8")
        with self.write():
            active = required(repo.active_branch_key(self.conn), "尚未创建支部报送密钥")
            repo.retire_branch_key(self.conn, active.id)
            repo.add_branch_key(self.conn, sealed.public, sealed.fingerprint, sealed.sealed, json.dumps(sealed.kdf), "")
            repo.add_rotation(self.conn, old_key.fingerprint, sealed.fingerprint, statement, old.sign(data),
                              new.sign(data))
            self.log("branch_key", None, "更换报送密钥", {"fingerprint": old_key.fingerprint},
                     {"fingerprint": sealed.fingerprint})
        return sealed.fingerprint

    def rotations(self) -> list[dict[str, Any]]:
        """The rotation statements with both signatures (they travel in every bundle's header)."""
        return [{"statement": r.statement, "old_signature": bytes(r.old_signature).hex(),
                 "new_signature": bytes(r.new_signature).hex()} for r in repo.rotations(self.conn)]

    def enrollment_sheet(self, target: str | Path | None = None) -> bytes:
        self._require_key()
        row = required(repo.active_branch_key(self.conn), "尚未创建支部报送密钥")
        replaced = [r for r in repo.rotations(self.conn) if r.new_fingerprint == row.fingerprint]
        branch = self.s.branch.get()
        story = enrollment.sheet_story(self._branch_name(), self.setting(BRANCH_CODE.key),
                                       branch.supervising_committee if branch else "", row.fingerprint,
                                       row.created_at, self.today(),
                                       replaced[-1].old_fingerprint if replaced else None)
        data = self.s.printing.render(story, "报送密钥登记表", f"{self.clock.year()}年", PORTRAIT, None, None)
        if target is not None:
            write_atomically(target, lambda tmp: tmp.write_bytes(data), (".pdf",))
        return data

    # -- the committee key ----------------------------------------------------------------

    def committee_key(self) -> keys.CommitteePublic | None:
        row = repo.current_committee_key(self.conn)
        if row is None:
            return None
        stored = bytes(row.public_key)  # the HPKE public key ‖ the Ed25519 signing key
        return keys.CommitteePublic(row.committee, row.epoch, stored[:-32], stored[-32:])

    def read_committee_key(self, path: str | Path) -> keys.CommitteePublic:
        path = readable_file(path)
        try:
            data = path.read_bytes() if path.stat().st_size <= 64 * 1024 else b"x" * (64 * 1024 + 1)
        except OSError as exc:
            raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
        return keys.read_committee_file(data, path.name)

    def import_committee_key(self, key: keys.CommitteePublic, typed_fingerprint: str) -> None:
        """Trust ``key`` once the fingerprint printed on the committee's letter matches."""
        if not keys.matches(key.fingerprint, typed_fingerprint):
            raise UserError(f"指纹不符：文件中的党委公钥指纹为 {keys.grouped(key.fingerprint)}，"
                            "与您输入的不一致。请向上级党委核实，不要使用来历不明的公钥文件")
        with self.write():
            repo.set_committee_key(self.conn, key.committee, key.epoch, keys.KEM_NAME, key.public + key.sign_public,
                                   key.fingerprint)
            self.log("committee_key", None, "导入党委公钥", None,
                     {"committee": key.committee, "epoch": key.epoch, "fingerprint": key.fingerprint})

    # -- the checklist --------------------------------------------------------------------

    def checklist(self, year: int) -> list[dict[str, Any]]:
        return checklist.evaluate(self.s, year, repo.marks(self.conn, year))

    def mark(self, year: int, item: str, status: str | None, note: str = "") -> None:
        """Mark an item 不适用 or 已另行报送 (``status`` None removes the mark)."""
        keys_ = [i["key"] for i in checklist.definition()]
        if item not in keys_:
            raise UserError(f"报送清单中没有“{item}”（可用：{'、'.join(keys_)}）")
        if status is not None and status not in checklist.MARKS:
            raise UserError(f"标记应为：{'、'.join(checklist.MARKS)}")
        note = text_value(note, "说明", max_len=200)
        with self.write():
            repo.set_mark(self.conn, year, item, status, note)
            self.log("submission_item", year, f"报送清单 {item}", None, {"status": status, "note": note})

    # -- exporting ------------------------------------------------------------------------

    def _branch_name(self) -> str:
        branch = self.s.branch.get()
        if branch is None:
            raise UserError("尚未登记支部，无法报送")
        return branch.name

    def exports(self, year: int | None = None) -> list[Export]:
        return repo.exports(self.conn, year)

    def plan(self, year: int) -> ExportPlan:
        """Everything decided before the file is built; refuses what cannot be exported."""
        branch_name = self._branch_name()
        key = self._require_key()
        committee = self.committee_key()
        if committee is None:
            raise UserError("尚未导入上级党委的公钥（committee.pub），无法加密报送包")
        if year > self.clock.year():
            raise UserError(f"{year}年尚未开始，不能报送")
        items = self.checklist(year)
        last = repo.last_export(self.conn, year)
        code = self.setting(BRANCH_CODE.key)
        seq = repo.last_seq(self.conn, year) + 1
        return ExportPlan(year, seq, last.sha256 if last else "", items,
                          [i["key"] for i in items if i["status"] == checklist.MISSING], branch_name, code,
                          self.clock.now(), file_name(year, branch_name, seq), committee, key.fingerprint,
                          payload.branch_key_file(branch_name, code, key.public, key.fingerprint), self.rotations())

    def begin(self, plan: ExportPlan, private: ed25519.Ed25519PrivateKey) -> None:
        """Sign a checkpoint of the log and the seals for this bundle (its year and number) and
        reserve the number, in one transaction: what every export goes through, before its file
        is built (the snapshot in the bundle carries this checkpoint)."""
        if keys.fingerprint(private.public_key().public_bytes_raw()) != plan.signer_fp:
            raise UserError("签名密钥与支部当前的报送密钥不符")
        with self.write():
            if repo.last_seq(self.conn, plan.year) >= plan.seq:
                raise UserError(f"{plan.year}年第{plan.seq}版已经开始导出过，请重新导出（将是新的一版）")
            self.log("bundle_export", plan.year, f"开始导出报送包第{plan.seq}版", None, {"file": plan.file_name})
            cp = self.s.integrity.checkpoint(private, plan.year, plan.seq)
            repo.add_attempt(self.conn, plan.year, plan.seq, int(cp["id"]))

    def record(self, plan: ExportPlan, result: ExportResult) -> None:
        """Record the export, then give the file its real name."""
        if repo.attempt_checkpoint(self.conn, plan.year, plan.seq) is None:
            raise UserError("报送包没有经过签名检查点就导出了，未予记录")
        with self.write():
            repo.add_export(self.conn, {
                "year": plan.year, "seq": plan.seq, "created_at": plan.created, "file_name": result.path.name,
                "sha256": result.sha256, "size": result.size, "supersedes": plan.supersedes or None,
                "recipient": plan.recipient.fingerprint, "signer": plan.signer_fp,
                "missing": json.dumps(plan.missing, ensure_ascii=False)})
            self.log("bundle_export", plan.year, f"导出报送包第{plan.seq}版", None,
                     {"file": result.path.name, "sha256": result.sha256, "missing": plan.missing})
        if result.partial is not None:
            finish_partial(result.partial, result.path)

    def export(self, year: int, target: str | Path, passphrase: str, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None, plan: ExportPlan | None = None) -> ExportResult:
        """Plan (unless ``plan`` is given), begin, build, write and record the year's bundle;
        ``target`` is a folder or a file."""
        plan = plan or self.plan(year)
        bundle_target(target, plan)  # a bad place is refused before anything is signed or reserved
        private = self.unlock(passphrase)
        self.begin(plan, private)
        result = write_bundle(self.s, plan, private, target, progress, cancel)
        self.record(plan, result)
        return result


def payload_bytes(s: Services, plan: ExportPlan, progress: Progress | None = None,
                  cancel: Callable[[], bool] | None = None) -> bytes:
    """The ZIP for ``plan`` (the same database and plan give the same bytes)."""
    with s.year_view(plan.year) as view:  # a closed year's figures and books: its records only (db/asof.py)
        summary_ = summary.build(view, plan.year, plan.code, plan.checklist)
        return payload.build(s, view, plan.year, summary_, plan.key_file, plan.rotations,
                             progress or (lambda _: None), cancel or (lambda: False))


def bundle_target(target: str | Path, plan: ExportPlan) -> Path:
    """Where the bundle goes: ``target`` itself, or the plan's file name in it when it is a folder."""
    target = Path(target)
    return output_path(target / plan.file_name if target.is_dir() else target, (".bbx",))


def write_bundle(s: Services, plan: ExportPlan, private: ed25519.Ed25519PrivateKey, target: str | Path,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Build the payload and write the sealed file whole under a temporary name
    (:meth:`BundleService.record` gives it its real one)."""
    if keys.fingerprint(private.public_key().public_bytes_raw()) != plan.signer_fp:
        raise UserError("签名密钥与支部当前的报送密钥不符")
    path = bundle_target(target, plan)
    if repo.attempt_checkpoint(s.conn, plan.year, plan.seq) is None:
        raise UserError("导出报送包须先签名检查点（BundleService.begin）")
    data = payload_bytes(s, plan, progress, cancel)
    if progress:
        progress("正在加密和签名…")
    fields = {"branch_id": plan.code, "branch_name": plan.branch_name, "year": plan.year, "seq": plan.seq,
              "supersedes": plan.supersedes, "created": plan.created, "app_version": __version__,
              "rotations": plan.rotations}
    buffer = io.BytesIO()
    header = bbx.write(buffer, fields, data, plan.recipient, private)
    sealed = buffer.getvalue()
    partial = write_partial(path, sealed, (".bbx",))
    return ExportResult(path, hashlib.sha256(sealed).hexdigest(), len(sealed), header.fields, partial)


def inspect(path: str | Path) -> dict[str, Any]:
    """The header of a bundle file, without any key."""
    path = readable_file(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            parsed = bbx.read_header(f, size)
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
    body = size - parsed.body_offset
    complete = body == bbx.body_size(int(parsed.header["payload_size"])) if isinstance(
        parsed.header["payload_size"], int) else False
    return {"file": str(path), "size": size, "complete": complete, "header": parsed.header.fields,
            "shown": bbx.describe(parsed.header)}
