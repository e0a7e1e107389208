"""Earlier meetings in from the secretary's own Excel register, and the year's register out.

:func:`read_register` reads every sheet with a register's header (python-calamine: .xlsx, .xls,
.ods), turns each row into a draft :class:`Meeting` — people matched to the roster on the
meeting's date, attendance derived (the people due that day minus the absent) — and collects
every problem with its sheet, row and column. :class:`RegisterImporter` writes nothing unless
every row is good, then all rows in one transaction (after a backup), each record's history
saying 从Excel导入 and the file, and one undo takes the import back whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import undo
from app.common import dates
from app.common.errors import UserError
from app.common.sheets import Problem, SheetReadError, cell_text, footer_reason, read_workbook
from app.meetings import register as reg
from app.meetings.model import Meeting, Status
from app.meetings.register import CellError
from app.meetings.register_book import export_register, write_template
from app.meetings.register_rows import RegisterPreview, RegisterRow, RosterOnDay, RowReader
from db.backup import take_backup

if TYPE_CHECKING:
    from app.services import Services

__all__ = ["MeetingsExcel", "RegisterImporter", "RegisterPreview", "RegisterRow", "read_register"]


def read_register(path: str | Path, services: Services) -> RegisterPreview:
    """Read a meeting register into a :class:`RegisterPreview`; writes nothing."""
    path = Path(path)
    preview = RegisterPreview(path=path)
    try:
        sheets = read_workbook(path)
    except SheetReadError as exc:
        preview.problems.append(Problem(None, None, str(exc)))
        return preview
    found = [(name, grid, reg.find_header(grid)) for name, grid in sheets]
    found = [(name, grid, h) for name, grid, h in found if h is not None]
    if not found:
        preview.problems.append(Problem(None, None, "没有找到表头：表格中应有“日期”“会议类型”“主持人”等列名"
                                                    "（可下载导入模板查看各列）"))
        return preview
    roster = RosterOnDay(services)
    many = len(found) > 1
    for name, grid, header in found:
        assert header is not None
        header_idx, columns = header
        preview.sheets.append(name)
        titles = " ".join(cell_text(v) for r in grid[:header_idx] for v in r)
        default_kind = reg.kind_from_label(name) or reg.kind_from_label(titles)
        if "kind" not in columns.values() and default_kind is None:
            preview.problems.append(Problem(header_idx + 1, None,
                                            "没有“会议类型”列，工作表名和标题也没有写明是哪类会议",
                                            name if many else ""))
            continue
        if "kind" not in columns.values():
            preview.notes.append(f"工作表“{name}”没有“会议类型”列，按工作表名或标题全部作为“{default_kind}”读入")
        headers = {key: cell_text(grid[header_idx][c]) for c, key in columns.items()}
        year = reg.year_in(name) or reg.year_in(titles)
        reader = RowReader(services, preview, roster, name, columns, headers, default_kind, many, year)
        for r in range(header_idx + 1, len(grid)):
            raw = grid[r]
            distinct = list(dict.fromkeys(t for t in (cell_text(v) for v in raw) if t))
            if not distinct:
                continue
            date_cells = [raw[c] for c, k in columns.items() if k == "date" and c < len(raw)]
            if sum(1 for c, v in enumerate(raw) if reg.header_key(v) and columns.get(c) == reg.header_key(v)) >= 2:
                preview.skipped.append((name, r + 1, "重复的表头"))
                continue
            why = None if any(_looks_dated(v) for v in date_cells) else footer_reason(distinct)
            if why is None and len(distinct) == 1 and not any(cell_text(v) for v in date_cells):
                why = "说明文字"
            if why:
                preview.skipped.append((name, r + 1, why))
                continue
            understood = reader.read(raw, r + 1)
            if understood is not None:
                preview.rows.append(understood)
            if "record_id" in columns.values():
                _match_record(services, preview, reader, raw, columns, understood, r + 1)
    _duplicates(services, preview)
    if not preview.rows and not preview.problems:
        preview.problems.append(Problem(None, None, "表头下面没有任何会议记录"))
    if preview.skipped:
        preview.notes.append(f"跳过{len(preview.skipped)}行非会议记录（表尾、合计、说明或重复的表头）")
    unchanged = sum(1 for r in preview.rows if r.unchanged)
    if unchanged:
        preview.notes.append(f"{unchanged}条与台账中的记录相同，不会改动")
    return preview


def _looks_dated(value: Any) -> bool:
    try:
        reg.date_and_time(value)
    except CellError:
        return False
    return True


def _match_record(services: Services, preview: RegisterPreview, reader: RowReader, raw: list[Any],
                  columns: dict[int, str], row: RegisterRow | None, rownum: int) -> None:
    """A row of an exported register names its record (记录编号): a draft is updated from it, a
    signed record left alone if the row still says the same, refused if it was changed."""
    c = next(c for c, k in columns.items() if k == "record_id")
    ref = cell_text(raw[c]) if c < len(raw) else ""
    if not ref or row is None:
        return
    try:
        current = services.meetings.get(int(ref)) if ref.isdigit() else None
    except UserError:  # no such record
        current = None
    if current is None:
        reader.problem(rownum, "record_id", f"台账中没有第{dates.shown(ref)}号记录：表格可能来自另一个台账文件；"
                                            "请清空该单元格，作为新记录导入")
        preview.rows.remove(row)
        return
    if current.kind != row.meeting.kind:
        reader.problem(rownum, "record_id", f"第{ref}号记录是{current.kind}，表中是{row.meeting.kind}；"
                                            "请核对，或清空编号作为新记录导入")
        preview.rows.remove(row)
        return
    same = _register_view(current) == _register_view(row.meeting)
    if current.signed and not same:
        reader.problem(rownum, None, f"第{ref}号记录已签发，不能用导入修改；如有错误请在程序中用“更正”")
        preview.rows.remove(row)
        return
    row.existing_id = current.id
    row.unchanged = same
    if not same:  # the register's columns from the row, the rest of the draft as it is
        row.meeting = replace(current, **{k: getattr(row.meeting, k) for k in _REGISTER_FIELDS})


_REGISTER_FIELDS = ("kind", "date", "start_time", "end_time", "place", "group_id", "title", "host", "recorder",
                    "speaker", "speaker_member_id", "lecture_title", "agenda", "content", "resolutions",
                    "also_counts", "observers", "attendance")


def _register_view(m: Meeting) -> tuple[Any, ...]:
    people = tuple(sorted((a.member_id, a.present, a.absence_reason or "", a.absence_note) for a in m.attendance))
    observers = tuple((o.name, o.role) for o in m.observers)
    return (m.kind, m.date, m.start_time, m.end_time, m.place, m.group_id, m.title, m.host, m.recorder,
            m.speaker, m.lecture_title, tuple(m.agenda), m.content, m.resolutions, tuple(m.also_counts),
            observers, people)


def _duplicates(services: Services, preview: RegisterPreview) -> None:
    """A new row that repeats a record already kept (or another row) would count a meeting twice."""
    years = {r.meeting.date[:4] for r in preview.rows}
    kept = {}
    for year in years:
        for m in services.meetings.list(year=int(year)):
            kept[(m.kind, m.date, m.title.strip(), m.group_name or "")] = m.id
    seen: dict[tuple[str, str, str, str], str] = {}
    for r in list(preview.rows):
        if r.existing_id is not None:
            continue
        key = (r.meeting.kind, r.meeting.date, r.meeting.title, r.group_name)
        where = Problem(r.row, None, "", r.sheet if len(preview.sheets) > 1 else "")
        if key in kept:
            preview.problems.append(replace(where, message=(
                f"与台账中已有的第{kept[key]}号记录相同（{dates.fmt_cn(r.meeting.date)} {r.meeting.kind}"
                f"“{r.meeting.title}”）；同一会议不要重复导入")))
        elif key in seen:
            preview.problems.append(replace(where, message=f"与{seen[key]}是同一会议（日期、类型、名称都相同）"))
        else:
            seen[key] = str(where).rstrip("：") or f"第{r.row}行"


class RegisterImporter:
    """Lands a good preview: every row in one transaction after a backup; one undo takes it back."""

    def __init__(self, services: Services, db_path: str | Path | None) -> None:
        self.s = services
        self.db_path = db_path

    def run(self, preview: RegisterPreview, progress: Callable[[int, int], None] | None = None) -> int:
        """Write the new and changed rows; returns how many records were added or updated.

        Raises:
            UserError: the preview has problems or nothing to write (nothing is written).
        """
        name = preview.path.name
        if preview.problems:
            raise UserError(f"{name} 有{len(preview.problems)}处问题，未导入任何记录：\n"
                            + "\n".join(str(p) for p in preview.problems[:50]))
        todo = [r for r in preview.rows if not r.unchanged]
        if not todo:
            raise UserError(f"{name} 中没有需要导入的会议记录")
        if self.db_path:
            take_backup(self.s.conn, self.db_path, "before-import")
        created, replaced = self._write(preview, todo, progress)
        self._register_undo(preview, todo, created, replaced)
        return len(todo)

    def _write(self, preview: RegisterPreview, todo: list[RegisterRow],
               progress: Callable[[int, int], None] | None = None) -> tuple[list[int], list[Meeting]]:
        service = self.s.meetings
        created: list[int] = []
        replaced: list[Meeting] = []
        with service.write():
            for i, r in enumerate(todo, start=1):
                where = f"{preview.path.name} 第{r.row}行"
                try:
                    if r.existing_id is not None:
                        replaced.append(service.get(r.existing_id))
                        service.save(r.meeting, action="从Excel导入更新", reason=where)
                    else:
                        created.append(service.save(replace(r.meeting, id=None, status=Status.DRAFT),
                                                    action="从Excel导入", reason=where))
                except UserError as exc:
                    raise UserError(f"{where}：{exc.message}；未导入任何记录") from exc
                if progress:
                    progress(i, len(todo))
        return created, replaced

    def _register_undo(self, preview: RegisterPreview, todo: list[RegisterRow], created: list[int],
                       replaced: list[Meeting]) -> None:
        service = self.s.meetings
        box = {"created": created}

        def back() -> None:
            for mid in box["created"]:
                if service.get(mid).signed:
                    raise UserError("导入的记录中已有签发的，不能整体撤销；请逐条处理（签发的记录用“更正”）")
            with service.write():
                for mid in box["created"]:
                    service.delete(mid)
                for before in replaced:
                    service.save(before, action="撤销导入")

        def forward() -> None:
            box["created"] = self._write(preview, todo)[0]

        undo.register(self.s.ctx, f"从Excel导入{len(todo)}条会议记录", back, forward)


class MeetingsExcel:
    """The work record's Excel import, template and export for one open file (what the GUI uses)."""

    def __init__(self, services: Services, db_path: str | Path | None) -> None:
        self.s = services
        self.db_path = db_path

    def read(self, path: str | Path) -> RegisterPreview:
        return read_register(path, self.s)

    def run(self, preview: RegisterPreview, progress: Callable[[int, int], None] | None = None) -> int:
        return RegisterImporter(self.s, self.db_path).run(preview, progress)

    def template(self, path: str | Path) -> None:
        write_template(path)

    def export(self, year: int, path: str | Path) -> int:
        return export_register(self.s, year, path)
