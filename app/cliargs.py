"""The command line's plumbing: a parser whose every message is Chinese, argument types that
check values before anything is written, and the context a command runs in."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from app.common import inputs, money
from app.common.errors import UserError
from app.common.files import output_path, read_text, readable_file
from db import migrate

if TYPE_CHECKING:
    import sqlite3

    from app.committee.service import CommitteeService
    from app.committee.session import CommitteeSession
    from app.common.clock import Clock
    from app.services import Services
    from app.session import Session

# argparse's own words, in Chinese: it looks them up through gettext, so its module-level
# translation function is where they go.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出参数 %s 之一",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: _ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p)  # type: ignore[attr-defined]


def _columns() -> int:
    """The terminal's width as argparse would read it (COLUMNS, else the terminal, else 80)
    without importing shutil, which loads the compression modules on every command."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        stdout = sys.__stdout__
        return os.get_terminal_size(stdout.fileno()).columns or 80 if stdout else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are Chinese, go to stderr and exit with code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Sub-commands get this class too, so their errors are Chinese as well."""
        kwargs.setdefault("parser_class", Parser)
        return super().add_subparsers(**kwargs)


class CommandContext:
    """What a command runs with: its open session (none for a command that needs no database) and
    the clock. ``services`` is the branch's; ``committee`` the committee's service (``committee …``)."""

    def __init__(self, session: Session | CommitteeSession | None, clock: Clock) -> None:
        self._session = session
        self.clock = clock

    @property
    def session(self) -> Session:
        if self._session is None:  # pragma: no cover - a command registered with database="none" asked for it
            raise RuntimeError("this command has no database")
        return self._session

    @property
    def services(self) -> Services:
        if self._session is None or self._session.schema is migrate.COMMITTEE:  # pragma: no cover
            raise RuntimeError("a branch's services were asked for outside a branch's file")
        return self._session.services

    @property
    def open_services(self) -> Services | None:
        """The branch's services when a file is open (a command whose database is "optional")."""
        return None if self._session is None else self.services

    @property
    def committee(self) -> CommitteeService:
        if self._session is None or self._session.schema is not migrate.COMMITTEE:  # pragma: no cover
            raise RuntimeError("the committee's service was asked for outside a committee's file")
        return cast("CommitteeSession", self._session).services

    @property
    def conn(self) -> sqlite3.Connection:
        return self.session.conn


Handler = Callable[[argparse.Namespace, CommandContext], int]


def command(parser: argparse.ArgumentParser, handler: Handler, writes: bool,
            database: str = "required") -> argparse.ArgumentParser:
    """Attach the handler; ``writes`` says whether the command changes the database;
    ``database`` is "required" (it must exist), "creates" (made when missing: ``init``),
    "optional" (used when the file exists) or "none"."""
    parser.set_defaults(handler=handler, writes=writes, database=database)
    return parser


def typed(check: Callable[[str], Any], name: str) -> Callable[[str], Any]:
    """An argparse type from ``check``: a UserError becomes argparse's message (``name`` names the value)."""
    def convert(text: str) -> Any:
        try:
            return check(text)
        except UserError as exc:
            raise argparse.ArgumentTypeError(getattr(exc, "problem", exc.message)) from None

    convert.__name__ = name  # argparse shows it in "无效的…值"
    return convert


def _text(text: str) -> str:
    return inputs.text_value(text, "", max_len=2000)


def _date(text: str) -> str:
    return inputs.date_value(text, "", exact=True)


def _month(text: str) -> str:
    return inputs.month_value(text, "")


def _months(text: str) -> list[str]:
    return inputs.month_range(text, "")


def _year(text: str) -> int:
    return inputs.year_value(text, "")


def _money(text: str) -> int:
    try:
        return money.parse_yuan(text)
    except money.MoneyError as exc:
        raise inputs.InputError("", str(exc)) from None


def _json_object(text: str) -> dict[str, Any]:
    return inputs.expect_object(inputs.load_json(text, ""), "")


def output(*suffixes: str) -> Callable[[str], Path]:
    """An argument naming a file to write: nothing there yet or an ordinary file (never a device,
    pipe or folder), its name ending with one of ``suffixes``; refused before anything is done."""
    return typed(lambda text: output_path(_text(text), suffixes or None), "输出文件")


def output_or_folder(*suffixes: str) -> Callable[[str], Path]:
    """Like :func:`output`, or an existing folder (the program names the file in it)."""
    def check(text: str) -> Path:
        path = Path(_text(text))
        return path if path.is_dir() and not path.is_symlink() else output_path(path, suffixes or None)

    return typed(check, "输出文件")


TEXT = typed(_text, "文字")
DATE = typed(_date, "日期")
MONTH = typed(_month, "月份")
MONTHS = typed(_months, "月份范围")
YEAR = typed(_year, "年份")
MONEY = typed(_money, "金额")
JSON_OBJECT = typed(_json_object, "JSON")


def integer(lo: int = 0, hi: int = inputs.MAX_INT) -> Callable[[str], int]:
    return typed(lambda text: inputs.int_value(text, "", lo, hi), "整数")


def choices_of(values: Any) -> list[str]:
    """The stored values of a StrEnum (or any iterable), for ``choices=``."""
    return [str(v) for v in values]


def print_json(data: Any) -> None:
    """A list prints one item per line (json's C encoder: a 3,000-row roster in milliseconds,
    and each line greps as one record); anything else indented."""
    if isinstance(data, list):
        encode = json.JSONEncoder(ensure_ascii=False).encode
        rows = ",\n".join("  " + encode(item) for item in data)
        print(f"[\n{rows}\n]" if data else "[]")
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2))


def input_file(text: str) -> Path:
    """An existing file to read."""
    return readable_file(_text(text))


def read_passphrase(path: str | None, prompt: str, confirm: bool = False, option: str = "--passphrase-file") -> str:
    """The first line of ``path``, or typed on the terminal (twice when ``confirm``)."""
    import getpass


    if path:
        lines = read_text(input_file(path), max_bytes=4096).splitlines()
        if not lines or not lines[0]:
            raise UserError(f"口令文件 {path} 的第一行是空的")
        return lines[0]
    if not sys.stdin.isatty():
        raise UserError(f"没有可输入口令的终端：请用 {option} 指定口令文件")
    first = getpass.getpass(f"{prompt}：")
    if confirm and getpass.getpass("再输入一次：") != first:
        raise UserError("两次输入的口令不一致")
    return first


def err(text: str) -> None:
    print(f"错误：{text}", file=sys.stderr)


def refuse_file(name: str, problems: Sequence[object], nothing: str) -> int:
    """A file that cannot be imported: every problem, on stderr, and exit 2 (``nothing``: what
    was not imported, e.g. 记录)."""
    err(f"{name} 有 {len(problems)} 处问题，未导入任何{nothing}：")
    for problem in problems:
        print(f"  {name} {problem}", file=sys.stderr)
    return 2
