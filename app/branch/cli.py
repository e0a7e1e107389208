"""``branchbook init`` and ``branchbook branch …``: the branch profile, groups, committee."""

from __future__ import annotations

import argparse
from typing import Any

from app.branch.model import BranchKind, CommitteeRole
from app.cliargs import DATE, TEXT, CommandContext, command, integer, print_json
from app.common import dates
from app.common.errors import UserError
from db.records.branch import Branch

LABELS = {"name": "支部全称", "kind": "支部类型", "covered_units": "覆盖单位", "founded_on": "成立日期",
          "election_date": "选举日期", "term_years": "任期", "variance_months": "延期月数",
          "variance_approval": "批准文号", "seats": "委员", "role": "职务", "member": "党员", "leader": "组长",
          "date": "日期"}


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="创建数据库（并登记支部）")
    init.set_defaults(labels=LABELS)
    init.add_argument("--name", type=TEXT, help="支部全称（从上级党委写起）")
    init.add_argument("--committee", type=TEXT, default="", help="上级党组织")
    init.add_argument("--kind", default=BranchKind.BRANCH, choices=list(BranchKind))
    init.add_argument("--founded", type=DATE, help="成立日期，如 2012-07-01")
    command(init, _init, writes=True, database="creates")

    branch = sub.add_parser("branch", help="支部概况：基本情况、党小组、支部委员会")
    branch.set_defaults(labels=LABELS)
    bsub = branch.add_subparsers(dest="action", metavar="操作", required=True)
    bshow = bsub.add_parser("show", help="显示支部概况和提醒")
    bshow.add_argument("--json", action="store_true")
    command(bshow, _show, writes=False)
    bset = bsub.add_parser("set", help="修改基本情况")
    bset.add_argument("--name", type=TEXT)
    bset.add_argument("--kind", choices=list(BranchKind))
    bset.add_argument("--units", type=TEXT, help="联合党支部覆盖的单位，用顿号或逗号分隔")
    bset.add_argument("--committee", type=TEXT, help="上级党组织")
    bset.add_argument("--founded", type=DATE)
    bset.add_argument("--village", choices=("是", "否"), help="村、社区党支部（任期5年）")
    command(bset, _set, writes=True)
    bgroup = bsub.add_parser("group", help="新建或修改党小组")
    bgroup.add_argument("name", type=TEXT)
    bgroup.add_argument("--rename", type=TEXT)
    bgroup.add_argument("--leader", type=TEXT, help="组长（须是该小组成员）")
    bgroup.add_argument("--dissolve", action="store_true", help="撤销（须已无成员）")
    command(bgroup, _group, writes=True)
    bterm = bsub.add_parser("term", help="登记换届选举")
    bterm.add_argument("--elected", required=True, type=DATE, help="选举日期")
    bterm.add_argument("--years", type=integer(1, 10), help="任期（3 或 5）")
    bterm.add_argument("--variance", type=integer(-120, 120), default=0, help="经批准延期（正）或提前（负）的月数")
    bterm.add_argument("--approval", type=TEXT, default="", help="批准文号")
    bterm.add_argument("--seat", action="append", default=[], type=TEXT, metavar="姓名=职务",
                       help="如 张三=书记，可重复")
    command(bterm, _term, writes=True)
    bseat = bsub.add_parser("seat", help="增补委员或委员离任")
    bseat.add_argument("member", type=TEXT)
    bseat.add_argument("--role", choices=list(CommitteeRole), help="增补：职务")
    bseat.add_argument("--date", required=True, type=DATE)
    bseat.add_argument("--end", action="store_true", help="离任")
    command(bseat, _seat, writes=True)



def _init(args: argparse.Namespace, ctx: CommandContext) -> int:
    branches = ctx.services.branch
    if args.name:
        branches.save(Branch(name=args.name, kind=args.kind, supervising_committee=args.committee,
                             founded_on=args.founded))
    print(f"数据库已就绪：{ctx.session.path}")
    if not branches.exists():
        print("尚未登记支部：请用 --name 登记，或打开图形界面按向导填写。")
    return 0


def _show(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.branch
    branch = service.get()
    term = service.current_term()
    sizes = service.group_sizes()
    data: dict[str, Any] = {
        "branch": branch._asdict() if branch else None,
        "term": ({"election_date": term.election_date, "term_years": term.term_years,
                  "due": service.term_due_date(term),
                  "seats": [{"role": x.role, "name": x.member_name} for x in service.seats(term.id)]}
                 if term else None),
        "groups": [{"name": g.name, "members": sizes.get(g.id, 0)} for g in service.groups()],
        "warnings": [{"rule": w.rule, "level": w.level, "message": w.message} for w in service.warnings()],
    }
    if args.json:
        print_json(data)
        return 0
    print(branch.name if branch else "尚未登记支部")
    if term:
        print(f"支委会：{dates.fmt_cn(term.election_date)}选举，应于{dates.fmt_cn(data['term']['due'])}前换届；"
              + "、".join(f"{x['role']}{x['name']}" for x in data["term"]["seats"]))
    for g in data["groups"]:
        print(f"{g['name']}：{g['members']}人")
    for w in data["warnings"]:
        print(("错误：" if w["level"] == "error" else "提醒：") + w["message"])
    return 0


def _set(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.branch
    branch = service.get() or Branch(name="")
    changes: dict = {}
    for key, attr in (("name", "name"), ("kind", "kind"), ("committee", "supervising_committee")):
        if getattr(args, key) is not None:
            changes[attr] = getattr(args, key)
    if args.units is not None:
        changes["covered_units"] = tuple(u.strip() for u in args.units.replace("、", ",").split(",") if u.strip())
    if args.founded is not None:
        changes["founded_on"] = args.founded
    if args.village is not None:
        changes["village_or_community"] = args.village == "是"
    service.save(branch._replace(**changes))
    print("已保存支部基本情况。")
    return 0


def _group(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.branch
    group = service.group_by_name(args.name.strip())
    if args.dissolve:
        if group is None:
            raise UserError(f"没有名为“{args.name}”的党小组")
        service.dissolve_group(group.id, ctx.services.today())
        print(f"已撤销{args.name}。")
        return 0
    leader = ctx.services.roster.find(args.leader) if args.leader else None
    if group is None:
        gid = service.add_group(args.name)
        if leader is not None:
            service.update_group(gid, args.name, leader)
        print(f"已新建{args.name}。")
    else:
        service.update_group(group.id, args.rename or group.name,
                             leader if args.leader else group.leader_member_id)
        print(f"已修改{args.rename or group.name}。")
    return 0


def _term(args: argparse.Namespace, ctx: CommandContext) -> int:
    seats = []
    for item in args.seat:
        name, sep, role = item.partition("=")
        if not sep or not role.strip():
            raise UserError(f"参数 --seat：“{item}”应写成 姓名=职务，如 张三=书记")
        seats.append((ctx.services.roster.find(name), role.strip()))
    ctx.services.branch.start_term(args.elected, args.years, args.variance, args.approval, seats)
    print("已登记换届选举。")
    return 0


def _seat(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.branch
    mid = ctx.services.roster.find(args.member)
    term = service.current_term()
    if term is None:
        raise UserError("尚未登记支部委员会，请先登记换届选举")
    if args.end:
        seat = next((x for x in service.seats(term.id) if x.member_id == mid), None)
        if seat is None:
            raise UserError("该党员不是本届支部委员")
        service.end_seat(seat.id, args.date)
        print("已登记委员离任。")
    else:
        service.add_seat(term.id, mid, args.role or CommitteeRole.MEMBER, args.date)
        print("已增补委员。")
    return 0
