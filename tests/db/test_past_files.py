"""Every file an earlier build wrote still opens: one fixture per schema version, from the first to
the current one, each migrated by opening it as a user would (the CLI) and read back whole."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.common.clock import Clock
from app.session import Session
from db import migrate
from ui.__main__ import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
VERSIONS = range(1, migrate.SCHEMA_VERSION + 1)


def test_every_schema_version_has_a_fixture() -> None:
    """A new migration comes with the file of the version it starts from (make_fixture.py)."""
    missing = [v for v in VERSIONS if not (FIXTURES / f"schema_v{v}.sqlite").is_file()]
    assert missing == []


def _counts(path: Path) -> dict[str, int]:
    """Rows per table, less the full-text index and what opening a file writes (log, seals, settings)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%fts%' AND name NOT IN ('change_log', 'record_seal', 'checkpoint', 'settings')")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_file_of_every_schema_version_opens_migrated_and_whole(version: int, tmp_path: Path, capsys) -> None:
    target = tmp_path / f"v{version}.sqlite"
    shutil.copy(FIXTURES / f"schema_v{version}.sqlite", target)
    before = _counts(target)
    assert before["member"] > 0  # a real branch, not an empty shape

    assert main(["--db", str(target), "--today", "2026-01-15", "verify"]) == 0  # opened (and migrated) as a user does
    assert "数据完整" in capsys.readouterr().out

    after = _counts(target)
    assert {t: n for t, n in after.items() if t in before} == before  # no row lost or added by a step
    with Session.open(target, Clock("2026-01-15")) as s:
        assert migrate.user_version(s.conn) == migrate.SCHEMA_VERSION
        members = s.services.roster.list()
        assert len(members) == before["member"] and all(m.name for m in members)
        if "meeting" in before:
            listed = s.services.meetings.list(date_from="2000-01-01", date_to="2099-12-31")
            assert len(listed) == before["meeting"]
        s.services.compliance.check(2025)  # the year's checks run over what the old build wrote
        assert s.services.integrity.verify().intact
