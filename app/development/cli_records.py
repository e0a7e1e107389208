"""``branchbook dev correct | withdraw | end | assess | sign-assessment | amend | milestone``:
putting a record right, and the 考察写实 log, with the same checks as the GUI."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, JSON_OBJECT, TEXT, CommandContext, command, integer
from app.development import rules as R
from app.development.corrections import END_KINDS
from app.development.model import MilestoneKind


def register(vsub: argparse._SubParsersAction) -> None:
    cor = vsub.add_parser("correct", help="更正已办理的某一步（原记录连同原因保留）")
    cor.add_argument("person", metavar="PERSON", type=TEXT, help="姓名或公民身份号码")
    cor.add_argument("step", type=integer(1, 25), metavar="STEP")
    cor.add_argument("--reason", required=True, type=TEXT, help="更正原因")
    cor.add_argument("--date", type=DATE, help="更正后的办理日期")
    for flag in ("--actor", "--document", "--doc-no", "--notes"):
        cor.add_argument(flag, type=TEXT)
    cor.add_argument("--as-happened", action="store_true",
                     help="更正后违反规定（如培养不满一年）而实际确是如此时，按实际登记并列为违规")
    command(cor, _correct, writes=True)
    wd = vsub.add_parser("withdraw", help="撤回最后办理的一步（原记录连同原因保留）")
    wd.add_argument("person", metavar="PERSON", type=TEXT)
    wd.add_argument("step", type=integer(1, 25), metavar="STEP")
    wd.add_argument("--reason", required=True, type=TEXT)
    command(wd, _withdraw, writes=True)
    end = vsub.add_parser("end", help="终止发展程序（本人撤回申请、调离、经考察不具备条件等）")
    end.add_argument("person", metavar="PERSON", type=TEXT)
    end.add_argument("--kind", required=True, choices=END_KINDS)
    end.add_argument("--date", required=True, type=DATE)
    end.add_argument("--reason", required=True, type=TEXT, help="具体情况")
    command(end, _end, writes=True)
    ass = vsub.add_parser("assess", help="新增或修改一段考察写实（字段用 JSON 给出，未签字的才能修改）")
    ass.add_argument("person", metavar="PERSON", type=TEXT)
    ass.add_argument("json", metavar="JSON", type=JSON_OBJECT,
                     help='如 {"period_start": "2025-01-01", "period_end": "2025-06-30", "self_summary": "…", '
                          '"contact_opinion": "…", "branch_opinion": "…"}')
    ass.add_argument("--id", type=integer(1), help="要修改的考察写实编号（不给则新增）")
    command(ass, _assess, writes=True)
    sign = vsub.add_parser("sign-assessment", help="书记在考察写实上签字（签字后只能追加补充说明）")
    sign.add_argument("id", type=integer(1), metavar="ID")
    sign.add_argument("--by", required=True, type=TEXT)
    sign.add_argument("--date", type=DATE)
    command(sign, _sign, writes=True)
    amend = vsub.add_parser("amend", help="在已签字的考察写实后追加补充说明")
    amend.add_argument("id", type=integer(1), metavar="ID")
    amend.add_argument("--by", required=True, type=TEXT)
    amend.add_argument("--text", required=True, type=TEXT)
    command(amend, _amend, writes=True)
    ms = vsub.add_parser("milestone", help="登记群众座谈、公示、政审结论、培训结业、支委会决定")
    ms.add_argument("person", metavar="PERSON", type=TEXT)
    ms.add_argument("--kind", required=True, choices=list(MilestoneKind))
    ms.add_argument("--date", required=True, type=DATE)
    ms.add_argument("--end", type=DATE, help="结束日期（如公示期）")
    ms.add_argument("--participants", type=TEXT, default="")
    ms.add_argument("--detail", type=TEXT, default="")
    command(ms, _milestone, writes=True)


def _correct(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    service.corrections.correct(service.find(args.person), args.step, args.reason, args.date, actor=args.actor,
                                document=args.document, doc_no=args.doc_no, notes=args.notes,
                                as_happened=args.as_happened)
    print(f"已更正：{args.person} 第{args.step}步“{R.STEP[args.step].name}”（原记录已保留）")
    return 0


def _withdraw(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    service.corrections.withdraw(service.find(args.person), args.step, args.reason)
    print(f"已撤回：{args.person} 第{args.step}步“{R.STEP[args.step].name}”（原记录已保留）")
    return 0


def _end(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    service.corrections.end_case(service.find(args.person), args.kind, args.date, args.reason)
    print(f"已终止 {args.person} 的发展程序：{args.kind}")
    return 0


def _assess(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    aid = service.save_assessment(service.find(args.person), args.json, args.id)
    print(f"考察写实已保存（编号 {aid}）")
    return 0


def _sign(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.development.sign_assessment(args.id, args.by, args.date)
    print(f"考察写实 {args.id} 已签字")
    return 0


def _amend(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.development.amend_assessment(args.id, args.by, args.text)
    print(f"已在考察写实 {args.id} 后追加补充说明")
    return 0


def _milestone(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    mid = service.add_milestone(service.find(args.person), args.kind, args.date, args.end, args.participants,
                                args.detail)
    print(f"已登记{args.kind}（编号 {mid}）")
    return 0
