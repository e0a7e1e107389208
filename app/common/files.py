"""Writing output files whole: to a temporary name first, then moved into place, so a full disk
or a pulled USB stick never leaves a half file under the real name. Every output is checked
first (:func:`output_path`): what already exists there must be an ordinary file — never a device,
a pipe, a socket or a folder — and the name must end as what is written."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Sequence
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


#: What each kind of output is called, by the suffix it must have.
KINDS = {".pdf": "PDF 文件", ".xlsx": "Excel 工作簿", ".docx": "Word 文档", ".sqlite": "数据库文件",
         ".db": "数据库文件", ".bbx": "报送包", ".bbn": "督办通知", ".pub": "公钥文件", ".txt": "文字文件",
         ".md": "文字文件"}


def output_path(path: str | Path, suffixes: Sequence[str] | None = None) -> Path:
    """``path`` as a place to write a new file, checked before anything is written: a link is
    followed, and what is there must be nothing yet or an ordinary file; with ``suffixes``, the
    name must end with one of them.

    Raises:
        UserError: a device, pipe, socket or folder is there, the name's ending does not match,
            or the name cannot be used (says which, in Chinese).
    """
    raw = str(path)
    if not raw.strip() or "\x00" in raw:
        raise UserError("请给出要保存的文件名")
    path = Path(path)
    try:
        target = path.resolve() if path.is_symlink() else path
        info = os.stat(target) if os.path.lexists(target) else None
    except (OSError, RuntimeError) as exc:  # a loop of links, a name too long
        reason = os_reason(exc) if isinstance(exc, OSError) else "链接指向自身"
        raise UserError(f"无法写入 {path}：{reason}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{path} 是文件夹，不能写入：请给出文件名")
        raise UserError(f"{path} 是{_special(info.st_mode)}，不是普通文件，不能写入")
    if suffixes and target.suffix.lower() not in suffixes:
        kind = "或".join(dict.fromkeys(KINDS.get(x, "文件") for x in suffixes))
        raise UserError(f"{path.name}：要保存的是{kind}，文件名应以 {' 或 '.join(suffixes)} 结尾")
    return target


def write_atomically(path: str | Path, write: Callable[[Path], Any], suffixes: Sequence[str] | None = None) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary name, fsync it, move it to ``path``
    (checked first by :func:`output_path`; a link is replaced by the file it pointed to).

    Raises:
        UserError: a device, pipe or folder is there, the suffix is wrong, the folder does not
            exist or cannot be written, or the disk is full.
    """
    path = output_path(path, suffixes)
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


def write_bytes(path: str | Path, data: bytes, suffixes: Sequence[str] | None = None) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_bytes(data), suffixes)


def save_workbook(wb: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook whole (the name must end in .xlsx)."""
    return write_atomically(path, lambda tmp: wb.save(tmp), (".xlsx",))


def write_partial(path: str | Path, data: bytes, suffixes: Sequence[str] | None = None) -> Path:
    """Write ``data`` whole (fsynced) beside ``path`` under a temporary name and return that name;
    :func:`finish_partial` moves it into place once what it stands for has been recorded."""
    path = output_path(path, suffixes)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _fail(path, exc) from None
    return tmp


def finish_partial(tmp: Path, path: str | Path) -> Path:
    """Move a file made by :func:`write_partial` to its real name."""
    path = output_path(path)
    try:
        tmp.replace(path)
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{os_reason(exc)}（文件仍在 {tmp}）") from None
    return path


def read_text(path: str | Path, max_bytes: int = 2_000_000) -> str:
    """A plain-text file as typed on an office PC: UTF-8 (with or without BOM) or GB18030 (what
    Windows Notepad saved as "ANSI" on a Chinese system).

    Raises:
        UserError: cannot be read, is too large, or is not text.
    """
    path = Path(path)
    data = read_limited(path, max_bytes, "文字文件")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path.name} 不是文字文件（请另存为 .txt 后再试）")
    text = decode_text(data)
    if text is None:
        raise UserError(f"{path.name} 的文字编码无法识别（请用 UTF-8 保存）")
    return text.replace("\r\n", "\n")


def readable_file(path: str | Path) -> Path:
    """``path``, checked to be an ordinary file before anything reads it: a folder is named as
    one, and a pipe, a device or a socket is refused (reading one would wait for ever, or never end).

    Raises:
        UserError: missing, or not an ordinary file.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UserError(f"找不到文件 {path}") from None
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None
    if stat.S_ISDIR(mode):
        raise UserError(f"{path} 是文件夹，请给出文件")
    if not stat.S_ISREG(mode):
        raise UserError(f"{path} 是{_special(mode)}，不是普通文件，请给出文件")
    return path


def _special(mode: int) -> str:
    """What a path that is neither an ordinary file nor a folder is, in Chinese."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    return "管道" if stat.S_ISFIFO(mode) else "套接字" if stat.S_ISSOCK(mode) else "特殊文件"


def read_limited(path: Path, max_bytes: int, what: str) -> bytes:
    """A file's bytes; one larger than ``max_bytes`` is refused unread ("… 过大，不像是{what}").

    Raises:
        UserError: missing, not an ordinary file, cannot be read, or is too large.
    """
    readable_file(path)
    try:
        if path.stat().st_size > max_bytes:
            raise UserError(f"{path.name} 过大（超过 {max_bytes // 1_000_000} MB），不像是{what}")
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{os_reason(exc)}") from None


def decode_text(data: bytes) -> str | None:
    """Text as office PCs write it: UTF-16 with its mark (Excel's "Unicode 文本"), UTF-8 with or
    without a mark, or GB18030 (Notepad's and Excel's "ANSI" on a Chinese system); None for bytes
    that are none of these, or that hold NUL characters (not text at all). A UTF-8 mark is dropped."""
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None
