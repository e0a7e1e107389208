"""``branchbook members …``: the roster, its Excel import and export."""

from __future__ import annotations

import argparse
from typing import Any

from app.areas import load
from app.cliargs import (
    DATE,
    JSON_OBJECT,
    TEXT,
    CommandContext,
    command,
    input_file,
    output,
    print_json,
    refuse_file,
)
from app.common import dates
from app.common.errors import UserError
from app.roster import rules
from app.roster.model import Arrival, ExitKind, StartKind
from app.roster.service import fields_from_json, member_as_dict

LABELS = {**rules.MEMBER_LABELS, "org": "党组织", "date": "日期", "kind": "方式", "reason": "原因",
          "arrival": "加入方式"}


def register(sub: argparse._SubParsersAction) -> None:
    members = sub.add_parser("members", help="党员名册")
    members.set_defaults(labels=LABELS)
    msub = members.add_subparsers(dest="action", metavar="操作", required=True)
    imp = msub.add_parser("import", help="从表格（.xlsx/.xls/.ods/.csv）导入党员名册")
    imp.add_argument("file", metavar="FILE.xlsx", type=TEXT)
    imp.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    imp.add_argument("--update", action="store_true", help="号码已在名册中的党员按表格更新")
    imp.add_argument("--new-groups", action="store_true", help="确认新建表格中尚未建立的党小组")
    command(imp, _import, writes=True)
    tpl = msub.add_parser("template", help="生成导入模板（.xlsx）")
    tpl.add_argument("file", metavar="FILE.xlsx", type=output(".xlsx"))
    command(tpl, _template, writes=False, database="none")
    exp = msub.add_parser("export", help="把党员名册导出为 Excel")
    exp.add_argument("file", metavar="FILE.xlsx", type=output(".xlsx"))
    exp.add_argument("--all", action="store_true", help="包括已转出或离开的党员")
    command(exp, _export, writes=False)
    madd = msub.add_parser("add", help="新增党员（字段用 JSON 对象给出，键同导出表的英文字段名）")
    madd.add_argument("json", metavar="JSON", type=JSON_OBJECT,
                      help='如 {"name": "张三", "id_number": "…", "join_date": "2010-07-01"}')
    madd.add_argument("--group", type=TEXT, help="党小组名称")
    madd.add_argument("--arrival", default=StartKind.REGISTERED, choices=list(StartKind))
    madd.add_argument("--arrival-date", type=DATE)
    madd.add_argument("--from-org", type=TEXT, default="")
    madd.add_argument("--letter", type=TEXT, default="")
    command(madd, _add, writes=True)
    medit = msub.add_parser("edit", help="修改党员信息（修改记录保留原值）")
    medit.add_argument("member", metavar="MEMBER", type=TEXT, help="姓名或公民身份号码")
    medit.add_argument("json", metavar="JSON", type=JSON_OBJECT, help='要修改的字段，如 {"phone": "13900000000"}')
    medit.add_argument("--group", type=TEXT, help="调整到该党小组（“无”表示不编入）")
    medit.add_argument("--group-date", type=DATE, help="党小组调整日期（默认今天）")
    medit.add_argument("--reason", type=TEXT, default="", help="修改原因")
    command(medit, _edit, writes=True)
    mleave = msub.add_parser("leave", help="组织关系转出或其他离开（不删除）")
    mleave.add_argument("member", metavar="MEMBER", type=TEXT)
    mleave.add_argument("--kind", required=True, choices=list(ExitKind))
    mleave.add_argument("--date", required=True, type=DATE)
    mleave.add_argument("--to-org", type=TEXT, default="")
    mleave.add_argument("--letter", type=TEXT, default="")
    mleave.add_argument("--reason", type=TEXT, default="")
    command(mleave, _leave, writes=True)
    mrejoin = msub.add_parser("rejoin", help="已离开的党员重新转入")
    mrejoin.add_argument("member", metavar="MEMBER", type=TEXT)
    mrejoin.add_argument("--date", required=True, type=DATE)
    mrejoin.add_argument("--from-org", type=TEXT, default="")
    mrejoin.add_argument("--letter", type=TEXT, default="")
    mrejoin.add_argument("--group", type=TEXT)
    command(mrejoin, _rejoin, writes=True)
    lst = msub.add_parser("list", help="列出党员")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    lst.add_argument("--on", metavar="DATE", type=DATE, help="列出该日在册的党员")
    lst.add_argument("--all", action="store_true", help="包括已离开的党员")
    lst.add_argument("--search", type=TEXT, default="", help="按姓名、身份号码或电话筛选")
    command(lst, _list, writes=False)



