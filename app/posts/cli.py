"""``branchbook posts …`` (共产党员先锋岗) and ``branchbook community …`` (双报到)."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, TEXT, YEAR, CommandContext, command, integer, print_json
from app.common.errors import UserError
from app.posts import rules as pr
from app.posts.service import CommunityService, PostService


def _services(ctx: CommandContext) -> tuple[PostService, CommunityService]:
    return ctx.services.posts, ctx.services.community


def register(sub: argparse._SubParsersAction) -> None:
    posts = sub.add_parser("posts", help="共产党员先锋岗：设岗、在岗党员、承诺、评定、覆盖情况")
    psub = posts.add_subparsers(dest="action", metavar="操作", required=True)
    add = psub.add_parser("add", help="设立先锋岗（窗口服务岗默认四零承诺）")
    add.add_argument("name", metavar="NAME", type=TEXT)
    add.add_argument("--kind", required=True, choices=pr.POST_KINDS)
    add.add_argument("--date", required=True, type=DATE, help="设岗日期")
    add.add_argument("--unit", type=TEXT, default="", help="所在处室")
    add.add_argument("--holder", action="append", default=[], type=TEXT, help="在岗党员（可重复）")
    add.add_argument("--commitments", type=TEXT, help="承诺内容（不给则按岗位类别）")
    command(add, _add, writes=True)
    hold = psub.add_parser("holders", help="调整在岗党员（列出的为此后在岗的全部党员）")
    hold.add_argument("post", type=integer(1), metavar="POST")
    hold.add_argument("--holder", action="append", default=[], type=TEXT)
    hold.add_argument("--date", required=True, type=DATE)
    command(hold, _holders, writes=True)
    award = psub.add_parser("award", help="登记评定（优秀先锋岗、标兵先锋岗、示范先锋岗）")
    award.add_argument("post", type=integer(1), metavar="POST")
    award.add_argument("--title", required=True, choices=pr.AWARD_TITLES)
    award.add_argument("--date", required=True, type=DATE)
    award.add_argument("--body", type=TEXT, default="", help="评定单位")
    command(award, _award, writes=True)
    close = psub.add_parser("close", help="撤销先锋岗")
    close.add_argument("post", type=integer(1), metavar="POST")
    close.add_argument("--date", required=True, type=DATE)
    command(close, _close, writes=True)
    lst = psub.add_parser("list", help="先锋岗名单和覆盖情况")
    lst.add_argument("--all", action="store_true", help="包括已撤销的")
    lst.add_argument("--json", action="store_true")
    command(lst, _list, writes=False)

    com = sub.add_parser("community", help="双报到：党员到社区报到、社区服务活动、覆盖和时长")
    csub = com.add_subparsers(dest="action", metavar="操作", required=True)
    rep = csub.add_parser("report", help="登记党员到社区党组织报到")
    rep.add_argument("member", metavar="MEMBER", type=TEXT)
    rep.add_argument("--community", required=True, type=TEXT)
    rep.add_argument("--date", required=True, type=DATE)
    command(rep, _report, writes=True)
    act = csub.add_parser("activity", help="登记一次社区服务活动")
    act.add_argument("--date", required=True, type=DATE)
    act.add_argument("--community", required=True, type=TEXT)
    act.add_argument("--what", required=True, type=TEXT, help="服务内容")
    act.add_argument("--member", action="append", required=True, type=TEXT, metavar="NAME=HOURS",
                     help="参加的党员和服务时长，如 张三=2.5（可重复）")
    act.add_argument("--meeting", type=integer(1), help="关联的主题党日记录编号")
    command(act, _activity, writes=True)
    cl = csub.add_parser("list", help="报到名单、服务活动和覆盖情况")
    cl.add_argument("--year", required=True, type=YEAR)
    cl.add_argument("--json", action="store_true")
    command(cl, _clist, writes=False)


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    posts, _ = _services(ctx)
    pid = posts.add(args.name, args.kind, args.date, args.unit, args.commitments,
                    [ctx.services.roster.find(h) for h in args.holder])
    print(f"已设立先锋岗“{args.name}”（编号 {pid}）")
    return 0


def _holders(args: argparse.Namespace, ctx: CommandContext) -> int:
    posts, _ = _services(ctx)
    posts.set_holders(args.post, [ctx.services.roster.find(h) for h in args.holder], args.date)
    print("已调整在岗党员")
    return 0


def _award(args: argparse.Namespace, ctx: CommandContext) -> int:
    posts, _ = _services(ctx)
    posts.award(args.post, args.title, args.date, args.body)
    print(f"已登记：{args.title}")
    return 0


def _close(args: argparse.Namespace, ctx: CommandContext) -> int:
    posts, _ = _services(ctx)
    posts.close(args.post, args.date)
    print("已撤销")
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    posts, _ = _services(ctx)
    found = posts.list(args.all)
    cov = posts.coverage()
    if args.json:
        print_json({"posts": [p.as_json() for p in found], "coverage": cov})
        return 0
    for p in found:
        awards = "、".join(f"{a['title']}（{a['on']}）" for a in p.awards)
        print(f"{p.id}\t{p.name}\t{p.kind}\t{p.unit}\t{'、'.join(n for _, n in p.holders)}\t{awards}")
    print(f"在岗党员{cov['holding']}名，占在册党员{cov['members']}名的{cov['share']}；先锋岗{cov['posts']}个")
    for kind, k in cov["kinds"].items():
        print(f"  {kind}：{k['posts']}个，其中示范（标兵）{k['models']}个" + ("" if k["met"] else
                                                                     f"，未达到每类至少{k['needed']}个"))
    return 0


def _report(args: argparse.Namespace, ctx: CommandContext) -> int:
    _, community = _services(ctx)
    community.report(ctx.services.roster.find(args.member), args.community, args.date)
    print(f"已登记：{args.member} 到 {args.community} 报到")
    return 0


def _activity(args: argparse.Namespace, ctx: CommandContext) -> int:
    _, community = _services(ctx)
    people = []
    for item in args.member:
        name, sep, hours = item.partition("=")
        if not sep:
            raise UserError(f"--member 应写成 姓名=时长（如 张三=2.5），现为“{item}”")
        people.append((ctx.services.roster.find(name), hours))
    aid = community.add_activity(args.date, args.community, args.what, people, args.meeting)
    print(f"已登记社区服务活动（编号 {aid}，{len(people)}人）")
    return 0


def _clist(args: argparse.Namespace, ctx: CommandContext) -> int:
    _, community = _services(ctx)
    cov = community.coverage(args.year)
    acts = community.activities(args.year)
    if args.json:
        print_json({"reports": [r.as_json() for r in community.reports()],
                    "activities": [a.as_json() for a in acts], "coverage": cov})
        return 0
    for r in community.reports():
        print(f"{r.name}\t{r.community}\t{r.reported_on}")
    for a in acts:
        people = "、".join(f"{p.name}{pr.hours_text(p.tenths)}小时" for p in a.people)
        print(f"{a.done_on}\t{a.community}\t{a.what}\t{people}")
    print(f"已报到{cov['reported']}名，占{cov['members']}名的{cov['share']}；{args.year}年服务活动{cov['activities']}次，"
          f"共{cov['hours']}小时")
    return 0
