"""Killed in the middle: a decryption or encryption stopped at any moment leaves no plain copy of
the records behind once the file is opened again, and the file still opens and verifies; a killed
``demo create`` leaves nothing under the real name. (A bounded number of kills, at spread-out
moments, so ``make test`` stays quick.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
SECRET = "口令2026abcd"
#: Seconds after the start at which the process is killed (about a second is the whole job here).
MOMENTS = (0.3, 0.6, 0.9, 1.2, 1.6, 2.2)


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("BRANCHBOOK_ENGINE", "BRANCHBOOK_DB_PASSPHRASE")}
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after(proc: subprocess.Popen[bytes], seconds: float) -> None:
    time.sleep(seconds)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def _plain_copies(folder: Path, db: Path) -> list[str]:
    """Files holding an unencrypted SQLite database, other than the database itself."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path != db and not path.name.endswith(("-wal", "-shm", "-journal", ".lock")):
            with open(path, "rb") as fh:
                if fh.read(16) == b"SQLite format 3\x00":
                    found.append(path.name)
    return found


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_killed_decryption_leaves_no_plain_copy_once_the_file_is_opened(tmp_path: Path, _demo_year_file: Path,
                                                                          moment: float, capsys) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    db = folder / "branch.sqlite"
    shutil.copyfile(_demo_year_file, db)
    secret = tmp_path / "pw.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    assert main(["--db", str(db), "backups", "--now"]) == 0
    assert main(["--db", str(db), "encrypt", "--new-passphrase-file", str(secret)]) == 0
    assert _plain_copies(folder, db) == []
    _kill_after(_spawn("--db", str(db), "--db-passphrase-file", str(secret), "decrypt"), moment)
    capsys.readouterr()
    assert main(["--db", str(db), "--db-passphrase-file", str(secret), "verify"]) == 0  # opens, whole
    # whatever the moment: the decryption finished (the file itself is plain, as asked) or nothing
    # plain is left beside an encrypted file
    with open(db, "rb") as fh:
        decrypted = fh.read(16) == b"SQLite format 3\x00"
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith((".rekey", ".partial"))]
    assert leftovers == []
    if not decrypted:
        assert _plain_copies(folder, db) == []


@pytest.mark.parametrize("moment", MOMENTS[:3])
def test_a_killed_demo_create_leaves_nothing_under_the_real_name(tmp_path: Path, moment: float) -> None:
    target = tmp_path / "demo.sqlite"
    _kill_after(_spawn("demo", "create", str(target)), moment)
    if target.exists():  # finished before the kill: then it is whole
        assert main(["--db", str(target), "verify"]) == 0
    else:
        assert main(["demo", "create", str(target)]) == 0  # a rerun is not refused
        assert main(["--db", str(target), "verify"]) == 0
