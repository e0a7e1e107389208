"""Receiving bundles: every file checked in a pool of worker processes (one per core), then the
accepted ones written here one transaction each, in (branch, year, seq) order so that a newer
version supersedes an older one and a replay is refused. The original files are kept in the
archive folder beside the committee's database."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from app.bundle import keys
from app.committee import history, ingest, rules
from app.committee.service import CommitteeService
from app.common.errors import UserError, required
from app.common.files import readable_file
from db.records.committee import EnrolledBranch
from db.repositories import committee as repo

ACCEPTED, SUPERSEDED, DUPLICATE, REFUSED = "已接收", "已接收（替代旧版）", "重复（已接收过）", "拒收"

Progress = Callable[[int, int], None]


def bundle_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and every .bbx file under the folders named (sorted, each once)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".bbx")
        else:
            out.append(readable_file(p))
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def context(service: CommitteeService, committee_keys: dict[str, keys.CommitteePrivate],
            branches: list[EnrolledBranch] | None = None) -> ingest.Context:
    branches = repo.branches(service.conn) if branches is None else branches
    return ingest.Context(
        committee_keys={fp: (k.committee, k.epoch, k.raw()) for fp, k in committee_keys.items()},
        enrolled=repo.current_fingerprints(service.conn), branch_codes={b.branch_id for b in branches},
        last_seq=repo.last_seqs(service.conn), received=repo.received_hashes(service.conn),
        settings={key: service.setting(key) for key in rules.setting_keys()},
        last_heads=repo.last_heads(service.conn))


#: Files a worker checks per task (fewer for a small batch, so that every worker gets some).
_CHUNK = 4


def _check_all(files: list[Path], ctx: ingest.Context, handle: Callable[[dict[str, Any]], None],
               progress: Progress | None, cancel: Callable[[], bool] | None, workers: int | None) -> None:
    """Check every file, handing each result to ``handle`` as it comes (so writing overlaps checking)."""
    total = len(files)
    workers = workers or os.cpu_count() or 1
    done = 0
    if workers <= 1 or total <= 2:
        ingest.init_worker(ctx)
        for f in files:
            if cancel is not None and cancel():
                return
            handle(ingest.process(str(f)))
            done += 1
            if progress:
                progress(done, total)
        return
    # spawn, not fork: the GUI has threads, and Windows and the frozen app only have spawn.
    mp = multiprocessing.get_context("spawn")
    # a few files a task: a quarter of the messages and wake-ups in this process, which shares the
    # processors with the workers
    size = max(1, min(_CHUNK, total // (4 * workers)))
    chunks = [[str(f) for f in files[i:i + size]] for i in range(0, total, size)]
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=mp, initializer=ingest.init_pool_worker,
                             initargs=(ctx,)) as pool:
        pending: set[Future[list[dict[str, Any]]]] = set()
        queue = iter(chunks)

        def refill() -> None:  # two tasks per worker in flight, so cancelling is quick
            for chunk in queue:
                pending.add(pool.submit(ingest.process_many, chunk))
                if len(pending) >= 2 * workers:
                    return

        refill()
        while pending:
            finished, rest = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            pending.clear()
            pending.update(rest)
            if cancel is not None and cancel():
                for fut in pending:
                    fut.cancel()
                return
            refill()
            for fut in finished:
                for result in fut.result():
                    handle(result)
                    done += 1
                    if progress:
                        progress(done, total)


def _archive(service: CommitteeService, result: dict[str, Any], code: str) -> str:
    folder = service.archive_dir() / str(result["year"])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{code}-{result['year']}-第{result['seq']}版.bbx"
    source = Path(result["file"])
    if not target.exists():
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return str(target)


def _compared(service: CommitteeService, r: dict[str, Any]) -> dict[str, Any]:
    """``r`` with what differs from the branch's earlier bundles (those before it) added to its
    integrity findings, and its records score graded again when something does."""
    if not r.get("history"):  # a snapshot of a program that kept no seals
        return r
    earlier = [e for e in repo.histories(service.conn, r["branch"]) if (e.year, e.seq) < (r["year"], r["seq"])]
    found = history.compare(earlier, r["history"])
    if not found:
        return r
    metrics = json.loads(r["metrics_json"])
    metrics.setdefault("integrity", {})["compared"] = found
    grade = rules.score(metrics, service.setting)
    return {**r, "metrics_json": _json(metrics), "score": grade.records, "tier": grade.tier,
            "deductions_json": _json([d.as_json() for d in grade.deductions])}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _warnings(branch: EnrolledBranch, header: dict[str, Any]) -> list[str]:
    out = []
    if str(header["branch_id"]) != branch.branch_id:
        out.append(f"报送包中的支部代码“{header['branch_id'] or '未设置'}”与登记的“{branch.branch_id}”不同")
    if header["branch_name"] != branch.name:
        out.append(f"报送包中的支部名称“{header['branch_name']}”与登记的“{branch.name}”不同")
    return out


def _write(service: CommitteeService, r: dict[str, Any], last: dict[tuple[int, int], int],
           before: dict[tuple[int, int], int] | None = None,
           enrolled: dict[int, EnrolledBranch] | None = None) -> dict[str, Any]:
    """Record one checked bundle. ``before`` is what was received before this batch: a file not
    newer than that is a replay; one older than a version that came earlier *in this batch* (files
    are checked in parallel, so they can arrive out of order) is kept on record as superseded.
    ``enrolled``: the branches as the batch began (their codes and names), read once for all."""
    known = enrolled.get(r["branch"]) if enrolled is not None else None
    branch = known or required(repo.branch_by_pk(service.conn, r["branch"]), "报送包的支部未登记")
    key = (r["branch"], r["year"])
    base = {"file": r["file"], "sha256": r["sha256"], "branch_id": branch.branch_id, "name": branch.name,
            "year": r["year"], "seq": r["seq"]}
    before = last if before is None else before
    if (key not in before or r["seq"] > before[key]) and key in last and r["seq"] < last[key]:
        reason = f"同一批中已接收更新的第 {last[key]} 版，本文件（第 {r['seq']} 版）只作记录，不参与评定"
        with service.write():
            repo.log_ingest(service.conn, {"file_name": Path(r["file"]).name, "file_sha256": r["sha256"],
                                           "outcome": SUPERSEDED, "reason": reason, "branch": r["branch"]})
        return {**base, "outcome": SUPERSEDED, "reason": reason}
    if key in last and r["seq"] <= last[key]:
        reason = f"重复或过期的报送包：{r['year']}年已接收第 {last[key]} 版，本文件是第 {r['seq']} 版"
        with service.write():
            repo.log_ingest(service.conn, {"file_name": Path(r["file"]).name, "file_sha256": r["sha256"],
                                           "outcome": REFUSED, "code": "replay", "reason": reason,
                                           "branch": r["branch"]})
        return {**base, "outcome": REFUSED, "code": "replay", "reason": reason}
    warnings = _warnings(branch, r["header"])
    r = _compared(service, r)
    with service.write():
        for rotation in r["rotations"]:
            statement = json.loads(rotation["statement"])
            repo.enroll(service.conn, r["branch"], statement["new_fingerprint"], "更换声明",
                        base64.b64decode(statement["new_public"]))
            warnings.append(f"支部已更换密钥（新指纹 {keys.grouped(statement['new_fingerprint'])}），已按更换声明登记")
        repo.learn_public_key(service.conn, r["branch"], base64.b64decode(r["header"]["signer_public"]))
        bundle = repo.add_bundle(service.conn, {
            "branch": r["branch"], "year": r["year"], "seq": r["seq"], "file_sha256": r["sha256"],
            "file_name": Path(r["file"]).name, "created": r["header"]["created"],
            "header": r["header_json"], "warnings": _json(warnings), "summary": r["summary_json"],
            "metrics": r["metrics_json"], "score": r["score"], "deductions": r["deductions_json"],
            "archive_path": _archive(service, r, branch.branch_id), "seals": r["seals_json"]})
        outcome = SUPERSEDED if key in last else ACCEPTED
        repo.log_ingest(service.conn, {"file_name": Path(r["file"]).name, "file_sha256": r["sha256"],
                                       "outcome": outcome, "reason": "；".join(warnings), "branch": r["branch"],
                                       "bundle": bundle})
    last[key] = r["seq"]
    return {**base, "outcome": outcome, "reason": "；".join(warnings), "score": r["score"], "tier": r["tier"]}


class _Batch:
    """Writes grouped into one transaction per batch (a batch is whole or absent), so that 2,000
    bundles do not cost 2,000 synchronous commits."""

    SIZE, SECONDS = 100, 1.0

    def __init__(self, service: CommitteeService) -> None:
        self.service = service
        self.open: Any = None
        self.count = 0
        self.since = 0.0

    def __call__(self, write: Callable[[], Any]) -> Any:
        if self.open is None:
            self.open = self.service.write()
            self.open.__enter__()
            self.count, self.since = 0, time.monotonic()
        try:
            result = write()
        except BaseException as exc:
            self.open.__exit__(type(exc), exc, exc.__traceback__)
            self.open = None
            raise
        self.count += 1
        if self.count >= self.SIZE or time.monotonic() - self.since > self.SECONDS:
            self.flush()
        return result

    def flush(self) -> None:
        if self.open is not None:
            opened, self.open = self.open, None
            opened.__exit__(None, None, None)


def run(service: CommitteeService, paths: Iterable[str | Path], committee_keys: dict[str, keys.CommitteePrivate],
        progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
        workers: int | None = None) -> list[dict[str, Any]]:
    """Check and receive every bundle under ``paths`` (the archive folder itself left out);
    one outcome per file checked, in file order. Cancelling keeps what was already received."""
    archive = service.archive_dir().resolve()
    files = [f for f in bundle_files(paths) if archive not in f.resolve().parents]
    if not files:
        raise UserError("没有找到报送包文件（*.bbx）")
    branches = repo.branches(service.conn)
    enrolled = {b.id: b for b in branches}
    ctx = context(service, committee_keys, branches)
    last = dict(ctx.last_seq)
    before = dict(last)  # what was received before this batch
    seen: set[str] = set(ctx.received)
    out: dict[str, dict[str, Any]] = {}

    batch = _Batch(service)

    def handle(r: dict[str, Any]) -> None:
        if r["status"] == "duplicate" or (r["status"] == "accepted" and r["sha256"] in seen):
            out[r["file"]] = {"file": r["file"], "sha256": r["sha256"], "outcome": DUPLICATE,
                              "reason": "该文件已接收过，未做改动"}
        elif r["status"] == "refused":
            batch(lambda: repo.log_ingest(service.conn, {
                "file_name": Path(r["file"]).name, "file_sha256": r["sha256"], "outcome": REFUSED, "code": r["code"],
                "reason": r["reason"]}))
            out[r["file"]] = {"file": r["file"], "sha256": r["sha256"], "outcome": REFUSED, "code": r["code"],
                              "reason": r["reason"]}
        else:
            out[r["file"]] = batch(lambda: _write(service, r, last, before, enrolled))
        if r["sha256"]:
            seen.add(r["sha256"])

    try:
        _check_all(files, ctx, handle, progress, cancel, workers)
    finally:
        batch.flush()
    return [out[str(f)] for f in files if str(f) in out]
