"""SQLCipher is the one SQLite engine in the process (and in sqlite-utils), with SQLite's behaviour."""

from __future__ import annotations

import os
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


def _engine_of(tmp_path: Path, *args: str) -> str:
    code = ("import sys; from ui.__main__ import main; sys.argv = ['branchbook', *sys.argv[1:]]; rc = main(); "
            "import sqlite3; print(sqlite3.__name__, rc)")
    env = {k: v for k, v in os.environ.items() if k not in ("BRANCHBOOK_ENGINE", "BRANCHBOOK_DB_PASSPHRASE")}
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=env)
    return out.stdout.split()[-2] if out.stdout.split() else out.stderr


def test_commands_on_plain_files_use_pythons_sqlite_and_encrypted_ones_sqlcipher(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    assert _engine_of(tmp_path, "--db", str(db), "members", "list") == "sqlite3"  # a new file: plain
    assert _engine_of(tmp_path, "--db", str(db), "members", "list") == "sqlite3"
    secret = tmp_path / "pw.txt"
    secret.write_text("口令2026abcd\n", encoding="utf-8")
    assert _engine_of(tmp_path, "--db", str(db), "encrypt", "--new-passphrase-file", str(secret)) == "sqlcipher3"
    # the file is encrypted now: a command on it needs (and gets) SQLCipher
    assert _engine_of(tmp_path, "--db", str(db), "--db-passphrase-file", str(secret), "members", "list") \
        == "sqlcipher3"
    assert _engine_of(tmp_path, "--db", str(db), "members", "list") == "sqlcipher3"  # asks for the passphrase
