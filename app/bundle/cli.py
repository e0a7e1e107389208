"""``branchbook keys …``, ``committee-key import`` and ``bundle …``: the branch's key, the
committee's public key, the year's checklist and the encrypted, signed submission bundle.

Passphrases come from ``--passphrase-file`` (its first line) or are typed on a terminal; never
from the command line, where other users of the PC could read them."""

from __future__ import annotations

import argparse
import sys

from app.bundle import checklist as cl
from app.bundle import keys
from app.bundle.rules import BRANCH_CODE, code_error
from app.bundle.service import bundle_target, inspect
from app.cliargs import (
    DATE,
    TEXT,
    YEAR,
    CommandContext,
    command,
    input_file,
    integer,
    output,
    output_or_folder,
    print_json,
    read_passphrase,
)
from app.common import dates
from app.common.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("keys", help="支部报送密钥（签名用）")
    ksub = k.add_subparsers(dest="action", metavar="操作", required=True)
    init = ksub.add_parser("init", help="创建支部报送密钥（以口令加密保存在数据库中）")
    _passphrase(init)
    init.add_argument("--by", type=TEXT, default="", help="创建人")
    command(init, _init, writes=True)
    show = ksub.add_parser("show", help="显示密钥指纹和已导入的党委公钥")
    show.add_argument("--json", action="store_true")
    command(show, _show, writes=False)
    pr = ksub.add_parser("print", help="打印《报送密钥登记表》（PDF）")
    pr.add_argument("-o", "--output", required=True, type=output(".pdf"), metavar="FILE.pdf")
    command(pr, _print, writes=False)
    rot = ksub.add_parser("rotate", help="更换密钥（由新旧两把密钥共同签名的声明随报送包提交）")
    _passphrase(rot, "原密钥的口令文件")
    rot.add_argument("--new-passphrase-file", type=TEXT, metavar="F", help="新密钥的口令文件（首行）")
    command(rot, _rotate, writes=True)

    ck = sub.add_parser("committee-key", help="上级党委的公钥")
    cksub = ck.add_subparsers(dest="action", metavar="操作", required=True)
    imp = cksub.add_parser("import", help="导入 committee.pub（须与党委来函上印的指纹一致）")
    imp.add_argument("file", type=TEXT, metavar="FILE")
    imp.add_argument("--fingerprint", required=True, type=TEXT, metavar="FP",
                     help="党委来函上印的指纹（至少前 8 组，可带空格）")
    command(imp, _import_committee, writes=True)

    b = sub.add_parser("bundle", help="年度报送包")
    bsub = b.add_subparsers(dest="action", metavar="操作", required=True)
    exp = bsub.add_parser("export", help="导出某年的报送包（加密并签名）")
    exp.add_argument("--year", type=YEAR, required=True)
    exp.add_argument("-o", "--output", required=True, type=output_or_folder(".bbx"), metavar="FILE.bbx|文件夹")
    _passphrase(exp)
    exp.add_argument("--yes", action="store_true", help="清单有缺项时仍然导出（缺项会写入报送包）")
    command(exp, _export, writes=True)
    ins = bsub.add_parser("inspect", help="查看报送包的文件头（无需密钥，不解密）")
    ins.add_argument("file", type=TEXT, metavar="FILE.bbx")
    ins.add_argument("--json", action="store_true")
    command(ins, _inspect, writes=False, database="none")
    lst = bsub.add_parser("list", help="已导出的报送包")
    lst.add_argument("--year", type=YEAR)
    lst.add_argument("--json", action="store_true")
    command(lst, _list, writes=False)
    chk = bsub.add_parser("checklist", help="某年的报送清单")
    chk.add_argument("--year", type=YEAR, required=True)
    chk.add_argument("--json", action="store_true")
    command(chk, _checklist, writes=False)
    mark = bsub.add_parser("mark", help="把清单项标记为不适用或已另行报送（--clear 取消标记）")
    mark.add_argument("item", type=TEXT, metavar="ITEM", help="清单项的 key（见 bundle checklist --json）")
    mark.add_argument("--year", type=YEAR, required=True)
    how = mark.add_mutually_exclusive_group(required=True)
    how.add_argument("--not-applicable", action="store_true", help="不适用")
    how.add_argument("--separately", action="store_true", help="已另行报送")
    how.add_argument("--clear", action="store_true", help="取消标记")
    mark.add_argument("--note", type=TEXT, default="", help="说明")
    command(mark, _mark, writes=True)
    code = bsub.add_parser("code", help="显示或设置支部代码（上级党委编定）")
    code.add_argument("code", nargs="?", type=TEXT)
    command(code, _code, writes=True)


