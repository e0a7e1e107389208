"""Register the bundled CJK font so Chinese renders on a PC without one."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.common.paths import font_path, rare_font_path

_registered: list[str] = []


def register_bundled_font() -> list[str]:
    """Add the bundled font to Qt's database once; returns its family names."""
    if _registered:
        return _registered
    for path in (font_path(), rare_font_path()):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _registered


def install_fallback(app: QApplication) -> str:
    """Use the system's UI font first and the bundled CJK font as fallback for every glyph."""
    families = register_bundled_font()
    if not families:
        return app.font().family()
    font = app.font()
    preferred = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"]
    available = set(QFontDatabase.families())
    chain = [f for f in preferred if f in available] + families
    font.setFamilies(chain)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return chain[0]


def bundled_family() -> str:
    families = register_bundled_font()
    return families[0] if families else QFont().family()
