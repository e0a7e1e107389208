"""The keys of the annual bundle (no I/O): the branch's Ed25519 signing key sealed under a
passphrase, the committee's hybrid post-quantum HPKE key (ML-KEM-768 + X25519), fingerprints,
and the committee.pub file.

Passphrase KDF: scrypt (RFC 7914) from ``cryptography``. It is memory-hard like Argon2id and,
unlike Argon2id (which needs OpenSSL 3.2+), is present in every build of ``cryptography`` the
program may meet on office PCs (older Windows and 信创 Linux builds included). Its cost
parameters are stored with each sealed key, so they can be raised later without breaking
older keys.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey as _Ed25519Key
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.common.errors import UserError
from app.common.inputs import load_json
from app.common.passphrase import check_passphrase

#: scrypt cost: 2**17 × 8 × 128 B = 128 MiB and about half a second on an office PC.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
_SEAL_AAD = b"branchbook-branch-key/1"

KEM_NAME = "MLKEM768_X25519"
COMMITTEE_FORMAT = "branchbook-committee-key/1"
_MLKEM_PUBLIC = 1184
_X25519 = 32


class WrongPassphrase(UserError):
    def __init__(self) -> None:
        super().__init__("口令不正确（注意大小写和输入法的全角/半角）")


def fingerprint(public: bytes) -> str:
    """The full fingerprint: SHA-256 of the public key bytes, 64 upper-case hex digits."""
    return hashlib.sha256(public).hexdigest().upper()


def grouped(fp: str, groups: int = 8) -> str:
    """The fingerprint as people compare it: the first ``groups`` groups of 4 ("3F2A 91C0 …")."""
    return " ".join(fp[i:i + 4] for i in range(0, 4 * groups, 4))


def normalize_fingerprint(text: str) -> str:
    """What someone typed or scanned, as upper-case hex: spaces, dashes and full-width digits
    are ignored. Raises UserError when it is not hex or shorter than the printed groups."""
    clean = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in " -:\t").upper()
    if len(clean) < 32 or any(ch not in "0123456789ABCDEF" for ch in clean):
        raise UserError(f"指纹“{text[:80]}”不正确：应为至少 32 位十六进制数字（0–9、A–F），可以分组书写")
    return clean


def matches(full: str, typed: str) -> bool:
    """True when the typed (possibly shortened) fingerprint is the start of ``full``."""
    return full.startswith(normalize_fingerprint(typed))


# -- the branch key -------------------------------------------------------------------------


@dataclass(frozen=True)
class SealedKey:
    """A branch key as stored: the public half in clear, the private half sealed."""

    public: bytes
    sealed: bytes
    kdf: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    if kdf.get("name") != "scrypt":
        raise UserError(f"密钥使用了本程序不认识的口令算法 {kdf.get('name')}")
    return Scrypt(salt=bytes.fromhex(kdf["salt"]), length=32, n=int(kdf["n"]), r=int(kdf["r"]),
                  p=int(kdf["p"])).derive(passphrase.encode("utf-8"))


def seal_bytes(secret: bytes, passphrase: str, bound: bytes) -> tuple[bytes, dict[str, Any]]:
    """``secret`` sealed under ``passphrase`` (checked first), tied to ``bound`` (e.g. the public key)."""
    check_passphrase(passphrase)
    kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": os.urandom(16).hex()}
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(_derive(passphrase, kdf)).encrypt(nonce, secret, _SEAL_AAD + bound), kdf


def unseal_bytes(sealed: bytes, kdf: dict[str, Any], passphrase: str, bound: bytes) -> bytes:
    """The secret, or WrongPassphrase."""
    try:
        return ChaCha20Poly1305(_derive(passphrase, kdf)).decrypt(sealed[:12], sealed[12:], _SEAL_AAD + bound)
    except InvalidTag:
        raise WrongPassphrase from None


def seal(private: ed25519.Ed25519PrivateKey, passphrase: str) -> SealedKey:
    """Seal ``private`` under ``passphrase`` (checked for length first)."""
    public = private.public_key().public_bytes_raw()
    sealed, kdf = seal_bytes(private.private_bytes_raw(), passphrase, public)
    return SealedKey(public, sealed, kdf)


def unseal(key: SealedKey, passphrase: str) -> ed25519.Ed25519PrivateKey:
    """The private key, or WrongPassphrase."""
    raw = unseal_bytes(key.sealed, key.kdf, passphrase, key.public)
    private = ed25519.Ed25519PrivateKey.from_private_bytes(raw)
    if private.public_key().public_bytes_raw() != key.public:  # pragma: no cover - sealed together
        raise WrongPassphrase
    return private


def new_branch_key(passphrase: str) -> tuple[ed25519.Ed25519PrivateKey, SealedKey]:
    private = ed25519.Ed25519PrivateKey.generate()
    return private, seal(private, passphrase)


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- the committee key ----------------------------------------------------------------------


@dataclass(frozen=True)
class CommitteePublic:
    """The committee's public keys as a branch imports them from ``committee.pub``: HPKE for
    sealing bundles to it, Ed25519 for checking the notices it sends back. One fingerprint
    covers both."""

    committee: str
    epoch: int
    public: bytes  # ML-KEM-768 public key (1184 B) ‖ X25519 public key (32 B)
    sign_public: bytes  # Ed25519 (32 B)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public + self.sign_public)

    def hpke_key(self) -> hpke.MLKEM768X25519PublicKey:
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.public[:_MLKEM_PUBLIC]),
            x25519.X25519PublicKey.from_public_bytes(self.public[_MLKEM_PUBLIC:]))

    def to_file(self) -> bytes:
        return (json.dumps({"format": COMMITTEE_FORMAT, "committee": self.committee, "epoch": self.epoch,
                            "kem": KEM_NAME, "public_key": base64.b64encode(self.public).decode("ascii"),
                            "sign_public": base64.b64encode(self.sign_public).decode("ascii")},
                           ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_committee_file(data: bytes, name: str) -> CommitteePublic:
    """Parse a committee.pub; every way it can be wrong is a UserError naming the file."""

    if len(data) > 64 * 1024:
        raise UserError(f"{name} 过大，不是党委公钥文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{name} 不是党委公钥文件（不是文字文件）") from None
    obj = load_json(text, name)
    if not isinstance(obj, dict) or obj.get("format") != COMMITTEE_FORMAT:
        raise UserError(f"{name} 不是党委公钥文件（缺少 format: {COMMITTEE_FORMAT}）")
    if obj.get("kem") != KEM_NAME:
        raise UserError(f"{name}：不支持的密钥算法 {str(obj.get('kem'))[:40]}（应为 {KEM_NAME}）")
    try:
        public = base64.b64decode(str(obj.get("public_key", "")), validate=True)
        sign_public = base64.b64decode(str(obj.get("sign_public", "")), validate=True)
    except ValueError:
        raise UserError(f"{name}：public_key 或 sign_public 不是有效的 Base64") from None
    if len(public) != _MLKEM_PUBLIC + _X25519:
        raise UserError(f"{name}：公钥长度 {len(public)} 字节，应为 {_MLKEM_PUBLIC + _X25519} 字节")
    if len(sign_public) != 32:
        raise UserError(f"{name}：签名公钥（sign_public）长度应为 32 字节")
    epoch = obj.get("epoch", 0)
    if not isinstance(epoch, int) or isinstance(epoch, bool) or not 0 <= epoch <= 10_000:
        raise UserError(f"{name}：epoch 应为 0–10000 的整数")
    committee = obj.get("committee", "")
    if not isinstance(committee, str) or len(committee) > 100:
        raise UserError(f"{name}：committee 应为党委名称（文字）")
    key = CommitteePublic(committee, epoch, public, sign_public)
    try:
        key.hpke_key()
        ed25519.Ed25519PublicKey.from_public_bytes(sign_public)
    except ValueError:
        raise UserError(f"{name}：公钥数据无效") from None
    return key


@dataclass(frozen=True)
class CommitteePrivate:
    """The committee's private keys (the committee keeps them sealed; tests make some)."""

    committee: str
    epoch: int
    mlkem_seed: bytes  # 64 B
    x25519: bytes  # 32 B
    ed25519: bytes  # 32 B

    @classmethod
    def generate(cls, committee: str, epoch: int) -> CommitteePrivate:
        m = mlkem.MLKEM768PrivateKey.generate()
        x = x25519.X25519PrivateKey.generate()
        e = ed25519.Ed25519PrivateKey.generate()
        return cls(committee, epoch, m.private_bytes_raw(), x.private_bytes_raw(), e.private_bytes_raw())

    def raw(self) -> bytes:
        """The three private keys in one 128-byte string (sealed for storage)."""
        return self.mlkem_seed + self.x25519 + self.ed25519

    @classmethod
    def from_raw(cls, committee: str, epoch: int, raw: bytes) -> CommitteePrivate:
        if len(raw) != 128:
            raise UserError("党委私钥数据长度不符")
        return cls(committee, epoch, raw[:64], raw[64:96], raw[96:])

    def signer(self) -> _Ed25519Key:
        return _Ed25519Key.from_private_bytes(self.ed25519)

    def hpke_key(self) -> hpke.MLKEM768X25519PrivateKey:
        return hpke.MLKEM768X25519PrivateKey(mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed),
                                             x25519.X25519PrivateKey.from_private_bytes(self.x25519))

    def public(self) -> CommitteePublic:
        m = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed).public_key().public_bytes_raw()
        x = x25519.X25519PrivateKey.from_private_bytes(self.x25519).public_key().public_bytes_raw()
        return CommitteePublic(self.committee, self.epoch, m + x, self.signer().public_key().public_bytes_raw())
