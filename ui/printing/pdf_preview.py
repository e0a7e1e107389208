"""Preview of a printed book inside the program (pages rendered with pdfium): thumbnails,
zoom, page x of y; 打印… to any installed printer (page range, copies) and 另存为 PDF…."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.common.errors import UserError
from app.common.files import write_bytes
from ui import messages
from ui.common.save_dialog import ask_save_path
from ui.common.screen import fit_to_screen

#: The longer side of a page thumbnail, in pixels.
THUMB = 120

ZOOMS = (("适合宽度", 0.0), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25), ("150%", 1.5), ("200%", 2.0))


def render(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """One page as an image (``scale`` 1 = 72 dpi)."""
    bitmap = document[index].render(scale=scale, rev_byteorder=True)
    return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                  QImage.Format.Format_RGB888).copy()


class PdfPreview(QDialog):
    """Shows ``data`` (a PDF); ``suggested`` is the file name offered by 另存为 PDF…."""

    def __init__(self, parent: QWidget | None, data: bytes, title: str, suggested: str) -> None:
        super().__init__(parent)
        self.data = data
        self.suggested = suggested
        self.document = pdfium.PdfDocument(data)
        self.count = len(self.document)
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=title))
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setFlow(QListWidget.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setIconSize(QSize(THUMB, THUMB))
        self.thumbs.setGridSize(QSize(THUMB + 20, THUMB + 30))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setFixedWidth(THUMB + 44)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        blank = QPixmap(THUMB, THUMB)
        blank.fill(Qt.GlobalColor.transparent)
        for i in range(self.count):
            item = QListWidgetItem(QIcon(blank), self.tr("第 {n} 页").format(n=i + 1))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.thumbs.addItem(item)
        self.page_label = QLabel()
        self.view = QLabel()
        self.view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.view)
        self.scroller.setWidgetResizable(True)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.zoom = QComboBox()
        for label, value in ZOOMS:
            self.zoom.addItem(self.tr(label), value)
        self.prev_button = QPushButton(self.tr("上一页"))
        self.next_button = QPushButton(self.tr("下一页"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("打印（Ctrl+P）"))
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.save_button.setToolTip(self.tr("另存为 PDF（Ctrl+S）"))
        close = QPushButton(self.tr("关闭"))
        bar = QHBoxLayout()
        for w in (self.prev_button, self.next_button, self.page_label, QLabel(self.tr("缩放")), self.zoom):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.print_button, self.save_button, close):
            bar.addWidget(w)
        split = QSplitter()
        split.addWidget(self.thumbs)
        split.addWidget(self.scroller)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.thumbs.currentRowChanged.connect(self.show_page)
        self.zoom.currentIndexChanged.connect(lambda _: self.show_page(self.current))
        self.prev_button.clicked.connect(lambda: self.thumbs.setCurrentRow(max(0, self.current - 1)))
        self.next_button.clicked.connect(lambda: self.thumbs.setCurrentRow(min(self.count - 1, self.current + 1)))
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_pages)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_as)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self).activated.connect(self.next_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self).activated.connect(self.prev_button.click)
        self.current: int = 0
        fit_to_screen(self, 1100, 900)
        self._thumbs_done = 0
        self.thumbs.verticalScrollBar().valueChanged.connect(lambda _: self._load_thumbs())
        self.thumbs.setCurrentRow(0)
        self._load_thumbs()

    def _load_thumbs(self) -> None:
        """Thumbnails for the pages in view (and a few beyond): a 300-page book opens at once."""
        if self.document is None:
            return
        last = min(self.count, self._visible_last() + 8)
        for i in range(self._thumbs_done, last):
            width, height = self.document[i].get_size()
            image = render(self.document, i, THUMB / max(width, height))
            self.thumbs.item(i).setIcon(QIcon(QPixmap.fromImage(image)))
        self._thumbs_done = max(self._thumbs_done, last)

    def _visible_last(self) -> int:
        item = self.thumbs.itemAt(10, self.thumbs.viewport().height() - 5)
        return (self.thumbs.row(item) + 1) if item is not None else 6

    def show_page(self, index: int) -> None:
        if self.document is None or not 0 <= index < self.count:
            return
        self.current = index
        zoom = self.zoom.currentData() or 0.0
        if zoom:
            scale = zoom * self.logicalDpiX() / 72  # 100% = the paper's size on screen
        else:  # fit the width of the view
            width = self.document[index].get_size()[0]
            scale = max(0.3, (self.scroller.viewport().width() - 24) / width)
        self.view.setPixmap(QPixmap.fromImage(render(self.document, index, scale)))
        self.page_label.setText(self.tr("第 {x} 页 / 共 {y} 页").format(x=index + 1, y=self.count))
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.count - 1)

    def done(self, result: int) -> None:
        self.release()
        super().done(result)

    def release(self) -> None:
        """Close the pdfium document (it holds the PDF in memory)."""
        if self.document is not None:
            self.thumbs.blockSignals(True)
            self.document.close()
            self.document = None

    def save_as(self) -> None:
        path = ask_save_path(self, self.tr("另存为 PDF"), str(Path.home() / self.suggested),
                             self.tr("PDF 文件 (*.pdf)"), ".pdf")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_bytes(path, self.data)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        messages.show_info(self, self.tr("已保存"), self.tr("已保存到\n{p}").format(p=path))

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested)
        printer.setFromTo(1, self.count)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.count)
        dialog.setWindowTitle(self.tr("打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except RuntimeError as exc:
            messages.show_error(self, self.tr("无法打印"), str(exc))

    def print_to(self, printer: QPrinter) -> int:
        """Send the chosen pages to ``printer``; returns how many pages were printed."""
        first, last = printer.fromPage() or 1, printer.toPage() or self.count
        pages = list(range(first - 1, min(last, self.count)))
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError(self.tr("打印机无法开始打印，请检查打印机是否连接"))
        printed = 0
        try:
            dpi = printer.resolution()
            for n in range(copies):
                for i, index in enumerate(pages):
                    if printed and (i or n):
                        printer.newPage()
                    image = render(self.document, index, min(dpi, 300) / 72)
                    target = painter.viewport()
                    size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.setViewport(target.x(), target.y(), size.width(), size.height())
                    painter.setWindow(image.rect())
                    painter.drawImage(0, 0, image)
                    painter.setViewport(target)
                    printed += 1
        finally:
            painter.end()
        return printed
