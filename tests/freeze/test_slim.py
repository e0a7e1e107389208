"""The frozen app's smaller ICU data: what Qt does with ICU (Chinese sorting, GBK/GB 18030, time-zone
names, case mapping) gives the same answers as with the full library."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
icu = runpy.run_path(str(ROOT / "freeze" / "slim.py"))


def _library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("ICU's data library ships with Qt on Linux only")
    return found[0]


def test_keeps_chinese_and_english_and_drops_the_rest() -> None:
    package, names = icu["trimmed_package"](_library().read_bytes())
    short = {n.split("/", 1)[1] for n in names}
    for needed in ("root.res", "zh.res", "zh_Hans_CN.res", "en.res", "coll/zh.res", "coll/root.res",
                   "coll/ucadata.icu", "zone/zh.res", "cnvalias.icu", "gb18030.cnv", "zoneinfo64.res",
                   "metaZones.res", "ibm-1386_P100-2001.cnv"):
        assert needed in short, needed
    for dropped in ("ja.res", "de.res", "coll/ja.res", "coll/de_.res", "zone/fr.res", "euc-jp-2007.cnv"):
        assert dropped not in short, dropped
    assert not [n for n in short if n.startswith(("brkitr/", "translit/", "unit/", "curr/", "lang/"))]
    assert len(package) < 8_000_000 < _library().stat().st_size


QT_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
zh = QLocale(QLocale.Chinese, QLocale.China)
names = ["张三", "李四", "王五", "赵六", "阿明", "曾华", "单雄", "欧阳修", "Zoe", "abc", "䶮", "𠮷"]
print(sorted(names, key=QCollator(zh).sortKey))
print(zh.toUpper("straße"), QLocale(QLocale.Turkish).toUpper("istanbul"))
print([QStringDecoder(c).isValid() for c in ("GBK", "GB18030", "GB2312", "Big5", "UTF-8", "windows-1252")])
print([QTimeZone(z).displayName(QTimeZone.StandardTime, QTimeZone.LongName, zh)
       for z in (b"Asia/Shanghai", b"Europe/Berlin", b"America/New_York")])
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler, as the build does")
def test_qt_answers_the_same_with_the_small_library(tmp_path: Path) -> None:
    library = icu["build_icu_data"](_library(), tmp_path)
    assert library.stat().st_size < 8_000_000

    def probe(preload: str | None) -> list[str]:
        env = dict(os.environ)
        if preload:
            env["LD_PRELOAD"] = preload
        out = subprocess.run([sys.executable, "-c", QT_PROBE], env=env, capture_output=True, text=True,
                             timeout=60, check=True)
        return out.stdout.splitlines()

    full, small = probe(None), probe(str(library))
    assert small == full
    assert small[0].startswith("['阿明', '曾华', '单雄', '李四', '欧阳修', '王五'")  # pinyin order
    assert "中国标准时间" in small[3]


def test_needed_names_direct_links_only() -> None:
    import PySide6

    lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    if not sys.platform.startswith("linux") or not (lib / "libQt6Widgets.so.6").exists():
        pytest.skip("Qt's Linux libraries")
    names = icu["needed"](lib / "libQt6Widgets.so.6")
    assert "libQt6Gui.so.6" in names and "libQt6Core.so.6" in names
    assert not [n for n in names if n.startswith("libicu")]  # only Qt Core links ICU
    assert icu["needed"](ROOT / "README.md") == []


def test_reachable_drops_what_only_a_left_out_plugin_needed() -> None:
    graph = {
        "/s/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6", "libxcb.so.1"],
        "/s/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "/s/libQt6Gui.so.6": ["libQt6Core.so.6"],
        "/s/libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
        # the cups plugin was left out: its libraries were collected all the same
        "/s/libcups.so.2": ["libgnutls.so.30"],
    }
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/s/QtWidgets.abi3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        *[(f"PySide6/Qt/lib/{n}", f"/s/{n}", "BINARY")
          for n in ("libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6Core.so.6", "libQt6XcbQpa.so.6",
                    "libQt6Network.so.6")],
        *[(n, f"/s/{n}", "BINARY") for n in ("libxcb.so.1", "libcups.so.2", "libgnutls.so.30")],
    ]

    def prunable(dest: str) -> bool:
        return "/plugins/" not in dest and ".abi3." not in dest

    kept = {Path(d).name for d, _, _ in icu["reachable"](binaries, lambda src: graph.get(src, []), prunable)}
    assert kept == {"QtWidgets.abi3.so", "libqxcb.so", "libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6Core.so.6",
                    "libQt6XcbQpa.so.6", "libxcb.so.1"}
