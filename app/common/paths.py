"""Where BranchBook's data and resources live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "BranchBook"


def data_dir() -> Path:
    """The per-user application data folder (``BRANCHBOOK_HOME`` overrides it)."""
    override = os.environ.get("BRANCHBOOK_HOME")
    if override:
        return Path(override)
    import platformdirs  # here, not at the top: a command given --db never needs it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "branchbook.sqlite"


def resource_dir() -> Path:
    """The ``resources`` folder, inside the frozen bundle or beside the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def font_path() -> Path:
    """The bundled CJK font (TrueType outlines, so Qt and reportlab both can use it)."""
    return resource_dir() / "fonts" / "wqy-microhei.ttc"


RARE_FONT = "BabelStoneHan.ttf"
#: The family name inside RARE_FONT (the GUI names it in its font chain before the file is loaded).
RARE_FAMILY = "BabelStone Han"


def rare_font_path() -> Path:
    """The bundled fallback for rare characters (CJK Ext. A and beyond) in names.

    The installed program carries it xz-compressed (51 MB → 8.5 MB) and expands it once into the
    data folder (or, when that cannot be written, a temporary folder) the first time it is needed.
    """
    ready = ready_rare_font_path()
    if ready is not None:
        return ready
    plain = resource_dir() / "fonts" / RARE_FONT
    packed = plain.with_name(RARE_FONT + ".xz")
    for folder in _expanded_folders():
        try:
            _expand(packed, folder / RARE_FONT)
        except OSError:
            continue
        return folder / RARE_FONT
    return plain  # not there: callers report the missing font


def ready_rare_font_path() -> Path | None:
    """The rare-character font when it can be read at once; None when it must be expanded first
    (the first run of the installed program: about a second)."""
    plain = resource_dir() / "fonts" / RARE_FONT
    if plain.is_file():
        return plain
    for folder in _expanded_folders():
        target = folder / RARE_FONT
        if target.is_file() and target.stat().st_size > 0:
            return target
    return None


def _expanded_folders() -> tuple[Path, ...]:
    import tempfile

    return data_dir() / "fonts", Path(tempfile.gettempdir()) / "branchbook-fonts"


def _expand(packed: Path, target: Path) -> None:
    import lzma

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with lzma.open(packed) as src, open(partial, "wb") as dst:
        while block := src.read(1 << 20):
            dst.write(block)
    partial.replace(target)
