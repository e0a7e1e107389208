"""Opening one bundle for the committee, in a worker process: the checks of bbx.open_bundle, the
payload against its manifest, the branch's database snapshot opened read-only (an older schema
is migrated on a temporary copy), and the year's facts computed from its records.

A worker touches nothing of the committee's database: it gets what it needs to know (keys,
enrolments, what was accepted before) in a :class:`Context`, and returns a plain dict the
parent writes. A refused bundle comes back with its reason and changes nothing."""

from __future__ import annotations

import base64
import ctypes
import gc
import hashlib
import io
import json
import logging
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bundle import bbx, keys, payload
from app.committee import rules
from app.committee.history import kept, snapshot_history
from app.committee.metrics import compare, compute
from app.common import dates
from app.common.clock import Clock
from app.common.context import Context as SessionContext
from app.common.errors import UserError
from app.common.files import os_reason, readable_file
from app.services import Services
from db import asof, engine, integrity, migrate
from db.errors import StorageError
from db.images import ImageRefused, open_image, untrusted

MAX_FILE = 2 * 1024**3
#: A snapshot's queries still running after this long are stopped: a real branch's ten years take
#: a second or two; only a file made to hang the committee's program takes longer.
SNAPSHOT_SECONDS = 120.0


@dataclass
class Context:
    """What a worker knows of the committee: its private keys, the enrolled fingerprints (as
    typed: 32–64 hex digits) with the branch each belongs to, the enrolled branch codes, the
    last accepted seq per (branch, year), and the files already received (by SHA-256)."""

    committee_keys: dict[str, tuple[str, int, bytes]]
    enrolled: dict[str, int]
    branch_codes: set[str]
    last_seq: dict[tuple[int, int], int]
    received: set[str] = field(default_factory=set)
    #: The grading settings as they are now (the records score is computed in the worker too).
    settings: dict[str, Any] = field(default_factory=dict)
    #: Per branch, the change-log heads its accepted bundles' signed checkpoints vouched for
    #: (log id, hash, year, seq): a later snapshot must still hold every one, or history was
    #: rewritten in between.
    last_heads: dict[int, list[tuple[int, str, int, int]]] = field(default_factory=dict)

    def find(self, full_fp: str) -> int | None:
        for fp, branch in self.enrolled.items():
            if full_fp.startswith(fp):
                return branch
        return None


_CONTEXT: Context | None = None
_KEYS: dict[str, keys.CommitteePrivate] = {}


def init_worker(context: Context) -> None:
    """Process-pool initializer: the context, and the committee's keys rebuilt once."""
    global _CONTEXT, _KEYS
    _CONTEXT = context
    _KEYS = {fp: keys.CommitteePrivate.from_raw(name, epoch, raw)
             for fp, (name, epoch, raw) in context.committee_keys.items()}


def init_pool_worker(context: Context) -> None:
    """:func:`init_worker` for a process of the pool, which does nothing but check bundles: what
    it holds from here on (modules, keys, context) is left out of garbage collection, and the
    young objects (a bundle makes tens of thousands, nearly all freed as it goes) are collected
    less often, and the large blocks it frees are kept for the next bundle (:func:`keep_freed_memory`).
    Saves two to three milliseconds a bundle; never used in the program's own process."""
    init_worker(context)
    gc.freeze()
    gc.set_threshold(5000, 10, 10)
    keep_freed_memory()


