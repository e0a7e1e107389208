"""The highest glibc symbol version each ELF file references (objdump -T), and the worst.

    python freeze/deb/glibc_check.py FOLDER [--limit 2.28]     exit 1 above the limit

Kylin V10 and Debian 11 have glibc 2.31, UOS 20 has 2.28: the package aims at 2.28.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

DEFAULT_LIMIT = "2.28"
_VERSION = re.compile(r"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needs(path: Path) -> tuple[int, ...]:
    """The highest GLIBC_x.y a file's dynamic symbols ask for; () when none."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
    found = [tuple(int(x) for x in m.groups() if x is not None) for m in _VERSION.finditer(out)]
    return max(found, default=())


def show(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version)) if version else "（无）"


def parse(limit: str) -> tuple[int, ...]:
    return tuple(int(x) for x in limit.split("."))


def above(version: tuple[int, ...], limit: str) -> bool:
    return bool(version) and version > parse(limit)


def scan(folder: Path) -> tuple[tuple[int, ...], list[str]]:
    """(the worst version, one line per ELF file: its version and path, worst first)."""
    rows = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            rows.append((needs(path), path))
    rows.sort(key=lambda r: r[0], reverse=True)
    worst = rows[0][0] if rows else ()
    return worst, [f"GLIBC_{show(v)}\t{p.relative_to(folder)}" for v, p in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", default=DEFAULT_LIMIT)
    parser.add_argument("--all", action="store_true", help="list every ELF file, not only those above the limit")
    args = parser.parse_args(argv)
    worst, report = scan(args.folder)
    shown = report if args.all else [r for r in report if above(parse(r.split("\t")[0][6:]), args.limit)]
    print("\n".join(shown))
    print(f"{len(report)} 个 ELF 文件，最高需要 GLIBC_{show(worst)}（上限 {args.limit}）")
    return 1 if above(worst, args.limit) else 0


if __name__ == "__main__":
    sys.exit(main())
