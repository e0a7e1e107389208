"""The single-writer lock is exact: processes racing to take it never hold it together, a hard
link to the same database is the same lock, and letting go keeps the lock file in place."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from app.session import Session
from db.connection import FileLock
from db.errors import DatabaseLocked
from tests.conftest import CLOCK


def _hammer(db: str, flag: str, rounds: int, overlaps) -> None:
    lock = FileLock(db)
    done = 0
    while done < rounds:
        try:
            lock.acquire()
        except DatabaseLocked:
            continue
        try:
            with open(flag, "r+b") as fh:
                if fh.read(1) != b"0":
                    with overlaps.get_lock():
                        overlaps.value += 1
                fh.seek(0)
                fh.write(b"1")
                fh.flush()
                fh.seek(0)
                fh.write(b"0")
                fh.flush()
        finally:
            lock.release()
        done += 1


@pytest.mark.skipif(os.name == "nt", reason="the stress test uses fork-free spawn timing of POSIX runners")
def test_racing_processes_never_hold_the_lock_together(tmp_path: Path) -> None:
    db, flag = tmp_path / "branch.sqlite", tmp_path / "flag"
    flag.write_bytes(b"0")
    ctx = multiprocessing.get_context("spawn")
    overlaps = ctx.Value("i", 0)
    workers = [ctx.Process(target=_hammer, args=(str(db), str(flag), 150, overlaps)) for _ in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    assert overlaps.value == 0
    assert Path(str(db) + ".lock").exists()  # kept: deleting it let two processes hold it at once


@pytest.mark.skipif(os.name == "nt", reason="hard links and flock are POSIX here")
def test_a_hard_link_to_an_open_database_is_the_same_lock(tmp_path: Path) -> None:
    path = tmp_path / "branch.sqlite"
    with Session.open(path, CLOCK):
        link = tmp_path / "another-name.sqlite"
        os.link(path, link)
        with pytest.raises(DatabaseLocked):
            Session.open(link, CLOCK)
    with Session.open(link, CLOCK):  # once the first is closed, the other name opens
        pass
