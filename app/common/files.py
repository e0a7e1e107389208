"""Writing output files whole: to a temporary name first, then moved into place, so a full disk
or a pulled USB stick never leaves a half file under the real name."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.common.errors import UserError

#: Chinese for the operating system's reasons a file cannot be written or read.
_REASONS = {errno.ENOENT: "文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
            errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘或U盘是只读的", errno.EISDIR: "这是一个文件夹",
            errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名过长",
            errno.EIO: "读写出错（U盘被拔出？）"}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _fail(path: Path, exc: OSError) -> UserError:
    return UserError(f"无法写入 {path}：{os_reason(exc)}")


def write_atomically(path: str | Path, write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary name, fsync it, move it to ``path``.

    Raises:
        UserError: the folder does not exist or cannot be written, or the disk is full.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，请给出文件名")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _fail(path, exc) from None
    return path


def write_bytes(path: str | Path, data: bytes) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_bytes(data))


def save_workbook(wb: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook whole."""
    return write_atomically(path, lambda tmp: wb.save(tmp))


def read_text(path: str | Path, max_bytes: int = 2_000_000) -> str:
    """A plain-text file as typed on an office PC: UTF-8 (with or without BOM) or GB18030 (what
    Windows Notepad saved as "ANSI" on a Chinese system).

    Raises:
        UserError: cannot be read, is too large, or is not text.
    """
    path = Path(path)
    try:
        if path.stat().st_size > max_bytes:
            raise UserError(f"{path.name} 过大（超过 {max_bytes // 1_000_000} MB），不像是文字文件")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path.name} 不是文字文件（请另存为 .txt 后再试）")
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path.name} 的文字编码无法识别（请用 UTF-8 保存）")
