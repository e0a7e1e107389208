"""The SQLite engine, and the one factory every connection of the program is made by.

SQLCipher (the ``sqlcipher3`` package) is SQLite with page encryption. Without a key it reads and
writes ordinary SQLite files exactly as Python's ``sqlite3`` does; with ``PRAGMA key`` the file is
encrypted. Its Python module is a copy of ``sqlite3`` with classes of its own (its ``Error`` is not
``sqlite3.Error``), so the program never names either module where it connects or catches: it calls
:func:`connect` and catches :data:`Error`, :data:`DatabaseError`, … from here, which are the
classes of the engine this process uses. ``sqlite3`` stays Python's own module (nothing is swapped
in ``sys.modules``), so a library or a tool that imports it first (coverage does) changes nothing.

One engine per process, chosen when this module is first imported: SQLCipher, unless
``BRANCHBOOK_ENGINE=plain`` asks for Python's (1.5–2.5× faster a statement). The entry point
(ui/__main__.py) asks for it for a command on a file that is not encrypted and for the committee;
the GUI and anything that encrypts, decrypts or is given a passphrase use SQLCipher. Child
processes inherit the choice through the environment. Where SQLCipher is not installed, Python's
engine serves and encryption is simply not offered (:data:`CIPHER` is False).
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

#: The environment variable that chooses the engine ("plain" or "cipher"; SQLCipher when unset).
ENGINE_ENV = "BRANCHBOOK_ENGINE"


def _choose() -> tuple[ModuleType, bool]:
    if os.environ.get(ENGINE_ENV) == "plain":
        try:
            from sqlite3 import dbapi2 as plain
        except ImportError:  # a Python built without it: SQLCipher serves plain files just as well
            pass
        else:
            return plain, False
    try:
        from sqlcipher3 import dbapi2 as cipher
    except ImportError:
        from sqlite3 import dbapi2 as plain

        return plain, False
    conn = cipher.connect(":memory:")
    try:
        # SQLCipher would print each failed decryption (a wrong passphrase) to stderr
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()
    return cipher, True


_module, CIPHER = _choose()
#: The engine's module name, for messages and tests ("sqlcipher3" or "sqlite3").
NAME: str = _module.__name__.split(".")[0]

# The engine's classes. Typed as the standard library's: the two modules are the same API.
Connection: type[sqlite3.Connection] = _module.Connection
Row: type[sqlite3.Row] = _module.Row
Error: type[sqlite3.Error] = _module.Error
DatabaseError: type[sqlite3.DatabaseError] = _module.DatabaseError
IntegrityError: type[sqlite3.IntegrityError] = _module.IntegrityError
OperationalError: type[sqlite3.OperationalError] = _module.OperationalError
ProgrammingError: type[sqlite3.ProgrammingError] = _module.ProgrammingError


def connect(database: str, **kwargs: Any) -> sqlite3.Connection:
    """A connection of this process's engine (``kwargs`` as ``sqlite3.connect`` takes them)."""
    conn: sqlite3.Connection = _module.connect(database, **kwargs)
    return conn


def complete_statement(sql: str) -> bool:
    """Whether ``sql`` ends a complete statement (as ``sqlite3.complete_statement``)."""
    return bool(_module.complete_statement(sql))
