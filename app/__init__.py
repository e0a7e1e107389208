"""BranchBook core: domain rules, services, CLI. No Qt here."""

from db import engine as _engine  # noqa: F401 - the SQLite engine, before anything imports sqlite3

__version__ = "0.1.0"
