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

COMMANDS = ("init", "members", "backup", "meetings", "dues")


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
    dues = sub.add_parser("dues", help="党费收缴")
    dsub = dues.add_subparsers(dest="action", metavar="操作", required=True)
    rate = dsub.add_parser("rate", help="计算月交纳额（按党费规定的比例表）")
    rate.add_argument("--category", required=True, help="人员类别：在职、离退休、学生、农民、下岗失业、其他")
    rate.add_argument("--base", help="计算基数（税后月收入，元）")
    rate.add_argument("--above-cap", action="store_true", help="本人自愿超过1000元上限全额交纳")
    rate.add_argument("--json", action="store_true")
    assess = dsub.add_parser("assess", help="年度核定（不指定党员时，为全部党员沿用上年基数核定）")
    assess.add_argument("--year", type=int, required=True)
    assess.add_argument("--member", help="姓名或公民身份号码")
    assess.add_argument("--base", help="计算基数（元）")
    assess.add_argument("--category", help="人员类别（默认取名册）")
    assess.add_argument("--above-cap", action="store_true")
    assess.add_argument("--from", dest="effective_from", metavar="YYYY-MM", help="年内调整：从该月起执行")
    assess.add_argument("--change-reason", default="", help="年内调整的原因")
    assess.add_argument("--approved-by", default="")
    pay = dsub.add_parser("pay", help="登记交纳")
    pay.add_argument("member", metavar="MEMBER", help="姓名或公民身份号码")
    pay.add_argument("--months", required=True, help="如 2025-01..2025-03")
    pay.add_argument("--amount", required=True, help="金额（元），如 144.00")
    pay.add_argument("--date", help="交纳日期（默认今天）")
    pay.add_argument("--method", default="现金", choices=("现金", "转账", "其他"))
    pay.add_argument("--receipt", default="", help="收据编号")
    pay.add_argument("--collector", default="", help="收缴人")
    pay.add_argument("--override-reason", default="", help="补交超过6个月的原因")
    pay.add_argument("--correction-reason", default="", help="登记到已结算月份的更正原因")
    ledger = dsub.add_parser("ledger", help="党费台账（全年逐月）")
    ledger.add_argument("--year", type=int, required=True)
    ledger.add_argument("--as-of", metavar="DATE")
    ledger.add_argument("--json", action="store_true")
    arrears = dsub.add_parser("arrears", help="欠缴名单（连续3个月以上）")
    arrears.add_argument("--as-of", metavar="DATE")
    arrears.add_argument("--json", action="store_true")
    close = dsub.add_parser("close", help="月度结算（结算后只能以更正方式登记）")
    close.add_argument("--month", required=True)
    close.add_argument("--by", required=True, help="结算人")
    remit = dsub.add_parser("remit", help="登记上缴")
    remit.add_argument("--date", required=True)
    remit.add_argument("--amount", required=True)
    remit.add_argument("--months", required=True, help="所属期间，如 2025-01..2025-03")
    remit.add_argument("--slip", default="", help="凭证号")
    remit.add_argument("--by", default="", help="经办人")
    export = dsub.add_parser("export", help="导出登记表、公示表、欠缴名单和上缴汇总（Excel）")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("file", metavar="FILE.xlsx")
    return parser


