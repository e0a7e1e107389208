"""A secretary's own meeting register (三会一课登记表) read cell by cell: which column holds what,
dates and time ranges as people write them, lists of names, absences with their reasons and
observers with their roles. Pure: no I/O, no database (app/meetings/excel.py reads the sheet and
matches the names to the roster)."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from app.common import dates
from app.common.sheets import cell_text, header_columns
from app.meetings import kinds
from app.meetings.model import AbsenceReason, ObserverRole
from app.meetings.rules import normalize_time

#: The template's and the export's columns, in order (after 序号).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "会议类型"), ("date", "日期"), ("start_time", "开始时间"), ("end_time", "结束时间"),
    ("place", "地点"), ("group", "党小组"), ("title", "会议名称"), ("host", "主持人"), ("recorder", "记录人"),
    ("speaker", "主讲人"), ("lecture_title", "党课题目"), ("present", "参加人员"), ("absent", "缺席人员及原因"),
    ("observers", "列席人员"), ("agenda", "议题"), ("content", "主要内容"), ("resolutions", "决议"),
    ("also_counts", "同时计为"), ("status", "状态"), ("record_id", "记录编号"),
)
LABEL: dict[str, str] = dict(COLUMNS) | {
    "time_range": "起止时间", "when": "时间", "absent_reason": "缺席原因", "due_count": "应到人数",
    "present_count": "实到人数", "seq": "序号", "topic": "议题"}

#: What each column is called in the registers secretaries keep.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "kind": ("会议类型", "类型", "会议类别", "类别", "会议种类", "活动类型", "会议形式", "组织生活类型"),
    "date": ("日期", "会议日期", "召开日期", "活动日期", "日期时间", "会议日期时间"),
    # 时间 alone is the date unless the sheet also has a date column; then it is the time of day
    "when": ("时间", "会议时间", "召开时间", "活动时间"),
    "time_range": ("起止时间", "会议起止时间", "时段", "具体时间", "会议时段"),
    "start_time": ("开始时间", "起始时间", "开始"),
    "end_time": ("结束时间", "终止时间", "结束"),
    "place": ("地点", "会议地点", "召开地点", "活动地点"),
    "group": ("党小组", "所属党小组", "小组"),
    "title": ("会议名称", "主题", "会议主题", "名称", "活动主题", "活动名称", "会议题目", "学习主题"),
    # 议题 is the record's title where the sheet has no title column, its agenda where it has one
    "topic": ("议题", "会议议题"),
    "host": ("主持人", "主持"),
    "recorder": ("记录人", "记录员"),
    "speaker": ("主讲人", "授课人", "讲课人", "主讲", "党课主讲人"),
    "lecture_title": ("党课题目", "授课题目", "讲课题目", "党课主题"),
    "present": ("参加人员", "出席人员", "参会人员", "到会人员", "参加人", "出席人", "参加对象", "谈话人", "谈话对象"),
    "absent": ("缺席人员及原因", "缺席人员", "缺席人员及缺席原因", "请假人员", "缺席", "缺席人员（原因）",
               "缺席人及原因"),
    "absent_reason": ("缺席原因", "请假原因", "缺席事由"),
    "observers": ("列席人员", "列席", "列席人"),
    "content": ("主要内容", "会议内容", "内容", "会议记录", "内容摘要", "会议主要内容", "活动内容", "记录内容"),
    "resolutions": ("决议", "会议决议", "决定事项", "决议事项", "形成决议", "议定事项"),
    "also_counts": ("同时计为",),
    "due_count": ("应到人数", "应到"),
    "present_count": ("实到人数", "实到"),
    "status": ("状态", "记录状态"),
    "record_id": ("记录编号",),
    "seq": ("序号", "编号"),
}
_LOOKUP = {s: key for key, names in SYNONYMS.items() for s in names}


def header_key(value: Any) -> str | None:
    """The column a header cell names (spaces, colons and a bracketed remark ignored)."""
    text = "".join(cell_text(value).split()).rstrip("：:").replace("（", "(").replace("）", ")")
    if not text:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    return _LOOKUP.get(text.split("(")[0])


def find_header(grid: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    """The header row (index) and its columns: the row among the first 30 naming a date and the
    most other columns; 时间 and 议题 resolved by what else the row has."""
    best: tuple[int, dict[int, str]] | None = None
    for r, row in enumerate(grid[:30]):
        found = header_columns(row, header_key)
        keys = set(found.values())
        if not keys & {"date", "when"} or len(found) < 3:
            continue
        for c, key in list(found.items()):
            if key == "when":
                found[c] = "time_range" if "date" in keys and "time_range" not in keys else "date"
            elif key == "topic":
                found[c] = "agenda" if "title" in keys else "title"
        if len(set(found.values())) != len(found):
            continue
        if best is None or len(found) > len(best[1]):
            best = (r, found)
    return best


def kind_from_label(text: str) -> str | None:
    """The kind a sheet's name or title row names (“支委会记录”, “2025年党小组会登记表”), if exactly one."""
    compact = "".join(text.split())
    found = {k.name for k in kinds.KINDS for n in (k.name, k.short, *k.aliases) if len(n) >= 2 and n in compact}
    return found.pop() if len(found) == 1 else None


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and says why."""


def kinds_of(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A kind cell as registers write it: one kind (“支部委员会”, “支委会（扩大）”), or a meeting that
    also counted as others (“主题党日+党课”, “党员大会暨民主评议党员”): (kind, the kinds it also
    counts as); None when a part names no kind."""
    compact = re.sub(r"[（(][^（）()]*[)）]", "", "".join(text.split()))  # “（扩大）”, “（第一季度）”
    parts = [p for p in re.split(r"[暨+＋、/／&]|和|及|并", compact) if p]
    found = [kinds.parse(p) for p in parts]
    if not found or any(k is None for k in found):
        return None
    first, *rest = (str(k) for k in found)
    return first, tuple(dict.fromkeys(k for k in rest if k != first))