#: glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory(largest: int = 32 * 1024**2) -> bool:
    """Let this process reuse the large blocks it frees (up to ``largest`` bytes each) instead of
    giving them back to the system: by default glibc maps each bundle's buffers (the file, the
    payload, the snapshot: megabytes) afresh and unmaps them after, hundreds of page faults a
    bundle and a tenth of a worker's time spent in the kernel. Linux (glibc) only; elsewhere, or
    where the C library has no mallopt, nothing changes (False)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, largest)) and bool(mallopt(_M_TRIM_THRESHOLD, 2 * largest))


def _refused(path: Path, sha: str, code: str, reason: str) -> dict[str, Any]:
    return {"status": "refused", "file": str(path), "sha256": sha, "code": code, "reason": reason}


def process(path_text: str) -> dict[str, Any]:
    """One bundle file → a result dict ("accepted", "duplicate" or "refused"). Never raises."""
    path = Path(path_text)
    context = _CONTEXT
    assert context is not None, "init_worker first"
    try:
        readable_file(path)  # a pipe or a device: reading it would never end
        size = path.stat().st_size
        if size > MAX_FILE:
            return _refused(path, "", "length", f"文件过大（{size // 1024**2} MB），不是报送包")
        data = path.read_bytes()
    except OSError as exc:
        return _refused(path, "", "io", f"无法读取：{os_reason(exc)}")
    except UserError as exc:
        return _refused(path, "", "io", exc.message)
    sha = hashlib.sha256(data).hexdigest()
    if sha in context.received:
        return {"status": "duplicate", "file": str(path), "sha256": sha}
    try:
        return _open(path, data, sha, context)
    except bbx.BundleError as exc:
        return _refused(path, sha, exc.code, exc.message)
    except (UserError, StorageError) as exc:
        message = exc.message if isinstance(exc, UserError) else exc.user_message()
        return _refused(path, sha, "payload", f"报送包内容有误：{message}")
    except Exception:  # noqa: BLE001 - one bad file must not stop the other 2,000
        logging.getLogger("branchbook").error("接收报送包出错 %s：\n%s", path, traceback.format_exc())
        return _refused(path, sha, "internal", "程序内部错误，未能处理该文件（详细信息已写入日志）")


def process_many(paths: list[str]) -> list[dict[str, Any]]:
    """:func:`process` for each of ``paths`` (one task of the pool: fewer messages than one each)."""
    return [process(p) for p in paths]


def _open(path: Path, data: bytes, sha: str, context: Context) -> dict[str, Any]:
    opened = bbx.open_bundle(io.BytesIO(data), len(data), enrolled=context.find,
                             last_seq=lambda branch, year: context.last_seq.get((branch, year)),
                             committee_keys=_KEYS, branch_known=lambda code: code in context.branch_codes)
    # The payload's hash is already checked; only what grading reads is unpacked here.
    files = payload.read_zip(opened.payload, only=("summary.json", "data/branchbook.sqlite"))
    try:
        summary = json.loads(files["summary.json"])
    except (KeyError, ValueError):
        raise UserError("缺少 summary.json 或无法读取") from None
    if not isinstance(summary, dict):
        raise UserError("summary.json 的内容不是一个对象")
    if "data/branchbook.sqlite" not in files:
        raise UserError("缺少数据库快照 data/branchbook.sqlite")
    header = opened.header.fields
    year = header["year"]
    signer = base64.b64decode(str(header.get("signer_public", "")))
    history: dict[str, Any] = {}
    metrics = snapshot_metrics(files["data/branchbook.sqlite"], year, header["created"][:10], signer,
                               context.last_heads.get(opened.branch, []), (year, int(header["seq"])), history)

    metrics["summary_mismatch"] = compare(summary, metrics)

    grade = rules.score(metrics, context.settings.__getitem__)
    # what the parent stores is made into text here, in the worker (the parent writes 2,000 of them)
    return {"status": "accepted", "file": str(path), "sha256": sha, "branch": opened.branch, "year": year,
            "seq": header["seq"], "header": header, "header_json": _dump(header),
            "summary_json": files["summary.json"].decode("utf-8"),
            "history": history, "seals_json": _dump(kept(history)),
            "metrics_json": _dump(metrics), "rotations": list(opened.rotations), "score": grade.records,
            "tier": grade.tier, "deductions_json": _dump([d.as_json() for d in grade.deductions])}


def snapshot_metrics(snapshot: bytes, year: int, made_on: str, signer: bytes = b"",
                     heads: list[tuple[int, str, int, int]] | None = None, bundle: tuple[int, int] | None = None,
                     history: dict[str, Any] | None = None) -> dict[str, Any]:
    """The facts of ``year`` from a branch database snapshot, as of the day it was made. The
    snapshot is opened in memory (db.images.open_image); one made by an older program is
    migrated there, in memory. ``signer`` (the bundle's key) checks the snapshot's checkpoints;
    ``heads`` are what the branch's earlier bundles vouched for; ``bundle`` (year, seq) is the one
    this snapshot came in, whose own signed checkpoint it must hold (from schema 14 on).
    ``history``, when given, is filled with what the committee keeps to compare later bundles."""

    try:
        conn = open_image(snapshot)
    except engine.DatabaseError:
        raise UserError("数据库快照已损坏，无法读取") from None
    expired = None
    try:
        try:
            conn.row_factory = engine.Row
            migrate.check_identity(conn, "data/branchbook.sqlite", migrate.BRANCH)
            expired = untrusted(conn, SNAPSHOT_SECONDS)
            version = migrate.user_version(conn)
        except engine.DatabaseError:
            raise UserError("数据库快照已损坏，无法读取") from None
        except ImageRefused as exc:
            raise UserError(f"数据库快照中有本程序不会建立的{exc.what}，内容异常（可能被改动过），未评定") from None
        if version == 0 or version > migrate.BRANCH.version:
            raise UserError(f"数据库快照的版本（{version}）不受支持，请升级本程序")
        sealed = version >= 9  # files before schema 9 kept no seals: nothing to check them against
        if version < migrate.BRANCH.version:
            migrate.migrate(conn, "data/branchbook.sqlite", backup=False)
        bound = bundle if version >= 14 else None  # older programs signed checkpoints for no bundle
        digests = integrity.every_digest(conn) if sealed else {}  # read once: the checks and the history
        watch = _integrity(conn, signer, heads or [], bound, digests) if sealed else {"checked": False, "findings": []}
        if history is not None and sealed:
            history.update(snapshot_history(conn, digests))
        made_on = made_on if dates.is_valid_iso(made_on) else f"{year}-12-31"
        if made_on > f"{year}-12-31":  # a closed year is graded on its own records only (db/asof.py)
            asof.cut(conn, f"{year}-12-31")
        conn.execute("PRAGMA query_only = ON")
        conn.memo, conn.frozen = {}, True
        services = Services(SessionContext(conn, Clock(made_on), None, read_only=True))
        metrics = compute(services, year, min(f"{year}-12-31", made_on))
        metrics["integrity"] = watch
        return metrics
    except engine.OperationalError:
        if expired is not None and expired():
            raise UserError(f"数据库快照处理超过 {SNAPSHOT_SECONDS:.0f} 秒仍未完成，内容异常（可能被改动过），"
                            "未评定") from None
        raise
    finally:
        conn.memo = {}  # what was read, freed now (the services that read it hold the connection in a cycle)
        conn.close()


def _integrity(conn: Any, signer: bytes, heads: list[tuple[int, str, int, int]],
               bundle: tuple[int, int] | None, digests: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Re-verify the branch's chain and seals in the snapshot (``digests``: its records' digests),
    the checkpoints against the key that signed the bundle, that the snapshot holds the checkpoint
    signed for this bundle, and that the history every earlier bundle vouched for is still there."""
    found = integrity.verify(conn, limit=50, digests=digests)
    head = None
    bad = []
    bound = False
    for cp in integrity.checkpoints(conn):
        if not cp["signature"]:
            continue
        if signer and keys.verify(signer, bytes(cp["signature"]), integrity.checkpoint_message(cp)):
            head = (cp["log_id"], cp["log_hash"])
            bound = bound or (cp.get("year"), cp.get("seq")) == bundle
        else:
            bad.append(cp["id"])
    messages = [f.message for f in found] + [f"检查点 {i} 的签名与报送密钥不符" for i in bad]
    if bundle is not None and not bound:
        messages.append(f"报送包中没有为{bundle[0]}年第{bundle[1]}版签名的检查点（不是由本程序正常导出的）")
    rewritten = []
    for log_id, log_hash, year, seq in heads:
        row = conn.execute("SELECT hash FROM change_log WHERE id = ?", (log_id,)).fetchone()
        if row is None or row[0] != log_hash:
            rewritten.append(f"{year}年第{seq}版报送时签名确认的操作日志第{log_id}条已不存在或已被改动")
    return {"checked": True, "findings": messages, "head": list(head) if head else None,
            "rewritten": "；".join(rewritten)}


def _dump(value: Any) -> str:
    """JSON as the parent writes it to the committee's file (text, Chinese as it is)."""
    return json.dumps(value, ensure_ascii=False)
