"""One SQLite engine per process, reached through db.engine's factory: SQLCipher by default, Python's
own for commands on plain files; Python's ``sqlite3`` module is never replaced."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from db import engine

ROOT = Path(__file__).resolve().parents[2]


def test_connections_come_from_the_chosen_engine_and_its_errors_are_caught() -> None:
    assert engine.CIPHER and engine.NAME == "sqlcipher3"
    assert sqlite3.__name__ == "sqlite3" and "sqlcipher" not in sqlite3.Connection.__module__  # nothing swapped
    conn = engine.connect(":memory:")
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    db = sqlite_utils.Database(conn)
    with pytest.raises(engine.OperationalError):  # the classes the program catches are the engine's
        db.execute("SELECT * FROM missing")
    with pytest.raises(engine.IntegrityError):
        conn.executescript("CREATE TABLE t (x NOT NULL); INSERT INTO t VALUES (NULL);")


def test_the_engine_is_chosen_even_when_pythons_sqlite3_was_imported_first() -> None:
    """Coverage (and any library) may import sqlite3 before the program: SQLCipher is still used."""
    code = ("import sqlite3, sys; from db import engine; from db.connection import connect; import tempfile, os; "
            "p = os.path.join(tempfile.mkdtemp(), 'a.sqlite'); c = connect(p); "
            "print(engine.NAME, type(c).__mro__[1].__module__.split('.')[0])")
    env = {k: v for k, v in os.environ.items() if k != "BRANCHBOOK_ENGINE"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert out.stdout.split() == ["sqlcipher3", "sqlcipher3"], out.stderr


def _engine_of(tmp_path: Path, *args: str) -> str:
    code = ("import sys; from ui.__main__ import main; sys.argv = ['branchbook', *sys.argv[1:]]; rc = main(); "
            "from db import engine; print(engine.NAME, rc)")
    env = {k: v for k, v in os.environ.items() if k not in ("BRANCHBOOK_ENGINE", "BRANCHBOOK_DB_PASSPHRASE")}
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=env)
    return out.stdout.split()[-2] if out.stdout.split() else out.stderr


def test_commands_on_plain_files_use_pythons_sqlite_and_encrypted_ones_sqlcipher(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    assert _engine_of(tmp_path, "--db", str(db), "init", "--name", "中共某局机关党支部") == "sqlite3"  # a new file
    assert _engine_of(tmp_path, "--db", str(db), "members", "list") == "sqlite3"
    secret = tmp_path / "pw.txt"
    secret.write_text("口令2026abcd\n", encoding="utf-8")
    assert _engine_of(tmp_path, "--db", str(db), "encrypt", "--new-passphrase-file", str(secret)) == "sqlcipher3"
    # the file is encrypted now: a command on it needs (and gets) SQLCipher
    assert _engine_of(tmp_path, "--db", str(db), "--db-passphrase-file", str(secret), "members", "list") \
        == "sqlcipher3"
    assert _engine_of(tmp_path, "--db", str(db), "members", "list") == "sqlcipher3"  # asks for the passphrase


def test_a_snapshot_image_opens_in_memory_with_either_engine(tmp_path: Path) -> None:
    """The committee (Python's engine) reads a bundle's database image straight into memory, the
    same whether the branch's file was in WAL mode or not; a damaged image is refused."""
    wal, plain = tmp_path / "wal.sqlite", tmp_path / "plain.sqlite"
    for path, mode in ((wal, "WAL"), (plain, "DELETE")):
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA journal_mode = {mode}")
        conn.executescript("CREATE TABLE t (x); INSERT INTO t VALUES ('支部');")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    assert wal.read_bytes()[18:20] == b"\x02\x02"
    code = ("import sys; from pathlib import Path; from db import engine; from db.images import open_image\n"
            "for name in sys.argv[1:]:\n"
            "    try:\n"
            "        c = open_image(Path(name).read_bytes())\n"
            "    except engine.DatabaseError:\n"
            "        print('refused'); continue\n"
            "    c.execute(\"INSERT INTO t VALUES ('x')\")\n"
            "    print(engine.NAME, c.execute('SELECT count(*) FROM t').fetchone()[0],\n"
            "          c.execute('SELECT x FROM t').fetchone()[0])\n")
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(plain.read_bytes()[:100] + b"\x00" * 50 + b"junk" * 100)
    for chosen in ("plain", "cipher"):
        env = {**os.environ, "BRANCHBOOK_ENGINE": chosen}
        out = subprocess.run([sys.executable, "-c", code, str(wal), str(plain), str(damaged)], cwd=ROOT,
                             capture_output=True, text=True, timeout=60, env=env)
        name = "sqlite3" if chosen == "plain" else "sqlcipher3"
        assert out.stdout.split("\n")[:3] == [f"{name} 2 支部", f"{name} 2 支部", "refused"], out.stderr
