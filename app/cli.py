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

COMMANDS = ("init", "members", "backup", "meetings", "dues", "branch", "dev")

# argparse's own words, in Chinese: it looks them up through gettext, so its module-level
# translation function is where they go.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchbook",
        description="支部台账（BranchBook）：党支部工作记录、党员名册、发展党员、党费收缴",
    )
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--version", action="version", version=f"BranchBook {__version__}", help="显示版本号并退出")
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
    madd = msub.add_parser("add", help="新增党员（字段用 JSON 对象给出，键同导出表的英文字段名）")
    madd.add_argument("json", metavar="JSON", help='如 {"name": "张三", "id_number": "…", "join_date": "2010-07-01"}')
    madd.add_argument("--group", help="党小组名称")
    madd.add_argument("--arrival", default="建册登记", choices=("建册登记", "转入", "本支部发展"))
    madd.add_argument("--arrival-date")
    madd.add_argument("--from-org", default="")
    madd.add_argument("--letter", default="")
    medit = msub.add_parser("edit", help="修改党员信息（修改记录保留原值）")
    medit.add_argument("member", metavar="MEMBER", help="姓名或公民身份号码")
    medit.add_argument("json", metavar="JSON", help='要修改的字段，如 {"phone": "13900000000"}')
    medit.add_argument("--group", help="调整到该党小组（“无”表示不编入）")
    medit.add_argument("--group-date", help="党小组调整日期（默认今天）")
    medit.add_argument("--reason", default="", help="修改原因")
    mleave = msub.add_parser("leave", help="组织关系转出或其他离开（不删除）")
    mleave.add_argument("member", metavar="MEMBER")
    mleave.add_argument("--kind", required=True, choices=("转出", "出党", "去世", "其他"))
    mleave.add_argument("--date", required=True)
    mleave.add_argument("--to-org", default="")
    mleave.add_argument("--letter", default="")
    mleave.add_argument("--reason", default="")
    mrejoin = msub.add_parser("rejoin", help="已离开的党员重新转入")
    mrejoin.add_argument("member", metavar="MEMBER")
    mrejoin.add_argument("--date", required=True)
    mrejoin.add_argument("--from-org", default="")
    mrejoin.add_argument("--letter", default="")
    mrejoin.add_argument("--group")
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
    sign = gsub.add_parser("sign", help="签发（签发后只能更正）")
    sign.add_argument("id", type=int)
    sign.add_argument("--by", required=True)
    correct = gsub.add_parser("correct", help="更正已签发的记录（原记录保留）")
    correct.add_argument("id", type=int)
    correct.add_argument("file", metavar="FILE.json", help="更正后的完整记录（同 add 的格式）")
    correct.add_argument("--by", required=True)
    correct.add_argument("--reason", required=True)
    delete = gsub.add_parser("delete", help="删除草稿")
    delete.add_argument("id", type=int)
    attach = gsub.add_parser("attach", help="添加附件（签到表照片、课件等）")
    attach.add_argument("id", type=int)
    attach.add_argument("file")
    check = gsub.add_parser("check", help="三会一课落实情况")
    check.add_argument("--year", type=int, required=True)
    check.add_argument("--as-of", metavar="DATE", help="按该日计算（默认今天）")
    check.add_argument("--json", action="store_true")
    branch = sub.add_parser("branch", help="支部概况：基本情况、党小组、支部委员会")
    bsub = branch.add_subparsers(dest="action", metavar="操作", required=True)
    bshow = bsub.add_parser("show", help="显示支部概况和提醒")
    bshow.add_argument("--json", action="store_true")
    bset = bsub.add_parser("set", help="修改基本情况")
    bset.add_argument("--name")
    bset.add_argument("--kind", choices=("党支部", "联合党支部"))
    bset.add_argument("--units", help="联合党支部覆盖的单位，用顿号或逗号分隔")
    bset.add_argument("--committee", help="上级党组织")
    bset.add_argument("--founded")
    bset.add_argument("--village", choices=("是", "否"), help="村、社区党支部（任期5年）")
    bgroup = bsub.add_parser("group", help="新建或修改党小组")
    bgroup.add_argument("name")
    bgroup.add_argument("--rename")
    bgroup.add_argument("--leader", help="组长（须是该小组成员）")
    bgroup.add_argument("--dissolve", action="store_true", help="撤销（须已无成员）")
    bterm = bsub.add_parser("term", help="登记换届选举")
    bterm.add_argument("--elected", required=True, help="选举日期")
    bterm.add_argument("--years", type=int, help="任期（3 或 5）")
    bterm.add_argument("--variance", type=int, default=0, help="经批准延期（正）或提前（负）的月数")
    bterm.add_argument("--approval", default="", help="批准文号")
    bterm.add_argument("--seat", action="append", default=[], metavar="姓名=职务", help="如 张三=书记，可重复")
    bseat = bsub.add_parser("seat", help="增补委员或委员离任")
    bseat.add_argument("member")
    bseat.add_argument("--role", help="增补：职务")
    bseat.add_argument("--date", required=True)
    bseat.add_argument("--end", action="store_true", help="离任")

    dev = sub.add_parser("dev", help="发展党员")
    vsub = dev.add_subparsers(dest="action", metavar="操作", required=True)
    vadd = vsub.add_parser("add", help="登记入党申请人（字段用 JSON 给出）")
    vadd.add_argument("json", metavar="JSON", help='如 {"name": "张三", "id_number": "…", "application_written": "2025-03-01", "application_received": "2025-03-03"}')
    vlist = vsub.add_parser("list", help="发展党员名单（各阶段）")
    vlist.add_argument("--json", action="store_true")
    vlist.add_argument("--all", action="store_true", help="包括已转正和已终止的")
    adv = vsub.add_parser("advance", help="办理某一步（与图形界面同样的检查，不符合规定的拒绝）")
    adv.add_argument("person", metavar="PERSON", help="姓名或公民身份号码")
    adv.add_argument("step", type=int, metavar="STEP", help="步骤编号 1–25")
    adv.add_argument("--date", required=True)
    adv.add_argument("--actor", default="")
    adv.add_argument("--document", default="")
    adv.add_argument("--doc-no", default="")
    adv.add_argument("--notes", default="")
    adv.add_argument("--contact", action="append", default=[], help="培养联系人（第5步，1–2名）")
    adv.add_argument("--introducer", action="append", default=[], help="入党介绍人（第9步，2名）")
    adv.add_argument("--hours", type=int, help="培训学时（第11步）")
    adv.add_argument("--days", type=int, help="培训天数（第11步）")
    adv.add_argument("--conclusion", default="", help="政审结论（第10步）")
    adv.add_argument("--unqualified", action="store_true", help="政审不合格")
    adv.add_argument("--outcome", choices=("按期转正", "延长预备期", "取消预备党员资格"), help="第23步讨论结果")
    adv.add_argument("--extension-months", type=int)
    adv.add_argument("--meeting", type=int, help="关联的支部党员大会记录编号（第15、23步）")
    adv.add_argument("--archived", action="append", default=[], help="归档材料（第25步，可重复）")
    vset = vsub.add_parser("settings", help="查看或修改未经核实（[U]）或地方规定（[P]）的时限")
    vset.add_argument("key", nargs="?", help="如 dev.2026.oath_months")
    vset.add_argument("value", nargs="?", type=int)
    vcheck = vsub.add_parser("check", help="检查时限和规定")
    vcheck.add_argument("--as-of", metavar="DATE")
    vcheck.add_argument("--json", action="store_true")

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
    dset = dsub.add_parser("settings", help="查看或修改党费设置")
    dset.add_argument("key", nargs="?")
    dset.add_argument("value", nargs="?")
    collect = dsub.add_parser("collect", help="本月收缴：为所列党员（或 --all 全部）交清该月")
    collect.add_argument("--month", required=True)
    collect.add_argument("members", nargs="*", metavar="MEMBER")
    collect.add_argument("--all", action="store_true")
    collect.add_argument("--date")
    collect.add_argument("--collector", default="")
    dpays = dsub.add_parser("payments", help="某党员的收缴记录")
    dpays.add_argument("member")
    dpays.add_argument("--json", action="store_true")
    reverse = dsub.add_parser("reverse", help="冲销一条登记错误的收缴记录")
    reverse.add_argument("payment_id", type=int)
    reverse.add_argument("--reason", required=True)
    reason = dsub.add_parser("reason", help="登记欠缴的正当理由")
    reason.add_argument("member")
    reason.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM")
    reason.add_argument("--reason", required=True)
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
    if args.command == "branch":
        return _branch(args, conn)
    if args.command == "dev":
        return _dev(args, conn)
    if args.command == "members" and args.action in ("add", "edit", "leave", "rejoin"):
        return _members_write(args, conn)
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


