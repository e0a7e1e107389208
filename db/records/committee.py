"""Records of the committee's file: the committee and its keys, the branches it enrolled and their
keys, the bundles it received and judged scores."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class CommitteeInfo:
    name: str
    created_at: str


@dataclass(frozen=True)
class CommitteeKey:
    """One generation (epoch) of the committee's key pair; the private half sealed by its passphrase."""

    id: int
    epoch: int
    created_at: str
    kem_public: bytes
    sign_public: bytes
    fingerprint: str
    sealed_private: bytes
    kdf: str
    retired_at: str | None


@dataclass(frozen=True)
class EnrolledBranch:
    """A branch the committee enrolled, with its current key's fingerprint and how many it has had."""

    id: int
    branch_id: str  # the code the committee gave the branch
    name: str
    parent_unit: str
    secretary: str
    enrolled_at: str
    notes: str
    fingerprint: str | None
    key_enrolled_at: str | None
    keys: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)



@dataclass(frozen=True)
class ReceivedBundle:
    """A bundle as received: its header, warnings, summary, metrics and deductions read from JSON."""

    id: int
    branch: int
    year: int
    seq: int
    file_sha256: str
    file_name: str
    received_at: str
    created: str
    header: dict[str, Any]
    warnings: list[Any]
    summary: dict[str, Any]
    metrics: dict[str, Any]
    score: float
    deductions: list[dict[str, Any]]
    superseded_by: int | None
    archive_path: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)




@dataclass(frozen=True)
class Judged:
    """The committee's own points for a branch's year (replacing the computed score)."""

    branch: int
    year: int
    points: float
    note: str
    updated_at: str


class Earlier(NamedTuple):
    """What the committee kept of a bundle it received (app/committee/history.py)."""

    year: int
    seq: int
    schema: int | None  # the schema its records were read under (digests compare only within one)
    head: tuple[int, str] | None  # the change-log head its signed checkpoint vouched for
    seals: dict[str, dict[str, str]]  # entity -> key -> digest (its first digits)
    signed: frozenset[str]  # "entity:key" of the work-record entries signed then
