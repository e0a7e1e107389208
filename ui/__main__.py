"""Entry point ``branchbook``: CLI subcommands go to app.cli (no Qt); otherwise the GUI starts.

Anything that is not a GUI option is a command line: an unknown word is refused by the CLI's
parser with a Chinese message (exit 2), it never silently opens the GUI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

from ui import registry

#: The GUI's switches; ``--db FILE`` (or ``--db=FILE``) is its one option with a value.
GUI_FLAGS = ("--demo", "--self-check", "--committee")


def _gui_options(argv: Sequence[str]) -> SimpleNamespace | None:
    """The GUI's options when ``argv`` holds only those; None when it is a command line.

    Read by hand rather than by argparse, whose messages go through gettext: its catalogue search
    cost ~5 ms of every start of the window.

    Raises:
        ValueError: ``--db`` without a file (the message says so, in Chinese).
    """
    opts = SimpleNamespace(db=None, demo=False, self_check=False, committee=False, copy=None)
    rest = iter(argv)
    for arg in rest:
        if arg == "--db" or arg.startswith("--db="):
            opts.db = next(rest, None) if arg == "--db" else arg.split("=", 1)[1]
            if not opts.db or opts.db.startswith("--"):  # "--db --demo": the file name was left out
                raise ValueError("--db 后面应写数据库文件的路径，例如：branchbook --db 支部台账.sqlite")
        elif arg in GUI_FLAGS:
            setattr(opts, arg[2:].replace("-", "_"), True)
        else:
            return None
    return opts


def main(argv: Sequence[str] | None = None) -> int:
    """Run BranchBook; returns the process exit code."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()  # the frozen app is also the committee's worker processes
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["-h"], ["--help"]):
        _print_gui_help()
        return 0
    try:
        opts = _gui_options(args)
    except ValueError as exc:
        print(f"branchbook：{exc}", file=sys.stderr)
        return 2
    if opts is None:
        os.environ.setdefault(ENGINE_ENV, _command_engine(args))
        return int(registry.load("cli")(args))
    if opts.committee:  # the committee's file is never encrypted: the faster engine
        os.environ.setdefault(ENGINE_ENV, "plain")
    if opts.self_check and opts.db:  # the check opens a copy of the file: made while the rest loads
        opts.copy = registry.load("file_copy")(Path(opts.db))
    # The core before Qt: once PySide6 is imported, its import hook reads the source of every module
    # imported after it (looking for ``from __feature__``), ≈0.2 ms a module.
    registry.load("core")
    return int(registry.load("gui")(opts))


#: What makes a command need SQLCipher (see db/engine.py): it encrypts, decrypts, or is given a passphrase.
_CIPHER_WORDS = ("encrypt", "decrypt", "--new-passphrase-file", "--db-passphrase-file")
ENGINE_ENV = "BRANCHBOOK_ENGINE"  # db.engine.ENGINE_ENV (db is not imported before the choice)


def _command_engine(args: Sequence[str]) -> str:
    """"cipher" or "plain" for a command, chosen before anything imports sqlite3: plain (faster) for
    a file given with --db that is an ordinary SQLite file, and for demo data; SQLCipher otherwise."""
    if any(a in _CIPHER_WORDS or a.startswith("--db-passphrase-file=") for a in args) \
            or os.environ.get("BRANCHBOOK_DB_PASSPHRASE"):
        return "cipher"
    db = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--db"), None)
    db = db or next((a.split("=", 1)[1] for a in args if a.startswith("--db=")), None)
    if db is None:
        return "plain" if "demo" in args else "cipher"  # the default file may be encrypted
    try:
        with open(os.path.expanduser(db), "rb") as fh:
            head = fh.read(16)
    except OSError:
        return "plain"  # a new file (or none): created plain
    return "plain" if head in (b"SQLite format 3\x00", b"") else "cipher"


def _print_gui_help() -> None:
    print(
        "用法：branchbook [--db PATH] [--demo]           打开图形界面\n"
        "      branchbook --committee [--db C.sqlite]   打开上级党委的报送接收界面\n"
        "      branchbook [--db PATH] 命令 …            命令行（init、members、meetings、dev、dues、branch、print、\n"
        "                                              keys、bundle、notices、committee、demo）\n"
        "      branchbook --version | --self-check [--db PATH]\n\n"
        "  --db PATH      使用指定的数据库文件（默认在用户数据文件夹中）\n"
        "  --demo         在临时文件夹中用演示数据打开（不影响正式数据）\n"
        "  --self-check   自检：打开数据库（未指定时用临时演示数据库）、创建主窗口后退出\n"
        "  branchbook 命令 --help   查看某个命令的用法"
    )


if __name__ == "__main__":
    sys.exit(main())