def _json_arg(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"不是有效的 JSON：{exc}") from exc
    if not isinstance(data, dict):
        raise UserError("应是一个 JSON 对象")
    return data


def _group_id(conn, name: str | None):  # noqa: ANN001, ANN202
    from db import repo

    if name is None:
        return ...
    if name in ("", "无"):
        return None
    group = repo.group_by_name(conn, name)
    if group is None:
        raise UserError(f"没有名为“{name}”的党小组")
    return group.id


def _fields_error(exc) -> UserError:  # noqa: ANN001
    from app.rules import MEMBER_LABELS

    labels = {**MEMBER_LABELS, "org": "党组织", "date": "日期", "kind": "方式", "reason": "原因", "arrival": "加入方式"}
    return UserError("；".join(f"{labels.get(k, k)}：{v}" for k, v in exc.field_errors.items()))


def _members_write(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from app.errors import ValidationError
    from app.services.members import Arrival, MemberService

    service = MemberService(conn)
    try:
        if args.action == "add":
            data = _json_arg(args.json)
            for key in ("birth_date", "join_date", "full_date"):
                if data.get(key):
                    data[key] = dates.parse_date(data[key])
            gid = _group_id(conn, args.group)
            mid = service.create(data, None if gid is ... else gid, Arrival(
                kind=args.arrival, date=dates.parse_date(args.arrival_date) if args.arrival_date else None,
                org=args.from_org, letter=args.letter))
            print(f"已新增党员：{service.get(mid).name}")
        elif args.action == "edit":
            mid = _find_member(conn, args.member)
            data = _json_arg(args.json)
            for key in ("birth_date", "join_date", "full_date"):
                if data.get(key):
                    data[key] = dates.parse_date(data[key])
            service.update(mid, data, group_id=_group_id(conn, args.group),
                           group_change_date=dates.parse_date(args.group_date) if args.group_date else None,
                           reason=args.reason)
            print(f"已修改：{service.get(mid).name}")
        elif args.action == "leave":
            mid = _find_member(conn, args.member)
            service.leave(mid, args.kind, dates.parse_date(args.date) or "", org=args.to_org,
                          letter=args.letter, reason=args.reason)
            print(f"已办理：{service.get(mid).name} {args.kind}")
        else:
            mid = _find_member(conn, args.member)
            gid = _group_id(conn, args.group)
            service.rejoin(mid, dates.parse_date(args.date) or "", org=args.from_org, letter=args.letter,
                           group_id=None if gid is ... else gid)
            print(f"已转入：{service.get(mid).name}")
    except ValidationError as exc:
        raise _fields_error(exc) from exc
    except dates.DateParseError as exc:
        raise UserError(str(exc)) from exc
    return 0


def _branch(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from dataclasses import asdict, replace

    from app.errors import ValidationError
    from app.services.branch import BranchService
    from db.records import Branch

    service = BranchService(conn)
    try:
        if args.action == "show":
            branch = service.get()
            term = service.current_term()
            data = {
                "branch": asdict(branch) if branch else None,
                "term": ({"election_date": term.election_date, "term_years": term.term_years,
                          "due": service.term_due_date(term),
                          "seats": [{"role": x.role, "name": x.member_name} for x in service.seats(term.id)]}
                         if term else None),
                "groups": [{"name": g.name, "members": service.group_sizes().get(g.id, 0)} for g in service.groups()],
                "warnings": [{"rule": w.rule, "level": w.level, "message": w.message} for w in service.warnings()],
            }
            if args.json:
                print(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                print(branch.name if branch else "尚未登记支部")
                if term:
                    print(f"支委会：{dates.fmt_cn(term.election_date)}选举，应于{dates.fmt_cn(data['term']['due'])}前换届；"
                          + "、".join(f"{x['role']}{x['name']}" for x in data["term"]["seats"]))
                for g in data["groups"]:
                    print(f"{g['name']}：{g['members']}人")
                for w in data["warnings"]:
                    print(("错误：" if w["level"] == "error" else "提醒：") + w["message"])
            return 0
        if args.action == "set":
            branch = service.get() or Branch(name="")
            changes = {}
            for key, attr in (("name", "name"), ("kind", "kind"), ("committee", "supervising_committee")):
                if getattr(args, key) is not None:
                    changes[attr] = getattr(args, key)
            if args.units is not None:
                changes["covered_units"] = tuple(u.strip() for u in args.units.replace("、", ",").split(",") if u.strip())
            if args.founded is not None:
                changes["founded_on"] = dates.parse_date(args.founded)
            if args.village is not None:
                changes["village_or_community"] = args.village == "是"
            service.save(replace(branch, **changes))
            print("已保存支部基本情况。")
            return 0
        if args.action == "group":
            from db import repo

            group = repo.group_by_name(conn, args.name)
            if args.dissolve:
                if group is None:
                    raise UserError(f"没有名为“{args.name}”的党小组")
                service.dissolve_group(group.id, dates.today())
                print(f"已撤销{args.name}。")
                return 0
            leader = _find_member(conn, args.leader) if args.leader else None
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
        if args.action == "term":
            seats = []
            for item in args.seat:
                name, _, role = item.partition("=")
                seats.append((_find_member(conn, name), role.strip()))
            service.start_term(dates.parse_date(args.elected) or "", args.years, args.variance, args.approval, seats)
            print("已登记换届选举。")
            return 0
        mid = _find_member(conn, args.member)
        term = service.current_term()
        if term is None:
            raise UserError("尚未登记支部委员会，请先登记换届选举")
        on = dates.parse_date(args.date) or ""
        if args.end:
            seat = next((x for x in service.seats(term.id) if x.member_id == mid), None)
            if seat is None:
                raise UserError("该党员不是本届支部委员")
            service.end_seat(seat.id, on)
            print("已登记委员离任。")
        else:
            service.add_seat(term.id, mid, args.role or "委员", on)
            print("已增补委员。")
        return 0
    except ValidationError as exc:
        raise UserError(exc.message) from exc
    except dates.DateParseError as exc:
        raise UserError(str(exc)) from exc


def _dev(args: argparse.Namespace, conn) -> int:  # noqa: ANN001
    from app import dev_rules as R
    from app.errors import ValidationError
    from app.services.development import DevelopmentService

    service = DevelopmentService(conn)
    try:
        if args.action == "add":
            data = _json_arg(args.json)
            for key in ("application_written", "application_received", "activist_since", "expected_leave_on", "birth_date"):
                if data.get(key):
                    data[key] = dates.parse_date(data[key])
            if data.get("group"):
                data["group_id"] = _group_id(conn, data.pop("group"))
            pid = service.create(data)
            print(f"已登记：{service.person(pid)['name']}")
            return 0
        if args.action == "list":
            people = service.people(include_closed=args.all)
            if args.json:
                print(json.dumps([{
                    "id": p["id"], "name": p["name"], "status": p["status"], "stage": p["stage"],
                    "stage_name": R.STAGES[p["stage"] - 1], "rule_version": p["rule_version"],
                    "steps_done": sorted({s["step_no"] for s in p["steps"]}),
                    "next_steps": [{"step": n, "name": R.STEP[n].name, "earliest": service.window(p, n)[0],
                                    "latest": service.window(p, n)[1]} for n in p["next"]],
                } for p in people], ensure_ascii=False, indent=2))
            else:
                for p in people:
                    nxt = "、".join(f"{n}.{R.STEP[n].name}" for n in p["next"]) or "—"
                    print(f"{p['name']}\t{R.STAGES[p['stage'] - 1]}\t{p['status']}\t下一步：{nxt}")
                print(f"共 {len(people)} 人")
            return 0
        if args.action == "advance":
            pid = service.find(args.person)
            service.advance(
                pid, args.step, dates.parse_date(args.date) or "", actor=args.actor, document=args.document,
                doc_no=args.doc_no, notes=args.notes, contacts=[_find_member(conn, c) for c in args.contact],
                introducers=[_find_member(conn, c) for c in args.introducer], hours=args.hours, days=args.days,
                conclusion=args.conclusion, qualified=not args.unqualified, outcome=args.outcome or "",
                extension_months=args.extension_months, meeting_id=args.meeting, documents=args.archived)
            step = R.STEP.get(args.step)
            print(f"已办理：{args.person} 第{args.step}步“{step.name if step else ''}”")
            return 0
        if args.action == "settings":
            from db import repo

            editable = {f"dev.{v}.{k}": lim for v, table in R.LIMITS.items() for k, lim in table.items() if lim.tag in ("P", "U")}
            if args.key:
                if args.key not in editable:
                    raise UserError("可修改的设置：" + "、".join(editable))
                if args.value is not None:
                    if args.value < 0:
                        raise UserError("取值不能为负数")
                    service.set_limit(args.key, args.value)
            for key, lim in editable.items():
                if not args.key or args.key == key:
                    value = repo.get_setting(conn, key, str(lim.value))
                    tag = "未经核实" if lim.tag == "U" else "地方规定"
                    print(f"{key} = {value}\t# {lim.text}" + ("" if tag in lim.text else f"（{tag}）"))
            return 0
        as_of = dates.parse_date(args.as_of) if args.as_of else None
        found = service.check(as_of)
        if args.json:
            print(json.dumps([f.as_json() for f in found], ensure_ascii=False, indent=2))
        else:
            for f in found:
                print(f"{'错误' if f.severity == 'error' else '提醒'}\t{f.rule}\t{f.person}\t{f.message}")
            print(f"共 {len(found)} 项")
        return 0
    except ValidationError as exc:
        raise UserError(exc.message) from exc
    except dates.DateParseError as exc:
        raise UserError(str(exc)) from exc


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
    from app.services.members import MemberService

    return MemberService(conn).find(ref)


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
        if args.action == "settings":
            from app.services.dues import SETTINGS

            if args.key and args.value is not None:
                service.set_setting(args.key, args.value)
            for key, (_, text) in SETTINGS.items():
                if not args.key or args.key == key:
                    print(f"{key} = {service.setting(key)}\t# {text}")
            return 0
        if args.action == "collect":
            month = args.month
            sheet = service.month_sheet(month)
            ids = ([r["member_id"] for r in sheet if r["owing_fen"]] if args.all
                   else [_find_member(conn, m) for m in args.members])
            if not ids:
                raise UserError("请列出交纳的党员，或用 --all 表示全部")
            done = service.collect_month(month, ids, paid_on=dates.parse_date(args.date) if args.date else None,
                                         collector=args.collector)
            print(f"已登记{mo.cn(month)}收缴 {len(done)} 人。")
            return 0
        if args.action == "payments":
            rows = service.payments(_find_member(conn, args.member))
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for p in rows:
                    print(f"#{p['id']}\t{dates.fmt_cn(p['paid_on'])}\t{dr.yuan(p['amount_fen'])}\t{p['months']}\t"
                          f"{p['method']}\t{p['receipt_no']}\t{p['correction_reason'] or p['note']}")
            return 0
        if args.action == "reverse":
            service.reverse(args.payment_id, args.reason)
            print(f"已冲销第{args.payment_id}号收缴记录。")
            return 0
        if args.action == "reason":
            service.record_arrears_reason(_find_member(conn, args.member), args.from_month, args.reason)
            print("已登记正当理由。")
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
    if args.action in ("sign", "correct", "delete", "attach"):
        from app.errors import ValidationError
        from app.services.meetings_json import FIELD_LABELS, meeting_from_json

        service = MeetingService(conn)
        try:
            if args.action == "sign":
                service.sign_off(args.id, args.by)
                print(f"已签发第{args.id}号记录。")
            elif args.action == "delete":
                service.delete(args.id)
                print(f"已删除草稿第{args.id}号。")
            elif args.action == "attach":
                service.add_attachment(args.id, args.file)
                print("已添加附件。")
            else:
                try:
                    data = json.loads(Path(args.file).read_text(encoding="utf-8"))
                except (OSError, json.JSONDecodeError) as exc:
                    raise UserError(f"无法读取 {args.file}：{exc}") from exc
                meeting, _ = meeting_from_json(conn, data)
                current = service.get(args.id)
                meeting.id, meeting.status, meeting.signed_at, meeting.signed_by = (
                    current.id, current.status, current.signed_at, current.signed_by)
                service.correct(meeting, args.by, args.reason)
                print(f"已更正第{args.id}号记录，原记录已保留。")
        except ValidationError as exc:
            raise UserError("；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in exc.field_errors.items())) from exc
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
