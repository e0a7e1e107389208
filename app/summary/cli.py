"""``branchbook summary draft``: the year's 工作总结 drafted from the records."""

from __future__ import annotations

import argparse

from app.cliargs import TEXT, YEAR, CommandContext, command, output, print_json
from app.common.files import write_bytes


def register(sub: argparse._SubParsersAction) -> None:
    summary = sub.add_parser("summary", help="年度工作总结")
    ssub = summary.add_subparsers(dest="action", metavar="操作", required=True)
    draft = ssub.add_parser("draft", help="根据本年度记录生成总结草稿（可保存为年度工作总结后再修改）")
    draft.add_argument("--year", type=YEAR, required=True)
    draft.add_argument("-o", "--output", metavar="F.docx", type=output(".docx", ".pdf", ".txt"),
                       help="写入 Word 文件（.docx）、PDF 或文本文件（.txt，UTF-8），按文件名后缀决定")
    draft.add_argument("--save", action="store_true", help="保存为该年度的年度工作总结")
    draft.add_argument("--replace", action="store_true", help="替换已有的年度工作总结")
    draft.add_argument("--by", metavar="NAME", type=TEXT, default="", help="修改人")
    draft.add_argument("--json", action="store_true", help="输出草稿所依据的各项数字")
    command(draft, _draft, writes=True)


def _draft(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.summary
    if args.json:
        print_json(service.facts(args.year))
        return 0
    text = service.save_draft(args.year, args.by, args.replace) if args.save else service.draft(args.year)
    if args.output and args.output.suffix.lower() == ".txt":
        write_bytes(args.output, text.encode("utf-8"), (".txt",))
        print(f"已写入 {args.output}")
    elif args.output:
        ctx.services.printing.summary_draft(args.year, args.output)
        print(f"已生成 {args.output}")
    else:
        print(text)
    if args.save:
        print(f"（已保存为{args.year}年年度工作总结，可在程序中继续修改）")
    return 0
