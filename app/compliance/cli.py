"""``branchbook meetings check``: the 三会一课 compliance grid of a year."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, YEAR, CommandContext, command, print_json
from app.common.errors import UserError
from app.compliance.rules import (
    DK_PER_QUARTER,
    DUAL_GROUP_PER_QUARTER,
    LEADER_LECTURES,
    RULE_LABELS,
    SECRETARY_LECTURES,
)


def register(meetings_sub: argparse._SubParsersAction) -> None:
    check = meetings_sub.add_parser("check", help="三会一课落实情况")
    check.add_argument("--year", type=YEAR, required=True)
    check.add_argument("--as-of", metavar="DATE", type=DATE, help="按该日计算（默认今天）")
    check.add_argument("--json", action="store_true")
    command(check, _check, writes=False)
    lead = meetings_sub.add_parser("leaders", help="书记和党员领导干部讲党课、双重组织生活情况")
    lead.add_argument("--year", type=YEAR, required=True)
    lead.add_argument("--as-of", metavar="DATE", type=DATE, help="按该日计算（默认今天）")
    lead.add_argument("--json", action="store_true")
    command(lead, _leaders, writes=False)
    st = meetings_sub.add_parser("settings", help="查看或修改三会一课检查的设置（地方规定的次数）")
    st.add_argument("key", nargs="?", metavar="KEY")
    st.add_argument("value", nargs="?", metavar="VALUE")
    command(st, _settings, writes=True)


def _settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    editable = {s.key: s for s in (DK_PER_QUARTER, LEADER_LECTURES, SECRETARY_LECTURES, DUAL_GROUP_PER_QUARTER)}
    base = ctx.services.base
    if args.key:
        if args.key not in editable:
            raise UserError("可修改的设置：" + "、".join(editable))
        if args.value is not None:
            base.set_setting(args.key, args.value)
    for key, spec in editable.items():
        if not args.key or args.key == key:
            print(f"{key} = {base.setting(key)}\t# {spec.label}{spec.note}")
    return 0


def _leaders(args: argparse.Namespace, ctx: CommandContext) -> int:
    lectures = ctx.services.compliance.lecture_duties(args.year, args.as_of)
    dual = ctx.services.compliance.dual_life(args.year, args.as_of)
    if args.json:
        print_json({"lectures": [d.as_json() for d in lectures], "dual_life": [d.as_json() for d in dual]})
        return 0
    print(f"{args.year}年讲党课：")
    for d in lectures or ():
        print(("  ⚠ " if d.flagged else "  ✓ ") + d.describe())
    if not lectures:
        print("  （没有登记书记或党员领导干部）")
    print("双重组织生活（党员领导干部以普通党员身份参加党小组会和组织生活会）：")
    for life in dual:
        print(("  ⚠ " if life.flagged else "  ✓ ") + life.describe())
    if not dual:
        print("  （名册中没有标记为党员领导干部的党员）")
    return 0


def _check(args: argparse.Namespace, ctx: CommandContext) -> int:
    cells = ctx.services.compliance.check(args.year, args.as_of)
    if args.json:
        print_json([c.as_json() for c in cells])
        return 0
    marks = {"held": "✓", "missing": "✗", "due": "…", "future": "·"}
    rows: dict[tuple[str, str | None], list[str]] = {}
    for c in cells:
        rows.setdefault((c.rule, c.group_name), []).append(f"{c.period[5:] or '全年'}{marks[c.status]}")
    for (rule, group), marks_ in rows.items():
        label = RULE_LABELS[rule] + (f"·{group}" if group else "")
        print(f"{rule:10} {label}\t" + " ".join(marks_))
    print("✓ 已开  ✗ 应开未开  … 本期待开  · 未到期")
    return 0
