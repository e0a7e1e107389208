"""A small bar chart drawn with QPainter (no chart library): a title, one or two bars per label,
the values on hover, a note below; clicking it opens the page behind it."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

DARK, LIGHT, AXIS = QColor("#b71c1c"), QColor("#f3c7c3"), QColor("#999999")


class BarChart(QWidget):
    clicked = Signal(str)  # the page to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: Any = None  # a dashboard Series once drawn
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        palette = self.palette()  # white before any figures, without a painter (no Qt yet: ui/main_window.py)
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def set_series(self, series: Any) -> None:
        if self.series is None:  # clickable from now on (no Qt before: ui/main_window.py)
            self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.series = series
        self.setToolTip(f"{series.title}：{series.note}（点击打开）")
        self.update()

    def _plot(self) -> QRectF:
        r = QRectF(self.rect()).adjusted(8, 24, -8, -34)
        return r

    def _bars(self) -> list[tuple[QRectF, int, float | None, float | None]]:
        s = self.series
        if s is None:
            return []
        r = self._plot()
        values = [v or 0.0 for v in (*s.values, *s.second)]
        top = max([*values, 100.0 if s.unit == "%" else 1.0])
        n = len(s.labels)
        slot = r.width() / max(n, 1)
        out = []
        for i in range(n):
            v = s.values[i]
            second = s.second[i] if s.second else None
            x = r.left() + i * slot + slot * 0.15
            w = slot * 0.7
            h = (v or 0) / top * r.height()
            out.append((QRectF(x, r.bottom() - h, w, h), i, v, second))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.series
        if s is None:  # an empty white chart until the figures are read after the first paint
            return
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        Qt = QtCore.Qt
        p.setPen(QColor("#202020"))
        p.drawText(QRectF(8, 2, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   s.title)
        r = self._plot()
        top = max([v or 0.0 for v in (*s.values, *s.second)] + [100.0 if s.unit == "%" else 1.0])
        p.setPen(QPen(AXIS, 1))
        p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
        slot = r.width() / max(len(s.labels), 1)
        for rect, i, v, second in self._bars():
            if second is not None:
                h = second / top * r.height()
                p.fillRect(QRectF(rect.left(), r.bottom() - h, rect.width(), h), LIGHT)
            if v is not None:
                p.fillRect(rect, DARK)
            elif not s.second:  # nothing due that month: a thin dash, not a zero bar
                p.setPen(QPen(AXIS, 1, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(rect.left(), r.bottom() - 2), QPointF(rect.right(), r.bottom() - 2))
            p.setPen(QColor("#555555"))
            label = s.labels[i].replace("月", "") if len(s.labels) == 12 else s.labels[i]
            p.drawText(QRectF(r.left() + i * slot, r.bottom() + 2, slot, 14), Qt.AlignmentFlag.AlignCenter, label)
        p.setPen(QColor("#555555"))
        p.drawText(QRectF(8, self.height() - 16, self.width() - 16, 14),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, s.note)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        s = self.series
        for rect, i, v, second in self._bars():
            column = QRectF(rect.left(), self._plot().top(), rect.width(), self._plot().height())
            if s is not None and column.contains(event.position()):
                text = f"{s.labels[i]}：" + ("—" if v is None else f"{v:g}{s.unit}")
                if second is not None:
                    text += f"（应交{second:g}{s.unit}）"
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
                return
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.series is not None and event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.clicked.emit(self.series.page)
