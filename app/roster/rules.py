"""Roster rules (rulebook section 3): member fields, class on a date, membership on a date.
Pure functions: no storage, no clock (``today`` is passed in)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.common import dates, idcard
from app.roster.model import Gender, MemberClass, PersonnelCategory

#: Field labels as on the paper roster, in form order.
MEMBER_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "native_place": "籍贯",
    "education": "学历",
    "work_unit_post": "工作单位及职务",
    "personnel_category": "人员类别",
    "join_date": "入党日期",
    "full_date": "转正日期",
    "member_class": "党员类别",
    "group": "党小组",
    "is_leader_cadre": "党员领导干部",
    "phone": "联系电话",
    "notes": "备注",
}

#: The longest name a record takes: a long minority name written in characters with its "·"
#: (阿卜杜热合曼·艾合买提江) is 12; the books' name columns are laid out for a few.
MAX_NAME = 30


def name_problem(name: str) -> str:
    """Why a (cleaned) name cannot be recorded, or ""."""
    if not name:
        return "姓名不能为空"
    if len(name) > MAX_NAME:
        return f"姓名过长（{len(name)} 个字，最多 {MAX_NAME} 个字）"
    return ""


def clean_name(value: object) -> str:
    """Trim a name; drop the padding spaces of two-character Chinese names (张  三)."""
    text = "" if value is None else str(value)
    text = text.replace("\u3000", " ").replace("\xa0", " ").strip()
    text = "".join(text.split()) if any(_is_cjk(ch) for ch in text) else " ".join(text.split())
    return text


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def expected_full_date(join_date: str | None) -> str | None:
    """预备期 is one year from the 支部大会 date (党章 Art. 7)."""
    if not join_date:
        return None
    return dates.add_years(join_date, 1)


def validate_member(data: Mapping[str, Any], today: str) -> dict[str, str]:
    """Check one member's fields; return field -> Chinese message (empty when all good).

    ``data`` holds the fields of :data:`MEMBER_LABELS` (dates already ISO strings or raw text).
    Birth date and sex must agree with the ID number.
    """
    errors: dict[str, str] = {}
    name = clean_name(data.get("name"))
    if problem := name_problem(name):
        errors["name"] = problem
    info = None
    try:
        info = idcard.parse(data.get("id_number"), today)
    except idcard.IdNumberError as exc:
        errors["id_number"] = str(exc)
    gender = data.get("gender") or ""
    if gender and gender not in tuple(Gender):
        errors["gender"] = "性别应为“男”或“女”"
    elif info and gender and gender != info.gender:
        errors["gender"] = f"性别“{gender}”与公民身份号码不符（号码显示为{info.gender}）"
    birth = data.get("birth_date") or None
    if birth:
        if not dates.is_valid_iso(birth):
            errors["birth_date"] = "出生日期格式不正确"
        elif info and not info.birth_date.startswith(birth):
            errors["birth_date"] = (
                f"出生日期{dates.fmt_cn(birth)}与公民身份号码不符"
                f"（号码显示为{dates.fmt_cn(info.birth_date)}）"
            )
    category = data.get("personnel_category") or ""
    if category not in tuple(PersonnelCategory):
        errors["personnel_category"] = "人员类别应为：" + "、".join(PersonnelCategory)
    join = data.get("join_date") or None
    if not join:
        errors["join_date"] = "入党日期不能为空（支部大会通过接收的日期）"
    elif not dates.is_valid_iso(join):
        errors["join_date"] = "入党日期格式不正确"
    elif join > today:
        errors["join_date"] = "入党日期不能晚于今天"
    elif info and join[:7] < dates.add_years(info.birth_date, 18)[:7]:
        errors["join_date"] = "入党时未满18周岁，请核对入党日期或身份号码"
    klass = data.get("member_class") or ""
    if klass not in tuple(MemberClass):
        errors["member_class"] = "党员类别应为“正式”或“预备”"
    full = data.get("full_date") or None
    if full:
        if not dates.is_valid_iso(full):
            errors["full_date"] = "转正日期格式不正确"
        elif join and dates.is_valid_iso(join) and full < join:
            errors["full_date"] = "转正日期不能早于入党日期"
        elif klass == MemberClass.PROBATIONARY and full <= today:
            errors["full_date"] = "已填写转正日期，党员类别应为“正式”"
    phone = str(data.get("phone") or "")
    if phone and not all(ch.isdigit() or ch in "-+ ()转" for ch in phone):
        errors["phone"] = "联系电话只能包含数字和 - + ( ) 等符号"
    return errors


def class_on(member: Any, on: str) -> str:
    """正式 or 预备 on the date ``on``, from the recorded 转正日期 where there is one."""
    if member.full_date:
        return MemberClass.FULL if member.full_date <= on else MemberClass.PROBATIONARY
    if member.member_class == MemberClass.PROBATIONARY:
        return MemberClass.PROBATIONARY
    return MemberClass.FULL


def is_member_on(member: Any, on: str) -> bool:
    return any(
        p.start_date <= on and (p.end_date is None or p.end_date > on) for p in member.periods
    )
