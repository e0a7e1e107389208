"""The services' clock: "today" and "now" come from here, so tests and scripts can fix them."""

from __future__ import annotations

import datetime as _dt


class Clock:
    """The wall clock, or a fixed day (``Clock("2025-03-12")``) for tests and scripted runs.

    A fixed clock keeps the wall clock's time of day, so records made one after another
    still sort in the order they were made.
    """

    def __init__(self, today: str | None = None) -> None:
        if today is not None:
            _dt.date.fromisoformat(today)  # raises ValueError for anything but YYYY-MM-DD
        self._fixed = today

    @property
    def fixed(self) -> bool:
        return self._fixed is not None

    def today(self) -> str:
        """Today as 'YYYY-MM-DD'."""
        return self._fixed or _dt.date.today().isoformat()

    def now(self) -> str:
        """Now as 'YYYY-MM-DDTHH:MM:SS' (local time)."""
        wall = _dt.datetime.now().isoformat(timespec="seconds")
        return f"{self._fixed}{wall[10:]}" if self._fixed else wall

    def year(self) -> int:
        return int(self.today()[:4])

    def __repr__(self) -> str:
        return f"Clock({self._fixed!r})" if self._fixed else "Clock()"


#: The wall clock, for code that has no services at hand (the CLI before a database is open).
WALL = Clock()
