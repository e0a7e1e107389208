"""The office package from the one-folder app (make deb): the UOS application layout under
/opt/apps/<appid>, a menu entry that Kylin and Debian desktops also find, the glibc and layout
checks, then dpkg-deb.

    python freeze/deb/package.py --app BUILD_ROOT/out/branchbook --out dist [--store] [--version V]

``--store``: the variant for the UOS app store (nothing outside /opt/apps/<appid>, the package
named as the appid); without it the entry, the icons and /usr/bin/branchbook are also linked into
/usr/share and /usr/bin so that every freedesktop menu shows the program.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import glibc_check  # noqa: E402
import layout_check  # noqa: E402

#: A reverse domain name the project can stand behind (it names no government body or vendor):
#: the program's own name under org. UOS requires the appid as the store package's name.
APPID = "org.branchbook.taizhang"
PACKAGE = "branchbook"
#: System libraries the bundled Qt loads that a desktop has and a bare root does not (UOS, Kylin
#: and Debian desktops carry all of them; bullseye names). No Python, no Qt, no fonts.
DEPENDS = ("libc6 (>= 2.28), libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, libgl1, libegl1, "
           "libx11-6, libx11-xcb1, libxcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, "
           "libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, "
           "libxcb-xinerama0, libxcb-xkb1, libxrender1, libsqlite3-0, libpng16-16, libexpat1, libuuid1, "
           "zlib1g, libwayland-client0, libwayland-cursor0, libwayland-egl1")
ICON_SIZES = (16, 32, 48, 64, 128, 256)
SIZE_LIMIT_MB = 150


def program_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    return next(line.split('"')[1] for line in text.splitlines() if line.startswith("__version__"))


def four_numbers(version: str) -> str:
    """UOS's info file wants four numbers: 0.1.0 -> 0.1.0.0 (a Debian revision, 0.1.0-2, -> 0.1.0.2)."""
    main, _, revision = version.partition("-")
    parts = [p for p in main.replace("+", ".").split(".") if p.isdigit()][:3]
    parts += ["0"] * (3 - len(parts))
    return ".".join([*parts, revision if revision.isdigit() else "0"])


def desktop_entry(exec_path: str) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        "Name=支部台账",
        "Name[zh_CN]=支部台账",
        "Name[en]=BranchBook",
        "GenericName=党支部工作台账",
        "GenericName[zh_CN]=党支部工作台账",
        "GenericName[en]=Party branch records",
        "Comment=党支部“三会一课”、发展党员、党费收缴等台账的记录、打印和年度报送",
        "Comment[zh_CN]=党支部“三会一课”、发展党员、党费收缴等台账的记录、打印和年度报送",
        "Comment[en]=Keep a Party branch's records, print its books, hand in the year's bundle",
        "Keywords=台账;党支部;三会一课;党费;发展党员;",
        f"Exec={exec_path} %f",
        f"Icon={APPID}",
        "Terminal=false",
        "Categories=Office;",
        "StartupNotify=true",
        f"StartupWMClass={PACKAGE}",
        "MimeType=",
        "",
    ])


def build_tree(app: Path, stage: Path, version: str, store: bool) -> None:
    base = stage / "opt" / "apps" / APPID
    files = base / "files"
    files.mkdir(parents=True)
    shutil.copytree(app, files / PACKAGE, symlinks=True)
    program = f"/opt/apps/{APPID}/files/{PACKAGE}/{PACKAGE}"
    info = {"appid": APPID, "name": "支部台账", "version": four_numbers(version), "arch": ["amd64"],
            "permissions": {"autostart": False, "notification": False, "trayicon": False, "clipboard": True,
                            "account": False, "bluetooth": False, "camera": False, "audio_record": False,
                            "installed_apps": False}}
    (base / "info").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    entries = base / "entries"
    (entries / "applications").mkdir(parents=True)
    (entries / "applications" / f"{APPID}.desktop").write_text(desktop_entry(program), encoding="utf-8")
    for size in ICON_SIZES:
        target = entries / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(ROOT / "resources" / "icons" / f"branchbook-{size}.png", target / f"{APPID}.png")
    if store:
        return
    # outside the store: the menus of Kylin and Debian look in /usr/share, the shell in /usr/bin
    links = {stage / "usr" / "share" / "applications" / f"{APPID}.desktop":
             f"/opt/apps/{APPID}/entries/applications/{APPID}.desktop",
             stage / "usr" / "bin" / PACKAGE: program}
    for size in ICON_SIZES:
        links[stage / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APPID}.png"] = (
            f"/opt/apps/{APPID}/entries/icons/hicolor/{size}x{size}/apps/{APPID}.png")
    for link, target_path in links.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target_path)


def control(stage: Path, version: str, store: bool) -> None:
    size_kb = sum(p.lstat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text("\n".join([
        f"Package: {APPID if store else PACKAGE}",
        f"Version: {version}",
        "Architecture: amd64",
        "Maintainer: BranchBook <branchbook@localhost>",
        f"Installed-Size: {size_kb}",
        f"Depends: {DEPENDS}",
        "Section: utils",
        "Priority: optional",
        "Homepage: https://branchbook.org",
        "Description: 支部台账 — Party branch record keeping (offline)",
        " 党支部书记的离线台账程序：三会一课与组织生活记录、发展党员、党费收缴、",
        " 先锋岗与双报到、台账打印和年度报送包。数据保存在用户自己的数据文件夹中，",
        " 卸载程序不会删除数据。",
        "",
    ]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app", type=Path, required=True, help="the one-folder app (dist/branchbook)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=None, help="the package version (default: app.__version__)")
    parser.add_argument("--store", action="store_true", help="the UOS app store variant")
    parser.add_argument("--glibc", default=os.environ.get("GLIBC_LIMIT", glibc_check.DEFAULT_LIMIT))
    args = parser.parse_args(argv)
    if not (args.app / PACKAGE).is_file():
        print(f"没有找到打包好的程序：{args.app / PACKAGE}", file=sys.stderr)
        return 2
    version = args.version or program_version()
    with tempfile.TemporaryDirectory(prefix="branchbook-deb-") as tmp:
        stage = Path(tmp) / "root"
        build_tree(args.app, stage, version, args.store)
        worst, report = glibc_check.scan(stage / "opt")
        print(f"glibc: 最高需要 GLIBC_{glibc_check.show(worst)}（上限 {args.glibc}）")
        if glibc_check.above(worst, args.glibc):
            print("\n".join(report), file=sys.stderr)
            print(f"有文件需要比 {args.glibc} 更新的 glibc，不生成安装包", file=sys.stderr)
            return 1
        problems = layout_check.check(stage, APPID, PACKAGE, store=args.store, limit_mb=SIZE_LIMIT_MB)
        if problems:
            print("安装包结构不完整：\n" + "\n".join(problems), file=sys.stderr)
            return 1
        control(stage, version, args.store)
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / f"{APPID if args.store else PACKAGE}_{version}_amd64.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(target)], check=True,
                       stdout=subprocess.DEVNULL)
        unpacked = sum(p.lstat().st_size for p in stage.rglob("*") if p.is_file()) / 2**20
    print(f"已生成 {target}（{target.stat().st_size / 2**20:.1f} MB，安装后 {unpacked:.1f} MB）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
