"""``branchbook committee --db C …``: the committee's file, keys, enrolled branches, receiving
bundles, grades, the dues inspection, reports and notices."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.bundle import keys
from app.bundle.cli import read_passphrase
from app.cliargs import DATE, TEXT, YEAR, CommandContext, Handler, command, input_file, integer, output, print_json
from app.committee import receive, reports
from app.committee.enroll_excel import apply, read
from app.committee.notices import make_notice
from app.committee.reports import fingerprint_letter
from app.committee.service import BranchGrade
from app.common.errors import UserError
from app.common.money import yuan

#: ``committee ingest``'s exit code when some files were refused (the others are received; each
#: file's outcome is listed). 0 means every file was received or had been received before.
INGEST_REFUSED = 5


def _cmd(parser: argparse.ArgumentParser, handler: Handler, writes: bool, creates: bool = False) -> None:
    command(parser, handler, writes, database="committee")
    parser.set_defaults(creates=creates)
    parser.add_argument("--db", dest="committee_db", metavar="C.sqlite", default=argparse.SUPPRESS,
                        help="党委的报送接收数据库")


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("committee", help="上级党委：登记支部、接收报送包、评定、督办")
    c.add_argument("--db", dest="committee_db", metavar="C.sqlite", help="党委的报送接收数据库")
    csub = c.add_subparsers(dest="action", metavar="操作", required=True)
    init = csub.add_parser("init", help="创建党委的报送接收数据库和密钥")
    init.add_argument("--name", required=True, type=TEXT, help="党委名称")
    init.add_argument("--epoch", type=YEAR, help="密钥期号（默认今年）")
    _passphrase(init)
    _cmd(init, _init, writes=True, creates=True)
    key = csub.add_parser("key", help="党委密钥")
    ksub = key.add_subparsers(dest="key_action", metavar="操作", required=True)
    exp = ksub.add_parser("export", help="导出公钥文件 committee.pub（发给各支部）")
    exp.add_argument("-o", "--output", required=True, type=output(".pub"), metavar="committee.pub")
    _cmd(exp, _key_export, writes=False)
    show = ksub.add_parser("show", help="显示党委公钥指纹")
    show.add_argument("--json", action="store_true")
    _cmd(show, _key_show, writes=False)
    letter = ksub.add_parser("letter", help="打印公钥指纹函（PDF，供支部核对）")
    letter.add_argument("-o", "--output", required=True, type=output(".pdf"), metavar="FILE.pdf")
    _cmd(letter, _key_letter, writes=False)
    new = ksub.add_parser("new", help="启用新一期密钥（旧密钥保留，用于打开以前的报送包）")
    new.add_argument("--epoch", required=True, type=YEAR)
    _passphrase(new)
    _cmd(new, _key_new, writes=True)
    enroll = csub.add_parser("enroll", help="登记支部（或登记支部更换后的密钥）")
    enroll.add_argument("--branch-id", required=True, type=TEXT, help="支部代码")
    enroll.add_argument("--name", required=True, type=TEXT, help="支部名称")
    enroll.add_argument("--fingerprint", required=True, type=TEXT, help="《报送密钥登记表》上的指纹（至少前 8 组）")
    enroll.add_argument("--parent-unit", type=TEXT, default="", help="上级单位")
    enroll.add_argument("--secretary", type=TEXT, default="", help="支部书记")
    _cmd(enroll, _enroll, writes=True)
    imp = csub.add_parser("enroll-excel", help="从 Excel 批量登记支部（全部无误才写入）")
    imp.add_argument("file", type=TEXT, metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="只检查和预览，不写入")
    _cmd(imp, _enroll_excel, writes=True)
    br = csub.add_parser("branches", help="已登记的支部")
    br.add_argument("--json", action="store_true")
    _cmd(br, _branches, writes=False)
    ing = csub.add_parser("ingest", help="接收报送包（文件或文件夹，可多个）",
                          epilog="退出码：0 全部接收（或以前已接收过）；5 有文件被拒收（逐个列出原因）；"
                                 "2 输入有误；3 数据库无法使用")
    ing.add_argument("paths", nargs="+", type=TEXT, metavar="PATH")
    ing.add_argument("--json", action="store_true")
    ing.add_argument("--workers", type=integer(1, 64), help="并行进程数（默认为处理器核数）")
    _passphrase(ing)
    _cmd(ing, _ingest, writes=True)
    grades = csub.add_parser("grades", help="某年各支部的评定结果")
    grades.add_argument("--year", required=True, type=YEAR)
    grades.add_argument("--tier", choices=("好", "中", "差", "未报送"))
    grades.add_argument("--json", action="store_true")
    _cmd(grades, _grades, writes=False)
    show_b = csub.add_parser("show", help="一个支部的得分、扣分原因和依据")
    show_b.add_argument("branch", type=TEXT, metavar="BRANCH_ID")
    show_b.add_argument("--year", required=True, type=YEAR)
    show_b.add_argument("--json", action="store_true")
    _cmd(show_b, _show, writes=False)
    judge = csub.add_parser("judge", help="录入党委评定部分的得分（0–100）")
    judge.add_argument("branch", type=TEXT, metavar="BRANCH_ID")
    judge.add_argument("--year", required=True, type=YEAR)
    how = judge.add_mutually_exclusive_group(required=True)
    how.add_argument("--points", type=integer(0, 100))
    how.add_argument("--clear", action="store_true")
    judge.add_argument("--note", type=TEXT, default="")
    _cmd(judge, _judge, writes=True)
    st = csub.add_parser("settings", help="评分设置：满分、扣分、等次分数线、否决项")
    st.add_argument("key", nargs="?", type=TEXT)
    st.add_argument("value", nargs="?", type=TEXT)
    st.add_argument("--json", action="store_true")
    _cmd(st, _settings, writes=True)
    dues = csub.add_parser("dues", help="半年党费检查：各支部应交、实交、上缴和欠缴人数")
    dues.add_argument("--year", required=True, type=YEAR)
    dues.add_argument("--half", required=True, type=integer(1, 2), help="1 上半年，2 下半年")
    dues.add_argument("--json", action="store_true")
    _cmd(dues, _dues, writes=False)
    rep = csub.add_parser("report", help="年度评定报告（Excel 或 PDF）")
    rep.add_argument("--year", required=True, type=YEAR)
    rep.add_argument("--json", action="store_true")
    rep.add_argument("-o", "--output", type=output(".xlsx", ".pdf"), metavar="FILE.xlsx|FILE.pdf")
    _cmd(rep, _report, writes=False)
    notice = csub.add_parser("notice", help="生成督办通知（.bbn，党委签名）")
    notice.add_argument("--branch", required=True, type=TEXT, metavar="BRANCH_ID")
    notice.add_argument("--year", required=True, type=YEAR)
    notice.add_argument("--due", type=DATE, help="整改期限（默认30天后）")
    notice.add_argument("--item", action="append", type=TEXT, default=[],
                        help="整改事项（可多次；不给时按扣分原因逐项列出）")
    notice.add_argument("-o", "--output", required=True, type=output(".bbn"), metavar="FILE.bbn")
    _passphrase(notice)
    _cmd(notice, _notice, writes=True)


def _passphrase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=TEXT, metavar="F", help="党委密钥口令文件（只读取第一行）")


def _init(args: argparse.Namespace, ctx: CommandContext) -> int:
    passphrase = read_passphrase(args.passphrase_file, "为党委密钥设置口令（至少 8 个字符）", confirm=True)
    fp = ctx.committee.init(args.name, passphrase, args.epoch)
    print(f"已创建党委报送接收数据库。公钥指纹：{keys.grouped(fp)}")
    print("请导出 committee.pub 发给各支部，并把指纹函（committee key letter）一并印发。")
    return 0


def _key_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    public = ctx.committee.export_public(args.output)
    print(f"已导出 {args.output}（第 {public.epoch} 期），指纹 {keys.grouped(public.fingerprint)}")
    return 0


def _key_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    info = ctx.committee.info()
    if args.json:
        print_json(info)
        return 0
    print(f"{info['name']}：第 {info['epoch']} 期密钥，指纹 {info['fingerprint_grouped']}；"
          f"已登记支部 {info['branches']} 个")
    return 0


def _key_letter(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = fingerprint_letter(ctx.committee, args.output)
    print(f"已生成 {args.output}（{len(data) // 1024} KB）")
    return 0


def _key_new(args: argparse.Namespace, ctx: CommandContext) -> int:
    passphrase = read_passphrase(args.passphrase_file, "党委密钥的口令")
    fp = ctx.committee.new_epoch(passphrase, args.epoch)
    print(f"已启用第 {args.epoch} 期密钥，指纹 {keys.grouped(fp)}；请重新导出 committee.pub 发给各支部。")
    return 0


def _enroll(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.committee.enroll(args.branch_id, args.name, args.fingerprint, args.parent_unit, args.secretary)
    print(f"已登记支部 {args.branch_id}（{args.name}）")
    return 0


def _enroll_excel(args: argparse.Namespace, ctx: CommandContext) -> int:
    preview = read(input_file(args.file))
    for p in preview.problems:
        print(str(p), file=sys.stderr)
    if preview.problems:
        print(f"共 {len(preview.problems)} 处问题，未写入任何支部。", file=sys.stderr)
        return 2
    for r in preview.rows:
        print(f"{r['branch_id']}\t{r['name']}\t{keys.grouped(r['fingerprint'])}")
    if args.dry_run:
        print(f"检查通过：{len(preview.rows)} 个支部（未写入，去掉 --dry-run 后写入）")
        return 0
    apply(ctx.committee, preview)
    print(f"已登记 {len(preview.rows)} 个支部。")
    return 0


def _branches(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = ctx.committee.branches()
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        print(f"{r.branch_id}\t{r.name}\t{r.parent_unit}\t{keys.grouped(r.fingerprint or '')}")
    print(f"共 {len(rows)} 个支部")
    return 0


def _ingest(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.committee
    passphrase = read_passphrase(args.passphrase_file, "党委密钥的口令")
    committee_keys = service.unlock(passphrase)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty or done == total:
            print(f"\r已检查 {done} / {total} 个文件", end="" if done < total else "\n", file=sys.stderr, flush=True)

    results = receive.run(service, args.paths, committee_keys, progress, workers=args.workers)
    if args.json:
        print_json(results)
    else:
        for r in results:
            who = f"{r.get('branch_id', '')} {r.get('year', '')}年第{r.get('seq', '')}版" if r.get("branch_id") else ""
            print(f"[{r['outcome']}] {r['file']} {who} {r.get('reason', '')}".rstrip())
    counts: dict[str, int] = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    if not results:
        raise UserError("没有找到报送包（.bbx）：请检查给出的文件或文件夹")
    print("合计：" + "，".join(f"{k} {v} 个" for k, v in counts.items()), file=sys.stderr)
    return INGEST_REFUSED if counts.get(receive.REFUSED) else 0


def _grade_json(g: BranchGrade) -> dict[str, Any]:
    out = {"branch_id": g.branch_id, "name": g.name, "parent_unit": g.parent_unit, "tier": g.tier,
           "open_notices": g.open_notices}
    if g.grade and g.bundle:
        out.update({"records": g.grade.records, "judged": g.grade.judged, "total": g.grade.total,
                    "vetoed": list(g.grade.vetoed), "deductions": [d.as_json() for d in g.grade.deductions],
                    "seq": g.bundle.seq, "received_at": g.bundle.received_at,
                    "warnings": g.bundle.warnings})
    return out


def _grades(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = [g for g in ctx.committee.grades(args.year) if args.tier is None or g.tier == args.tier]
    if args.json:
        print_json([_grade_json(g) for g in rows])
        return 0
    for g in rows:
        score = f"{g.grade.total:.1f}" if g.grade else "—"
        print(f"{g.branch_id}\t{g.name}\t{g.tier}\t{score}\t扣分 {len(g.grade.deductions) if g.grade else 0} 项")
    print(f"共 {len(rows)} 个支部")
    return 0


def _show(args: argparse.Namespace, ctx: CommandContext) -> int:
    g = ctx.committee.grade(args.branch, args.year)
    if args.json:
        print_json(_grade_json(g))
        return 0
    print(f"{g.branch_id} {g.name}：{args.year}年 {g.tier}")
    if g.grade is None:
        print("尚未收到该年度的报送包。")
        return 0
    print(f"记录得分 {g.grade.records}，党委评定 {g.grade.judged if g.grade.judged is not None else '未评定'}，"
          f"总分 {g.grade.total}")
    for v in g.grade.vetoed:
        print(f"否决：{v}")
    for w in (g.bundle.warnings if g.bundle else []):
        print(f"注意：{w}")
    for d in g.grade.deductions:
        print(f"-{d.points:g} 分 [{d.rule}] {d.reason}：{d.evidence}")
    return 0


def _judge(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.committee.set_judged(args.branch, args.year, None if args.clear else float(args.points), args.note)
    print("已清除党委评定分。" if args.clear else f"已录入党委评定分 {args.points}。")
    return 0


def _settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.committee
    if args.key and args.value is not None:
        service.set_setting(args.key, args.value)
        print(f"已设置 {args.key} = {args.value}")
        return 0
    items = [s for s in service.grading_settings() if args.key is None or s.key == args.key]
    if args.json:
        print_json([{"key": s.key, "label": s.label, "value": service.setting(s.key), "default": s.default}
                    for s in items])
        return 0
    for s in items:
        print(f"{s.key}\t{service.setting(s.key)}{s.unit}\t{s.label}")
    return 0


def _dues(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = ctx.committee.dues_view(args.year, args.half)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        if not r["received"]:
            print(f"{r['branch_id']}\t{r['name']}\t未报送")
            continue
        print(f"{r['branch_id']}\t{r['name']}\t应交{yuan(r['due_fen'])}\t实交{yuan(r['paid_fen'])}\t"
              f"收缴{yuan(r['collected_fen'])}\t上缴{yuan(r['remitted_fen'])}\t欠缴{r['arrears']}人")
    return 0


def _report(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = reports.overview(ctx.committee, args.year)
    if args.output:
        reports.export(ctx.committee, args.year, args.output)
        print(f"已生成 {args.output}")
    if args.json:
        print_json(data)
    elif not args.output:
        print(json.dumps(data["counts"], ensure_ascii=False))
    return 0


def _notice(args: argparse.Namespace, ctx: CommandContext) -> int:
    passphrase = read_passphrase(args.passphrase_file, "党委密钥的口令")
    body = make_notice(ctx.committee, args.branch, args.year, passphrase, args.output, args.item, args.due)
    print(f"已生成督办通知 {args.output}：{len(body['items'])} 项，整改期限 {body['due_on']}")
    return 0
