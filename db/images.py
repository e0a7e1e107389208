"""Databases as images in memory: a copy of an open file (encrypted or not) into a plain
connection, and a bundle's snapshot (a SQLite file's bytes) opened in memory."""

from __future__ import annotations

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
