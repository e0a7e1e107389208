"""``branchbook print …``: every book of the catalog (app/printing/catalog.py) as A4 PDF, one
sub-command each, its options made from what the book asks for."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, TEXT, YEAR, CommandContext, command, integer, output
from app.meetings.cli import KIND
from app.printing.catalog import CATALOG, BookDef, Choices, Option, book, build

#: How the command line asks for each option (the book may word the help its own way).
_HELP = {
    Option.YEAR: "年度", Option.DRAFTS: "同时打印草稿（加“草稿”水印）", Option.ON: "该日在册的党员（默认今天）",
    Option.FULL_ID: "打印完整的公民身份号码", Option.PAGES: "页数", Option.MEETING: "会议记录编号",
    Option.PERSON: "姓名或公民身份号码", Option.KIND: "会议类型（如 支委会、支部党员大会、党小组会）",
    Option.DATE: "会议日期",
}


def register(sub: argparse._SubParsersAction) -> None:
    printing = sub.add_parser("print", help="打印台账（A4 PDF）")
    psub = printing.add_subparsers(dest="action", metavar="台账", required=True)
    for b in CATALOG:
        parser = psub.add_parser(b.kind.value, help=b.help)
        for option in b.options:
            if option not in b.dialog_only:
                _add_option(parser, b, option)
        suffixes = tuple(f".{f}" for f in b.formats)
        parser.add_argument("-o", "--output", required=True, type=output(*suffixes), metavar=f"FILE{suffixes[0]}",
                            help="输出的 PDF 文件" if len(suffixes) == 1 else
                            "输出的文件：.pdf 为 PDF，.docx 为可修改的 Word 文件")
        parser.set_defaults(book=b.kind)
        command(parser, _print, writes=False)


def _add_option(parser: argparse.ArgumentParser, b: BookDef, option: Option) -> None:
    text = b.option_help.get(option, _HELP[option])
    required = option in b.required
    if option == Option.YEAR:
        parser.add_argument("--year", type=YEAR, required=required, help=None if required else text)
    elif option == Option.DRAFTS:
        parser.add_argument("--drafts", action="store_true", help=text)
    elif option == Option.ON:
        parser.add_argument("--on", type=DATE, metavar="DATE", help=text)
    elif option == Option.FULL_ID:
        parser.add_argument("--full-id", action="store_true", help=text)
    elif option == Option.PAGES:
        parser.add_argument("--pages", type=integer(1, 500), default=1)
    elif option == Option.MEETING:
        if option in b.required:
            parser.add_argument("id", type=integer(1))
        else:
            parser.add_argument("id", type=integer(1), nargs="?", metavar="MEETING-ID", help=text)
    elif option == Option.KIND:
        parser.add_argument("--kind", type=KIND, required=required, help=text)
    elif option == Option.DATE:
        parser.add_argument("--date", type=DATE, metavar="DATE", help=text)
    elif option == Option.PERSON:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("person", nargs="?", type=TEXT, metavar="PERSON", help=text)
        who.add_argument("--all", action="store_true", help="全部发展对象合为一个 PDF")


def _print(args: argparse.Namespace, ctx: CommandContext) -> int:
    person = None
    if getattr(args, "person", None) and not getattr(args, "all", False):
        person = ctx.services.development.find(args.person)
    choices = Choices(year=getattr(args, "year", None) or ctx.clock.year(), drafts=getattr(args, "drafts", False),
                      meeting=getattr(args, "id", None), person=person, on=getattr(args, "on", None) or "",
                      full_id=getattr(args, "full_id", False), pages=getattr(args, "pages", 1),
                      kind=getattr(args, "kind", None) or "", date=getattr(args, "date", None) or "")
    data = build(ctx.services.printing, book(args.book).kind, choices, target=args.output)
    print(f"已生成 {args.output}（{len(data) // 1024} KB）")
    return 0
