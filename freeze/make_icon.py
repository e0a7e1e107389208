"""Draw the program's icon (resources/icons/branchbook-<size>.png): a red book cover with 台账 in
white, in the bundled font. Run once when the icon changes; the PNGs are kept in the repository.

    QT_QPA_PLATFORM=offscreen .venv/bin/python freeze/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPen

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256)


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#b71c1c"))
    p.drawRoundedRect(QRectF(24 * s, 12 * s, 208 * s, 232 * s), 18 * s, 18 * s)
    p.setBrush(QColor("#7f0000"))
    p.drawRect(QRectF(24 * s, 12 * s, 26 * s, 232 * s))  # the spine
    p.setPen(QPen(QColor("#f6c343"), max(1.0, 6 * s)))
    p.drawRect(QRectF(66 * s, 36 * s, 146 * s, 184 * s))  # the cover's gold frame
    font = QFont(family)
    font.setPixelSize(int(78 * s) if size >= 32 else int(100 * s))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    if size >= 32:
        p.drawText(QRectF(66 * s, 44 * s, 146 * s, 84 * s), Qt.AlignmentFlag.AlignCenter, "台")
        p.drawText(QRectF(66 * s, 128 * s, 146 * s, 84 * s), Qt.AlignmentFlag.AlignCenter, "账")
    else:
        p.drawText(QRectF(50 * s, 40 * s, 180 * s, 180 * s), Qt.AlignmentFlag.AlignCenter, "账")
    p.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - fonts and painting need it
    fid = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc"))
    family = QFontDatabase.applicationFontFamilies(fid)[0]
    out = ROOT / "resources" / "icons"
    out.mkdir(exist_ok=True)
    for size in SIZES:
        draw(size, family).save(str(out / f"branchbook-{size}.png"))
    print("icons written to", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
