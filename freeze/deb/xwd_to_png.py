"""Xvfb's screen (the XWD file it keeps with -fbdir) as a PNG, for make deb-check's screenshot.

    python freeze/deb/xwd_to_png.py FBDIR/Xvfb_screen0 out.png
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def convert(source: Path, target: Path) -> tuple[int, int]:
    data = source.read_bytes()
    header = struct.unpack(">25I", data[:100])
    if header[1] != 7:  # the XWD file version: Xvfb writes the header in the machine's own order
        header = struct.unpack("<25I", data[:100])
    header_size, width, height = header[0], header[4], header[5]
    bits_per_pixel, bytes_per_line, ncolors = header[11], header[12], header[19]
    if bits_per_pixel != 32:
        raise SystemExit(f"{source}: {bits_per_pixel} bits per pixel (Xvfb -screen 0 WxHx24 expected)")
    start = header_size + ncolors * 12
    pixels = data[start:start + bytes_per_line * height]
    image = QImage(pixels, width, height, bytes_per_line, QImage.Format.Format_RGB32)
    image.save(str(target))
    return width, height


if __name__ == "__main__":
    w, h = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}：{w}×{h}")
