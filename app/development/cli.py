"""``branchbook dev …``: member development: applicants, the 25 steps, checks, settings."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, JSON_OBJECT, TEXT, CommandContext, command, integer, print_json
from app.common import inputs
from app.common.errors import UserError
from app.development import cli_records
from app.development import rules as R
from app.development.model import Outcome

#: Keys of ``dev add``'s JSON, with their labels.
ADD_FIELDS = {
    "name": "姓名", "id_number": "公民身份号码", "gender": "性别", "ethnicity": "民族", "birth_date": "出生日期",
    "native_place": "籍贯", "education": "学历", "work_unit_post": "工作单位及职务", "personnel_category": "人员类别",
    "phone": "联系电话", "group": "党小组", "application_written": "申请书落款日期",
    "application_received": "收到申请书日期", "rule_version": "适用细则", "activist_since": "确定为积极分子日期",
    "transferred_from": "原所在党组织", "expected_leave_on": "预计离开本单位日期", "notes": "备注",
}
_DATES = ("application_written", "application_received", "activist_since", "expected_leave_on", "birth_date")
LABELS = {**ADD_FIELDS, "step": "步骤", "date": "日期", "contacts": "培养联系人", "introducers": "入党介绍人",
          "members": "党员", "conclusion": "政审结论", "training": "培训", "outcome": "讨论结果",
          "extension_months": "延长月数", "meeting": "会议记录"}


def register(sub: argparse._SubParsersAction) -> None:
    dev = sub.add_parser("dev", help="发展党员")
    dev.set_defaults(labels=LABELS)
    vsub = dev.add_subparsers(dest="action", metavar="操作", required=True)
    vadd = vsub.add_parser("add", help="登记入党申请人（字段用 JSON 给出）")
    vadd.add_argument("json", metavar="JSON", type=JSON_OBJECT, help='如 {"name": "张三", "id_number": "…", '
                      '"application_written": "2025-03-01", "application_received": "2025-03-03"}')
    command(vadd, _add, writes=True)
    vlist = vsub.add_parser("list", help="发展党员名单（各阶段）")
    vlist.add_argument("--json", action="store_true")
    vlist.add_argument("--all", action="store_true", help="包括已转正和已终止的")
    command(vlist, _list, writes=False)
    adv = vsub.add_parser("advance", help="办理某一步（与图形界面同样的检查，不符合规定的拒绝）")
    adv.add_argument("person", metavar="PERSON", type=TEXT, help="姓名或公民身份号码")
    adv.add_argument("step", type=integer(1, 25), metavar="STEP", help="步骤编号 1–25")
    adv.add_argument("--date", required=True, type=DATE)
    for flag in ("--actor", "--document", "--doc-no", "--notes", "--conclusion"):
        adv.add_argument(flag, type=TEXT, default="")
    adv.add_argument("--contact", action="append", default=[], type=TEXT, help="培养联系人（第5步，1–2名）")
    adv.add_argument("--introducer", action="append", default=[], type=TEXT, help="入党介绍人（第9步，2名）")
    adv.add_argument("--hours", type=integer(0, 10_000), help="培训学时（第11步）")
    adv.add_argument("--days", type=integer(0, 1000), help="培训天数（第11步）")
    adv.add_argument("--unqualified", action="store_true", help="政审不合格")
    adv.add_argument("--outcome", choices=list(Outcome), help="第23步讨论结果")
    adv.add_argument("--extension-months", type=integer(0, 120))
    adv.add_argument("--meeting", type=integer(1), help="关联的支部党员大会记录编号（第15、23步）")
    adv.add_argument("--archived", action="append", default=[], type=TEXT, help="归档材料（第25步，可重复）")
    command(adv, _advance, writes=True)
    vset = vsub.add_parser("settings", help="查看或修改未经核实（[U]）或地方规定（[P]）的时限")
    vset.add_argument("key", nargs="?", type=TEXT, help="如 dev.2026.oath_months、dev.form_unit")
    vset.add_argument("value", nargs="?", type=TEXT)
    command(vset, _settings, writes=True)

    cli_records.register(vsub)
    vcheck = vsub.add_parser("check", help="检查时限和规定")
    vcheck.add_argument("--as-of", metavar="DATE", type=DATE)
    vcheck.add_argument("--json", action="store_true")
    command(vcheck, _check, writes=False)



def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = dict(args.json)
    inputs.check_keys(data, ADD_FIELDS, "JSON")
    for key, value in list(data.items()):
        label = f"JSON 字段 {key}（{ADD_FIELDS[key]}）"
        if key in _DATES:
            data[key] = inputs.optional_date(value, label, first_year=1900)
        else:
            data[key] = inputs.text_value(value, label, multiline=key == "notes", max_len=2000)
    if data.get("group"):
        group = ctx.services.branch.group_by_name(data.pop("group").strip())
        if group is None:
            raise UserError("JSON 字段 group（党小组）：没有这个党小组")
        data["group_id"] = group.id
    service = ctx.services.development
    pid = service.create(data)
    print(f"已登记：{service.person(pid).name}")
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    people = service.people(include_closed=args.all)
    if args.json:
        out = []
        for p in people:
            nxt = service.next_steps(p)
            out.append({
                "id": p.id, "name": p.name, "status": p.status, "stage": service.stage(p),
                "stage_name": R.STAGES[service.stage(p) - 1], "rule_version": p.rule_version,
                "steps_done": sorted({s.step_no for s in p.steps}),
                "next_steps": [{"step": n, "name": R.STEP[n].name, "earliest": service.window(p, n)[0],
                                "latest": service.window(p, n)[1]} for n in nxt],
            })
        print_json(out)
        return 0
    for p in people:
        steps = "、".join(f"{n}.{R.STEP[n].name}" for n in service.next_steps(p)) or "—"
        print(f"{p.name}\t{R.STAGES[service.stage(p) - 1]}\t{p.status}\t下一步：{steps}")
    print(f"共 {len(people)} 人")
    return 0


def _advance(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    roster = ctx.services.roster
    pid = service.find(args.person)
    service.advance(
        pid, args.step, args.date, actor=args.actor, document=args.document, doc_no=args.doc_no,
        notes=args.notes, contacts=[roster.find(c) for c in args.contact],
        introducers=[roster.find(c) for c in args.introducer], hours=args.hours, days=args.days,
        conclusion=args.conclusion, qualified=not args.unqualified, outcome=args.outcome or "",
        extension_months=args.extension_months, meeting_id=args.meeting, documents=args.archived)
    print(f"已办理：{args.person} 第{args.step}步“{R.STEP[args.step].name}”")
    return 0


def _settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.development
    editable = {**R.LIMIT_SETTINGS, R.FORM_UNIT.key: R.FORM_UNIT}
    if args.key:
        if args.key not in editable:
            raise UserError("可修改的设置：" + "、".join(editable))
        if args.value is not None and args.key == R.FORM_UNIT.key:
            service.set_setting(args.key, args.value)
        elif args.value is not None:
            service.set_limit(args.key, int(editable[args.key].parse(args.value)))
    for key, spec in editable.items():
        if not args.key or args.key == key:
            tag = "未经核实" if spec.tag == "U" else "地方规定"
            print(f"{key} = {service.setting(key)}\t# {spec.label}" + ("" if tag in spec.label else f"（{tag}）"))
    return 0


def _check(args: argparse.Namespace, ctx: CommandContext) -> int:
    found = ctx.services.development.check(args.as_of)
    if args.json:
        print_json([f.as_json() for f in found])
        return 0
    for f in found:
        print(f"{'错误' if f.severity == 'error' else '提醒'}\t{f.rule}\t{f.person}\t{f.message}")
    print(f"共 {len(found)} 项")
    return 0
