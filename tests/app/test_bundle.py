"""The annual bundle: the branch key sealed under a passphrase, the committee key checked against
its printed fingerprint, the BBX1 round trip with a committee key made here, every refusal of
shared/bundle.md §2 with its own message, random damage always refused, reproducible payloads."""

from __future__ import annotations

import base64
import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundle import bbx, keys, payload
from app.bundle.service import BundleService, payload_bytes
from app.common.errors import UserError
from app.session import Session
from db import engine

PASS = "支部口令-2026"
YEAR = 2025


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch):
    """Tests seal keys with a small scrypt cost (the cost is stored with each key)."""
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


@pytest.fixture(scope="module")
def committee() -> keys.CommitteePrivate:
    return keys.CommitteePrivate.generate("中共测试市直机关工委", 2026)


@pytest.fixture
def ready(demo_year_session: Session, committee, monkeypatch) -> BundleService:
    """The demo branch with its key made and the committee key imported."""
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    service = demo_year_session.services.bundle
    service.init_key(PASS, "孔涛")
    service.import_committee_key(committee.public(), keys.grouped(committee.public().fingerprint))
    service.set_setting("bundle.branch_code", "CZJ-02")
    return service


@pytest.fixture
def exported(ready: BundleService, tmp_path: Path) -> tuple[BundleService, bytes]:
    result = ready.export(YEAR, tmp_path, PASS)
    return ready, result.path.read_bytes()


def _open(data: bytes, service: BundleService, committee: keys.CommitteePrivate, last: int | None = None,
          enrolled: str | None = None) -> bbx.Opened:
    """Open as the committee would, the branch's key enrolled under the code CZJ-02."""
    fp = enrolled or service.branch_key().fingerprint
    return bbx.open_bundle(io.BytesIO(data), len(data), enrolled=lambda f: "CZJ-02" if f == fp else None,
                           last_seq=lambda b, y: last, committee_keys={committee.public().fingerprint: committee},
                           branch_known=lambda code: code == "CZJ-02")


def _refused(data: bytes, service, committee, code: str, **kw) -> str:
    with pytest.raises(bbx.BundleError) as caught:
        _open(data, service, committee, **kw)
    assert caught.value.code == code, caught.value.message
    return caught.value.message


# -- keys ------------------------------------------------------------------------------------


def test_branch_key_is_sealed_and_the_passphrase_is_needed(ready: BundleService, demo_year_session) -> None:
    private = ready.unlock(PASS)
    with pytest.raises(keys.WrongPassphrase, match="口令不正确"):
        ready.unlock("支部口令-2025")
    with pytest.raises(UserError, match="支部已有报送密钥"):
        ready.init_key(PASS)
    demo_year_session.conn.execute("PRAGMA wal_checkpoint(FULL)")
    stored = demo_year_session.path.read_bytes()
    assert private.private_bytes_raw() not in stored and PASS.encode() not in stored
    info = ready.key_info()
    assert info["fingerprint"] == keys.fingerprint(private.public_key().public_bytes_raw())
    assert info["committee"] == "中共测试市直机关工委" and info["branch_code"] == "CZJ-02"


def test_short_passphrase_is_refused_and_nothing_is_stored(demo_year_session) -> None:
    service = demo_year_session.services.bundle
    with pytest.raises(UserError, match="至少 8 个字符"):
        service.init_key("1234567")
    assert service.branch_key() is None


def test_committee_key_must_match_the_printed_fingerprint(demo_year_session, committee, tmp_path) -> None:
    service = demo_year_session.services.bundle
    path = tmp_path / "committee.pub"
    path.write_bytes(committee.public().to_file())
    key = service.read_committee_key(path)
    other = keys.CommitteePrivate.generate("别的党委", 2026).public()
    with pytest.raises(UserError, match="指纹不符"):
        service.import_committee_key(key, keys.grouped(other.fingerprint))
    assert service.committee_key() is None
    typed = keys.grouped(key.fingerprint).lower().replace(" ", "-")  # as someone might type it
    service.import_committee_key(key, typed)
    assert service.committee_key().fingerprint == key.fingerprint


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xd8\xff\xe0JFIF", "不是党委公钥文件"),  # a photo chosen by mistake
    (b"{not json", "JSON"),
    (b'{"format": "other"}', "缺少 format"),
    (b'{"format": "branchbook-committee-key/1", "kem": "X25519", "public_key": ""}', "不支持的密钥算法"),
    (b'{"format": "branchbook-committee-key/1", "kem": "MLKEM768_X25519", "public_key": "!!"}', "Base64"),
    (b'{"format": "branchbook-committee-key/1", "kem": "MLKEM768_X25519", "public_key": "AAAA"}', "公钥长度"),
])
def test_a_bad_committee_file_is_refused_clearly(content: bytes, message: str) -> None:
    with pytest.raises(UserError, match=message):
        keys.read_committee_file(content, "committee.pub")


