"""The ``BBX1`` file (shared/bundle.md §2): a header in clear, the file key wrapped by HPKE to
the committee with the header bound in, the branch's Ed25519 signature, then the payload sealed
in 64 KiB ChaCha20-Poly1305 chunks with a final-chunk flag.

``write`` seals; ``read_header`` reads the clear part only (``bundle inspect``); ``open_bundle``
runs the committee's checks in order and returns the payload, or raises a :class:`BundleError`
whose Chinese message says which check failed. Every length read from a file is bounded
before anything is allocated.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.bundle import keys
from app.common.errors import UserError

MAGIC = b"BRANCHBOOK-BUNDLE/1\n"
VERSION = 1
CHUNK = 64 * 1024
TAG = 16
MAX_HEADER = 64 * 1024
MAX_WRAPPED = 8 * 1024
SIGNATURE = 64
KDF_NAME, AEAD_NAME = "HKDF_SHA256", "CHACHA20_POLY1305"
SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)

HEADER_FIELDS = ("v", "branch_id", "branch_name", "year", "seq", "supersedes", "created", "app_version",
                 "recipient", "committee_key_epoch", "signer", "signer_public", "kem", "kdf", "aead",
                 "payload_nonce", "plaintext_sha256", "payload_size")
MAX_ROTATIONS = 20


class BundleError(UserError):
    """Why a bundle is refused; ``code`` names the check (for tests and the committee's log)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def _refuse(code: str, message: str) -> BundleError:
    return BundleError(code, message)


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _payload_key(file_key: bytes, nonce: bytes) -> ChaCha20Poly1305:
    return ChaCha20Poly1305(HKDF(algorithm=hashes.SHA256(), length=32, salt=nonce, info=b"payload").derive(file_key))


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _chunks(read: Callable[[int], bytes], size: int) -> Iterator[tuple[bytes, bool]]:
    """Blocks of ``size`` bytes, each with whether it is the last (one empty block for no data)."""
    current = read(size)
    while True:
        following = read(size) if len(current) == size else b""
        yield current, not following
        if not following:
            return
        current = following


def body_size(payload_size: int) -> int:
    """The sealed body's length for a payload of ``payload_size`` bytes (at least one chunk)."""
    return payload_size + TAG * max(1, -(-payload_size // CHUNK))


@dataclass(frozen=True)
class Header:
    fields: dict[str, Any]
    raw: bytes

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]


def write(out: BinaryIO, header_fields: dict[str, Any], payload: bytes, committee: keys.CommitteePublic,
          signer: ed25519.Ed25519PrivateKey) -> Header:
    """Seal ``payload`` into ``out``; returns the header written. The caller gives the branch
    fields, year, seq, supersedes, created and app_version; the rest is filled in here."""
    file_key, payload_nonce = os.urandom(32), os.urandom(16)
    signer_public = signer.public_key().public_bytes_raw()
    fields = {**header_fields, "v": VERSION, "recipient": committee.fingerprint,
              "committee_key_epoch": committee.epoch, "signer": keys.fingerprint(signer_public),
              "signer_public": base64.b64encode(signer_public).decode("ascii"),
              "kem": keys.KEM_NAME, "kdf": KDF_NAME, "aead": AEAD_NAME, "payload_nonce": payload_nonce.hex(),
              "plaintext_sha256": hashlib.sha256(payload).hexdigest(), "payload_size": len(payload)}
    raw = canonical(fields)
    wrapped = SUITE.encrypt(file_key, committee.hpke_key(), info=MAGIC + hashlib.sha256(raw).digest())
    aead = _payload_key(file_key, payload_nonce)
    body = bytearray()
    view = memoryview(payload)
    offset = 0

    def read(n: int) -> bytes:
        nonlocal offset
        block = bytes(view[offset:offset + n])
        offset += len(block)
        return block

    for counter, (block, last) in enumerate(_chunks(read, CHUNK)):
        body += aead.encrypt(_nonce(counter, last), block, None)
    prefix = MAGIC + struct.pack(">I", len(raw)) + raw + struct.pack(">I", len(wrapped)) + wrapped
    signature = signer.sign(prefix + hashlib.sha256(body).digest())
    out.write(prefix + signature)
    out.write(body)
    return Header(fields, raw)


@dataclass
class Parsed:
    """The clear parts of a bundle and where its body starts."""

    header: Header
    wrapped: bytes
    signature: bytes
    prefix: bytes
    body_offset: int


def _read_exact(f: BinaryIO, n: int, what: str) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise _refuse("incomplete", f"文件不完整：{what}缺少数据（可能复制时中断或U盘被拔出）")
    return data


def _length(f: BinaryIO, limit: int, what: str, remaining: int) -> int:
    (n,) = struct.unpack(">I", _read_exact(f, 4, what))
    if n > limit:
        raise _refuse("length", f"文件已损坏：{what}长度为 {n} 字节，超出合理范围（最多 {limit} 字节）")
    if n > remaining:
        raise _refuse("incomplete", f"文件不完整：{what}的长度（{n} 字节）超出了文件末尾")
    return n


def read_header(f: BinaryIO, size: int) -> Parsed:
    """The clear parts; ``size`` is the file's length. No key is needed."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise _refuse("magic", "这不是支部台账的报送包文件（文件开头不符）")
    n = _length(f, MAX_HEADER, "文件头", size - f.tell())
    raw = _read_exact(f, n, "文件头")
    try:
        fields = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse("header", "文件头已损坏，无法读取（文件被改动或损坏）") from None
    if not isinstance(fields, dict) or any(k not in fields for k in HEADER_FIELDS):
        raise _refuse("header", "文件头缺少必要的项目（文件被改动或不是本程序生成的）")
    if fields.get("v") != VERSION:
        raise _refuse("version", f"报送包格式版本 {fields.get('v')} 不受支持，请升级程序")
    _check_fields(fields)
    m = _length(f, MAX_WRAPPED, "密钥区", size - f.tell())
    wrapped = _read_exact(f, m, "密钥区")
    signature = _read_exact(f, SIGNATURE, "签名")
    prefix = MAGIC + struct.pack(">I", n) + raw + struct.pack(">I", m) + wrapped
    return Parsed(Header(fields, raw), wrapped, signature, prefix, f.tell())


#: Header fields that are text, and those that are whole numbers (a crafted header with anything
#: else is refused here, before a later step meets a number where it reads text).
_TEXT_FIELDS = ("branch_id", "branch_name", "supersedes", "created", "app_version", "recipient", "signer",
                "signer_public", "kem", "kdf", "aead", "payload_nonce", "plaintext_sha256")
_NUMBER_FIELDS = ("year", "seq", "payload_size", "committee_key_epoch")
MAX_TEXT = 1000


def _check_fields(fields: dict[str, Any]) -> None:
    if (any(not isinstance(fields[k], str) or len(fields[k]) > MAX_TEXT for k in _TEXT_FIELDS)
            or any(type(fields[k]) is not int for k in _NUMBER_FIELDS)):  # exactly int: True is no year
        raise _refuse("header", "文件头中有格式不对的项目（文件被改动或不是本程序生成的）")
    if not 1900 <= fields["year"] <= 2100 or not 1 <= fields["seq"] <= 1_000_000:
        raise _refuse("header", f"文件头中的年度（{fields['year']}）或版本号（{fields['seq']}）超出合理范围")


def describe(header: Header) -> dict[str, Any]:
    """The header as shown by ``bundle inspect`` (fingerprints grouped for reading)."""
    h = header.fields
    return {"支部": h["branch_name"], "支部代码": h["branch_id"], "年度": h["year"], "序号": h["seq"],
            "生成时间": h["created"], "程序版本": h["app_version"], "接收方党委公钥": keys.grouped(h["recipient"]),
            "签名密钥": keys.grouped(h["signer"]), "替代": h["supersedes"] or "无",
            "内容大小": h["payload_size"], "算法": f"{h['kem']} / {h['kdf']} / {h['aead']} / Ed25519"}


@dataclass(frozen=True)
class Opened:
    """An opened bundle: whose it is (``branch``, as ``enrolled`` named it), the header, the
    payload, and the key rotations that led from the enrolled key to the signer (oldest first)."""

    branch: Any
    header: Header
    payload: bytes
    rotations: tuple[dict[str, Any], ...] = ()


def _signer_public(h: dict[str, Any]) -> bytes:
    try:
        public = base64.b64decode(str(h["signer_public"]), validate=True)
    except ValueError:
        raise _refuse("header", "文件头中的签名公钥无法读取") from None
    if len(public) != 32 or keys.fingerprint(public) != h["signer"]:
        raise _refuse("header", "文件头中的签名公钥与签名指纹不符（文件被改动）")
    return public


def _via_rotations(h: dict[str, Any], signer_fp: str, enrolled: Callable[[str], Any]) -> tuple[Any, list]:
    """Follow signed key-rotation statements back from the signer to an enrolled key."""
    statements = h.get("rotations") or []
    if not isinstance(statements, list) or len(statements) > MAX_ROTATIONS:
        return None, []
    chain: list[dict[str, Any]] = []
    current = signer_fp
    for _ in range(len(statements)):
        step = None
        for item in statements:
            try:
                body = str(item["statement"]).encode("utf-8")
                statement = json.loads(body)
                old_public = base64.b64decode(statement["old_public"], validate=True)
                new_public = base64.b64decode(statement["new_public"], validate=True)
                ok = (statement.get("format") == "branchbook-key-rotation/1"
                      and keys.fingerprint(new_public) == current == statement["new_fingerprint"]
                      and keys.fingerprint(old_public) == statement["old_fingerprint"]
                      and keys.verify(old_public, bytes.fromhex(item["old_signature"]), body)
                      and keys.verify(new_public, bytes.fromhex(item["new_signature"]), body))
            except (KeyError, TypeError, ValueError):
                continue
            if ok:
                step = (statement, item)
                break
        if step is None:
            return None, []
        chain.insert(0, step[1])
        current = step[0]["old_fingerprint"]
        found = enrolled(current)
        if found is not None:
            return found, chain
    return None, []


def open_bundle(f: BinaryIO, size: int, *, enrolled: Callable[[str], Any],
                last_seq: Callable[[Any, int], int | None],
                committee_keys: dict[str, keys.CommitteePrivate], branch_known: Callable[[str], bool] | None = None,
                max_payload: int = 2 * 1024**3) -> Opened:
    """The committee's checks, in order: the file is whole → the key that signed it is enrolled
    (directly, or through rotation statements signed by an enrolled key) → the signature covers
    everything → newer than what was accepted → addressed to one of our keys → decrypts whole →
    the payload hash.

    ``enrolled(fingerprint)`` names the branch whose enrolled key has that fingerprint (or None);
    ``branch_known(branch_id)`` tells an enrolled branch signing with an unknown key from an
    unknown branch; ``last_seq(branch, year)`` is the last seq accepted."""
    parsed = read_header(f, size)
    h = parsed.header.fields
    remaining = size - parsed.body_offset
    size_claim = h["payload_size"]
    if not isinstance(size_claim, int) or not 0 <= size_claim <= max_payload:
        raise _refuse("length", "文件头中的内容大小超出合理范围")
    expected_body = body_size(size_claim)
    if remaining < expected_body:
        raise _refuse("incomplete", f"文件不完整：内容区应为 {expected_body} 字节，只有 {remaining} 字节"
                                    "（可能复制时中断或U盘被拔出）")
    if remaining > expected_body:
        raise _refuse("trailing", f"文件末尾多出 {remaining - expected_body} 字节：文件被改动")
    public = _signer_public(h)
    branch = enrolled(h["signer"])
    chain: list[dict[str, Any]] = []
    if branch is None:
        branch, chain = _via_rotations(h, h["signer"], enrolled)
    if branch is None:
        if branch_known is not None and branch_known(str(h["branch_id"])):
            raise _refuse("wrong-signer", "签名密钥不是该支部登记的密钥（可能已更换密钥而未重新登记，或文件被冒用）")
        raise _refuse("unknown-branch",
                      f"未登记的支部密钥：“{h['branch_name']}”（代码 {h['branch_id'] or '未设置'}）尚未在本党委登记")
    hasher = hashlib.sha256()
    while True:
        block = f.read(1024 * 1024)
        if not block:
            break
        hasher.update(block)
    if not keys.verify(public, parsed.signature, parsed.prefix + hasher.digest()):
        raise _refuse("signature", "签名不符：文件在报送途中被改动或已损坏")
    seq, year = h["seq"], h["year"]  # whole numbers in range (read_header)
    last = last_seq(branch, year)
    if last is not None and seq <= last:
        raise _refuse("replay", f"重复或过期的报送包：{year}年已接收第 {last} 版，本文件是第 {seq} 版")
    committee = committee_keys.get(h["recipient"])
    if committee is None:
        raise _refuse("recipient", "不是发给本党委的报送包（接收方公钥不符）")
    try:
        file_key = SUITE.decrypt(parsed.wrapped, committee.hpke_key(),
                                 info=MAGIC + hashlib.sha256(parsed.header.raw).digest())
        aead = _payload_key(file_key, bytes.fromhex(str(h["payload_nonce"])))
    except (InvalidTag, ValueError):
        raise _refuse("unwrap", "无法解开文件密钥：不是用本党委公钥加密的，或文件被改动") from None
    f.seek(parsed.body_offset)
    out = bytearray()
    for counter, (block, last_chunk) in enumerate(_chunks(f.read, CHUNK + TAG)):
        try:
            out += aead.decrypt(_nonce(counter, last_chunk), block, None)
        except InvalidTag:
            raise _refuse("chunk", f"文件已损坏：内容的第 {counter + 1} 块无法解密") from None
    payload = bytes(out)
    if hashlib.sha256(payload).hexdigest() != h["plaintext_sha256"]:
        raise _refuse("hash", "内容校验值不符：文件已损坏")
    return Opened(branch, parsed.header, payload, tuple(chain))
