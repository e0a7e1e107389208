"""Excel import and export of the roster (python-calamine reads .xlsx/.xls/.ods; openpyxl writes).

Real rosters have title rows above the header, merged cells, header synonyms, dates in many
shapes, IDs stored as numbers and stray spaces. :func:`read_roster` turns a workbook into rows
as understood plus every problem (with its row, column and reason); :meth:`RosterImporter.run`
writes nothing unless every row is good, and then writes all of them in one transaction, after
a backup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.common import dates, idcard
from app.common.errors import UserError
from app.common.files import save_workbook
from app.common.sheets import Problem, SheetReadError, cell_text, footer_reason, read_workbook
from app.roster import rules
from app.roster.columns import CATEGORY_SYNONYMS, CATEGORY_VALUES, COLUMNS, LABEL, by_content, find_header, header_key
from app.roster.model import Arrival, MemberClass, PersonnelCategory, StartKind
from app.roster.service import MemberService
from db.backup import take_backup
from db.repositories import branch as branch_repo
from db.repositories import roster as repo

_BRACKETED = re.compile(r"(?<=\S)\s*[（(][^（()）]*[）)]$")
_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "", "×", "✗", "无", "不是", "-", "—", "/"}


@dataclass
class ImportRow:
    """A data row as understood: its sheet row number and the member fields."""

    row: int
    fields: dict[str, Any]
    group: str | None = None
    existing_id: int | None = None  # set when the ID is already on the roster (update mode)


@dataclass
class ImportPreview:
    """What an import would do: rows, problems (blocking) and notes (not blocking)."""

    path: Path
    sheet: str = ""
    header_row: int = 0
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    #: rows below or inside the table that are not members (制表人, 合计, notes, a repeated
    #: header): (sheet row, why it was skipped)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def read_roster(path: str | Path, roster: MemberService, update_existing: bool = False) -> ImportPreview:
    """Read a roster workbook into an :class:`ImportPreview`; writes nothing."""
    path = Path(path)
    preview = ImportPreview(path=path)
    try:
        sheets = read_workbook(path)
    except SheetReadError as exc:
        preview.problems.append(Problem(None, None, str(exc)))
        return preview
    chosen = None
    for sheet_name, grid in sheets:
        header = find_header(grid)
        if header:
            chosen = (sheet_name, grid, header)
            break
    if chosen is None:
        preview.problems.append(Problem(None, None, "没有找到表头：表格中应有“姓名”“公民身份号码”“入党日期”等列名"
                                                    "（可下载导入模板查看各列）"))
        return preview
    preview.sheet, grid, (header_idx, columns) = chosen
    columns, understood = by_content(grid, header_idx, columns, grid[header_idx])
    preview.notes += understood
    preview.header_row = header_idx + 1
    present = set(columns.values())
    for required in ("id_number", "join_date"):
        if required not in present:
            preview.problems.append(Problem(preview.header_row, LABEL[required], "缺少此列"))
    if "personnel_category" not in present:
        preview.notes.append("表格中没有“人员类别”列，全部按“在职”导入（党费按此计算，请导入后核对）")
    if "member_class" not in present:
        preview.notes.append("表格中没有“党员类别”列：填有转正日期或入党已满两年的按正式党员，其余按预备党员导入"
                             "（请导入后核对）")
    if preview.problems:
        return preview

    conn, service = roster.conn, roster
    existing = repo.all_id_numbers(conn)
    groups = {g.name for g in branch_repo.list_groups(conn, True)}
    seen: dict[str, int] = {}
    for r in range(header_idx + 1, len(grid)):
        raw = grid[r]
        values = {key: (raw[c] if c < len(raw) else None) for c, key in columns.items()}
        if all(cell_text(v) == "" for k, v in values.items() if k != "seq"):
            if any(cell_text(v) for v in raw):  # text only outside the roster's columns
                preview.skipped.append((r + 1, _not_a_member(raw, values, columns) or "表格以外的文字"))
            continue
        rownum = r + 1
        why = _not_a_member(raw, values, columns)
        if why:
            preview.skipped.append((rownum, why))
            continue
        row_problems: list[Problem] = []
        fields, group = _row_fields(values, rownum, row_problems, service.today())
        if fields is None:
            preview.problems.extend(row_problems)
            continue
        number = fields["id_number"]
        existing_id = None
        if number:
            if number in seen:
                row_problems.append(Problem(rownum, "公民身份号码", f"与第{seen[number]}行的号码重复"))
            else:
                seen[number] = rownum
            if number in existing:
                if update_existing:
                    existing_id = existing[number]
                else:
                    row_problems.append(Problem(
                        rownum, "公民身份号码",
                        "该号码已在党员名册中（如要用表格更新已有党员，请勾选“更新已有党员”）"))
        errors = service.validate(fields, member_id=existing_id)
        for key, message in errors.items():
            label = rules.MEMBER_LABELS.get(key, key)
            if any(p.column in (label, LABEL.get(key)) for p in row_problems):
                continue  # one message per problem: the reader already said what is wrong here
            if key == "id_number" and existing_id is None and number in existing:
                continue
            row_problems.append(Problem(rownum, rules.MEMBER_LABELS.get(key, key), message))
        preview.problems.extend(row_problems)
        if group and group not in groups and group not in preview.new_groups:
            preview.new_groups.append(group)
        preview.rows.append(ImportRow(rownum, service.normalize(fields), group, existing_id))
    if not preview.rows and not preview.problems:
        preview.problems.append(Problem(None, None, "表头下面没有任何党员数据"))
    if preview.new_groups:
        preview.notes.append("将新建党小组：" + "、".join(preview.new_groups) + "（请核对名称，确认后才会新建）")
    if preview.skipped:
        preview.notes.append(f"跳过{len(preview.skipped)}行非党员信息（表尾、合计、说明或重复的表头）")
    updates = sum(1 for r in preview.rows if r.existing_id)
    if updates:
        preview.notes.append(f"其中{updates}人已在名册中，将按表格更新其信息（旧值记入修改记录）")
    return preview


def _not_a_member(raw: list[Any], values: dict[str, Any], columns: dict[int, str]) -> str | None:
    """Why this row is not a member (a footer, a total, a note, a repeated header), or None.

    A row that holds an ID number is always a member row, so a real member is never skipped.
    """
    if re.fullmatch(r"\d{15}|\d{17}[\dX]", idcard.normalize(values.get("id_number")) or ""):
        return None
    texts = [cell_text(v) for v in raw]
    distinct = list(dict.fromkeys(t for t in texts if t))
    if not distinct:
        return None
    if sum(1 for c, v in enumerate(raw) if header_key(v) and columns.get(c) == header_key(v)) >= 2:
        return "重复的表头"
    why = footer_reason(distinct)
    if why:
        return why
    first = distinct[0]
    name_cols = [c for c, k in columns.items() if k == "name"]
    spread = sum(1 for t in texts if t == first)
    if len(distinct) == 1 and (spread >= 3 or not any(cell_text(raw[c]) for c in name_cols if c < len(raw))):
        return "说明文字"
    return None


def _row_fields(values: dict[str, Any], rownum: int, problems: list[Problem],
                today: str) -> tuple[dict[str, Any] | None, str | None]:
    fields: dict[str, Any] = {}
    fields["name"] = rules.clean_name(values.get("name"))
    if not fields["name"]:
        problems.append(Problem(rownum, "姓名", "姓名为空"))
    raw_id = values.get("id_number")
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        problems.append(
            Problem(
                rownum,
                "公民身份号码",
                f"号码以数字格式保存（{raw_id!r}），Excel 只保留15位有效数字，末几位已丢失；"
                "请把该列设为“文本”格式后重新录入",
            )
        )
        fields["id_number"] = ""
    else:
        fields["id_number"] = idcard.normalize(raw_id)
    for key in ("birth_date", "join_date", "full_date"):
        try:
            fields[key] = dates.parse_date(values.get(key))
        except dates.DateParseError as exc:
            problems.append(Problem(rownum, LABEL[key], str(exc)))
            fields[key] = None
    gender = cell_text(values.get("gender"))
    fields["gender"] = {"男性": "男", "女性": "女"}.get(gender, gender)
    for key in ("ethnicity", "native_place", "education", "phone", "notes"):
        fields[key] = cell_text(values.get(key))
    if fields["ethnicity"] and not fields["ethnicity"].endswith("族"):
        fields["ethnicity"] += "族"
    unit = cell_text(values.get("work_unit_post"))
    if not unit:
        unit = " ".join(x for x in (cell_text(values.get("work_unit")), cell_text(values.get("post"))) if x)
    fields["work_unit_post"] = unit
    # 在职（公务员）: the category, with what an export adds in brackets left out
    category = _BRACKETED.sub("", cell_text(values.get("personnel_category"))).strip()
    category = category[:-2] if category.endswith("党员") and category[:-2] in CATEGORY_VALUES else category
    fields["personnel_category"] = CATEGORY_SYNONYMS.get(category, category) or PersonnelCategory.IN_SERVICE
    klass = cell_text(values.get("member_class")).replace("党员", "").strip()
    fields["member_class"] = klass or _class_without_one(fields.get("join_date"), fields.get("full_date"), today)
    leader = cell_text(values.get("is_leader_cadre")).lower()
    if leader in _YES:
        fields["is_leader_cadre"] = True
    elif leader in _NO:
        fields["is_leader_cadre"] = False
    else:
        problems.append(Problem(rownum, "党员领导干部", f"应填“是”或“否”，现为“{leader}”"))
        fields["is_leader_cadre"] = False
    group = cell_text(values.get("group")) or None
    return fields, group


def _class_without_one(join_date: str | None, full_date: str | None, today: str) -> str:
    """A member's class when the roster does not give it: 正式 with a 转正 date, or when the
    probation (a year, at most two when extended) is over by more than its longest — a member of
    twenty years is not 预备 for want of a column; 预备 otherwise (the secretary checks them)."""
    if full_date:
        return MemberClass.FULL
    if join_date and f"{int(join_date[:4]) + 2:04d}{join_date[4:]}" < today:
        return MemberClass.FULL
    return MemberClass.PROBATIONARY


class RosterImporter:
    """Lands a good preview: all rows in one transaction, after a backup of the database."""

    def __init__(self, roster: MemberService, db_path: str | Path | None) -> None:
        self.roster = roster
        self.conn = roster.conn
        self.db_path = db_path

    def run(self, preview: ImportPreview, progress: Callable[[int, int], None] | None = None,
            create_groups: bool = False) -> int:
        """Write every row of ``preview``; returns how many members were added or updated.

        Party groups not yet on file are created only with ``create_groups`` (the user ticked
        them in the preview), so a typo in the group column never creates a group silently.

        Raises:
            UserError: the preview has problems, or new groups were not confirmed (nothing is written).
        """
        if preview.problems:
            raise UserError(
                f"{preview.path.name} 有{len(preview.problems)}处问题，未导入任何数据：\n"
                + "\n".join(str(p) for p in preview.problems[:50])
            )
        if not preview.rows:
            raise UserError(f"{preview.path.name} 中没有可导入的党员")
        if preview.new_groups and not create_groups:
            raise UserError(f"{preview.path.name} 中有尚未建立的党小组：" + "、".join(preview.new_groups)
                            + "。请核对名称：确认要新建时勾选“新建这些党小组”（命令行加 --new-groups），"
                            "若是写错了请在表格中改正；未导入任何数据")
        if self.db_path:
            take_backup(self.conn, self.db_path, "before-import")
        service = self.roster
        total = len(preview.rows)
        with service.write():
            group_ids = {g.name: g.id for g in branch_repo.list_groups(self.conn, True)}
            for name in preview.new_groups:
                group_ids[name] = branch_repo.insert_group(self.conn, {"name": name, "sort_order": len(group_ids)})
            for i, row in enumerate(preview.rows, start=1):
                gid = group_ids.get(row.group) if row.group else None
                try:
                    if row.existing_id:
                        # An empty group cell keeps the member's group rather than dropping it.
                        service.update(
                            row.existing_id,
                            row.fields,
                            group_id=gid if gid is not None else ...,
                            reason=f"从 {preview.path.name} 导入更新",
                        )
                    else:
                        service.create(row.fields, gid, Arrival(kind=StartKind.REGISTERED))
                except UserError as exc:
                    raise UserError(f"第{row.row}行：{exc.message}；未导入任何数据") from exc
                if progress:
                    progress(i, total)
            service.log("import", None, "导入名册", None, {"file": str(preview.path), "rows": total})
        return total


def export_roster(roster: MemberService, path: str | Path, include_left: bool = False) -> int:
    """Write the roster with the import columns, so it can be edited and imported back."""
    conn, service = roster.conn, roster
    members = repo.list_members(conn, include_left=include_left)
    branch = branch_repo.get_branch(conn)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    title = f"{branch.name if branch else ''}党员名册"
    ws.cell(row=1, column=1, value=title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS) + 1)
    ws.cell(row=1, column=1).font = Font(size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=2, column=1, value=f"导出日期：{dates.fmt_cn(service.today())}")
    headers = ["序号"] + [label for _, label in COLUMNS]
    fill = PatternFill("solid", fgColor="F2DCDB")
    for c, label in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=c, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    for i, m in enumerate(members, start=1):
        values = {
            **{k: getattr(m, k) for k, _ in COLUMNS if hasattr(m, k)},
            "group": m.group_name or "",
            "is_leader_cadre": "是" if m.is_leader_cadre else "否",
        }
        row = [i] + [values.get(k) or "" for k, _ in COLUMNS]
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=3 + i, column=c, value=value)
            cell.number_format = "@"  # text: IDs and dates keep their exact characters
    widths = [6, 10, 6, 8, 12, 22, 12, 10, 28, 10, 12, 12, 10, 14, 12, 14, 20]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "B4"
    save_workbook(wb, Path(path))
    return len(members)


class RosterExcel:
    """The roster's Excel import and export for one open database (what the GUI uses)."""

    def __init__(self, roster: MemberService, db_path: str | Path | None) -> None:
        self.roster = roster
        self.db_path = db_path

    def read(self, path: str | Path, update_existing: bool = False) -> ImportPreview:
        return read_roster(path, self.roster, update_existing)

    def run(self, preview: ImportPreview, progress: Callable[[int, int], None] | None = None,
            create_groups: bool = False) -> int:
        return RosterImporter(self.roster, self.db_path).run(preview, progress, create_groups)

    def template(self, path: str | Path) -> None:
        write_template(path)

    def export(self, path: str | Path, include_left: bool = False) -> int:
        return export_roster(self.roster, path, include_left)


def write_template(path: str | Path) -> None:
    """An empty roster workbook with the import's columns and one example row to overwrite."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.cell(row=1, column=1, value="党员名册（导入模板：第3行为示例，请改为本支部党员；不用的列可以留空）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS) + 1)
    ws.cell(row=1, column=1).font = Font(bold=True)
    headers = ["序号"] + [label for _, label in COLUMNS]
    example = {"name": "张三", "gender": "男", "ethnicity": "汉族", "birth_date": "1985-03-12",
               "id_number": idcard.make("110105", "19850312", 1, "男"), "native_place": "北京", "education": "大学本科",
               "work_unit_post": "办公室 科员", "personnel_category": "在职", "join_date": "2010-07-01",
               "full_date": "2011-07-01", "member_class": "正式", "group": "第一党小组", "is_leader_cadre": "否",
               "phone": "", "notes": ""}
    for c, label in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=c, value=label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
    for c, (key, _) in enumerate(COLUMNS, start=2):
        cell = ws.cell(row=3, column=c, value=example[key])
        cell.number_format = "@"
    ws.cell(row=3, column=1, value=1)
    for c in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 22 if c == 6 else 12
    save_workbook(wb, Path(path))
