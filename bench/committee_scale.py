"""A committee receiving the bundles of N branches: generates a few branch databases (30–80
members, two years of records, dues and development cases), seals N bundles of 2025 from them
each under its own branch key, and N of 2024 under the same keys, enrols the N keys in a fresh
committee database and receives the 2024 bundles, then times the ingest of the 2025 ones (all
checks, decryption, grading from each snapshot's records, the comparison with each branch's
bundle of the year before) with one worker process per core, on the engine the committee's
program uses. Before it, the same workers only open
every bundle (read, signature, decryption, payload against its manifest: what any way of
receiving must do) — the floor the machine gives on this run, printed as a ratio so that a slow
run of a shared machine can be told from a slow program. The last line is ``ingest: N bundles in
S s = R× the floor …``, and the exit status 1 when the target is missed. Target: 2,060 bundles in
under 60 s on the 2-core reference machine.

    python bench/committee_scale.py --branches 2060 [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

# The engine the committee's program uses (ui/__main__.py: its file is never encrypted), chosen
# before anything imports sqlite3; the worker processes inherit it.
os.environ.setdefault("BRANCHBOOK_ENGINE", "plain")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bundle import bbx, keys, payload
from app.bundle.service import payload_bytes
from app.cli import main as cli
from app.committee import ingest, receive
from app.committee.session import CommitteeSession
from app.common.clock import Clock
from app.session import Session

TODAY = "2026-01-10"
YEAR = 2025
SIZES = (32, 48, 64, 80)


def build_sources(folder: Path, committee: keys.CommitteePublic) -> list[tuple[str, dict[int, tuple[bytes, str]]]]:
    """(branch name, {year: (payload, created)}) of a few generated branches, for the year graded
    and the one before it."""
    out = []
    for i, members in enumerate(SIZES):
        path = folder / f"source{i}.sqlite"
        if cli(["--today", TODAY, "demo", "create", str(path), "--members", str(members), "--years", "2",
                "--seed", str(100 + i)]) != 0:
            raise SystemExit("demo create failed")
        with Session.open(path, Clock(TODAY)) as session:
            service = session.services.bundle
            service.init_key("bench-passphrase")
            service.import_committee_key(committee, committee.fingerprint)
            years = {}
            for year in (YEAR - 1, YEAR):
                plan = service.plan(year)
                years[year] = (payload_bytes(session.services, plan), plan.created)
            out.append((plan.branch_name, years))
    return out


def seal(folder: Path, code: str, name: str, year: int, payload_and_created: tuple[bytes, str],
         public: keys.CommitteePublic, signer: Any) -> None:
    data, created = payload_and_created
    buffer = io.BytesIO()
    bbx.write(buffer, {"branch_id": code, "branch_name": name, "year": year, "seq": 1, "supersedes": "",
                       "created": created, "app_version": "bench"}, data, public, signer)
    (folder / f"{code}-{year}.bbx").write_bytes(buffer.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=2060)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", help="keep the generated files in this folder")
    args = parser.parse_args(argv)
    keys.SCRYPT_N = 2**12  # key sealing is not what is measured
    tmp_ctx = tempfile.TemporaryDirectory(prefix="branchbook-scale-")
    folder = Path(args.keep) if args.keep else Path(tmp_ctx.name)
    folder.mkdir(parents=True, exist_ok=True)
    bundles, earlier = folder / "bundles", folder / "earlier"
    bundles.mkdir(exist_ok=True)
    earlier.mkdir(exist_ok=True)
    clock = Clock(TODAY)
    with CommitteeSession.open(folder / "committee.sqlite", clock) as cs:
        committee = cs.services
        committee.init("中共某某市直机关工委", "bench-passphrase")
        public = committee.public_key()
        started = time.perf_counter()
        sources = build_sources(folder, public)
        print(f"(generated {len(sources)} branch databases in {time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        for i in range(args.branches):
            name, years = sources[i % len(sources)]
            signer = keys.new_branch_key("bench-passphrase")[0]
            code = f"B{i:04d}"
            seal(earlier, code, f"{name}（{code}）", YEAR - 1, years[YEAR - 1], public, signer)
            seal(bundles, code, f"{name}（{code}）", YEAR, years[YEAR], public, signer)
            committee.enroll(code, f"{name}（{code}）", keys.fingerprint(signer.public_key().public_bytes_raw()))
        size = sum(p.stat().st_size for p in bundles.iterdir())
        print(f"(sealed and enrolled {args.branches} bundles of each year, {size / 1024**2:.0f} MB a year, "
              f"in {time.perf_counter() - started:.1f} s)")
        secret = committee.unlock("bench-passphrase")
        workers = args.workers or os.cpu_count() or 1
        # each branch's bundle of the year before, received first: the year graded is compared with it
        started = time.perf_counter()
        receive.run(committee, [earlier], secret, workers=workers)
        print(f"(received the {YEAR - 1} bundles first, in {time.perf_counter() - started:.1f} s)")
        floor = _floor(sorted(bundles.iterdir()), receive.context(committee, secret), workers)
        started, cpu = time.perf_counter(), time.process_time()
        results = receive.run(committee, [bundles], secret, workers=workers)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"(the receiving process itself: {cpu:.1f} s of processor time)")
        accepted = sum(1 for r in results if r["outcome"] == receive.ACCEPTED)
        print(f"(accepted {accepted} of {len(results)}; {workers} worker processes)")
    tmp_ctx.cleanup()
    print(f"(floor: the same workers opening every bundle — file read, signature, decryption, payload "
          f"unpacked and checked against its manifest — {floor:.1f} s)")
    print(f"ingest: {args.branches} bundles in {took:.1f} s = {took / floor:.1f}× the floor, "
          f"{took / args.branches * workers * 1000:.0f} ms of a worker per bundle   target < {TARGET} s   "
          f"{'OK' if took < TARGET else 'SLOW'}")
    return 0 if accepted == args.branches and took < TARGET else 1


#: 2,060 bundles, the whole city, on the 2-core reference machine.
TARGET = 60.0


def _open_only(path: str) -> int:
    """The part of receiving one bundle that any way of receiving it must do."""
    context = ingest._CONTEXT
    assert context is not None
    data = Path(path).read_bytes()
    hashlib.sha256(data).hexdigest()
    opened = bbx.open_bundle(io.BytesIO(data), len(data), enrolled=context.find, last_seq=lambda b, y: None,
                             committee_keys=ingest._KEYS, branch_known=lambda code: True)
    return len(payload.read_zip(opened.payload, only=("summary.json", "data/branchbook.sqlite")))


def _floor(files: list[Path], context: ingest.Context, workers: int) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=ingest.init_worker, initargs=(context,)) as pool:
        for _ in pool.map(_open_only, map(str, files), chunksize=8):
            pass
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
