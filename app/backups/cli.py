"""``branchbook backups`` and ``restore``: the backups kept, the second location, restoring."""

from __future__ import annotations

import argparse

from app.cliargs import TEXT, CommandContext, command, print_json
from app.session import Session

REASONS = {"auto": "自动", "before-import": "导入前", "before-restore": "恢复前", "before-enroll-excel": "登记前"}


def register(sub: argparse._SubParsersAction) -> None:
    lst = sub.add_parser("backups", help="自动备份：列出（日期、大小、党员/会议/收缴记录数）、立即备份、第二备份位置")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--now", action="store_true", help="立即做一次自动备份")
    second = lst.add_mutually_exclusive_group()
    second.add_argument("--second", metavar="FOLDER", type=TEXT, help="第二备份位置（U盘或网络文件夹）")
    second.add_argument("--no-second", action="store_true", help="不再写第二份备份")
    command(lst, _backups, writes=True)
    res = sub.add_parser("restore", help="从备份恢复（先备份当前文件）；--to 恢复到一个新文件，不动当前文件")
    res.add_argument("backup", metavar="BACKUP.sqlite", type=TEXT)
    res.add_argument("--to", metavar="NEW.sqlite", type=TEXT, help="恢复到这个新文件")
    res.add_argument("--json", action="store_true")
    command(res, _restore, writes=True)


def _reason(reason: str) -> str:
    if reason.startswith("migrate") or "migrate" in reason:
        return "升级前"
    return REASONS.get(reason, reason or "手动")


def _backups(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.backups
    if args.second is not None or args.no_second:
        service.set_second_location("" if args.no_second else args.second)
    if args.now:
        taken = service.auto(force=True)
        print(f"已备份到 {taken}")
    infos = service.list()
    if args.json:
        print_json({"second_location": service.second_location(),
                    "second_missing_since": service.second_missing_since(),
                    "backups": [{"file": str(i.path), "taken": i.taken, "reason": i.reason, "size": i.size, "ok": i.ok,
                                 "version": i.version, "counts": i.counts, "problem": i.problem} for i in infos]})
        return 0
    second = service.second_location()
    print(f"第二备份位置：{second or '（未设置）'}" + (f"（自{service.second_missing_since()}起未能写入）"
                                                  if service.second_missing_since() else ""))
    if not infos:
        print("（还没有备份）")
    for i in infos:
        what = (f"党员{i.counts.get('members', 0)}名，会议记录{i.counts.get('meetings', 0)}条，"
                f"收缴记录{i.counts.get('payments', 0)}条") if i.ok else f"不可用：{i.problem}"
        print(f"{i.taken.replace('T', ' ')}\t{_reason(i.reason)}\t{i.size / 1024:.0f} KB\t{what}\t{i.path}")
    return 0


def _restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.to:
        result = Session.restore_copy(args.backup, args.to)
        print(f"已把 {result['restored']} 恢复到新文件 {result['to']}（当前数据库未改动）")
        return 0
    result = ctx.session.restore_from(args.backup)
    if args.json:
        print_json(result)
        return 0
    counts = result["counts"]
    print(f"已从 {result['restored']}（{str(result['taken']).replace('T', ' ')}）恢复："
          f"党员{counts.get('members', 0)}名，会议记录{counts.get('meetings', 0)}条，"
          f"收缴记录{counts.get('payments', 0)}条。")
    print(f"恢复前的数据已另存为 {result['saved_current_as']}")
    return 0
