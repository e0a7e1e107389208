"""``branchbook demo create PATH``: a data set for demos, benchmarks and checks, without the GUI."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from app.cliargs import TEXT, CommandContext, command, integer
from app.common.errors import UserError
from app.common.files import output_path
from app.demo import build
from app.session import Session


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="演示和测试数据")
    dsub = demo.add_subparsers(dest="action", metavar="操作", required=True)
    create = dsub.add_parser("create", help="在新文件中生成演示支部（可指定党员人数和年数）")
    create.add_argument("path", metavar="PATH", type=TEXT, help="新数据库文件（不能已存在）")
    create.add_argument("--members", type=integer(5, 10_000), help="党员人数（默认为约40人的演示支部）")
    create.add_argument("--years", type=integer(1, 30), help="记录的年数（默认去年和今年）")
    create.add_argument("--seed", type=integer(0, 2**31), default=2025, help="随机数种子（同一种子得到同样的数据）")
    command(create, _create, writes=True, database="none")


def _create(args: argparse.Namespace, ctx: CommandContext) -> int:
    path = Path(args.path).expanduser()
    if path.exists():
        raise UserError(f"{path} 已存在；演示数据只写入新文件，不会覆盖已有文件")
    path = output_path(path, (".sqlite", ".db"))
    started = time.perf_counter()
    # built under a temporary name and renamed when whole: an interrupted run leaves nothing under the real one
    building = path.with_name(f".{path.name}.building")
    for stale in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm", "-journal"))):
        stale.unlink(missing_ok=True)
    with Session.open(building, ctx.clock) as session:
        build(session.services, args.members, args.years, args.seed)
        members = len(session.services.roster.list(include_left=False))
    if path.exists():
        building.unlink(missing_ok=True)
        raise UserError(f"{path} 已存在；演示数据只写入新文件，不会覆盖已有文件")
    building.replace(path)
    print(f"已生成演示数据：{path}（在册党员 {members} 人，用时 {time.perf_counter() - started:.1f} 秒）")
    return 0