def _err(text: str) -> None:
    print(f"错误：{text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The output was piped into something like `head` that stopped reading: not an error.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    db_path = Path(args.db) if args.db else paths.default_db_path()
    if args.command == "dues" and args.action == "rate" and not db_path.exists():
        try:
            return _dues_rate(args, None)
        except UserError as exc:
            _err(exc.message)
            return 2
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
    if args.command == "dues":
        return _dues(args, conn)

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


def _dues_rate(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from app import dues_rules as dr

    try:
        base = dr.parse_yuan(args.base) if args.base is not None else None
        if conn is not None:
            from app.services.dues import DuesService

            calc = DuesService(conn).calculate(args.category, base, above_cap=args.above_cap)
        else:
            calc = dr.calculate(args.category, base, above_cap=args.above_cap)
    except dr.DuesError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps({"category": calc.category, "base_fen": calc.base_fen, "rate_permille": calc.rate_permille,
                          "formula_fen": calc.formula_fen, "amount_fen": calc.amount_fen,
                          "amount": dr.yuan(calc.amount_fen), "capped": calc.capped,
                          "explanation": calc.explanation}, ensure_ascii=False))
    else:
        print(f"每月应交 {dr.yuan(calc.amount_fen)}（{calc.explanation}）")
    return 0


def _find_member(conn, ref: str) -> int:  # noqa: ANN001
    from db import repo

    members = repo.list_members(conn)
    hits = [m for m in members if m.id_number == ref.strip().upper()] or [m for m in members if m.name == ref.strip()]
    if not hits:
        raise UserError(f"名册中没有“{ref}”")
    if len(hits) > 1:
        raise UserError(f"名册中有{len(hits)}人叫“{ref}”，请改用公民身份号码")
    return hits[0].id


def _dues(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from app import dues_rules as dr
    from app import months as mo
    from app.errors import ValidationError
    from app.services.dues import DuesService

    service = DuesService(conn)
    try:
        if args.action == "rate":
            return _dues_rate(args, conn)
        if args.action == "assess":
            if args.member:
                mid = _find_member(conn, args.member)
                service.assess(mid, args.year, base_fen=dr.parse_yuan(args.base) if args.base else None,
                               category=args.category, above_cap=args.above_cap, approved_by=args.approved_by,
                               effective_from=args.effective_from, change_reason=args.change_reason)
                a = service.assessments(mid, args.year)[-1]
                print(f"已核定：{mo.cn(a.effective_from)}起每月 {dr.yuan(a.amount_fen)}")
                return 0
            done, missing = service.assess_year(args.year, approved_by=args.approved_by)
            print(f"已为 {len(done)} 名党员核定{args.year}年党费（沿用上年计算基数）。")
            if missing:
                print("以下党员没有上年基数，请逐一核定：" + "、".join(missing), file=sys.stderr)
                return 2
            return 0
        if args.action == "pay":
            mid = _find_member(conn, args.member)
            try:
                month_list = mo.parse_range(args.months)
            except ValueError as exc:
                raise UserError(str(exc)) from exc
            date = dates.parse_date(args.date) if args.date else None
            service.pay(mid, month_list, dr.parse_yuan(args.amount), paid_on=date, method=args.method,
                        receipt_no=args.receipt, collector=args.collector,
                        backpay_override=args.override_reason, correction_reason=args.correction_reason)
            print(f"已登记：{args.member} {mo.cn(month_list[0])}"
                  + (f"至{mo.cn(month_list[-1])}" if len(month_list) > 1 else "") + f" {dr.yuan(dr.parse_yuan(args.amount))}")
            return 0
        if args.action == "ledger":
            as_of = dates.parse_date(args.as_of) if args.as_of else None
            rows = service.ledger(args.year, as_of)
            if args.json:
                print(json.dumps([{"member_id": r.member_id, "name": r.name, "category": r.category,
                                   "amount_fen": r.amount_fen, "due_fen": r.due_fen, "paid_fen": r.paid_fen,
                                   "months": [{"month": c.month, "status": c.status, "due_fen": c.due_fen,
                                               "paid_fen": c.paid_fen} for c in r.cells]} for r in rows],
                                 ensure_ascii=False, indent=2))
                return 0
            marks = {"paid": "✓", "part-paid": "◐", "due": "…", "overdue": "✗", "exempt": "免",
                     "not-liable": " ", "unassessed": "?", "future": "·"}
            for r in rows:
                amount = dr.yuan(r.amount_fen) if r.amount_fen is not None else "未核定"
                print(f"{r.name}\t{r.category}\t{amount}\t" + "".join(marks[c.status] for c in r.cells)
                      + f"\t实交{dr.yuan(r.paid_fen)}")
            print("✓ 已交  ◐ 部分交纳  … 本月待交  ✗ 欠交  免 减免  ? 未核定  · 未到期")
            return 0
        if args.action == "arrears":
            as_of = dates.parse_date(args.as_of) if args.as_of else None
            found = service.arrears(as_of)
            if args.json:
                print(json.dumps([{"member_id": a.member_id, "name": a.name, "months": list(a.months),
                                   "count": a.count, "owed_fen": a.owed_fen, "level": a.level,
                                   "reason": a.reason} for a in found], ensure_ascii=False, indent=2))
            else:
                for a in found:
                    level = "已满6个月（按规定视为自行脱党，须支部处理）" if a.level == "alert" else "已满3个月"
                    print(f"{a.name}\t连续{a.count}个月未交足\t{dr.yuan(a.owed_fen)}\t{level}\t{a.reason}")
                print(f"共 {len(found)} 人")
            return 0
        if args.action == "close":
            service.close_month(args.month, args.by)
            print(f"{mo.cn(args.month)}已结算。")
            return 0
        if args.action == "remit":
            try:
                span = mo.parse_range(args.months)
            except ValueError as exc:
                raise UserError(str(exc)) from exc
            service.remit(dates.parse_date(args.date) or "", dr.parse_yuan(args.amount), span[0], span[-1],
                          slip_no=args.slip, handled_by=args.by)
            print(f"已登记上缴 {dr.yuan(dr.parse_yuan(args.amount))}。")
            return 0
        if args.action == "export":
            from app.services.dues_reports import export_workbook

            export_workbook(conn, args.year, args.file)
            print(f"已导出到 {args.file}")
            return 0
    except dr.DuesError as exc:
        raise UserError(str(exc)) from exc
    except ValidationError as exc:
        raise UserError("；".join(exc.field_errors.values())) from exc
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
