"""A committee receiving the bundles of N branches: generates a few branch databases (30–80
members, two years of records, dues and development cases), seals N bundles from them each
under its own branch key, enrols the N keys in a fresh committee database, then times the
ingest (all checks, decryption, grading from each snapshot's records) with one worker process
per core. The last line is ``ingest: N bundles in S s``. Target: 2,060 bundles in under 60 s on
the 2-core reference machine.

    python bench/committee_scale.py --branches 2060 [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

# The engine the committee's program uses (ui/__main__.py: its file is never encrypted), chosen
# before anything imports sqlite3; the worker processes inherit it.
os.environ.setdefault("BRANCHBOOK_ENGINE", "plain")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bundle import bbx, keys
from app.bundle.service import payload_bytes
from app.cli import main as cli
from app.committee import receive
from app.committee.session import CommitteeSession
from app.common.clock import Clock
from app.session import Session

TODAY = "2026-01-10"
YEAR = 2025
SIZES = (32, 48, 64, 80)


def build_sources(folder: Path, committee: keys.CommitteePublic) -> list[tuple[str, bytes, str]]:
    """(branch name, payload, created) of a few generated branches."""
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
            plan = service.plan(YEAR)
            out.append((plan.branch_name, payload_bytes(session.services, plan), plan.created))
    return out


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
    bundles = folder / "bundles"
    bundles.mkdir(exist_ok=True)
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
            name, data, created = sources[i % len(sources)]
            signer = keys.new_branch_key("bench-passphrase")[0]
            code = f"B{i:04d}"
            buffer = io.BytesIO()
            bbx.write(buffer, {"branch_id": code, "branch_name": f"{name}（{code}）", "year": YEAR, "seq": 1,
                               "supersedes": "", "created": created, "app_version": "bench"}, data, public, signer)
            (bundles / f"{code}.bbx").write_bytes(buffer.getvalue())
            committee.enroll(code, f"{name}（{code}）", keys.fingerprint(signer.public_key().public_bytes_raw()))
        size = sum(p.stat().st_size for p in bundles.iterdir())
        print(f"(sealed and enrolled {args.branches} bundles, {size / 1024**2:.0f} MB, "
              f"in {time.perf_counter() - started:.1f} s)")
        secret = committee.unlock("bench-passphrase")
        workers = args.workers or os.cpu_count() or 1
        started = time.perf_counter()
        results = receive.run(committee, [bundles], secret, workers=workers)
        took = time.perf_counter() - started
        accepted = sum(1 for r in results if r["outcome"] == receive.ACCEPTED)
        print(f"(accepted {accepted} of {len(results)}; {workers} worker processes)")
    tmp_ctx.cleanup()
    print(f"ingest: {args.branches} bundles in {took:.1f} s")
    return 0 if accepted == args.branches else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
