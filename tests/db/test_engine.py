"""SQLCipher is the one SQLite engine in the process (and in sqlite-utils), with SQLite's behaviour."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from db import engine

ROOT = Path(__file__).resolve().parents[2]


def test_one_engine_everywhere() -> None:
    assert engine.CIPHER
    assert sqlite3.__name__ == "sqlcipher3"
    conn = sqlite3.connect(":memory:")
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    db = sqlite_utils.Database(conn)
    try:
        db.execute("SELECT * FROM missing")
    except sqlite3.OperationalError:
        pass  # sqlite-utils raises the same classes the program catches
    else:  # pragma: no cover
        raise AssertionError("expected an error")


def test_the_entry_point_loads_the_engine_first(tmp_path: Path) -> None:
    code = ("import sys; from ui.__main__ import main; sys.argv = ['branchbook', '--db', sys.argv[1], 'members', "
            "'list']; rc = main(); import sqlite3; print(sqlite3.__name__, rc)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.sqlite")], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.split()[-2:] == ["sqlcipher3", "0"], out.stderr
