"""The headless command line: ``branchbook <command> …`` or ``python -m app <command> …``.

Each area registers its subcommands; this module parses, opens the database (read-write, or
read-only for a listing on a file that cannot be written), runs the command and turns every
expected failure into a Chinese message and an exit code: 2 bad input, 3 the database cannot
be used, 1 an internal error (logged, never a traceback on the terminal).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.areas import COMMANDS, COMMITTEE_SESSION, load
from app.cliargs import DATE, CommandContext, Parser, command, err, output_or_folder, read_passphrase
from app.common import paths
from app.common.clock import Clock
from app.common.errors import UserError, ValidationError
from app.session import LEFTOVERS, Session, writable
from db import engine
from db.errors import PassphraseRequired, StorageError, classify

_OPTIONS_WITH_VALUE = ("--db", "--today", "--db-passphrase-file")
#: Where a command finds the passphrase of an encrypted database when no file is given.
PASSPHRASE_ENV = "BRANCHBOOK_DB_PASSPHRASE"


def asked_command(argv: Sequence[str]) -> str | None:
    """The top-level command in ``argv`` (skipping the global options and their values)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _OPTIONS_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The root parser; with ``argv``, only the area of the command it asks for is registered
    (every area when the command is unknown or absent, so help and errors list them all)."""
    parser = Parser(
        prog="branchbook", description="支部台账（BranchBook）：党支部工作记录、党员名册、发展党员、党费收缴"
    )
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--db-passphrase-file", metavar="F",
                        help=f"加密数据库的口令文件（只读取第一行；也可用环境变量 {PASSPHRASE_ENV}，或在终端输入）")
    parser.add_argument("--today", metavar="DATE", type=DATE, help="把“今天”定为该日（用于脚本和核对）")
    parser.add_argument("--version", action="version", version=f"BranchBook {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    wanted = asked_command(argv) if argv is not None else None
    known = any(wanted in names for names, _ in COMMANDS)
    for names, registrars in COMMANDS:
        if known and wanted not in names:
            continue
        if names == ("backup",):
            bak = sub.add_parser("backup", help="把数据库完整备份到指定文件（如U盘）")
            bak.add_argument("target", metavar="DEST.sqlite", type=output_or_folder(".sqlite", ".db"))
            command(bak, _backup, writes=False)
        inner = sub
        for registrar in registrars:
            inner = load(registrar)(inner) or sub  # meetings returns its sub-commands for compliance's
    return parser


def _backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    target = ctx.session.backup_to(args.target)
    print(f"已备份到 {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The output was piped into something like `head` that stopped reading: not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        err("已中断")
        return 130


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for arg in argv:  # bytes that are not UTF-8 come in as lone surrogates: nothing can use them
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "replace").decode("utf-8")
            err(f"参数“{shown}”中有无法识别的字符（不是 UTF-8 编码），请改用正常的文件名或文字")
            return 2
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if getattr(args, "handler", None) is None:  # a command group without its action
        parser.parse_args([*argv, "--help"])
        return 2
    clock = Clock(args.today) if args.today else Clock()
    try:
        if args.database == "committee":
            return _committee(args, clock)
        db_path = Path(args.db).expanduser() if args.db else paths.default_db_path()
        if args.database == "none" or (args.database == "optional" and not db_path.exists()):
            return args.handler(args, CommandContext(None, clock))
        if args.database == "required" and not os.path.lexists(db_path):  # a mistyped path creates nothing
            raise UserError(f"找不到数据库文件 {db_path}。"
                            f"新建支部台账请用：branchbook --db {db_path} init --name 支部名称")
        with _open(db_path, clock, args) as session:
            for note in LEFTOVERS:
                print(f"注意：{note}", file=sys.stderr)
            LEFTOVERS.clear()
            code = args.handler(args, CommandContext(session, clock))
            session.close(auto_backup="daily" if args.writes and code == 0 else "never")
            return code
    except StorageError as exc:
        err(exc.user_message())
        return 3
    except ValidationError as exc:  # a service refused: name the fields in the command's words
        err(exc.labelled(getattr(args, "labels", {})))
        return 2
    except UserError as exc:
        err(exc.message)
        return 2
    except engine.Error as exc:
        err(classify(exc, args.db or str(paths.default_db_path())).user_message())
        return 3
    except BrokenPipeError:
        raise
    except OSError as exc:
        err(classify(exc, getattr(exc, "filename", None) or "").user_message())
        return 3
    except Exception:  # noqa: BLE001 - the last line of defence: a bug, reported without a traceback
        _log_bug()
        return 1


def _committee(args: argparse.Namespace, clock: Clock) -> int:
    """Commands on a committee's file (``committee --db C …``): its own kind of database."""

    where = getattr(args, "committee_db", None) or args.db
    if not where:
        raise UserError("请用 --db 指定党委的报送接收数据库文件（如 committee --db 工委.sqlite …）")
    path = Path(where).expanduser()
    if not path.exists() and not getattr(args, "creates", False):
        raise UserError(f"找不到党委数据库 {path}（先用 committee init --db {path} --name 名称 创建）")
    read_only = not args.writes and not writable(path)
    with load(COMMITTEE_SESSION).open(path, clock, read_only=read_only) as session:
        return args.handler(args, CommandContext(session, clock))


def _open(db_path: Path, clock: Clock, args: argparse.Namespace) -> Session:
    """The command's session; an encrypted file takes its passphrase from --db-passphrase-file,
    the environment, or the terminal (asked once, only when the file turns out to need it)."""

    passphrase = (read_passphrase(args.db_passphrase_file, "数据库口令", option="--db-passphrase-file")
                  if args.db_passphrase_file else os.environ.get(PASSPHRASE_ENV) or None)

    def attempt(key: str | None) -> Session:
        if args.writes:
            return Session.open(db_path, clock, passphrase=key)
        return Session.open_for_reading(db_path, clock, passphrase=key)

    try:
        return attempt(passphrase)
    except PassphraseRequired:
        if passphrase is not None or not sys.stdin.isatty():
            hint = f"请用 --db-passphrase-file 指定口令文件，或设置环境变量 {PASSPHRASE_ENV}"
            raise PassphraseRequired(str(db_path), hint) from None
        return attempt(read_passphrase(None, "数据库口令"))


def _log_bug() -> None:
    import traceback

    text = traceback.format_exc()
    where = paths.data_dir() / "logs" / "branchbook.log"
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with open(where, "a", encoding="utf-8") as fh:
            fh.write(text)
        note = f"详细信息已写入 {where}"
    except OSError:
        note = "（无法写入日志）"
    err(f"程序内部错误，操作没有完成。{note}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
