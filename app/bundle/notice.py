"""督办通知 (``.bbn``): a notice from the committee to one branch, signed with the committee's
Ed25519 key and not encrypted (it is not secret, only authentic).

    magic  "BRANCHBOOK-NOTICE/1\\n"
    u32 BE n ‖ body: canonical JSON (≤ 256 KiB)
    64 B   Ed25519 signature over magic ‖ n ‖ body

Body: ``v``, ``notice_id``, ``committee``, ``committee_fingerprint`` (of its committee.pub),
``branch_id``, ``branch_name``, ``year``, ``created``, ``due_on``, ``items`` (a list of
``{no, problem, requirement, due_on}``).
"""

from __future__ import annotations

import struct
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from app.bundle import keys
from app.bundle.bbx import BundleError, canonical

MAGIC = b"BRANCHBOOK-NOTICE/1\n"
MAX_BODY = 256 * 1024
MAX_ITEMS = 200


def write(body: dict[str, Any], signer: ed25519.Ed25519PrivateKey) -> bytes:
    raw = canonical({**body, "v": 1})
    prefix = MAGIC + struct.pack(">I", len(raw)) + raw
    return prefix + signer.sign(prefix)


def read(data: bytes, trusted: keys.CommitteePublic | None) -> dict[str, Any]:
    """The notice's body once its signature is checked against ``trusted`` (the committee key
    the branch imported). Every refusal is a BundleError with a Chinese message."""
    import json

    if not data.startswith(MAGIC):
        raise BundleError("magic", "这不是督办通知文件（文件开头不符）")
    if len(data) < len(MAGIC) + 4 + 64:
        raise BundleError("incomplete", "督办通知文件不完整")
    (n,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    if n > MAX_BODY:
        raise BundleError("length", "督办通知内容长度超出合理范围，文件已损坏")
    end = len(MAGIC) + 4 + n
    if len(data) != end + 64:
        raise BundleError("incomplete", "督办通知文件长度不符（不完整或被改动）")
    if trusted is None:
        raise BundleError("untrusted", "尚未导入上级党委公钥，无法核验督办通知的签名")
    if not keys.verify(trusted.sign_public, data[end:], data[:end]):
        raise BundleError("signature", "督办通知的签名不符：不是本支部所信任的上级党委签发的，或文件被改动")
    try:
        body = json.loads(data[len(MAGIC) + 4:end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError("header", "督办通知内容无法读取") from None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS or not all(
            isinstance(i, dict) and isinstance(i.get("problem"), str) for i in items):
        raise BundleError("header", "督办通知中没有有效的整改事项")
    if body.get("committee_fingerprint") != trusted.fingerprint:
        raise BundleError("untrusted", "督办通知注明的党委公钥与本支部导入的不一致")
    return body