def test_rotation_is_signed_by_both_keys_and_travels_in_the_header(ready: BundleService, committee,
                                                                   tmp_path) -> None:
    old = ready.branch_key()
    with pytest.raises(keys.WrongPassphrase):
        ready.rotate("wrong-passphrase", "新的口令-2026")
    assert ready.branch_key() == old
    new_fp = ready.rotate(PASS, "新的口令-2026")
    [rotation] = ready.rotations()
    statement = rotation["statement"].encode()
    assert json.loads(statement)["old_fingerprint"] == old.fingerprint
    new = ready.branch_key()
    assert new.fingerprint == new_fp != old.fingerprint
    assert keys.verify(old.public, bytes.fromhex(rotation["old_signature"]), statement)
    assert keys.verify(new.public, bytes.fromhex(rotation["new_signature"]), statement)
    data = ready.export(YEAR, tmp_path, "新的口令-2026").path.read_bytes()
    opened = _open(data, ready, committee, enrolled=old.fingerprint)  # the committee only knows the old key
    assert opened.header["signer"] == new_fp and opened.header["rotations"] == [rotation]
    assert opened.branch == "CZJ-02" and opened.rotations == (rotation,)


def test_enrollment_sheet_shows_the_fingerprint(ready: BundleService) -> None:
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(ready.enrollment_sheet())).pages[0].extract_text()
    assert "报送密钥登记表" in text and "中共某某市委机关工委市财政局机关第二党支部" in text
    assert keys.grouped(ready.branch_key().fingerprint) in text and "支部书记签字" in text


# -- the file --------------------------------------------------------------------------------


def test_round_trip_carries_summary_snapshot_books_and_key(exported, committee) -> None:
    service, data = exported
    opened = _open(data, service, committee)
    h = opened.header
    assert (h["branch_id"], h["year"], h["seq"], h["supersedes"]) == ("CZJ-02", YEAR, 1, "")
    files = payload.read_zip(opened.payload)
    summary = json.loads(files["summary.json"])
    assert summary["year"] == YEAR and summary["branch"]["code"] == "CZJ-02"
    assert summary["members"]["at_year_end"]["total"] > 30
    assert summary["meetings"]["by_kind_month"]["支委会"]["03"] >= 1
    assert sum(m["paid_fen"] for m in summary["dues"]["months"]) == summary["dues"]["year"]["paid_fen"] > 0
    assert any(name.startswith("pdf/") and "党支部工作记录" in name for name in files)
    snap = Path(service.s.path).with_name("snap.sqlite")
    snap.write_bytes(files["data/branchbook.sqlite"])
    conn = sqlite3.connect(snap)
    assert conn.execute("SELECT count(*) FROM member").fetchone()[0] > 30
    assert conn.execute("SELECT sealed_private FROM branch_key").fetchone()[0] == b""  # no secret travels
    conn.close()
    assert json.loads(files["keys/branch.pub"])["fingerprint"] == h["signer"]


def test_same_database_and_year_give_the_same_payload(ready: BundleService) -> None:
    plan = ready.plan(YEAR)
    assert payload_bytes(ready.s, plan) == payload_bytes(ready.s, plan)


def test_exports_count_up_and_supersede_and_are_never_rewritten(exported, tmp_path, committee) -> None:
    service, first = exported
    second = service.export(YEAR, tmp_path / "second.bbx", PASS)
    rows = service.exports(YEAR)
    assert [r.seq for r in rows] == [1, 2]
    assert rows[1].supersedes == rows[0].sha256 and second.header["seq"] == 2
    assert _open(second.path.read_bytes(), service, committee, last=1).header["seq"] == 2
    _refused(first, service, committee, "replay", last=1)  # the older copy after the newer one
    with pytest.raises(engine.DatabaseError):
        service.conn.execute("DELETE FROM bundle_export")


