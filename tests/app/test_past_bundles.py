"""Bundles and notices that earlier builds wrote are still read: each folder of
tests/fixtures/bundle holds one build's committee file (a branch enrolled), the branch's file, its
2025 bundle and the committee's notice (make_fixtures.py there). Each is taken in through the CLI,
as the committee and the secretary do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.committee.session import CommitteeSession
from app.common.clock import Clock
from ui.__main__ import main

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "bundle"
BUILDS = sorted(p for p in FOLDER.iterdir() if p.is_dir())
BRANCH_PASS, COMMITTEE_PASS = "支部口令-2026", "党委口令-2026"


def test_there_are_kept_bundles() -> None:
    assert [b.name for b in BUILDS if (b / "CZ02-2025.bbx").is_file() and (b / "notice.bbn").is_file()]


@pytest.mark.parametrize("build", BUILDS, ids=[b.name for b in BUILDS])
def test_a_kept_bundle_is_received_and_graded(build: Path, tmp_path: Path, capsys) -> None:
    committee = tmp_path / "committee.sqlite"
    shutil.copyfile(build / "committee.sqlite", committee)
    secret = tmp_path / "pass.txt"
    secret.write_text(COMMITTEE_PASS + "\n", encoding="utf-8")
    bundle = tmp_path / "usb" / "CZ02-2025.bbx"
    bundle.parent.mkdir()
    shutil.copyfile(build / "CZ02-2025.bbx", bundle)

    code = main(["committee", "--db", str(committee), "ingest", str(bundle.parent), "--passphrase-file", str(secret)])
    out = capsys.readouterr().out
    assert code == 0, out
    with CommitteeSession.open(committee, Clock("2026-06-15")) as s:
        grade = s.services.grade("CZ02", 2025)
        assert grade.bundle is not None and grade.bundle.seq == 1  # received as the first of its year
        assert grade.tier in ("好", "中", "差") and grade.grade is not None
        assert grade.grade.records > 0
    code = main(["committee", "--db", str(committee), "show", "CZ02", "--year", "2025"])
    assert code == 0 and "CZ02" in capsys.readouterr().out


@pytest.mark.parametrize("build", BUILDS, ids=[b.name for b in BUILDS])
def test_a_kept_notice_is_imported_by_the_branch(build: Path, tmp_path: Path, capsys) -> None:
    branch = tmp_path / "branch.sqlite"
    shutil.copyfile(build / "branch.sqlite", branch)
    assert main(["--db", str(branch), "--today", "2026-06-20", "notices", "import", str(build / "notice.bbn")]) == 0
    capsys.readouterr()
    assert main(["--db", str(branch), "--today", "2026-06-20", "notices", "list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["problem"] for i in items] == ["全年谈心谈话未覆盖全体党员"]
    assert main(["--db", str(branch), "--today", "2026-06-20", "verify"]) == 0  # the kept file is whole
