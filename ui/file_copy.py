"""A file copied on a thread of its own into a temporary folder: the start-up check
(``branchbook --db FILE --self-check``) opens a copy of the user's file, never the file itself,
and begins copying it as the program starts, so that the copy goes on while Python and Qt load
(a ten-year file is 30 MB). No Qt here: it is started before Qt is imported."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from app.common.errors import UserError
from app.common.files import os_reason, readable_file


class FileCopy:
    """A copy of ``source`` being made; :meth:`wait` for it, :meth:`cleanup` when done."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self._folder = tempfile.TemporaryDirectory(prefix="branchbook-start-")
        self.target = Path(self._folder.name) / source.name
        self._error: UserError | None = None
        self._thread = threading.Thread(target=self._copy, name="branchbook-copy", daemon=True)
        try:
            readable_file(source)  # a device or a pipe would be copied for ever
        except UserError as exc:
            self._error = exc
        else:
            self._thread.start()

    def _copy(self) -> None:
        try:
            shutil.copyfile(self.source, self.target)
        except OSError as exc:
            self._error = UserError(f"无法读取 {self.source}：{os_reason(exc)}")

    def wait(self) -> Path:
        """The copy's path once it is made.

        Raises:
            UserError: not an ordinary file, or it could not be read (or the copy written).
        """
        if self._thread.is_alive():
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self.target

    def cleanup(self) -> None:
        if self._thread.is_alive():
            self._thread.join()
        self._folder.cleanup()
