"""Entry point ``branchbook``: CLI subcommands go to app.cli (no Qt); otherwise the GUI starts."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _wants_cli(argv: Sequence[str]) -> bool:
    from app.cli import COMMANDS

    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
            continue
        if arg == "--db":
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        return arg in COMMANDS
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run BranchBook; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args or _wants_cli(args) or "-h" in args or "--help" in args:
        if "--help" in args or "-h" in args:
            if not _wants_cli(args):
                _print_gui_help()
                return 0
        from app.cli import main as cli_main

        return cli_main(args)
    from ui.application import run_gui

    return run_gui(args)


def _print_gui_help() -> None:
    print(
        "用法：branchbook [--db PATH] [--demo]           打开图形界面\n"
        "      branchbook [--db PATH] 命令 …            命令行（init、members）\n"
        "      branchbook --version | --self-check\n\n"
        "  --db PATH      使用指定的数据库文件（默认在用户数据文件夹中）\n"
        "  --demo         在临时文件夹中用演示数据打开（不影响正式数据）\n"
        "  --self-check   自检：打开临时数据库、创建主窗口后退出\n"
        "  branchbook members --help   查看名册命令"
    )


if __name__ == "__main__":
    sys.exit(main())
