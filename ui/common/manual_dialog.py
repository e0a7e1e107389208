"""帮助 → 使用手册 (F1): the offline Chinese manual shipped in resources/manual, a page per task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.common import paths
from ui.common.screen import fit_to_screen


def manual_dir() -> Path:
    return paths.resource_dir() / "manual"


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None, page: str = "index.html") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("支部台账使用手册"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(manual_dir())])
        self.browser.setSource(QUrl.fromLocalFile(str(manual_dir() / page)))
        back = QPushButton(self.tr("后退"))
        back.clicked.connect(self.browser.backward)
        home = QPushButton(self.tr("目录"))
        home.clicked.connect(self.browser.home)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(home)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        fit_to_screen(self, 760, 600)
        self.browser.setFocus()
