"""``branchbook dues …``: the calculator, 核定, payments, the ledger, arrears, closing,
remittance, settings and the Excel reports."""

from __future__ import annotations

import argparse
import json
import sys

from app.cliargs import DATE, MONEY, MONTH, MONTHS, TEXT, YEAR, CommandContext, command, integer, output, print_json
from app.common import dates, months
from app.common.errors import UserError
from app.common.money import yuan
from app.dues import rules as dr
from app.dues.model import PaymentMethod
from app.roster.model import PersonnelCategory

LABELS = {"months": "月份", "amount": "金额", "method": "交纳方式", "paid_on": "交纳日期", "base": "计算基数",
          "backpay_override": "补交原因", "correction_reason": "更正原因", "change_reason": "调整原因",
          "effective_from": "执行月份", "reduced": "减免", "reduction_reason": "减免原因", "by": "结算人",
          "reason": "原因", "remitted_on": "上缴日期", "month": "月份", "income_items": "收入项目"}


def register(sub: argparse._SubParsersAction) -> None:
    dues = sub.add_parser("dues", help="党费收缴")
    dues.set_defaults(labels=LABELS)
    dsub = dues.add_subparsers(dest="action", metavar="操作", required=True)
    rate = dsub.add_parser("rate", help="计算月交纳额（按党费规定的比例表）")
    rate.add_argument("--category", required=True, choices=list(PersonnelCategory),
                      help="人员类别：" + "、".join(PersonnelCategory))
    rate.add_argument("--base", type=MONEY, help="计算基数（税后月收入，元）")
    rate.add_argument("--above-cap", action="store_true", help="本人自愿超过1000元上限全额交纳")
    rate.add_argument("--json", action="store_true")
    command(rate, _rate, writes=False, database="optional")
    assess = dsub.add_parser("assess", help="年度核定（不指定党员时，为全部党员沿用上年基数核定）")
    assess.add_argument("--year", type=YEAR, required=True)
    assess.add_argument("--member", type=TEXT, help="姓名或公民身份号码")
    assess.add_argument("--base", type=MONEY, help="计算基数（元）")
    assess.add_argument("--category", choices=list(PersonnelCategory), help="人员类别（默认取名册）")
    assess.add_argument("--above-cap", action="store_true")
    assess.add_argument("--from", dest="effective_from", metavar="YYYY-MM", type=MONTH,
                        help="年内调整：从该月起执行")
    assess.add_argument("--change-reason", type=TEXT, default="", help="年内调整的原因")
    assess.add_argument("--approved-by", type=TEXT, default="")
    command(assess, _assess, writes=True)
    pay = dsub.add_parser("pay", help="登记交纳")
    pay.add_argument("member", metavar="MEMBER", type=TEXT, help="姓名或公民身份号码")
    pay.add_argument("--months", required=True, type=MONTHS, help="如 2025-01..2025-03")
    pay.add_argument("--amount", required=True, type=MONEY, help="金额（元），如 144.00")
    pay.add_argument("--date", type=DATE, help="交纳日期（默认今天）")
    pay.add_argument("--method", default=PaymentMethod.CASH, choices=list(PaymentMethod))
    pay.add_argument("--receipt", type=TEXT, default="", help="收据编号")
    pay.add_argument("--collector", type=TEXT, default="", help="收缴人")
    pay.add_argument("--override-reason", type=TEXT, default="", help="补交超过6个月的原因")
    pay.add_argument("--correction-reason", type=TEXT, default="", help="交纳日期在已结算月份时的更正原因")
    command(pay, _pay, writes=True)
    ledger = dsub.add_parser("ledger", help="党费台账（全年逐月）")
    ledger.add_argument("--year", type=YEAR, required=True)
    ledger.add_argument("--as-of", metavar="DATE", type=DATE)
    ledger.add_argument("--json", action="store_true")
    command(ledger, _ledger, writes=False)
    arrears = dsub.add_parser("arrears", help="欠缴名单（连续3个月以上）")
    arrears.add_argument("--as-of", metavar="DATE", type=DATE)
    arrears.add_argument("--json", action="store_true")
    command(arrears, _arrears, writes=False)
    remind = dsub.add_parser("remind", help="催缴提醒：连续3个月以上未交足且无正当理由的党员（可打印、可复制发送）")
    remind.add_argument("--as-of", metavar="DATE", type=DATE)
    remind.add_argument("--member", metavar="MEMBER", type=TEXT, help="只提醒这名党员（姓名或公民身份号码）")
    remind.add_argument("--given", choices=dr.REMINDER_WAYS, help="登记已提醒（方式），每名列出的党员各记一次")
    remind.add_argument("--date", metavar="DATE", type=DATE, help="提醒的日期（默认今天）")
    remind.add_argument("-o", "--output", metavar="F.pdf", type=output(".pdf", ".docx"),
                        help="打印用 PDF，或可修改的 Word 文件（.docx），按文件名后缀决定")
    remind.add_argument("--json", action="store_true")
    command(remind, _remind, writes=True)
    close = dsub.add_parser("close", help="月度结算（结算后只能以更正方式登记）")
    close.add_argument("--month", required=True, type=MONTH)
    close.add_argument("--by", required=True, type=TEXT, help="结算人")
    command(close, _close, writes=True)
    remit = dsub.add_parser("remit", help="登记上缴")
    remit.add_argument("--date", required=True, type=DATE)
    remit.add_argument("--amount", required=True, type=MONEY)
    remit.add_argument("--months", required=True, type=MONTHS, help="所属期间，如 2025-01..2025-03")
    remit.add_argument("--slip", type=TEXT, default="", help="凭证号")
    remit.add_argument("--by", type=TEXT, default="", help="经办人")
    command(remit, _remit, writes=True)
    dset = dsub.add_parser("settings", help="查看或修改党费设置")
    dset.add_argument("key", nargs="?", type=TEXT)
    dset.add_argument("value", nargs="?", type=TEXT)
    command(dset, _settings, writes=True)
    collect = dsub.add_parser("collect", help="本月收缴：为所列党员（或 --all 全部）交清该月")
    collect.add_argument("--month", required=True, type=MONTH)
    collect.add_argument("members", nargs="*", metavar="MEMBER", type=TEXT)
    collect.add_argument("--all", action="store_true")
    collect.add_argument("--date", type=DATE)
    collect.add_argument("--collector", type=TEXT, default="")
    command(collect, _collect, writes=True)
    dpays = dsub.add_parser("payments", help="某党员的收缴记录")
    dpays.add_argument("member", type=TEXT)
    dpays.add_argument("--json", action="store_true")
    command(dpays, _payments, writes=False)
    reverse = dsub.add_parser("reverse", help="冲销一条登记错误的收缴记录")
    reverse.add_argument("payment_id", type=integer(1))
    reverse.add_argument("--reason", required=True, type=TEXT)
    command(reverse, _reverse, writes=True)
    reason = dsub.add_parser("reason", help="登记欠缴的正当理由")
    reason.add_argument("member", type=TEXT)
    reason.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM", type=MONTH)
    reason.add_argument("--reason", required=True, type=TEXT)
    command(reason, _reason, writes=True)
    export = dsub.add_parser("export", help="导出登记表、公示表、欠缴名单和上缴汇总（Excel）")
    export.add_argument("--year", type=YEAR, required=True)
    export.add_argument("file", metavar="FILE.xlsx", type=output(".xlsx"))
    command(export, _export, writes=False)