def year_in(text: str) -> int | None:
    """The year a sheet's name or title names (“2025年三会一课登记表”), if exactly one."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年?(?:度)?", text))
    return int(years.pop()) if len(years) == 1 else None


_DASHES = "\\-\uff0d\u2014\u2013~\uff5e至到"  # hyphens, dashes, tildes, 至, 到
#: Full-width digits and marks as half-width ones (registers typed with a Chinese input method).
_HALF_WIDTH = str.maketrans("０１２３４５６７８９：．／－", "0123456789:./-")


def _clock(value: Any) -> str:
    """A time of day from a cell: a time, a fraction of a day, or text such as 9:30 or 下午2点半."""
    if isinstance(value, _dt.datetime):
        value = value.time()
    if isinstance(value, _dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, _dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, float) and 0 < value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = cell_text(value).translate(_HALF_WIDTH)
    afternoon = text.startswith(("下午", "晚上")) or (text.startswith("中午") and not text[2:].strip().startswith("12"))
    text = re.sub(r"^(上午|下午|晚上|中午)", "", text).strip().replace(".", ":")
    if not text:
        return ""
    out = normalize_time(text)
    if not re.fullmatch(r"\d{2}:\d{2}", out):
        raise CellError(f"“{dates.shown(cell_text(value))}”不是可识别的时间（例如 14:30）")
    if afternoon and int(out[:2]) < 12:
        out = f"{int(out[:2]) + 12:02d}{out[2:]}"
    return out


def time_range(value: Any) -> tuple[str, str]:
    """(start, end) from one cell: 14:30-16:00, 9:00—11:00, 14:30至16:00, 下午2:30-4:00, or one time."""
    if isinstance(value, (_dt.time, _dt.datetime, _dt.timedelta, float)):
        return _clock(value), ""
    text = cell_text(value)
    if not text:
        return "", ""
    parts = [p for p in re.split(f"\\s*[{_DASHES}]+\\s*", text) if p.strip()]
    if len(parts) == 1:
        return _clock(parts[0]), ""
    if len(parts) != 2:
        raise CellError(f"“{dates.shown(text)}”不是可识别的起止时间（例如 14:30-16:00）")
    start = _clock(parts[0])
    prefix = re.match(r"(上午|下午|晚上|中午)", parts[0].strip())
    second = parts[1].strip()
    if prefix and not re.match(r"(上午|下午|晚上|中午)", second):
        second = prefix.group(1) + second  # 下午2:30-4:00: the end is in the afternoon too
    return start, _clock(second)


def date_and_time(value: Any, year: int | None = None) -> tuple[str, str, str]:
    """(day, start, end) from a date cell that may also carry the time: a datetime, or
    “2025年3月20日 14:30-16:00”, “2025-03-20 14:30”; “3月20日” or “3.20” in a register whose
    title gives the ``year``.

    Raises:
        CellError: not a date of a day (the message says why).
    """
    start = end = ""
    if isinstance(value, str):
        short = re.match(r"^\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(.*)$", value.translate(_HALF_WIDTH))
        if short and not re.match(r"^\s*\d", short.group(3)):
            if year is None:
                raise CellError(f"“{dates.shown(value)}”没有写年份（工作表名或标题中也没有）")
            value = f"{year}年{short.group(1)}月{short.group(2)}日{short.group(3)}"
    if isinstance(value, _dt.datetime) and (value.hour or value.minute):
        start = f"{value.hour:02d}:{value.minute:02d}"
    elif isinstance(value, str):
        text = value.strip().translate(_HALF_WIDTH)
        found = re.match(r"^(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*"
                         r"(?:[（(]\s*(?:星期|周)[一二三四五六日天]\s*[)）])?\s*(.*)$", text)
        if found and found.group(2).strip():
            value = found.group(1)
            start, end = time_range(found.group(2))
    try:
        day = dates.parse_date(value)
    except dates.DateParseError as exc:
        raise CellError(str(exc)) from None
    if day is None:
        raise CellError("日期为空")
    if len(day) != 10:
        raise CellError(f"“{dates.shown(cell_text(value))}”只写到月，请写明是哪一天")
    return day, start, end


_SEPARATORS = re.compile(r"[、，,；;/\n]+")
_BRACKETS = re.compile(r"[（(]([^（）()]*)[)）]")
_NONE_WORDS = {"无", "没有", "-", "—", "/", "／", "全到", "全部到会", "均到会", "无缺席", "0", "无人缺席"}
_ALL_WORDS = ("全体党员", "全体", "全体支委", "全体委员", "全体支部委员", "全体组员", "全体党小组成员")


@dataclass(frozen=True)
class NamedPerson:
    """A name as written in a list, with what its brackets said (a reason, a role, an ID's last digits)."""

    name: str
    note: str = ""
    id_tail: str = ""


def is_none(text: str) -> bool:
    return "".join(text.split()) in _NONE_WORDS


def means_everyone(text: str) -> bool:
    compact = "".join(text.split())
    return compact in _ALL_WORDS or bool(re.fullmatch(r"(全体党员|全体支委|全体委员|全体)(均?参加|到会|出席)?",
                                                      compact))


def split_names(text: str, known: set[str] | None = None) -> list[NamedPerson]:
    """The people of a list cell: names joined by 、，, ; or spaces, each perhaps followed by a
    bracket (“杨帆（出差）”, “张伟（1234）”: the last four characters of his ID number). A piece
    with spaces inside is one name when, spaces removed, it is a name on the roster (``known``):
    “张  三” is 张三, “张三 李四” is two people."""
    text = cell_text(text)
    if not text or is_none(text):
        return []
    out: list[NamedPerson] = []
    for piece in _SEPARATORS.split(text):
        piece = piece.strip()
        if not piece:
            continue
        # brackets hold notes, and spaces inside a bracket do not separate people
        chunks = re.findall(r"[^\s（(]+(?:\s*[（(][^（）()]*[)）])*|[（(][^（）()]*[)）]", piece)
        compact = "".join(_BRACKETS.sub("", piece).split())
        if len(chunks) > 1 and known is not None and compact in known:
            chunks = [piece]
        for chunk in chunks:
            notes = [n.strip() for n in _BRACKETS.findall(chunk)]
            name = "".join(_BRACKETS.sub("", chunk).split()).strip("：:")
            if not name:
                if out and notes:  # “张三 （病假）”: the bracket belongs to the name before it
                    last = out.pop()
                    out.append(_person(last.name, [last.note, *notes] if last.note else notes, last.id_tail))
                continue
            out.append(_person(name, notes))
    return out


def _person(name: str, notes: list[str], id_tail: str = "") -> NamedPerson:
    kept = []
    for note in notes:
        if re.fullmatch(r"\d{3}[\dXx]", note):
            id_tail = note.upper()
        elif note:
            kept.append(note)
    return NamedPerson(name, "，".join(kept), id_tail)


#: Words of an absence reason, and the reason they are filed under.
_REASONS: tuple[tuple[AbsenceReason, tuple[str, ...]], ...] = (
    (AbsenceReason.SICK, ("病假", "生病", "住院", "病", "身体原因", "就医", "看病", "产假", "休养")),
    (AbsenceReason.OFFICIAL, ("公出", "出差", "公差", "公务", "外出学习", "学习", "培训", "开会", "会议",
                              "下乡", "驻村", "值班", "执行任务", "任务",
                              "挂职", "借调", "调研", "督查", "检查", "外派", "援")),
    (AbsenceReason.PERSONAL, ("事假", "请假", "私事", "家事", "家中有事", "年假", "休假", "探亲", "婚假", "丧假")),
)


def absence_reason(text: str) -> tuple[str, str]:
    """(reason, note) for what a register says: 病假/事假/公出 themselves, words meaning one of
    them (出差 → 公出, the word kept as the note), anything else 其他 with the words as the note."""
    text = text.strip()
    if text in tuple(AbsenceReason):
        return text, ""
    found = re.match(r"^(病假|事假|公出|其他)\s*[，,：:]\s*(.+)$", text)
    if found:
        return found.group(1), found.group(2)
    for reason, words in _REASONS:
        if any(w in text for w in words):
            return reason, text
    return AbsenceReason.OTHER, text


def observer_role(text: str) -> str:
    """An observer's role as the form has it (积极分子 → 入党积极分子); other words kept as written."""
    compact = "".join(text.split())
    if compact in tuple(ObserverRole):
        return compact
    if "积极分子" in compact:
        return ObserverRole.ACTIVIST
    if "发展对象" in compact:
        return ObserverRole.CANDIDATE
    if compact.startswith("上级") or "党委" in compact or "工委" in compact:
        return ObserverRole.UPPER
    return compact


def counts(text: Any) -> int | None:
    """A count cell: 12, “12人”, “12名”; None when empty.

    Raises:
        CellError: not a number of people.
    """
    raw = cell_text(text)
    if not raw:
        return None
    found = re.fullmatch(r"(\d{1,4})\s*[人名个]?", raw)
    if found is None:
        raise CellError(f"“{dates.shown(raw)}”不是人数")
    return int(found.group(1))


def lines(text: Any) -> list[str]:
    """The items of an agenda cell: one per line, or numbered 1. 2、（3）, or split by ；."""
    raw = str(text or "").replace("\r", "\n").strip()
    if not raw:
        return []
    pieces = [p for p in re.split(r"\n+|[；;]|(?:^|\s)(?=[（(]?\d{1,2}[)）.、．])", raw) if p and p.strip()]
    out = []
    for piece in pieces:
        item = re.sub(r"^\s*[（(]?\d{1,2}[)）.、．]\s*", "", piece).strip()
        if item:
            out.append(item)
    return out


def multiline(value: Any) -> str:
    """A long text cell with its line breaks kept and each line's stray spaces removed."""
    raw = str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.replace("\u3000", " ").split()) for line in raw.split("\n")).strip()
