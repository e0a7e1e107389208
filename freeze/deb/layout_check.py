"""What a package tree must hold (make deb checks the tree before dpkg-deb; make deb-check
checks the .deb it installs): the UOS layout under /opt/apps/<appid>, a desktop entry that names
an existing program and icon, the info file, the size."""

from __future__ import annotations

import configparser
import json
from pathlib import Path


def check(stage: Path, appid: str, package: str, store: bool = False, limit_mb: int = 150) -> list[str]:
    """Problems in the tree rooted at ``stage`` (empty when complete)."""
    problems: list[str] = []
    base = stage / "opt" / "apps" / appid
    info_path = base / "info"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{info_path}：无法读取（{exc}）"]
    for key in ("appid", "name", "version", "arch", "permissions"):
        if key not in info:
            problems.append(f"info 缺少 {key}")
    if info.get("appid") != appid:
        problems.append(f"info 的 appid 应为 {appid}")
    version = str(info.get("version", ""))
    if len(version.split(".")) != 4 or not all(p.isdigit() for p in version.split(".")):
        problems.append(f"info 的 version 应为四段数字，现为“{version}”")
    if info.get("arch") != ["amd64"]:
        problems.append("info 的 arch 应为 [\"amd64\"]")
    program = base / "files" / package / package
    if not program.is_file() or not program.stat().st_mode & 0o111:
        problems.append(f"缺少可执行程序 {program.relative_to(stage)}")
    desktop = base / "entries" / "applications" / f"{appid}.desktop"
    if not desktop.is_file():
        return [*problems, f"缺少 {desktop.relative_to(stage)}"]
    entry = configparser.ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"] if entry.has_section("Desktop Entry") else {}
    for key in ("Name", "Name[zh_CN]", "Comment[zh_CN]", "Exec", "Icon", "Categories", "Type"):
        if not section.get(key):
            problems.append(f"{desktop.name} 缺少 {key}")
    exec_path = str(section.get("Exec", "")).split()[0] if section.get("Exec") else ""
    if exec_path and not (stage / exec_path.lstrip("/")).is_file():
        problems.append(f"{desktop.name} 的 Exec 指向不存在的文件 {exec_path}")
    icons = list((base / "entries" / "icons" / "hicolor").glob(f"*/apps/{appid}.png"))
    if section.get("Icon") != appid or not icons:
        problems.append(f"缺少图标 entries/icons/hicolor/*/apps/{appid}.png")
    outside = [p for p in stage.rglob("*") if p.is_file() and "DEBIAN" not in p.parts
               and not str(p.relative_to(stage)).startswith(f"opt/apps/{appid}")]
    links = [p for p in stage.rglob("*") if p.is_symlink() and not str(p.relative_to(stage)).startswith("opt/")]
    if store and (outside or links):
        problems.append("应用商店版本不应在 /opt/apps 之外放文件")
    if not store and not (stage / "usr" / "share" / "applications" / f"{appid}.desktop").is_symlink():
        problems.append(f"缺少菜单项 /usr/share/applications/{appid}.desktop")
    size = sum(p.lstat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    if size > limit_mb:
        problems.append(f"安装后 {size:.0f} MB，超过 {limit_mb} MB")
    return problems
