"""Opening the one SQLite file: pragmas, transactions, and the single-writer lock."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from db import engine
from db.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    NotBranchBookDatabase,
    PassphraseRequired,
    WrongPassphrase,
    classify,
)
from db.integrity import install, reseal_touched

if TYPE_CHECKING:
    import sqlite3

    _Base = sqlite3.Connection
else:
    _Base = engine.Connection  # the engine's own class: SQLCipher's or Python's

#: PRAGMA application_id of a BranchBook file ("BBK1").
APPLICATION_ID = 0x42424B31
#: PRAGMA application_id of a committee's file ("BBC1"): its own schema, never mixed up with a branch's.
COMMITTEE_APPLICATION_ID = 0x42424331


class BranchConnection(_Base):
    """A connection whose commits are held back inside :func:`transaction`.

    sqlite-utils wraps its inserts in ``with conn:`` which commits. Inside one of our own
    transactions that would split a write that must be atomic, so while a transaction is open
    ``commit()`` and the context manager do nothing; the outermost :func:`transaction` commits
    or rolls back everything.
    """

    tx_depth: int = 0
    #: Counts outermost transactions: what one write did is told apart from the next (app/undo.py).
    tx_serial: int = 0
    #: Set (to a dict) on a connection that nothing writes through, e.g. a read-only snapshot:
    #: repositories may then keep whole-table reads in it (see :func:`memo`).
    memo: dict[Any, Any] | None = None
    #: True for a connection nothing can write through (a read-only file, a snapshot): its memo
    #: never needs checking.
    frozen: bool = False
    #: The ``now`` of the open transaction (given to :func:`transaction`): what its records are stamped with.
    tx_now: Callable[[], str] | None = None
    #: True once :func:`db.integrity.install` has put the sealing triggers on this connection.
    sealing: bool = False
    #: True when they are to be put on before this connection's next transaction (db.integrity.arm).
    seal_pending: bool = False

    def commit(self) -> None:
        if self.tx_depth == 0:
            super().commit()

    def __enter__(self) -> BranchConnection:
        return self

    def __exit__(self, exc_type, exc, tb) -> Literal[False]:
        if self.tx_depth == 0:
            if exc_type is None:
                super().commit()
            else:
                super().rollback()
        return False


SQLITE_HEADER = b"SQLite format 3\x00"


def memo(conn: sqlite3.Connection, key: Any, read: Callable[[], Any]) -> Any:
    """``read()``, kept until the database changes (through ``conn`` or any other
    connection). Within a transaction nothing is kept, so a write's own checks always see fresh
    rows. Callers must not change what they get back."""
    store = _memo_store(conn)
    if store is None:
        return read()
    if key not in store:
        store[key] = read()
    return store[key]


def memo_find(conn: sqlite3.Connection, match: Callable[[Any], bool]) -> Any:
    """A value :func:`memo` keeps for ``conn`` under a key ``match`` accepts, or None."""
    store = _memo_store(conn)
    if not store:
        return None
    return next((value for key, value in store.items() if key != "__changes__" and match(key)), None)


def _memo_store(conn: sqlite3.Connection) -> dict[Any, Any] | None:
    """What :func:`memo` keeps for ``conn``, cleared when the database has changed since; None
    where nothing may be kept (another kind of connection, an open transaction)."""
    store = getattr(conn, "memo", None)
    if store is None:
        if not isinstance(conn, BranchConnection):
            return None
        store = conn.memo = {}
    if getattr(conn, "frozen", False):
        return cast(dict[Any, Any], store)
    if conn.in_transaction:
        return None
    # Writes through this connection move total_changes; commits by other connections (another
    # thread's, another program's) move data_version.
    stamp_ = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    if store.get("__changes__") != stamp_:
        store.clear()
        store["__changes__"] = stamp_
    return cast(dict[Any, Any], store)


def stamp(conn: sqlite3.Connection) -> str:
    """The time for a record written through ``conn`` ('YYYY-MM-DDTHH:MM:SS'): the ``now`` its open
    :func:`transaction` was given, else the wall clock."""
    fn = getattr(conn, "tx_now", None)
    return fn() if fn else _dt.datetime.now().isoformat(timespec="seconds")


def _looks_like_sqlite(path: str | os.PathLike[str]) -> bool | None:
    """True/False from the file's first bytes; None when the file is missing or empty."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if not head:
        return None
    return head == SQLITE_HEADER


#: Passphrases of the encrypted files opened in this process, by resolved path: kept in memory
#: only, so the program's own second connections (worker threads, backups of the file, the
#: restore list) open them without asking again.
_PASSPHRASES: dict[str, str] = {}


def key_statement(passphrase: str) -> str:
    """``PRAGMA key`` for ``passphrase`` (PRAGMA takes no parameters: the quote is doubled)."""
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def _looks_like_pages(path: str | os.PathLike[str]) -> bool:
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0