def _regions(data: bytes) -> dict[str, int]:
    """An offset inside each region of a bundle."""
    n = struct.unpack(">I", data[len(bbx.MAGIC):len(bbx.MAGIC) + 4])[0]
    header_at = len(bbx.MAGIC) + 4
    wrapped_at = header_at + n + 4
    m = struct.unpack(">I", data[header_at + n:header_at + n + 4])[0]
    created = data.index(b'"created":"', header_at) + len('"created":"') + 3  # a digit of the year
    return {"header": created, "wrapped": wrapped_at + 10, "signature": wrapped_at + m + 5,
            "body": wrapped_at + m + 64 + 100}


@pytest.mark.parametrize("region", ["header", "wrapped", "signature", "body"])
def test_a_flipped_byte_anywhere_is_refused(exported, committee, region: str) -> None:
    service, data = exported
    at = _regions(data)[region]
    damaged = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]
    assert "签名不符" in _refused(damaged, service, committee, "signature")


def test_truncation_and_appended_bytes_are_refused(exported, committee) -> None:
    service, data = exported
    assert "文件不完整" in _refused(data[:-100], service, committee, "incomplete")
    assert "多出" in _refused(data + b"\x00" * 10, service, committee, "trailing")
    assert "开头不符" in _refused(b"PK\x03\x04" + data[4:], service, committee, "magic")


def _edit_header(data: bytes, **changes) -> bytes:
    n = struct.unpack(">I", data[len(bbx.MAGIC):len(bbx.MAGIC) + 4])[0]
    start = len(bbx.MAGIC) + 4
    fields = json.loads(data[start:start + n])
    fields.update(changes)
    raw = bbx.canonical(fields)
    return bbx.MAGIC + struct.pack(">I", len(raw)) + raw + data[start + n:]


def test_a_header_edited_to_another_branch_or_year_is_refused(exported, committee) -> None:
    service, data = exported
    assert "签名不符" in _refused(_edit_header(data, year=2024), service, committee, "signature")
    # The bundle belongs to the branch whose key signed it: renaming it in the header breaks the signature.
    assert "签名不符" in _refused(_edit_header(data, branch_id="OTHER"), service, committee, "signature")
    other = keys.new_branch_key(PASS)[0].public_key().public_bytes_raw()
    swapped = _edit_header(data, signer_public=base64.b64encode(other).decode())
    assert "签名公钥与签名指纹不符" in _refused(swapped, service, committee, "header")


def test_another_committee_or_signer_is_refused(exported, committee) -> None:
    service, data = exported
    other = keys.CommitteePrivate.generate("别的党委", 2026)
    fp = service.branch_key().fingerprint
    with pytest.raises(bbx.BundleError) as caught:
        bbx.open_bundle(io.BytesIO(data), len(data), enrolled=lambda f: "CZJ-02" if f == fp else None,
                        last_seq=lambda b, y: None, committee_keys={other.public().fingerprint: other})
    assert caught.value.code == "recipient" and "不是发给本党委" in caught.value.message
    stranger = keys.fingerprint(keys.new_branch_key(PASS)[0].public_key().public_bytes_raw())
    assert "不是该支部登记的密钥" in _refused(data, service, committee, "wrong-signer", enrolled=stranger)


def test_lengths_past_the_end_or_huge_are_refused(exported, committee) -> None:
    service, data = exported
    at = len(bbx.MAGIC)
    huge = data[:at] + struct.pack(">I", 3 * 1024**3) + data[at + 4:]
    assert "超出合理范围" in _refused(huge, service, committee, "length")
    past = data[:at] + struct.pack(">I", bbx.MAX_HEADER - 1) + data[at + 4:]
    short = past[:at + 4 + 500]
    assert "超出了文件末尾" in _refused(short, service, committee, "incomplete")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=4),
       st.sampled_from(["flip", "cut", "append", "none"]))
