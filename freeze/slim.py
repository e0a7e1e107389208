"""Build-time helpers that keep the frozen app small (nothing here runs in the program).

- ``reachable``: drops shared libraries that nothing kept links to any more (PyInstaller collects
  the dependencies of plugins and extension modules that the spec then leaves out).
- ``build_icu_data``: a smaller ICU data library. Qt links ICU, whose data library (libicudata,
  31 MB) holds every locale, converter, dictionary and transliterator. Qt itself calls only case
  mapping, collation (locale-aware sorting), converters and time-zone names (the ICU symbols
  libQt6Core imports: u_strTo*, ucol_*, ucnv_*, ucal_*). This keeps those for Chinese and English
  and the root, drops break iterators, transliterators, units, currencies, language and region names
  and the other languages' locales, and writes the result as a shared library with the same soname
  and data symbol (assembled with the C compiler).

    python freeze/slim.py LIBICUDATA OUT_DIR    # prints the new library's path
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# Whole trees Qt never asks for.
DROPPED_TREES = {"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"}
# Locales kept in the trees that stay (with their parents, which fallback needs): Chinese, English.
KEPT_LOCALE = re.compile(r"^(root|zh|zh_.*|en|en_US|en_001|en_GB|yue.*)\.res$")
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
NOT_LOCALES = {"res_index.res", "pool.res"}
# Multi-byte converters kept: Chinese ones (GB 18030, GBK, GB 2312, Big5, HKSCS); every small
# (single-byte) table stays too.
KEPT_CONVERTERS = re.compile(r"^(gb18030|ibm-1383_|ibm-1386_|ibm-5478_|windows-936|windows-950|ibm-1373_|ibm-1375_)")
SMALL_CONVERTER = 16 * 1024


class FreezeError(Exception):
    pass


class _Elf:
    """The parts of a 64-bit little-endian ELF shared library read here."""

    def __init__(self, raw: bytes) -> None:
        if raw[:4] != b"\x7fELF" or raw[4] != 2 or raw[5] != 1:
            raise FreezeError("不是 64 位小端 ELF 库")
        self.raw = raw
        shoff, = struct.unpack_from("<Q", raw, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", raw, 0x3A)
        self.sections = [struct.unpack_from("<IIQQQQIIQQ", raw, shoff + i * shentsize) for i in range(shnum)]
        phoff, = struct.unpack_from("<Q", raw, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", raw, 0x36)
        self.segments = [struct.unpack_from("<IIQQQQQQ", raw, phoff + i * phentsize) for i in range(phnum)]

    def offset(self, address: int) -> int:
        for p_type, _f, p_offset, p_vaddr, _pa, p_filesz, _m, _al in self.segments:
            if p_type == 1 and p_vaddr <= address < p_vaddr + p_filesz:
                return address - p_vaddr + p_offset
        raise FreezeError(f"地址 {address:#x} 不在文件中")

    def string(self, offset: int) -> str:
        return self.raw[offset:self.raw.index(b"\0", offset)].decode("ascii", "replace")

    def needed(self) -> list[str]:
        """The DT_NEEDED names: the libraries this one links to directly."""
        dynamic = [seg for seg in self.segments if seg[0] == 2]  # PT_DYNAMIC
        if not dynamic:
            return []
        entries, strtab = [], None
        position, end = dynamic[0][2], dynamic[0][2] + dynamic[0][5]
        while position < end:
            tag, value = struct.unpack_from("<qQ", self.raw, position)
            position += 16
            if tag == 0:
                break
            if tag == 5:  # DT_STRTAB
                strtab = self.offset(value)
            elif tag == 1:  # DT_NEEDED
                entries.append(value)
        return [self.string(strtab + v) for v in entries] if strtab is not None else []


def needed(path: Path) -> list[str]:
    """The libraries a Linux shared library or executable links to directly (not ldd's closure)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head != b"\x7fELF":
        return []
    return _Elf(path.read_bytes()).needed()


def reachable(binaries: list[tuple[str, str, str]], imports: Callable[[str], list[str]],
              prunable: Callable[[str], bool]) -> list[tuple[str, str, str]]:
    """``binaries`` ((dest, source, kind), as PyInstaller lists them) without the prunable ones that
    no root — a binary that is not prunable — links to, directly or through others kept."""
    by_name = {Path(dest).name: src for dest, src, _ in binaries}
    pending = [src for dest, src, _ in binaries if not prunable(dest)]
    seen: set[str] = set()
    while pending:
        for name in imports(pending.pop()):
            base = Path(name).name
            if base not in seen:
                seen.add(base)
                if base in by_name:
                    pending.append(by_name[base])
    return [b for b in binaries if not prunable(b[0]) or Path(b[0]).name in seen]


def _data_symbol(raw: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the ``icudtNN_dat`` symbol, read from the ELF dynamic symbols."""
    elf = _Elf(raw)
    for section in elf.sections:
        if section[1] != 11:  # SHT_DYNSYM
            continue
        strtab = elf.sections[section[6]]
        for i in range(section[5] // 24):
            st_name, _info, _other, _shndx, value, size = struct.unpack_from("<IBBHQQ", raw, section[4] + i * 24)
            name = elf.string(strtab[4] + st_name)
            if re.fullmatch(r"icudt\d+_dat", name):
                return name, elf.offset(value), size
    raise FreezeError("找不到 ICU 数据符号")


def keep(name: str, size: int) -> bool:
    """Whether the item ``icudt73l/…`` stays."""
    parts = name.split("/")[1:]
    base = parts[-1]
    if len(parts) > 1:
        if parts[0] in DROPPED_TREES:
            return False
        if base in NOT_LOCALES or not LOCALE_NAME.match(base):
            return True
        return bool(KEPT_LOCALE.match(base))
    if base.endswith(".cnv"):
        return size <= SMALL_CONVERTER or bool(KEPT_CONVERTERS.match(base))
    if base.endswith(".res") and LOCALE_NAME.match(base) and base not in NOT_LOCALES:
        return bool(KEPT_LOCALE.match(base))
    return True  # properties, normalisation, aliases, supplemental and time-zone data


def trimmed_package(raw: bytes) -> tuple[bytes, list[str]]:
    """The filtered package (same header, new table of contents) and the names it keeps."""
    _name, start, size = _data_symbol(raw)
    header_size, magic1, magic2 = struct.unpack_from("<HBB", raw, start)
    if (magic1, magic2) != (0xDA, 0x27) or raw[start + 12:start + 16] != b"CmnD":
        raise FreezeError("不是 ICU 公共数据包")
    toc = start + header_size
    (count,) = struct.unpack_from("<I", raw, toc)
    entries = [struct.unpack_from("<II", raw, toc + 4 + 8 * i) for i in range(count)]
    names = [raw[toc + n:raw.index(b"\0", toc + n)].decode("ascii") for n, _ in entries]
    # an item runs to the next one's start, the last one to the end of the package
    ends = [entries[i + 1][1] for i in range(count - 1)] + [start + size - toc]
    every = [(names[i], raw[toc + entries[i][1]:toc + ends[i]]) for i in range(count)]
    items = [(name, body) for name, body in every if keep(name, len(body))]
    # a small converter may only extend a big one (it names its base table): it goes with its base
    while True:
        kept = {name for name, _ in items}
        gone = [name.rsplit("/", 1)[-1][:-4].encode("ascii") for name, _ in every
                if name.endswith(".cnv") and name not in kept]
        still = [(name, body) for name, body in items
                 if not (name.endswith(".cnv") and any(base in body for base in gone))]
        if len(still) == len(items):
            break
        items = still
    name_block = b"".join(n.encode("ascii") + b"\0" for n, _ in items)
    table_size = 4 + 8 * len(items)
    data_start = (table_size + len(name_block) + 15) // 16 * 16
    offsets, position = [], data_start
    for _, body in items:
        offsets.append(position)
        position += (len(body) + 15) // 16 * 16
    out = bytearray(raw[start:toc])
    out += struct.pack("<I", len(items))
    name_offset = table_size
    for (name, _), offset in zip(items, offsets, strict=True):
        out += struct.pack("<II", name_offset, offset)
        name_offset += len(name) + 1
    out += name_block
    out += b"\0" * (data_start - table_size - len(name_block))
    for _, body in items:
        out += body + b"\0" * ((len(body) + 15) // 16 * 16 - len(body))
    return bytes(out), [n for n, _ in items]


def build_icu_data(library: Path, out_dir: Path, cc: str = "cc") -> Path:
    """Writes the smaller library (same file name and soname) into ``out_dir``; returns its path."""
    raw = library.read_bytes()
    package, _ = trimmed_package(raw)
    name = _data_symbol(raw)[0]
    out_dir.mkdir(parents=True, exist_ok=True)
    dat = out_dir / "icudata.dat"
    dat.write_bytes(package)
    asm = out_dir / "icudata.S"
    asm.write_text(
        f'\t.section .rodata\n\t.globl {name}\n\t.type {name}, @object\n\t.balign 16\n{name}:\n'
        f'\t.incbin "{dat.name}"\n\t.size {name}, . - {name}\n\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii")
    target = out_dir / library.name
    subprocess.run([cc, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-Wl,-s", "-o", str(target),
                    asm.name], cwd=out_dir, check=True, capture_output=True)
    return target


if __name__ == "__main__":
    print(build_icu_data(Path(sys.argv[1]), Path(sys.argv[2])))