def _may_be_encrypted(path: str | os.PathLike[str]) -> bool:
    """An encrypted file is whole pages of what looks like noise (no SQLite header)."""
    return engine.CIPHER and _looks_like_pages(path)


def forget_passphrases() -> None:
    """Forget every passphrase this process opened a file with (as a new process starts)."""
    _PASSPHRASES.clear()


def passphrase_of(path: str | os.PathLike[str]) -> str | None:
    """The passphrase this process last opened ``path`` with; None when it opened it as an
    ordinary file (or never)."""
    return _PASSPHRASES.get(str(Path(path).resolve()))


def passphrase_for(conn: sqlite3.Connection) -> str | None:
    """The passphrase ``conn``'s file was opened with by :func:`connect` (None: an ordinary file,
    or a connection this module did not make)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return passphrase_of(row[2]) if row and row[2] else None


def connect(path: str | os.PathLike[str], read_only: bool = False, passphrase: str | None = None) -> BranchConnection:
    """Open ``path`` without writing anything to it. Does not migrate, lock or set WAL.

    ``read_only`` opens it with SQLite's read-only URI (``immutable`` when even the folder
    cannot be written, so no -wal/-shm files are needed). An encrypted file needs ``passphrase``
    (or one this process already opened it, or its original, with); an ordinary file ignores it.

    Raises:
        PassphraseRequired: the file is encrypted and no passphrase was given.
        WrongPassphrase: the passphrase given does not open it.
    """
    kind = _looks_like_sqlite(path)
    if kind is False:
        if not engine.CIPHER and _looks_like_pages(path):  # this process runs without SQLCipher
            raise PassphraseRequired(str(path), "请用 --db-passphrase-file 指定口令文件")
        if not _may_be_encrypted(path):
            raise NotBranchBookDatabase(str(path))
        tries = [passphrase] if passphrase else list(dict.fromkeys(
            [p for p in (passphrase_of(path), *_PASSPHRASES.values()) if p]))
        for candidate in tries:
            conn = _open(path, read_only, candidate, encrypted=True)
            if conn is not None:
                _PASSPHRASES[str(Path(path).resolve())] = candidate
                return conn
        raise WrongPassphrase(str(path)) if passphrase else PassphraseRequired(str(path))
    conn = _open(path, read_only, None, encrypted=False)
    assert conn is not None  # an ordinary file opens or raises
    _PASSPHRASES.pop(str(Path(path).resolve()), None)  # decrypted since: no passphrase any more
    return conn


def _open(path: str | os.PathLike[str], read_only: bool, passphrase: str | None,
          encrypted: bool) -> BranchConnection | None:
    """The connection, or None when ``passphrase`` does not decrypt the file."""
    try:
        if read_only:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            if not os.access(Path(path).resolve().parent, os.W_OK):
                uri += "&immutable=1"
            conn = cast(BranchConnection, engine.connect(uri, uri=True, factory=BranchConnection,
                                                         isolation_level=None, check_same_thread=False))
        else:
            conn = cast(BranchConnection, engine.connect(str(path), factory=BranchConnection,
                                                         isolation_level=None, check_same_thread=False))
    except engine.Error as exc:
        raise classify(exc, str(path)) from exc
    conn.row_factory = engine.Row
    try:
        if passphrase:
            conn.execute(key_statement(passphrase))
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = OFF")  # SQLCipher's build turns them on by default
        conn.execute("PRAGMA busy_timeout = 3000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except engine.DatabaseError as exc:
        conn.close()
        if encrypted and "not a database" in str(exc):
            return None
        if not encrypted and _looks_like_sqlite(path):  # a SQLite file that cannot be read: damaged
            raise DatabaseCorrupt(str(path)) from exc
        raise classify(exc, str(path)) from exc
    return conn


def apply_pragmas(conn: sqlite3.Connection) -> None:
    """WAL journal and full sync (office PCs lose power); only once the file is known ours."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - only on odd file systems
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, now: Callable[[], str] | None = None) -> Iterator[sqlite3.Connection]:
    """Run the block as one transaction; nested calls join the outer one.

    ``now`` gives the time every record written in it is stamped and sealed with (the services'
    clock, app.common.context); the wall clock when None. A nested call uses the outer one's."""
    bconn = conn if isinstance(conn, BranchConnection) else None
    depth = bconn.tx_depth if bconn is not None else 0
    if depth == 0:
        if bconn is not None and bconn.seal_pending:  # before BEGIN: a rollback must not take them away

            install(bconn)
        conn.execute("BEGIN IMMEDIATE")
    if bconn is not None:
        bconn.tx_depth = depth + 1
        if depth == 0:
            bconn.tx_serial += 1
            bconn.tx_now = now
    try:
        yield conn
    except BaseException:
        if bconn is not None:
            bconn.tx_depth = depth
            if depth == 0:
                bconn.tx_now = None
        # SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): rolling back
        # again would fail and hide the error that matters.
        if depth == 0 and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        if bconn is not None:
            bconn.tx_depth = depth
        if depth == 0:
            try:
                if getattr(conn, "sealing", False):  # the records written get their new seals in this same commit

                    try:
                        reseal_touched(conn, stamp(conn))
                    except BaseException:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")
                        raise
                conn.execute("COMMIT")
            finally:
                if bconn is not None:
                    bconn.tx_now = None


