"""Storage: connection, migrations, repositories. No Qt, nothing from app/."""

from db import engine as _engine  # noqa: F401 - installs the SQLite engine before anything imports sqlite3
