"""Databases as images in memory: a copy of an open file (encrypted or not) into a plain
connection, and a bundle's snapshot (a SQLite file's bytes) opened in memory."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from db import engine
from db.connection import SQLITE_HEADER, BranchConnection, passphrase_for

if TYPE_CHECKING:
    import sqlite3


def copy_plain(conn: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy ``conn``'s database into ``target`` (an ordinary, unencrypted SQLite connection).

    SQLite's backup API cannot copy between an encrypted and a plain database: an encrypted
    source is first exported through SQLCipher into a plain in-memory database attached to it
    (nothing decrypted touches the disk), and that is copied."""
    if passphrase_for(conn) is None:
        try:
            conn.backup(target)
            return
        except engine.DatabaseError:
            if not engine.CIPHER:
                raise
    conn.execute("ATTACH DATABASE ':memory:' AS branchbook_plain KEY ''")
    try:
        conn.execute("SELECT sqlcipher_export('branchbook_plain')")
        conn.backup(target, name="branchbook_plain")
    finally:
        conn.execute("DETACH DATABASE branchbook_plain")


def open_image(data: bytes) -> BranchConnection:
    """An in-memory database holding the SQLite file image ``data`` (a bundle's snapshot).

    Python's engine reads the image straight into memory (``deserialize``; the committee's
    program uses it: 2,000 bundles). SQLCipher has no ``deserialize``: there the image goes
    through a file in a private temporary folder (owner only), is copied into memory with the
    backup API and the file is deleted before this returns, whatever happens.

    Raises:
        engine.DatabaseError: the image is not a readable SQLite database.
    """
    import shutil
    import tempfile

    conn = cast(BranchConnection, engine.connect(":memory:", factory=BranchConnection, isolation_level=None,
                                                 check_same_thread=False))
    if hasattr(conn, "deserialize") and data[:16] == SQLITE_HEADER and len(data) >= 100:
        image = bytearray(data)
        if image[18:20] == b"\x02\x02":  # a WAL file's header: its image alone is the whole file
            image[18:20] = b"\x01\x01"  # (a database in memory cannot be in WAL mode)
        try:
            conn.deserialize(image)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn
    folder = tempfile.mkdtemp(prefix="branchbook-image-")
    try:
        path = Path(folder) / "image.sqlite"
        with open(path, "wb") as fh:
            fh.write(data)
        source = engine.connect(str(path))
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(conn)
        finally:
            source.close()
    except BaseException:
        conn.close()
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return conn


class ImageRefused(Exception):
    """An image from outside holds what no BranchBook file does (``what`` names it)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


#: The only virtual table a BranchBook file holds: a full-text index (data, no computation).
_FULL_TEXT = re.compile(r"\bUSING\s+fts5\s*\(", re.IGNORECASE)
#: SQLite instructions between two looks at the clock (a few a second on an office PC: free).
_TICKS = 1_000_000


def untrusted(conn: sqlite3.Connection, seconds: float) -> Callable[[], bool]:
    """Make ``conn`` (an image that came from outside, such as a bundle's snapshot) safe to read
    with the program's own queries: a view or a virtual table other than a full-text index —
    never in a BranchBook file, but a way to put an endless computation where a table should be —
    is refused; the file's own triggers (its locks on signed records, or whatever else a crafted
    file made them do) are dropped, as a copy that is only read needs none; and any statement
    still running ``seconds`` from now is interrupted (SQLite raises "interrupted"). Returns
    whether that time ran out, for telling that interruption from any other error.

    Raises:
        ImageRefused: the image holds a view or a virtual table other than a full-text index.
    """
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type = 'view' OR "
                                        "(type = 'table' AND upper(substr(ltrim(sql), 1, 14)) = 'CREATE VIRTUAL')"):
        if kind == "view" or not _FULL_TEXT.search(sql or ""):  # the meetings' search index is one
            raise ImageRefused(f"{'视图' if kind == 'view' else '虚拟表'}“{name}”")
    conn.executescript(f"BEGIN;{trigger_drops(conn)}COMMIT;")
    deadline = time.monotonic() + seconds
    expired = False

    def tick() -> int:
        nonlocal expired
        expired = expired or time.monotonic() > deadline
        return int(expired)

    conn.set_progress_handler(tick, _TICKS)
    return lambda: expired


def trigger_drops(conn: sqlite3.Connection) -> str:
    """A script dropping every trigger of ``conn``'s database, to run as one (each statement alone
    would be a transaction of its own)."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    return "".join(f'DROP TRIGGER IF EXISTS "{name.replace(chr(34), chr(34) * 2)}";' for name in names)