def group_ref(ctx: CommandContext, name: str | None) -> Any:
    """A group id from ``--group``: ``...`` when not given, None for “无”."""
    if name is None:
        return ...
    if name.strip() in ("", "无"):
        return None
    group = ctx.services.branch.group_by_name(name.strip())
    if group is None:
        raise UserError(f"没有名为“{dates.shown(name)}”的党小组")
    return group.id


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = fields_from_json(args.json, "JSON")
    gid = group_ref(ctx, args.group)
    service = ctx.services.roster
    mid = service.create(data, None if gid is ... else gid, Arrival(
        kind=args.arrival, date=args.arrival_date, org=args.from_org, letter=args.letter))
    print(f"已新增党员：{service.get(mid).name}")
    return 0


def _edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.roster
    mid = service.find(args.member)
    data = fields_from_json(args.json, "JSON")
    service.update(mid, data, group_id=group_ref(ctx, args.group), group_change_date=args.group_date,
                   reason=args.reason)
    print(f"已修改：{service.get(mid).name}")
    return 0


def _leave(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.roster
    mid = service.find(args.member)
    service.leave(mid, args.kind, args.date, org=args.to_org, letter=args.letter, reason=args.reason)
    print(f"已办理：{service.get(mid).name} {args.kind}")
    return 0


def _rejoin(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.roster
    mid = service.find(args.member)
    gid = group_ref(ctx, args.group)
    service.rejoin(mid, args.date, org=args.from_org, letter=args.letter, group_id=None if gid is ... else gid)
    print(f"已转入：{service.get(mid).name}")
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.roster
    members = service.members_on(args.on) if args.on else service.list(include_left=args.all)
    members = service.search(args.search, members)
    if args.json:
        print_json([member_as_dict(m) for m in members])
        return 0
    for m in members:
        status = m.member_class if m.active else f"已{m.left_kind}"
        print("\t".join([m.name, m.gender, m.id_number, m.group_name or "", m.personnel_category, status,
                         dates.fmt_cn(m.join_date)]))
    print(f"共 {len(members)} 人")
    return 0


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    count = ctx.services.roster_excel.export(args.file, include_left=args.all)
    print(f"已导出 {count} 名党员到 {args.file}")
    return 0


def _import(args: argparse.Namespace, ctx: CommandContext) -> int:
    path = input_file(args.file)
    preview = ctx.services.roster_excel.read(path, update_existing=args.update)
    name = path.name
    for note in preview.notes:
        print(f"提示：{note}")
    for skipped, why in preview.skipped:
        print(f"  已跳过第{skipped}行：{why}")
    if preview.problems:
        return refuse_file(name, preview.problems, "数据")
    print(f"{name}：工作表“{preview.sheet}”，表头在第{preview.header_row}行，"
          f"共 {len(preview.rows)} 名党员，检查通过。")
    if args.dry_run:
        for row in preview.rows:
            f = row.fields
            print(f"  第{row.row}行\t{f['name']}\t{f['id_number']}\t{row.group or ''}\t"
                  f"{f['member_class']}\t{dates.fmt_cn(f['join_date'])}")
        print("（预览，未写入）")
        return 0
    updated = sum(1 for r in preview.rows if r.existing_id is not None)
    ctx.services.roster_excel.run(preview, create_groups=args.new_groups)
    print(f"已导入：新增 {len(preview.rows) - updated} 名，更新 {updated} 名党员。")
    return 0


def _template(args: argparse.Namespace, ctx: CommandContext) -> int:
    load("app.roster.excel:write_template")(args.file)  # no file is open: the Excel code only for this command
    print(f"已生成导入模板：{args.file}")
    return 0
