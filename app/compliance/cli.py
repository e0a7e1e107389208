"""``branchbook meetings check``: the 三会一课 compliance grid of a year."""

from __future__ import annotations

import argparse

from app.cliargs import DATE, YEAR, Context, command, print_json
from app.compliance.rules import RULE_LABELS


def register(meetings_sub: argparse._SubParsersAction) -> None:
    check = meetings_sub.add_parser("check", help="三会一课落实情况")
    check.add_argument("--year", type=YEAR, required=True)
    check.add_argument("--as-of", metavar="DATE", type=DATE, help="按该日计算（默认今天）")
    check.add_argument("--json", action="store_true")
    command(check, _check, writes=False)


def _check(args: argparse.Namespace, ctx: Context) -> int:
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
