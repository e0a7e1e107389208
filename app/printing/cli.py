"""``branchbook print …``: the year's books as A4 PDF."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, TEXT, YEAR, CommandContext, command, integer


def register(sub: argparse._SubParsersAction) -> None:
    printing = sub.add_parser("print", help="打印台账（A4 PDF）")
    psub = printing.add_subparsers(dest="action", metavar="台账", required=True)
    wb = psub.add_parser("workbook", help="党支部工作记录（全年）")
    wb.add_argument("--year", type=YEAR, required=True)
    wb.add_argument("--drafts", action="store_true", help="同时打印草稿（加“草稿”水印）")
    _output(wb)
    command(wb, _workbook, writes=False)
    ass = psub.add_parser("assessment", help="入党积极分子培养考察登记表 / 预备党员考察表")
    who = ass.add_mutually_exclusive_group(required=True)
    who.add_argument("person", nargs="?", type=TEXT, metavar="PERSON", help="姓名或公民身份号码")
    who.add_argument("--all", action="store_true", help="全部发展对象合为一个 PDF")
    _output(ass)
    command(ass, _assessment, writes=False)
    dues = psub.add_parser("dues", help="党费收缴登记表和欠缴名单（横向）")
    dues.add_argument("--year", type=YEAR, required=True)
    _output(dues)
    command(dues, _dues, writes=False)
    disc = psub.add_parser("disclosure", help="党费收缴情况公示（不含身份号码）")
    disc.add_argument("--year", type=YEAR, required=True)
    _output(disc)
    command(disc, _disclosure, writes=False)
    roster = psub.add_parser("roster", help="党员花名册（横向，身份号码默认部分隐藏）")
    roster.add_argument("--on", type=DATE, metavar="DATE", help="该日在册的党员（默认今天）")
    roster.add_argument("--full-id", action="store_true", help="打印完整的公民身份号码")
    _output(roster)
    command(roster, _roster, writes=False)
    meeting = psub.add_parser("meeting", help="单条会议记录")
    meeting.add_argument("id", type=integer(1))
    meeting.add_argument("--drafts", action="store_true", help="允许打印草稿（加“草稿”水印）")
    _output(meeting)
    command(meeting, _meeting, writes=False)
    blank = psub.add_parser("blank", help="空白续页（供手写）")
    blank.add_argument("--pages", type=integer(1, 500), default=1)
    blank.add_argument("--year", type=YEAR, help="页眉中的年度（默认今年）")
    _output(blank)
    command(blank, _blank, writes=False)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, type=TEXT, metavar="FILE.pdf", help="输出的 PDF 文件")


def _service(ctx: CommandContext):

    return ctx.services.printing


def _done(args: argparse.Namespace, data: bytes) -> int:
    print(f"已生成 {args.output}（{len(data) // 1024} KB）")
    return 0


def _workbook(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).workbook(args.year, args.output, drafts=args.drafts))


def _assessment(args: argparse.Namespace, ctx: CommandContext) -> int:
    person = None if args.all else ctx.services.development.find(args.person)
    return _done(args, _service(ctx).assessment(person, args.output))


def _dues(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).dues(args.year, args.output))


def _disclosure(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).disclosure(args.year, args.output))


def _roster(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).roster(args.on, args.output, full_id=args.full_id))


def _meeting(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).meeting(args.id, args.output, drafts=args.drafts))


def _blank(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _done(args, _service(ctx).blank(args.pages, args.output, year=args.year))
