"""The office package's own checks (freeze/deb): the glibc figure of ELF files, the UOS layout and
the menu entry, the four-number version — what makes `make deb` refuse a package."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "freeze" / "deb"))

import glibc_check  # noqa: E402
import layout_check  # noqa: E402
import package  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("objdump") is None or not sys.platform.startswith("linux"),
                                reason="the package is built on Linux with binutils")


def _fake_app(folder: Path) -> Path:
    """A one-folder app whose program is this machine's `true` (an ELF file with a glibc figure)."""
    app = folder / "branchbook"
    app.mkdir()
    shutil.copy(shutil.which("true") or "/bin/true", app / "branchbook")
    (app / "data.txt").write_text("not an ELF file", encoding="utf-8")
    return app


def test_the_glibc_figure_is_the_highest_version_any_elf_file_asks_for(tmp_path: Path) -> None:
    app = _fake_app(tmp_path)
    worst, report = glibc_check.scan(app)
    assert worst >= (2, 2) and len(report) == 1 and report[0].endswith("branchbook")
    assert glibc_check.above(worst, "2.0") and not glibc_check.above(worst, "9.99")
    assert glibc_check.main([str(app), "--limit", "2.0"]) == 1
    assert glibc_check.main([str(app), "--limit", "9.99"]) == 0


def test_the_tree_has_the_uos_layout_and_a_menu_entry_elsewhere(tmp_path: Path) -> None:
    stage = tmp_path / "root"
    package.build_tree(_fake_app(tmp_path), stage, "0.1.0", store=False)
    base = stage / "opt" / "apps" / package.APPID
    info = json.loads((base / "info").read_text(encoding="utf-8"))
    assert info["appid"] == package.APPID and info["name"] == "支部台账"
    assert info["version"] == "0.1.0.0" and info["arch"] == ["amd64"]
    desktop = (base / "entries" / "applications" / f"{package.APPID}.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=支部台账" in desktop
    assert f"Exec=/opt/apps/{package.APPID}/files/branchbook/branchbook" in desktop
    menu = stage / "usr" / "share" / "applications" / f"{package.APPID}.desktop"
    assert menu.is_symlink() and str(menu.readlink()).startswith(f"/opt/apps/{package.APPID}/entries/")
    assert (stage / "usr" / "bin" / "branchbook").is_symlink()
    assert layout_check.check(stage, package.APPID, "branchbook") == []


def test_the_store_variant_keeps_everything_under_opt_apps(tmp_path: Path) -> None:
    stage = tmp_path / "root"
    package.build_tree(_fake_app(tmp_path), stage, "0.1.0", store=True)
    assert not (stage / "usr").exists()
    assert layout_check.check(stage, package.APPID, "branchbook", store=True) == []


def test_an_incomplete_or_oversized_tree_is_refused(tmp_path: Path) -> None:
    stage = tmp_path / "root"
    package.build_tree(_fake_app(tmp_path), stage, "0.1.0", store=False)
    base = stage / "opt" / "apps" / package.APPID
    for icon in (base / "entries" / "icons").rglob("*.png"):
        icon.unlink()
    assert any("缺少图标" in p for p in layout_check.check(stage, package.APPID, "branchbook"))
    assert any("超过" in p for p in layout_check.check(stage, package.APPID, "branchbook", limit_mb=0))
    (base / "files" / "branchbook" / "branchbook").unlink()
    problems = layout_check.check(stage, package.APPID, "branchbook")
    assert any("缺少可执行程序" in p for p in problems) and any("Exec 指向不存在的文件" in p for p in problems)


def test_a_package_is_not_made_above_the_glibc_limit(tmp_path: Path, capsys) -> None:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb makes the package")
    app = _fake_app(tmp_path)
    assert package.main(["--app", str(app), "--out", str(tmp_path / "out"), "--glibc", "2.0"]) == 1
    assert "不生成安装包" in capsys.readouterr().err and not (tmp_path / "out").exists()
    assert package.main(["--app", str(app), "--out", str(tmp_path / "out"), "--glibc", "9.99"]) == 0
    [deb] = (tmp_path / "out").glob("*.deb")
    assert deb.name == "branchbook_0.1.0_amd64.deb"
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"], capture_output=True,
                            text=True, check=True).stdout
    assert "Package: branchbook" in fields and "python" not in fields and "fonts" not in fields


@pytest.mark.parametrize(("version", "four"), [("0.1.0", "0.1.0.0"), ("1.2", "1.2.0.0"), ("0.1.0-2", "0.1.0.2")])
def test_the_info_version_is_four_numbers(version: str, four: str) -> None:
    assert package.four_numbers(version) == four