def _rate(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        services = ctx.open_services
        if services is not None:
            calc = services.dues.calculate(args.category, args.base, above_cap=args.above_cap)
        else:
            calc = dr.calculate(args.category, args.base, above_cap=args.above_cap)
    except dr.DuesError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps({
            "category": calc.category, "base_fen": calc.base_fen, "rate_permille": calc.rate_permille,
            "formula_fen": calc.formula_fen, "amount_fen": calc.amount_fen, "amount": yuan(calc.amount_fen),
            "capped": calc.capped, "explanation": calc.explanation}, ensure_ascii=False))
    else:
        print(f"每月应交 {yuan(calc.amount_fen)}（{calc.explanation}）")
    return 0


def _assess(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.dues
    if args.member:
        mid = ctx.services.roster.find(args.member)
        service.assess(mid, args.year, base_fen=args.base, category=args.category, above_cap=args.above_cap,
                       approved_by=args.approved_by, effective_from=args.effective_from,
                       change_reason=args.change_reason)
        a = service.assessments(mid, args.year)[-1]
        print(f"已核定：{months.cn(a.effective_from)}起每月 {yuan(a.amount_fen)}")
        return 0
    done, missing = service.assess_year(args.year, approved_by=args.approved_by)
    print(f"已为 {len(done)} 名党员核定{args.year}年党费（沿用上年计算基数）。")
    if missing:
        print("以下党员没有上年基数，请逐一核定：" + "、".join(missing), file=sys.stderr)
        return 2
    return 0


def _pay(args: argparse.Namespace, ctx: CommandContext) -> int:
    mid = ctx.services.roster.find(args.member)
    ctx.services.dues.pay(mid, args.months, args.amount, paid_on=args.date, method=args.method,
                          receipt_no=args.receipt, collector=args.collector,
                          backpay_override=args.override_reason, correction_reason=args.correction_reason)
    span = months.cn(args.months[0]) + (f"至{months.cn(args.months[-1])}" if len(args.months) > 1 else "")
    print(f"已登记：{args.member} {span} {yuan(args.amount)}")
    return 0


def _ledger(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = ctx.services.dues.ledger.grid(args.year, args.as_of)
    if args.json:
        print_json([{"member_id": r.member_id, "name": r.name, "category": r.category, "amount_fen": r.amount_fen,
                     "due_fen": r.due_fen, "paid_fen": r.paid_fen,
                     "months": [{"month": c.month, "status": c.status, "due_fen": c.due_fen, "paid_fen": c.paid_fen}
                                for c in r.cells]} for r in rows])
        return 0
    marks = {"paid": "✓", "part-paid": "◐", "due": "…", "overdue": "✗", "exempt": "免",
             "not-liable": " ", "unassessed": "?", "future": "·"}
    for r in rows:
        amount = yuan(r.amount_fen) if r.amount_fen is not None else "未核定"
        print(f"{r.name}\t{r.category}\t{amount}\t" + "".join(marks[c.status] for c in r.cells)
              + f"\t实交{yuan(r.paid_fen)}")
    print("✓ 已交  ◐ 部分交纳  … 本月待交  ✗ 欠交  免 减免  ? 未核定  · 未到期")
    return 0


def _arrears(args: argparse.Namespace, ctx: CommandContext) -> int:
    found = ctx.services.dues.ledger.arrears(args.as_of)
    if args.json:
        print_json([{"member_id": a.member_id, "name": a.name, "months": list(a.months), "count": a.count,
                     "longest": a.longest, "owed_fen": a.owed_fen, "level": a.level, "reason": a.reason}
                    for a in found])
        return 0
    for a in found:
        level = "连续6个月以上（按规定视为自行脱党，须支部处理）" if a.level == "alert" else "3个月以上"
        print(f"{a.name}\t{a.describe()}未交足\t{yuan(a.owed_fen)}\t{level}\t{a.reason}")
    print(f"共 {len(found)} 人")
    return 0


def _remind(args: argparse.Namespace, ctx: CommandContext) -> int:
    dues = ctx.services.dues
    member = ctx.services.roster.find(args.member) if args.member else None
    found = dues.reminders.due(args.as_of, member)
    if args.output:
        ctx.services.printing.reminders(args.as_of, member, args.output)
        print(f"已生成 {args.output}（{len(found)}份）")
    if args.given:
        for r in found:
            dues.reminders.record(r.member_id, args.given, args.date)
        print(f"已登记 {len(found)} 人的催缴提醒（{args.given}）")
        found = dues.reminders.due(args.as_of, member)
    if args.json:
        print_json([r.as_json() for r in found])
        return 0
    if not args.output and not args.given:
        for r in found:
            last = f"（上次提醒：{r.last_given}）" if r.last_given else ""
            print(f"—— {r.name}：连续{len(r.months)}个月，{yuan(r.owed_fen)}{last}\n{r.text}\n")
        print(f"共 {len(found)} 人需要提醒")
    return 0


def _close(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.dues.cash.close_month(args.month, args.by)
    print(f"{months.cn(args.month)}已结算。")
    return 0


def _remit(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.dues.cash.remit(args.date, args.amount, args.months[0], args.months[-1], slip_no=args.slip,
                            handled_by=args.by)
    print(f"已登记上缴 {yuan(args.amount)}。")
    return 0


def _settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.dues
    if args.key == dr.START_MONTH.key and args.value is not None:
        service.set_start_month(args.value)
    elif args.key and args.value is not None:
        service.set_setting(args.key, args.value)
    elif args.key and args.key not in {s.key for s in dr.SETTINGS}:
        raise UserError(f"没有名为 {args.key} 的党费设置；可用的设置：" + "、".join(s.key for s in dr.SETTINGS))
    for spec in dr.SETTINGS:
        if not args.key or args.key == spec.key:
            value = service.setting(spec.key)
            if spec.key == dr.START_MONTH.key and not value:
                value = f"（{service.start_month()}）"  # the month in force when none is set
            print(f"{spec.key} = {value}\t# {spec.label}")
    return 0


def _collect(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.dues
    if args.all:
        ids = [r.member_id for r in service.ledger.month_sheet(args.month) if r.owing_fen]
    else:
        ids = [ctx.services.roster.find(m) for m in args.members]
        if not ids:
            raise UserError("请列出交纳的党员，或用 --all 表示全部")
    done = service.collect_month(args.month, ids, paid_on=args.date, collector=args.collector) if ids else []
    print(f"已登记{months.cn(args.month)}收缴 {len(done)} 人。")
    return 0


def _payments(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = ctx.services.dues.payments(ctx.services.roster.find(args.member))
    if args.json:
        print_json([p.as_json() for p in rows])
        return 0
    for p in rows:
        print(f"#{p.id}\t{dates.fmt_cn(p.paid_on)}\t{yuan(p.amount_fen)}\t{p.months}\t"
              f"{p.method}\t{p.receipt_no}\t{p.correction_reason or p.note}")
    return 0


def _reverse(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.dues.reverse(args.payment_id, args.reason)
    print(f"已冲销第{args.payment_id}号收缴记录。")
    return 0


def _reason(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.dues.ledger.record_arrears_reason(ctx.services.roster.find(args.member), args.from_month, args.reason)
    print("已登记正当理由。")
    return 0


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.dues_excel.export(args.year, args.file)
    print(f"已导出到 {args.file}")
    return 0
