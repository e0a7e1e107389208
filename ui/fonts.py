"""Register the bundled CJK fonts so Chinese renders on a PC without one.

The common font is registered before anything is shown. The rare-character font (names with
characters of CJK Ext. A and beyond) is named in the application's font chain from the start but
loaded just after the main window's first paint (:func:`load_rare_font`): nothing painted before
then shows a name, and on the installed program's first run the font must first be expanded
(about a second), which then happens on a thread while the window is already up.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.common.paths import RARE_FAMILY, font_path, rare_font_path, ready_rare_font_path

_registered: list[str] = []
_rare: list[str] = []


def _add(path: object) -> list[str]:
    font_id = QFontDatabase.addApplicationFont(str(path))
    return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []


def _register_common() -> list[str]:
    if not _registered:
        _registered.extend(_add(font_path()))
    return _registered


def register_bundled_font() -> list[str]:
    """Add both bundled fonts to Qt's database now (once); returns their family names, the
    common font's first."""
    _register_common()
    if not _rare:
        _register_rare(str(rare_font_path()))
    return _registered + _rare


def install_fallback(app: QApplication) -> str:
    """Use the system's UI font first and the bundled CJK fonts as fallback for every glyph."""
    families = _register_common()
    if not families:
        return app.font().family()
    font = app.font()
    preferred = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"]
    available = set(QFontDatabase.families())
    chain = [f for f in preferred if f in available] + families + [RARE_FAMILY]
    font.setFamilies(chain)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return chain[0]


class _Loader(QObject):
    """Carries the expanded font's path from the thread that expanded it to the GUI thread."""

    expanded = Signal(str)


_loader: list[_Loader] = []


def load_rare_font() -> None:
    """Load the rare-character font (once): at once when its file is ready, otherwise expanded on
    a thread and loaded when that is done. Widgets already shown are repainted with it."""
    if _rare or _loader:
        return
    ready = ready_rare_font_path()
    if ready is not None:
        _register_rare(str(ready))
        return
    loader = _Loader()
    loader.expanded.connect(_register_rare)  # queued: the slot runs on the GUI thread
    _loader.append(loader)
    threading.Thread(target=lambda: loader.expanded.emit(str(rare_font_path())), name="rare-font",
                     daemon=True).start()


def _register_rare(path: str) -> None:
    if _rare:
        return
    _rare.extend(_add(path))
    for widget in QApplication.topLevelWidgets():  # what was drawn without it (tofu) is drawn again
        if widget.isVisible():
            widget.update()


def rare_loaded() -> bool:
    return bool(_rare)


def bundled_family() -> str:
    families = register_bundled_font()
    return families[0] if families else QFont().family()
