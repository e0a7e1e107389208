"""The year's submission checklist (domain-rules §7): which items the records hold, which are
missing, which the secretary marked 不适用 or 已另行报送. The items are data
(resources/bundle/checklist.json, overridden per committee by bundle/checklist.json in the
data folder); each names one of the checks below or ``manual``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.common import dates, paths
from app.common.errors import UserError
from app.meetings.model import MeetingKind, Status
from app.roster import rules as roster_rules

if TYPE_CHECKING:
    from app.services import Services
    from db.records.bundle import Mark

PRESENT, MISSING, NOT_APPLICABLE, SEPARATE = "齐全", "缺少", "不适用", "已另行报送"
MARKS = (NOT_APPLICABLE, SEPARATE)

Check = Callable[["Services", int], tuple[str, str]]


def _signed(s: Services, year: int, kind: str | None = None) -> list[Any]:
    return [r for r in s.meetings.list(year=year) if r.status == Status.SIGNED
            and (kind is None or r.kind == kind or kind in r.also_counts)]


def _count(found: int, what: str) -> tuple[str, str]:
    return (PRESENT, f"{what}{found}条") if found else (MISSING, f"没有已签发的{what}")


def _year_text(kind: str) -> Check:
    def check(s: Services, year: int) -> tuple[str, str]:
        text = s.meetings.year_text(year, kind).strip()
        return (PRESENT, f"{len(text)}字") if text else (MISSING, f"尚未填写{year}年{kind}")

    return check


def _dues_register(s: Services, year: int) -> tuple[str, str]:
    paid = s.dues.payments(year=year)
    return (PRESENT, f"收缴记录{len(paid)}笔") if paid else (MISSING, f"{year}年没有党费收缴记录")


def _dues_next_year(s: Services, year: int) -> tuple[str, str]:
    missing = s.dues.ledger.unassessed(year + 1, f"{year + 1}-01-01")
    if missing:
        return MISSING, f"{year + 1}年尚有{len(missing)}名党员未核定"
    return PRESENT, f"{year + 1}年已全部核定"


def _evaluation(s: Services, year: int) -> tuple[str, str]:
    held = [r for r in _signed(s, year, MeetingKind.EVALUATION) if s.meetings.get(r.id).grades]
    return (PRESENT, f"{dates.fmt_cn(held[0].date)}召开") if held else (MISSING, "没有已签发且评定了等次的民主评议记录")


def _development(s: Services, year: int) -> tuple[str, str]:
    people = [p for p in s.development.people(include_closed=True)
              if any(st.done_on[:4] == str(year) for st in p.steps)]
    return (PRESENT, f"{len(people)}人") if people else (NOT_APPLICABLE, "本年度无发展党员工作")


def _roster(s: Services, year: int) -> tuple[str, str]:
    end = min(f"{year}-12-31", s.today())
    n = sum(1 for m in s.roster.list() if roster_rules.is_member_on(m, end))
    return (PRESENT, f"年末在册{n}人") if n else (MISSING, "名册中没有党员")


def _term_request(s: Services, year: int) -> tuple[str, str]:
    term = s.branch.current_term()
    if term is None:
        return MISSING, "尚未登记支部委员会的选举"
    due = s.branch.term_due_date(term)
    if due > f"{year + 1}-12-31":
        return NOT_APPLICABLE, f"届期至{due}，本次无需换届请示"
    return MISSING, f"届期至{due}：应在换届前约1个月向上级党委请示（报送后请标记“已另行报送”）"


CHECKS: dict[str, Check] = {
    "signed_records": lambda s, y: _count(len(_signed(s, y)), "会议记录"),
    "year_plan": _year_text("年度工作计划"),
    "year_summary": _year_text("年度工作总结"),
    "dues_register": _dues_register,
    "dues_next_year": _dues_next_year,
    "life_meeting": lambda s, y: _count(len(_signed(s, y, MeetingKind.LIFE_MEETING)), "组织生活会记录"),
    "evaluation": _evaluation,
    "development": _development,
    "talks": lambda s, y: _count(len(_signed(s, y, MeetingKind.TALK)), "谈心谈话记录"),
    "roster": _roster,
    "term_request": _term_request,
    "manual": lambda s, y: (MISSING, "由书记确认后标记"),
}


def definition() -> list[dict[str, Any]]:
    """The items, from the committee's file when there is one."""
    custom = paths.data_dir() / "bundle" / "checklist.json"
    source = custom if custom.is_file() else paths.resource_dir() / "bundle" / "checklist.json"
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
        items = data["items"]
        if not isinstance(items, list) or not items:
            raise ValueError("items 为空")
        seen = set()
        for item in items:
            if not isinstance(item, dict) or not {"key", "title"} <= set(item):
                raise ValueError("每项都要有 key 和 title")
            if item["key"] in seen:
                raise ValueError(f"key “{item['key']}” 重复")
            if item.get("check", "manual") not in CHECKS:
                raise ValueError(f"不认识的 check “{item.get('check')}”（可用：{'、'.join(CHECKS)}）")
            seen.add(item["key"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise UserError(f"报送清单文件 {source} 有误：{exc}") from None
    return items


def evaluate(s: Services, year: int, marks: dict[str, Mark]) -> list[dict[str, Any]]:
    """Each item with ``status`` (齐全/缺少/不适用/已另行报送), ``detail`` and ``marked``."""
    out = []
    for item in definition():
        status, detail = CHECKS[item.get("check", "manual")](s, year)
        mark = marks.get(item["key"])
        if mark is not None:
            status, detail = mark.status, mark.note or detail
        out.append({"key": item["key"], "title": item["title"], "basis": item.get("basis", ""),
                    "status": status, "detail": detail, "marked": mark is not None})
    return out
