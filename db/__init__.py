"""Storage: connection, migrations, repositories. No Qt, nothing from app/."""
