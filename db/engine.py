"""The SQLite engine: SQLCipher's build of SQLite, in the place of Python's own.

SQLCipher (the ``sqlcipher3`` package) is SQLite with page encryption. Without a key it reads and
writes ordinary SQLite files exactly as Python's ``sqlite3`` does; with ``PRAGMA key`` the file
is encrypted. Its Python module is a copy of ``sqlite3`` with its own classes (its ``Error`` is not
``sqlite3.Error``), so it is installed *as* ``sqlite3`` before anything imports that module — the
way its documentation suggests. Every ``import sqlite3`` in the program, and in sqlite-utils, then
gets the same module, and every ``except sqlite3.Error`` catches its errors.

This module is imported first by ``db``'s and ``app``'s package initialisers. Where SQLCipher is
not installed, Python's ``sqlite3`` stays and encryption is simply not offered (``CIPHER`` is
False; the program says so where it would offer it).

SQLCipher's SQLite and its module run each statement 1.5–2.5× slower than Python's own, so a process
may choose before anything imports us: ``BRANCHBOOK_ENGINE=plain`` keeps Python's ``sqlite3``. The
entry point (ui/__main__.py) does so for a command on a file that is not encrypted; the GUI and
anything that encrypts, decrypts or is given a passphrase use SQLCipher. Child processes inherit the
choice through the environment.
"""

from __future__ import annotations

import os
import sys

#: The environment variable that chooses the engine ("plain" or "cipher"; SQLCipher when unset).
ENGINE_ENV = "BRANCHBOOK_ENGINE"


def _install() -> bool:
    if os.environ.get(ENGINE_ENV) == "plain":
        try:
            import _sqlite3  # noqa: F401 - Python's own engine is there to be chosen
        except ImportError:
            pass  # a build without it: SQLCipher serves plain files just as well
        else:
            return False
    loaded = sys.modules.get("sqlite3")
    try:
        import sqlcipher3
        from sqlcipher3 import dbapi2
    except ImportError:
        return False
    if loaded is not None and loaded is not sqlcipher3:
        # Python's sqlite3 was imported before us: two engines side by side would not share
        # exception classes, so keep that one (and offer no encryption in this process).
        return False
    sys.modules["sqlite3"] = sqlcipher3
    sys.modules["sqlite3.dbapi2"] = dbapi2
    conn = sqlcipher3.connect(":memory:")
    try:
        # SQLCipher would print each failed decryption (a wrong passphrase) to stderr
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()
    return True


#: Whether SQLCipher is the engine (files can be encrypted).
CIPHER = _install()