def test_random_damage_is_always_refused(exported, committee, edits, how: str) -> None:
    service, data = exported
    damaged = bytearray(data)
    for where, value in edits:
        i = int(where * len(damaged))
        if how == "flip":
            damaged[i] ^= value or 1
        elif how == "cut":
            del damaged[i:]
            break
        elif how == "append":
            damaged += bytes([value])
    damaged = bytes(damaged)
    if damaged == data:
        assert _open(damaged, service, committee).header["seq"] == 1
    else:
        with pytest.raises(bbx.BundleError):
            _open(damaged, service, committee)


# -- checklist and export refusals -------------------------------------------------------------


def test_checklist_marks_and_missing_items_travel_in_the_summary(ready: BundleService, committee, tmp_path) -> None:
    items = {i["key"]: i for i in ready.checklist(YEAR)}
    assert items["workbook"]["status"] == "齐全"
    ready.s.meetings.set_year_text(YEAR, "年度工作总结", "", "书记")
    assert {i["key"]: i for i in ready.checklist(YEAR)}["summary"]["status"] == "缺少"
    ready.mark(YEAR, "term_request", "已另行报送", "2025年12月已请示")
    item = {i["key"]: i for i in ready.checklist(YEAR)}["term_request"]
    assert (item["status"], item["detail"], item["marked"]) == ("已另行报送", "2025年12月已请示", True)
    with pytest.raises(UserError, match="没有“nothing”"):
        ready.mark(YEAR, "nothing", "不适用")
    data = ready.export(YEAR, tmp_path, PASS).path.read_bytes()
    summary = json.loads(payload.read_zip(_open(data, ready, committee).payload)["summary.json"])
    assert "summary" in summary["missing"] and "term_request" not in summary["missing"]
    assert ready.exports(YEAR)[0].missing == summary["missing"]


def test_export_needs_the_committee_key_and_the_right_passphrase(demo_year_session, committee, tmp_path) -> None:
    service = demo_year_session.services.bundle
    with pytest.raises(UserError, match="尚未创建支部报送密钥"):
        service.export(YEAR, tmp_path, PASS)
    service.init_key(PASS)
    with pytest.raises(UserError, match="尚未导入上级党委的公钥"):
        service.export(YEAR, tmp_path, PASS)
    service.import_committee_key(committee.public(), committee.public().fingerprint)
    with pytest.raises(keys.WrongPassphrase):
        service.export(YEAR, tmp_path, "not-the-passphrase")
    with pytest.raises(UserError, match="尚未开始"):
        service.export(2027, tmp_path, PASS)
    assert not list(tmp_path.glob("*.bbx")) and service.exports() == []


# -- the command line --------------------------------------------------------------------------


