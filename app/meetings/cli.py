"""``branchbook meetings …``: the work record from JSON files, its list, sign-off, corrections."""

from __future__ import annotations

import argparse

from app.areas import load
from app.cliargs import (
    TEXT,
    YEAR,
    CommandContext,
    command,
    input_file,
    integer,
    output,
    print_json,
    refuse_file,
    typed,
)
from app.common import dates, inputs
from app.common.errors import UserError
from app.common.files import read_text
from app.meetings import kinds
from app.meetings.json_io import add_from_file, meeting_from_json, read_records
from app.meetings.model import YearTextKind
from app.meetings.service import FIELD_LABELS

ID = integer(1)


def _kind(text: str) -> str:
    found = kinds.parse(TEXT(text))  # text as every argument is read (its own message when not)
    if found is None:
        raise inputs.InputError("", "会议类型应为：" + "、".join(k.name for k in kinds.KINDS))
    return str(found)


#: A meeting kind by its full name, short name or a common alias (支部委员会 → 支委会); here, not
#: in app.cliargs, so that a command that has nothing to do with meetings does not load their
#: model (25 ms of every command).
KIND = typed(_kind, "会议类型")


def register(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add ``meetings`` and return its sub-commands (compliance adds ``check`` to them)."""
    meetings = sub.add_parser("meetings", help="党支部工作记录（三会一课）")
    meetings.set_defaults(labels=FIELD_LABELS)
    gsub = meetings.add_subparsers(dest="action", metavar="操作", required=True)
    add = gsub.add_parser("add", help="从 JSON 文件添加会议记录（一个对象或一个列表，全部成功才写入）")
    add.add_argument("file", metavar="FILE.json", type=TEXT)
    command(add, _add, writes=True)
    mlist = gsub.add_parser("list", help="列出某年的会议记录")
    mlist.add_argument("--year", type=YEAR, required=True)
    mlist.add_argument("--json", action="store_true")
    mlist.add_argument("--kind", type=KIND, help="会议类型（全称、简称均可，如 支部委员会、支委会）")
    mlist.add_argument("--search", type=TEXT, default="", help="全文搜索（标题、议题、内容、决议）")
    mlist.add_argument("-o", "--output", metavar="FILE.xlsx", type=output(".xlsx"),
                       help="把该年的记录写成登记表（导入模板的各列，可修改后再导入）")
    command(mlist, _list, writes=False)
    imp = gsub.add_parser("import", help="从 Excel 登记表（.xlsx/.xls/.ods/.csv）导入往年的会议记录"
                          "（全部无误才写入，均为草稿）")
    imp.add_argument("file", metavar="FILE.xlsx", type=TEXT)
    imp.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    command(imp, _import, writes=True)
    tpl = gsub.add_parser("template", help="生成会议记录导入模板（.xlsx，含填写说明）")
    tpl.add_argument("file", metavar="FILE.xlsx", type=output(".xlsx"))
    command(tpl, _template, writes=False, database="none")
    sign = gsub.add_parser("sign", help="签发（签发后只能更正）")
    sign.add_argument("id", type=ID)
    sign.add_argument("--by", required=True, type=TEXT)
    command(sign, _sign, writes=True)
    correct = gsub.add_parser("correct", help="更正已签发的记录（原记录保留）")
    correct.add_argument("id", type=ID)
    correct.add_argument("file", metavar="FILE.json", type=TEXT, help="更正后的完整记录（同 add 的格式）")
    correct.add_argument("--by", required=True, type=TEXT)
    correct.add_argument("--reason", required=True, type=TEXT)
    command(correct, _correct, writes=True)
    delete = gsub.add_parser("delete", help="删除草稿")
    delete.add_argument("id", type=ID)
    command(delete, _delete, writes=True)
    attach = gsub.add_parser("attach", help="添加附件（签到表照片、课件等）")
    attach.add_argument("id", type=ID)
    attach.add_argument("file", type=TEXT)
    command(attach, _attach, writes=True)
    for name, kind in (("plan", YearTextKind.PLAN), ("summary", YearTextKind.SUMMARY)):
        text = gsub.add_parser(name, help=f"{kind}：不给 --file 时显示，给出时用文字文件的内容替换；"
                                          "-o 写成 Word 或 PDF 文件")
        text.add_argument("--year", type=YEAR, required=True)
        text.add_argument("--file", metavar="FILE.txt", type=TEXT, help="UTF-8 或 GB18030 编码的文字文件")
        text.add_argument("--by", type=TEXT, default="", help="修改人")
        text.add_argument("-o", "--output", metavar="F.docx", type=output(".docx", ".pdf"),
                          help="写成 Word 文件（.docx）或 PDF，按文件名后缀决定")
        text.set_defaults(year_text_kind=kind)
        command(text, _year_text, writes=True)
    return gsub


def _year_text(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.meetings
    kind = args.year_text_kind
    if args.output is not None:
        if args.file is not None:
            raise UserError("--file 和 -o 请分两次使用：先保存，再写出文件")
        ctx.services.printing.year_text(args.year, kind, args.output)
        print(f"已生成 {args.output}")
        return 0
    if args.file is None:
        content = service.year_text(args.year, kind)
        print(content if content else f"{args.year}年尚未填写{kind}。")
        return 0
    content = read_text(input_file(args.file))
    service.set_year_text(args.year, kind, content, args.by)
    print(f"已保存{args.year}年{kind}（{len(content.strip())} 字）。")
    return 0



def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    ids = add_from_file(ctx.services, input_file(args.file))
    print(f"已添加 {len(ids)} 条会议记录。")
    return 0


def _sign(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.meetings.sign_off(args.id, args.by)
    print(f"已签发第{args.id}号记录。")
    return 0


def _delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.meetings.delete(args.id)
    print(f"已删除草稿第{args.id}号。")
    return 0


def _attach(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.services.meetings.add_attachment(args.id, input_file(args.file))
    print("已添加附件。")
    return 0


def _correct(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.services.meetings
    path = input_file(args.file)
    items = read_records(path)
    if len(items) != 1:
        raise UserError(f"{path.name}：更正时文件中应只有一条记录")
    current = service.get(args.id)
    meeting, _ = meeting_from_json(ctx.services, items[0], path.name)
    meeting.id, meeting.status, meeting.signed_at, meeting.signed_by = (
        current.id, current.status, current.signed_at, current.signed_by)
    service.correct(meeting, args.by, args.reason)
    print(f"已更正第{args.id}号记录，原记录已保留。")
    return 0


def _template(args: argparse.Namespace, ctx: CommandContext) -> int:
    load("app.meetings.register_book:write_template")(args.file)  # the Excel code only for this command
    print(f"已生成导入模板：{args.file}（“填写说明”工作表解释各列）")
    return 0


def _import(args: argparse.Namespace, ctx: CommandContext) -> int:
    path = input_file(args.file)
    excel = ctx.services.meetings_excel
    preview = excel.read(path)
    name = path.name
    for note in preview.notes:
        print(f"提示：{note}")
    for sheet, row, why in preview.skipped:
        print(f"  已跳过{'工作表“' + sheet + '”' if len(preview.sheets) > 1 else ''}第{row}行：{why}")
    if preview.problems:
        return refuse_file(name, preview.problems, "记录")
    for r in preview.rows:
        m = r.meeting
        t = ctx.services.meetings.tally(m)
        absent = "、".join(f"{n}（{why}）" for n, why in t.absent) or "无"
        when = m.start_time + (f"—{m.end_time}" if m.end_time else "")
        print(f"  第{r.row}行\t{dates.fmt_cn(m.date)} {when}\t{m.kind}\t{m.title}\t应到{t.due}人 实到{t.present}人"
              f"\t缺席：{absent}\t{r.action}")
    if not preview.ok:
        print(f"{name} 中的记录都已在台账中，没有需要导入的。")
        return 0
    print(f"{name}：共 {len(preview.rows)} 条会议记录，检查通过（新增 {preview.new} 条，更新 {preview.updated} 条）。")
    if args.dry_run:
        print("（预览，未写入）")
        return 0
    excel.run(preview)
    print(f"已导入：新增 {preview.new} 条，更新 {preview.updated} 条会议记录（均为草稿，请核对后签发）。")
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.output:
        if args.kind or args.search:
            raise UserError("写成登记表时包括该年全部记录，请不要同时给出 --kind 或 --search")
        count = ctx.services.meetings_excel.export(args.year, args.output)
        print(f"已把{args.year}年的 {count} 条会议记录写入 {args.output}")
        return 0
    rows = ctx.services.meetings.list(year=args.year, kind=args.kind, text=args.search)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        status = r.status + ("（逾期签发）" if r.late else "")
        kind = r.kind + (f"·{r.group_name}" if r.group_name else "")
        print("\t".join([dates.fmt_cn(r.date), kind, r.title, f"应到{r.due}人 实到{r.present}人", status]))
    print(f"共 {len(rows)} 条")
    return 0
