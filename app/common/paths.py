"""Where BranchBook's data and resources live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "BranchBook"


def data_dir() -> Path:
    """The per-user application data folder (``BRANCHBOOK_HOME`` overrides it)."""
    override = os.environ.get("BRANCHBOOK_HOME")
    if override:
        return Path(override)
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


def rare_font_path() -> Path:
    """The bundled fallback for rare characters (CJK Ext. A and beyond) in names."""
    return resource_dir() / "fonts" / "BabelStoneHan.ttf"