def test_cli_keys_committee_key_and_export(_demo_year_file, committee, tmp_path, capsys, monkeypatch) -> None:
    import shutil

    from app.cli import main

    db = tmp_path / "branch.sqlite"
    shutil.copyfile(_demo_year_file, db)
    run = lambda *a: main(["--db", str(db), "--today", "2026-06-15", *a])  # noqa: E731
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal: passphrases only from files
    assert run("keys", "init") == 2
    assert "--passphrase-file" in capsys.readouterr().err
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    assert run("keys", "init", "--passphrase-file", str(secret)) == 0
    pub = tmp_path / "committee.pub"
    pub.write_bytes(committee.public().to_file())
    assert run("committee-key", "import", str(pub), "--fingerprint", "ABCD " * 8) == 2
    assert "指纹不符" in capsys.readouterr().err
    assert run("committee-key", "import", str(pub), "--fingerprint", keys.grouped(committee.public().fingerprint)) == 0
    capsys.readouterr()
    assert run("keys", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["committee_fingerprint"] == committee.public().fingerprint and len(shown["fingerprint"]) == 64
    out = tmp_path / "out"
    out.mkdir()
    assert run("bundle", "export", "--year", "2025", "-o", str(out), "--passphrase-file", str(secret)) == 2
    assert "--yes" in capsys.readouterr().err and not list(out.iterdir())  # 换届请示 is missing: asks first
    capsys.readouterr()
    assert run("verify", "--json") == 0
    signed_before = json.loads(capsys.readouterr().out)["signed_checkpoints"]
    assert run("bundle", "export", "--year", "2025", "-o", str(out), "--passphrase-file", str(secret), "--yes") == 0
    [bundle] = list(out.glob("*.bbx"))
    capsys.readouterr()
    assert run("verify", "--json") == 0  # the export signed a checkpoint for this bundle
    assert json.loads(capsys.readouterr().out)["signed_checkpoints"] == signed_before + 1
    assert run("bundle", "inspect", str(bundle), "--json") == 0
    info = json.loads(capsys.readouterr().out)
    assert info["complete"] and info["header"]["year"] == 2025 and info["header"]["seq"] == 1
    bundle.write_bytes(bundle.read_bytes()[:-5])
    assert run("bundle", "inspect", str(bundle)) == 0
    assert "否（长度不符" in capsys.readouterr().out
    not_bundle = tmp_path / "x.bbx"
    not_bundle.write_bytes(b"hello")
    assert run("bundle", "inspect", str(not_bundle)) == 2
    assert "不是支部台账的报送包" in capsys.readouterr().err


def test_every_export_signs_a_checkpoint_for_its_bundle_and_never_reuses_a_number(ready: BundleService,
                                                                                 tmp_path: Path) -> None:
    from db import integrity

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    plan = ready.plan(YEAR)
    private = ready.unlock(PASS)
    ready.begin(plan, private)  # then interrupted: no file, nothing recorded, but the number is spent
    assert ready.exports(YEAR) == [] and not list(tmp_path.iterdir())
    with pytest.raises(UserError, match="已经开始导出过"):
        ready.begin(plan, private)
    result = ready.export(YEAR, tmp_path, PASS)
    assert result.header["seq"] == 2 and [e.seq for e in ready.exports(YEAR)] == [2]
    assert [p.name for p in tmp_path.iterdir()] == [result.path.name]  # no temporary file left
    signed = [cp for cp in integrity.checkpoints(ready.conn) if cp["signature"]]
    assert [(cp["year"], cp["seq"]) for cp in signed] == [(YEAR, 1), (YEAR, 2)]
    assert all(keys.verify(ready.branch_key().public, bytes(cp["signature"]), integrity.checkpoint_message(cp))
               for cp in signed)


def test_a_bundle_cannot_be_written_or_recorded_without_its_signed_checkpoint(ready: BundleService,
                                                                             tmp_path: Path) -> None:
    from app.bundle.service import write_bundle

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    plan = ready.plan(YEAR)
    with pytest.raises(UserError, match="先签名检查点"):
        write_bundle(ready.s, plan, ready.unlock(PASS), tmp_path)
    assert not list(tmp_path.iterdir())


def test_an_export_killed_before_it_is_recorded_leaves_no_bundle_under_its_name(ready: BundleService,
                                                                               tmp_path: Path, monkeypatch) -> None:
    def killed(*_a, **_k):
        raise KeyboardInterrupt  # the process is stopped between writing the file and recording it

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    monkeypatch.setattr(ready, "record", killed)
    with pytest.raises(KeyboardInterrupt):
        ready.export(YEAR, tmp_path, PASS)
    assert not list(tmp_path.glob("*.bbx")) and ready.exports(YEAR) == []


@pytest.mark.parametrize("manifest", [b"[]", b'{"files": ["a.txt"]}', b'{"files": {"a.txt": "abc"}}',
                                      b'{"files": {"a.txt": null}}', b"not json", b'{"files": 7}'])
def test_a_payload_whose_manifest_is_malformed_is_refused_in_words(manifest: bytes) -> None:
    """A branch's own program could be altered to sign anything: a manifest of the wrong shape is
    refused as such (a committee worker reports it), never an internal error."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"hello")
        archive.writestr("manifest.json", manifest)
    with pytest.raises(UserError, match="清单"):
        payload.read_zip(buffer.getvalue())


@pytest.mark.parametrize("changes", [{"year": True}, {"year": "2025"}, {"year": 20250}, {"seq": 0},
                                     {"seq": 10**30}, {"created": 20260110}, {"branch_name": None},
                                     {"branch_name": "支" * 5000}, {"payload_size": 1.5}])
def test_a_header_field_of_the_wrong_kind_or_out_of_range_is_refused_in_words(exported, committee,
                                                                              changes: dict) -> None:
    """Checked before anything else reads the header (a branch's altered program could sign such
    a header); the message names no field by its key."""
    service, data = exported
    message = _refused(_edit_header(data, **changes), service, committee, "header")
    assert "格式不对" in message or "超出合理范围" in message
    assert not any(key in message for key in changes)
