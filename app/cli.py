"""The headless command line: ``branchbook <command> …`` or ``python -m app <command> …``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__, dates, paths
from app.errors import UserError
from app.session import Session
from db.errors import StorageError

COMMANDS = ("init", "members", "backup", "meetings")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchbook",
        description="支部台账（BranchBook）：党支部工作记录、党员名册、发展党员、党费收缴",
    )
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--version", action="version", version=f"BranchBook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    init = sub.add_parser("init", help="创建数据库（并登记支部）")
    init.add_argument("--name", help="支部全称（从上级党委写起）")
    init.add_argument("--committee", default="", help="上级党组织")
    init.add_argument("--kind", default="党支部", choices=("党支部", "联合党支部"))
    init.add_argument("--founded", help="成立日期，如 2012-07-01")

    bak = sub.add_parser("backup", help="把数据库完整备份到指定文件（如U盘）")
    bak.add_argument("target", metavar="DEST.sqlite")

    members = sub.add_parser("members", help="党员名册")
    msub = members.add_subparsers(dest="action", metavar="操作", required=True)
    imp = msub.add_parser("import", help="从 Excel 导入党员名册")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    imp.add_argument("--update", action="store_true", help="号码已在名册中的党员按表格更新")
    exp = msub.add_parser("export", help="把党员名册导出为 Excel")
    exp.add_argument("file", metavar="FILE.xlsx")
    exp.add_argument("--all", action="store_true", help="包括已转出或离开的党员")
    lst = msub.add_parser("list", help="列出党员")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    lst.add_argument("--on", metavar="DATE", help="列出该日在册的党员")
    lst.add_argument("--all", action="store_true", help="包括已离开的党员")
    lst.add_argument("--search", default="", help="按姓名、身份号码或电话筛选")
    meetings = sub.add_parser("meetings", help="党支部工作记录（三会一课）")
    gsub = meetings.add_subparsers(dest="action", metavar="操作", required=True)
    add = gsub.add_parser("add", help="从 JSON 文件添加会议记录（一个对象或一个列表，全部成功才写入）")
    add.add_argument("file", metavar="FILE.json")
    mlist = gsub.add_parser("list", help="列出某年的会议记录")
    mlist.add_argument("--year", type=int, required=True)
    mlist.add_argument("--json", action="store_true")
    mlist.add_argument("--kind", help="会议类型")
    mlist.add_argument("--search", default="", help="全文搜索（标题、议题、内容、决议）")
    check = gsub.add_parser("check", help="三会一课落实情况")
    check.add_argument("--year", type=int, required=True)
    check.add_argument("--as-of", metavar="DATE", help="按该日计算（默认今天）")
    check.add_argument("--json", action="store_true")
    return parser


def _err(text: str) -> None:
    print(f"错误：{text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    db_path = Path(args.db) if args.db else paths.default_db_path()
    try:
        with Session.open(db_path) as session:
            return _dispatch(args, session)
    except StorageError as exc:
        _err(exc.user_message())
        return 3
    except UserError as exc:
        _err(exc.message)
        return 2


def _dispatch(args: argparse.Namespace, session: Session) -> int:
    from app.services.branch import BranchService
    from app.services.members import MemberService, member_as_dict

    conn = session.conn
    if args.command == "init":
        branches = BranchService(conn)
        if args.name:
            from db.records import Branch

            branches.save(Branch(name=args.name, kind=args.kind,
                                 supervising_committee=args.committee,
                                 founded_on=dates.parse_date(args.founded) if args.founded else None))
        print(f"数据库已就绪：{session.path}")
        if not branches.exists():
            print("尚未登记支部：请用 --name 登记，或打开图形界面按向导填写。")
        return 0

    if args.command == "backup":
        target = session.backup_to(args.target)
        print(f"已备份到 {target}")
        return 0

    if args.command == "meetings":
        return _meetings(args, conn)

    if args.action == "list":
        service = MemberService(conn)
        if args.on:
            on = dates.parse_date(args.on)
            if on is None or len(on) != 10:
                raise UserError("--on 须是完整日期，如 2025-03-12")
            members = service.members_on(on)
        else:
            members = service.list(include_left=args.all)
        members = service.search(args.search, members)
        if args.json:
            print(json.dumps([member_as_dict(m) for m in members], ensure_ascii=False, indent=2))
        else:
            for m in members:
                status = m.member_class if m.active else f"已{m.left_kind}"
                print("\t".join([m.name, m.gender, m.id_number, m.group_name or "",
                                 m.personnel_category, status, dates.fmt_cn(m.join_date)]))
            print(f"共 {len(members)} 人")
        return 0

    if args.action == "export":
        from app.services.roster_excel import export_roster

        count = export_roster(conn, args.file, include_left=args.all)
        print(f"已导出 {count} 名党员到 {args.file}")
        return 0

    if args.action == "import":
        from app.services.roster_excel import RosterImporter, read_roster

        preview = read_roster(args.file, conn, update_existing=args.update)
        name = Path(args.file).name
        for note in preview.notes:
            print(f"提示：{note}")
        if preview.problems:
            _err(f"{name} 有 {len(preview.problems)} 处问题，未导入任何数据：")
            for problem in preview.problems:
                print(f"  {name} {problem}", file=sys.stderr)
            return 2
        print(f"{name}：工作表“{preview.sheet}”，表头在第{preview.header_row}行，"
              f"共 {len(preview.rows)} 名党员，检查通过。")
        if args.dry_run:
            for row in preview.rows:
                f = row.fields
                print(f"  第{row.row}行\t{f['name']}\t{f['id_number']}\t{row.group or ''}\t"
                      f"{f['member_class']}\t{dates.fmt_cn(f['join_date'])}")
            print("（预览，未写入）")
            return 0
        count = RosterImporter(conn, session.path).run(preview)
        print(f"已导入 {count} 名党员。")
        return 0
    raise AssertionError(args)  # pragma: no cover


def _meetings(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from app.services.compliance import RULE_LABELS, ComplianceService
    from app.services.meetings import MeetingService
    from app.services.meetings_json import add_from_file

    if args.action == "add":
        ids = add_from_file(conn, args.file)
        print(f"已添加 {len(ids)} 条会议记录。")
        return 0
    if args.action == "list":
        rows = MeetingService(conn).list(year=args.year, kind=args.kind, text=args.search)
        if args.json:
            keys = ("id", "kind", "title", "date", "start_time", "end_time", "place", "group_name",
                    "host", "recorder", "also_counts", "status", "signed_at", "signed_by", "late",
                    "due", "present")
            print(json.dumps([{k: r[k] for k in keys} for r in rows], ensure_ascii=False, indent=2))
        else:
            for r in rows:
                status = r["status"] + ("（逾期签发）" if r["late"] else "")
                kind = r["kind"] + (f"·{r['group_name']}" if r["group_name"] else "")
                print("\t".join([dates.fmt_cn(r["date"]), kind, r["title"],
                                 f"应到{r['due']}人 实到{r['present']}人", status]))
            print(f"共 {len(rows)} 条")
        return 0
    as_of = dates.parse_date(args.as_of) if args.as_of else None
    cells = ComplianceService(conn).check(args.year, as_of)
    if args.json:
        print(json.dumps([c.as_json() for c in cells], ensure_ascii=False, indent=2))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
