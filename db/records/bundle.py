"""Records of the annual bundle's tables: the branch's signing keys, the committee's keys it
imported, key rotations, the bundles exported and the year's checklist marks."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class BranchKey:
    """The branch's Ed25519 key; the private half sealed under the passphrase (never in clear)."""

    id: int
    created_at: str
    algorithm: str
    public_key: bytes
    fingerprint: str
    sealed_private: bytes
    kdf: str  # JSON: {"name": "scrypt", "n": …, "r": …, "p": …, "salt": hex}
    retired_at: str | None
    created_by: str


@dataclass(frozen=True)
class ImportedCommitteeKey:
    """A committee's public key the branch imported; ``replaced_at`` once a newer one is current."""

    id: int
    imported_at: str
    committee: str
    epoch: int
    kem: str
    public_key: bytes  # the HPKE public key ‖ the Ed25519 key that signs notices
    fingerprint: str
    replaced_at: str | None


@dataclass(frozen=True)
class KeyRotation:
    """A change of branch key, stated in canonical JSON and signed by both keys."""

    id: int
    created_at: str
    old_fingerprint: str
    new_fingerprint: str
    statement: str
    old_signature: bytes
    new_signature: bytes


@dataclass(frozen=True)
class Export:
    """A bundle the branch exported."""

    id: int
    year: int
    seq: int
    created_at: str
    file_name: str
    sha256: str
    size: int
    supersedes: str | None
    recipient: str
    signer: str
    missing: list[str]  # the checklist items missing when exported

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mark:
    """The secretary's mark on a checklist item of a year (不适用 / 已另行报送)."""

    year: int
    item: str
    status: str
    note: str
    updated_at: str