def _value(value: Any) -> Any:
    """As sqlite-utils stores it: containers as JSON text, dates as ISO text."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


class Table:
    """The few sqlite-utils table operations the repositories use (insert, insert_all, update,
    upsert, last_pk), as plain SQL on the same connection: several times faster per row, and
    nothing commits behind the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.conn, self.name = conn, name
        self.last_pk: int | None = None

    @property
    def pk(self) -> int:
        """The key of the row just written."""
        if self.last_pk is None:
            raise RuntimeError(f"no row was written to {self.name}")
        return int(self.last_pk)

    def insert(self, record: dict[str, Any]) -> Table:
        columns = list(record)
        cur = self.conn.execute(
            f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [_value(record[c]) for c in columns])
        self.last_pk = cur.lastrowid
        return self

    def insert_all(self, records: list[dict[str, Any]]) -> Table:
        for record in records:
            self.insert(record)
        return self

    def update(self, pk: Any, fields: dict[str, Any]) -> Table:
        if fields:
            sets = ", ".join(f"{c} = ?" for c in fields)
            self.conn.execute(f"UPDATE {self.name} SET {sets} WHERE id = ?", [*map(_value, fields.values()), pk])
        self.last_pk = pk
        return self

    def upsert(self, record: dict[str, Any], pk: str) -> Table:
        columns = list(record)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != pk) or f"{pk} = excluded.{pk}"
        cur = self.conn.execute(
            f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({pk}) DO UPDATE SET {updates}", [_value(record[c]) for c in columns])
        self.last_pk = record.get(pk, cur.lastrowid)
        return self


class _Tables:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __getitem__(self, name: str) -> Table:
        return Table(self.conn, name)


def database(conn: sqlite3.Connection) -> _Tables:
    """Table operations on the same connection (``database(conn)["member"].insert({...})``)."""
    return _Tables(conn)


class FileLock:
    """An exclusive OS lock held while the database is open; a crash releases it.

    On Linux and macOS the database file itself is locked (``flock``, which SQLite's own
    byte-range locks do not touch), so a hard link or another path to the same file is the same
    lock. On Windows, where a lock on the database's bytes would block SQLite too, the lock is on
    ``<db>.lock``. Either way ``<db>.lock`` says who holds it, and it is never deleted: deleting it
    let a process that had just opened the old file and one that created a new file both hold it.
    """

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = Path(str(db_path) + ".lock")
        self.db_path = str(db_path)
        self._fh: Any = None
        self._info: Any = None

    def acquire(self, announce: bool = True) -> None:
        """Take the lock or raise :class:`DatabaseLocked`. ``announce=False`` leaves writing who
        holds it to :meth:`announce` (once the file is known to be a database: nothing is left
        beside a file of another kind opened by mistake)."""
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            fh = open(self.path, "a+b")  # noqa: SIM115 - kept open while locked
            try:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            except OSError as exc:
                fh.close()
                raise DatabaseLocked(self.db_path, self._holder()) from exc
            self._fh = fh
            return
        import fcntl

        Path(self.db_path).touch(exist_ok=True)  # a new database: lock the (empty) file it will be
        fh = open(self.db_path, "rb")  # noqa: SIM115 - kept open while locked
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise DatabaseLocked(self.db_path, self._holder()) from exc
        self._fh = fh
        if announce:
            self.announce()

    def announce(self) -> None:
        """Write who holds the lock into ``<db>.lock``, for another process's message."""
        if self._fh is None or self._info is not None or sys.platform == "win32":
            return
        with contextlib.suppress(OSError):
            info = open(self.path, "wb")  # noqa: SIM115 - who holds it, for the other's message
            info.write(f"进程 {os.getpid()}，计算机 {_host()}".encode())
            info.flush()
            self._info = info

    def _holder(self) -> str:
        with contextlib.suppress(OSError):
            return self.path.read_text(encoding="utf-8").strip()
        return ""

    def release(self) -> None:
        """Let go of the lock. The lock file stays (emptied): see the class notes."""
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        info, self._info = self._info, None
        if info is not None:
            with contextlib.suppress(OSError):
                info.truncate(0)
                info.close()
        fh.close()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _host() -> str:
    """This computer's name, for the message another BranchBook shows while the file is held."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")