def _passphrase(parser: argparse.ArgumentParser, text: str = "口令文件（只读取第一行）") -> None:
    parser.add_argument("--passphrase-file", type=TEXT, metavar="F", help=text)


def _service(ctx: CommandContext):
    return ctx.services.bundle


def _init(args: argparse.Namespace, ctx: CommandContext) -> int:
    passphrase = read_passphrase(args.passphrase_file, "为支部报送密钥设置口令（至少 8 个字符）", confirm=True)
    fp = _service(ctx).init_key(passphrase, args.by)
    print(f"已创建支部报送密钥。指纹：{keys.grouped(fp)}")
    print("请打印《报送密钥登记表》（branchbook keys print -o 登记表.pdf），签字盖章后交上级党委登记。")
    return 0


def _show(args: argparse.Namespace, ctx: CommandContext) -> int:
    info = _service(ctx).key_info()
    if args.json:
        print_json(info)
        return 0
    print(f"支部报送密钥：{info['fingerprint_grouped'] or '尚未创建'}")
    if info["created_at"]:
        print(f"创建时间：{dates.fmt_cn(info['created_at'][:10])}；更换过 {info['rotations']} 次")
    if info["committee_fingerprint"]:
        print(f"上级党委公钥：{info['committee']}（第 {info['committee_epoch']} 期），"
              f"指纹 {keys.grouped(info['committee_fingerprint'])}")
    else:
        print("上级党委公钥：尚未导入")
    print(f"支部代码：{info['branch_code'] or '尚未设置'}")
    return 0


