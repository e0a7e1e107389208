"""``branchbook verify``, ``operator`` and ``log``: is the record as the program wrote it, who
works with it, and what was done."""

from __future__ import annotations

import argparse

from app.cliargs import TEXT, CommandContext, command, integer, output, print_json, read_passphrase
from app.integrity import encryption
from app.integrity.handover import hand_over

#: ``verify``'s exit code when something was changed outside the program.
TAMPERED = 4


def register(sub: argparse._SubParsersAction) -> None:
    ver = sub.add_parser("verify", help="核验数据完整性：是否有记录在程序之外被改动（有则退出码 4）")
    ver.add_argument("--json", action="store_true")
    command(ver, _verify, writes=False)
    op = sub.add_parser("operator", help="显示或设置操作人（写入操作日志，如：组织委员 张三）")
    op.add_argument("name", nargs="?", metavar="NAME", type=TEXT)
    command(op, _operator, writes=True)
    log = sub.add_parser("log", help="操作日志（最新的在前）")
    log.add_argument("--search", metavar="TEXT", type=TEXT, default="")
    log.add_argument("--limit", type=integer(1, 1_000_000), default=200)
    log.add_argument("--json", action="store_true")
    log.add_argument("-o", "--output", metavar="FILE.xlsx", type=output(".xlsx"),
                     help="导出为 Excel（全部符合条件的记录）")
    command(log, _log, writes=False)
    ho = sub.add_parser("handover", help="工作移交：核验、备份、打印移交清单，新经办人成为操作人")
    ho.add_argument("--to-name", required=True, type=TEXT, metavar="NAME", help="接收工作的新书记（经办人）")
    ho.add_argument("-o", "--output", required=True, type=output(".pdf"), metavar="F.pdf", help="移交清单（PDF）")
    ho.add_argument("--copy", type=TEXT, metavar="FILE.sqlite", help="给原经办人留存的只读副本")
    ho.add_argument("--new-passphrase-file", type=TEXT, metavar="F",
                    help="可选：接收人的数据库口令文件（首行）；给出则数据库及其备份改用此口令加密")
    ho.add_argument("--json", action="store_true")
    command(ho, _handover, writes=True)
    enc = sub.add_parser("encrypt", help="用口令加密数据库及其备份（已加密时更改口令）")
    enc.add_argument("--new-passphrase-file", type=TEXT, metavar="F",
                     help="新口令文件（只读取第一行）；不给则在终端输入两次")
    command(enc, _encrypt, writes=True)
    dec = sub.add_parser("decrypt", help="取消数据库及其备份的加密")
    command(dec, _decrypt, writes=True)
    idle = sub.add_parser("idle-lock", help="显示或设置空闲锁定：窗口空闲几分钟后隐藏数据、要求输入口令（0 为不锁定）")
    idle.add_argument("minutes", nargs="?", type=integer(0, 240), metavar="MINUTES")
    command(idle, _idle_lock, writes=True)


def _verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    report = ctx.services.integrity.verify(remember=not ctx.services.read_only)
    if args.json:
        print_json(report.as_json())
    else:
        print(report.summary())
        for line in report.lines():
            print(f"  ✖ {line}")
    return 0 if report.intact else TAMPERED


def _operator(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.integrity
    if args.name is not None:
        service.set_operator(args.name)
    print(f"操作人：{service.operator() or '（未设置）'}")
    return 0


def _log(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.output:
        n = ctx.services.integrity.export_log(args.output, args.search)
        print(f"已导出 {n} 条操作日志到 {args.output}")
        return 0
    rows = ctx.services.integrity.log_entries(args.search, args.limit)
    if args.json:
        print_json([{k: v for k, v in r.items() if k != "hash"} for r in rows])
        return 0
    for r in rows:
        who = f" {r['operator']}" if r.get("operator") else ""
        what = f"{r['entity']}#{r['entity_id']}" if r["entity_id"] is not None else r["entity"]
        why = f"\t原因：{r['reason']}" if r["reason"] else ""
        print(f"{r['at'].replace('T', ' ')}{who}\t{r['action']}\t{what}{why}")
    return 0


def _handover(args: argparse.Namespace, ctx: CommandContext) -> int:
    new = None
    if args.new_passphrase_file:  # read (and checked) before anything is done
        new = read_passphrase(args.new_passphrase_file, "", option="--new-passphrase-file")
        encryption.check_passphrase(new)
    result = hand_over(ctx.session, args.to_name, args.output, args.copy)
    encrypted = encryption.change(ctx.session, new) if new is not None else None
    if args.json:
        print_json({**result.as_json(), "encryption": encrypted})
        return 0
    if encrypted:
        print(f"数据库及其备份已改用接收人的口令加密（{encrypted['action']}）")
    print(f"已完成移交：{args.to_name} 成为操作人；移交清单 {args.output}；移交备份 {result.backup}")
    if result.copy:
        print(f"原经办人只读副本：{result.copy}")
    if result.verify_lines:
        print("注意：核验发现程序之外的改动，已写入移交清单：")
        for line in result.verify_lines:
            print(f"  ✖ {line}")
    return 0


def _encrypt(args: argparse.Namespace, ctx: CommandContext) -> int:
    new = read_passphrase(args.new_passphrase_file, "数据库的新口令（至少 8 个字符）", confirm=True,
                          option="--new-passphrase-file")
    return _report(encryption.change(ctx.session, new))


def _decrypt(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _report(encryption.change(ctx.session, None))


def _report(result: dict) -> int:
    print(f"{result['action']}完成：{result['path']}")
    print(f"操作前的备份：{result['backup_before']}")
    if result["backups"]:
        print(f"已转换备份 {result['backups_converted']} / {result['backups']} 个"
              + ("" if result["backups_converted"] == result["backups"] else "（其余的无法读取，保持原样）"))
    return 0


def _idle_lock(args: argparse.Namespace, ctx: CommandContext) -> int:
    base = ctx.services.base
    if args.minutes is not None:
        base.set_setting(encryption.IDLE_LOCK.key, args.minutes)
    minutes = base.setting(encryption.IDLE_LOCK.key)
    state = f"空闲 {minutes} 分钟后锁定" if minutes else "不锁定"
    note = "" if ctx.session.passphrase or not minutes else "（数据库未加密，加密后才生效）"
    print(f"空闲锁定：{state}{note}")
    return 0
