"""The program's machine-level UI preferences (window geometry, recent files), INI format."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings


def ui_settings() -> QSettings:
    """Machine-level UI preferences (window geometry), INI format."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BranchBook", "BranchBook")


def recent_files() -> list[str]:
    """The databases opened lately, newest first (at most 8)."""
    value = ui_settings().value("recent_files", [])
    return [str(v) for v in (value if isinstance(value, list) else [value] if value else [])][:8]


def remember_file(path: Path) -> None:
    files = [str(path)] + [p for p in recent_files() if p != str(path)]
    ui_settings().setValue("recent_files", files[:8])