def _print(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = _service(ctx).enrollment_sheet(args.output)
    print(f"已生成 {args.output}（{len(data) // 1024} KB）")
    return 0


def _rotate(args: argparse.Namespace, ctx: CommandContext) -> int:
    old = read_passphrase(args.passphrase_file, "原密钥的口令")
    new = read_passphrase(args.new_passphrase_file, "新密钥的口令（至少 8 个字符）", confirm=True)
    fp = _service(ctx).rotate(old, new)
    print(f"已更换支部报送密钥。新指纹：{keys.grouped(fp)}")
    print("请重新打印《报送密钥登记表》交上级党委；更换声明会随下一次报送包提交。")
    return 0


def _import_committee(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = _service(ctx)
    key = service.read_committee_key(input_file(args.file))
    service.import_committee_key(key, args.fingerprint)
    print(f"已导入{key.committee or '上级党委'}的公钥（第 {key.epoch} 期），指纹 {keys.grouped(key.fingerprint)}")
    return 0


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = _service(ctx)
    plan = service.plan(args.year)
    bundle_target(args.output, plan)  # a bad place is refused before asking anything
    if plan.missing and not args.yes:
        titles = "、".join(i["title"] for i in plan.checklist if i["status"] == cl.MISSING)
        if not sys.stdin.isatty():
            raise UserError(f"报送清单有缺项：{titles}。确认仍要导出请加 --yes（缺项会写入报送包）")
        if input(f"报送清单有缺项：{titles}\n仍要导出吗？(y/N) ").strip().lower() not in ("y", "yes", "是"):
            print("已取消。")
            return 0
    passphrase = read_passphrase(args.passphrase_file, "支部报送密钥的口令")
    result = service.export(args.year, args.output, passphrase, plan=plan)
    print(f"已导出 {result.path}（第 {plan.seq} 版，{result.size // 1024} KB）")
    print(f"SHA-256：{result.sha256}")
    if plan.missing:
        titles = "、".join(i["title"] for i in plan.checklist if i["status"] == cl.MISSING)
        print(f"缺项（已写入报送包）：{titles}")
    return 0


def _inspect(args: argparse.Namespace, ctx: CommandContext) -> int:
    info = inspect(input_file(args.file))
    if args.json:
        print_json({k: info[k] for k in ("file", "size", "complete", "header")})
        return 0
    for label, value in info["shown"].items():
        print(f"{label}：{value}")
    print("文件完整：" + ("是" if info["complete"] else "否（长度不符，可能复制不完整）"))
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = _service(ctx).exports(args.year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        print("\t".join([f"{r.year}年", f"第{r.seq}版", r.created_at.replace("T", " "), r.file_name, r.sha256]))
    print(f"共 {len(rows)} 个")
    return 0


def _checklist(args: argparse.Namespace, ctx: CommandContext) -> int:
    items = _service(ctx).checklist(args.year)
    if args.json:
        print_json(items)
        return 0
    for i in items:
        print(f"[{i['status']}] {i['title']}（{i['key']}）：{i['detail']}")
    return 0


def _mark(args: argparse.Namespace, ctx: CommandContext) -> int:
    status = None if args.clear else cl.NOT_APPLICABLE if args.not_applicable else cl.SEPARATE
    _service(ctx).mark(args.year, args.item, status, args.note)
    print(f"已{'取消标记' if status is None else '标记为' + status}：{args.item}")
    return 0


def _code(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = _service(ctx)
    if args.code is None:
        print(service.setting(BRANCH_CODE.key) or "尚未设置")
        return 0
    problem = code_error(args.code)
    if problem:
        raise UserError(problem)
    service.set_setting(BRANCH_CODE.key, args.code.strip())
    print(f"支部代码已设为 {args.code.strip()}")
    return 0


def register_notices(sub: argparse._SubParsersAction) -> None:
    n = sub.add_parser("notices", help="上级党委的督办通知")
    nsub = n.add_subparsers(dest="action", metavar="操作", required=True)
    imp = nsub.add_parser("import", help="导入督办通知（.bbn，须是所信任的党委签发的）")
    imp.add_argument("file", type=TEXT, metavar="FILE.bbn")
    command(imp, _notice_import, writes=True)
    lst = nsub.add_parser("list", help="督办事项")
    lst.add_argument("--open", action="store_true", help="只列待整改的")
    lst.add_argument("--json", action="store_true")
    command(lst, _notice_list, writes=False)
    done = nsub.add_parser("done", help="标记某项已整改（写明整改情况）")
    done.add_argument("item", type=integer(1), metavar="ITEM_ID")
    done.add_argument("--note", required=True, type=TEXT, help="整改情况")
    done.add_argument("--date", type=DATE, help="整改完成日期（默认今天）")
    command(done, _notice_done, writes=True)
    reopen = nsub.add_parser("reopen", help="把某项改回待整改")
    reopen.add_argument("item", type=integer(1), metavar="ITEM_ID")
    command(reopen, _notice_reopen, writes=True)


def _notice_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    body = ctx.services.notices.import_file(input_file(args.file))
    print(f"已导入{body.get('committee', '')}的督办通知：{len(body['items'])} 项，"
          f"整改期限 {dates.fmt_cn(body['due_on'])}")
    return 0


def _notice_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    items = ctx.services.notices.items(open_only=args.open)
    if args.json:
        print_json([i.as_json() for i in items])
        return 0
    for i in items:
        state = i.status + ("，逾期" if i.overdue else "")
        print(f"{i.id}\t[{state}]\t{i.problem}\t期限{dates.fmt_cn(i.due_on)}")
    print(f"共 {len(items)} 项")
    return 0


def _notice_done(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.notices.mark(args.item, True, args.note, args.date)
    print(f"已标记第 {args.item} 项为已整改。")
    return 0


def _notice_reopen(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.notices.mark(args.item, False)
    print(f"已把第 {args.item} 项改回待整改。")
    return 0
