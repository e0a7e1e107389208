"""The change log in the secretary's words: field names as the forms show them, dates as
2026年12月7日, months as 2026年10月, money as ¥1,234.50, members by name, lists joined with 、 —
never a key, an id or a Python value (#26). The log dialog and its Excel export both use it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from app.common import dates, months
from app.common.money import yuan

#: Field names as the forms show them.
FIELD_NAMES: Mapping[str, str] = {
    "month": "月份", "months": "月份", "by": "经办人", "on": "日期", "date": "日期", "name": "姓名", "reason": "原因",
    "amount_fen": "金额", "amount": "金额", "base_fen": "计算基数", "due_fen": "应交", "fen": "金额",
    "paid_on": "交纳日期", "kind": "类型", "title": "名称", "status": "状态", "fingerprint": "密钥指纹",
    "file": "文件", "file_name": "文件", "folder": "文件夹", "rows": "行数", "count": "数量",
    "operator": "操作人", "id_number": "公民身份号码", "phone": "联系电话", "notes": "备注",
    "join_date": "入党日期", "full_date": "转正日期", "work_unit_post": "工作单位及职务", "gender": "性别",
    "ethnicity": "民族", "birth_date": "出生日期", "native_place": "籍贯",
    "education": "学历", "personnel_category": "人员类别", "member_class": "党员类别", "receipt_no": "收据号",
    "collector": "收缴人", "method": "方式", "note": "说明", "from_month": "起始月份", "to_month": "截止月份",
    "year": "年度", "step": "步骤", "no": "步骤", "at": "时间", "from": "起始", "to": "至",
    "election_date": "选举日期", "term_years": "任期（年）", "elected_on": "选举日期", "ended_on": "结束日期",
    "role": "职务", "start_date": "开始日期", "end_date": "结束日期", "period_start": "考察起始",
    "period_end": "考察截止", "conclusion": "结论", "outcome": "结果", "hours": "学时", "contacts": "培养联系人",
    "introducers": "入党介绍人", "documents": "材料", "breach": "违反规定", "how": "方式", "text": "内容",
    "content": "内容", "item": "事项", "items": "事项", "subject": "事项", "speaker": "主讲人", "place": "地点",
    "host": "主持人", "recorder": "记录人", "effective_from": "执行起始", "category": "人员类别",
    "rate_permille": "比例", "change_reason": "调整原因", "reduction_reason": "减免原因", "approved_by": "核定人",
    "approved_on": "核定日期", "slip_no": "凭证号", "remitted_on": "上缴日期", "handled_by": "经办人",
    "left_kind": "离开方式", "to_org": "转往", "letter": "介绍信", "group": "党小组", "leader": "组长",
    "dissolved_on": "撤销日期", "founded_on": "成立日期", "epoch": "期次", "committee": "上级党委",
    "encrypted": "已加密", "restored": "恢复自", "statement": "说明", "to_name": "接收人", "points": "分值",
    "member": "党员", "people": "人员", "holders": "在岗党员", "post": "岗位", "community": "社区",
    "what": "内容", "total": "合计", "year_text": "内容", "plan": "计划", "scheme": "方案", "value": "值",
    "key": "设置", "setting": "设置", "schema": "数据版本", "second_location": "第二备份位置",
}
#: What is never shown (the program's own bookkeeping).
HIDDEN = frozenset({"id", "ids", "ctx", "seq", "schema_version", "payment", "term_id", "notice_id",
                    "group_id", "branch_id", "meeting_id", "person_id", "post_id", "activity_id"})

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_MONTH = re.compile(r"\d{4}-\d{2}")


def value_text(key: str, value: Any, member_name: Callable[[int], str | None] = lambda _: None) -> str:
    """One value as a person reads it."""
    if value is None or value == "":
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in ("member_id", "leader_member_id", "member") and isinstance(value, int):
        return member_name(value) or "（已不在名册）"
    if (key.endswith("_fen") or key == "fen") and isinstance(value, int):
        return yuan(value)
    if key == "rate_permille" and isinstance(value, int):
        return f"{value / 10:g}%"
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(key, v, member_name) for v in value) or "无"
    if isinstance(value, dict):
        return fields_text(value, member_name)
    text = str(value)
    if _STAMP.fullmatch(text):
        return f"{dates.fmt_cn(text[:10])} {text[11:16]}"
    if _DATE.fullmatch(text):
        return dates.fmt_cn(text)
    if _MONTH.fullmatch(text) and 1 <= int(text[5:]) <= 12:
        return months.cn(text)
    return text


def fields_text(data: Mapping[str, Any], member_name: Callable[[int], str | None] = lambda _: None) -> str:
    """A logged record's fields: 名称：值，… (ids left out; a member by name)."""
    parts = []
    for key, value in data.items():
        if key in HIDDEN or (key.endswith("_id") and key not in ("member_id", "leader_member_id")):
            continue
        label = FIELD_NAMES.get(key, "党员" if key in ("member_id", "leader_member_id") else "")
        shown = value_text(key, value, member_name)
        parts.append(f"{label}：{shown}" if label else shown)
    return "，".join(parts)


def stored_text(text: str | None, member_name: Callable[[int], str | None] = lambda _: None) -> str:
    """A log row's before/after column (JSON as stored) in words."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        return fields_text(data, member_name)
    return value_text("", data, member_name)


def change_text(before: str | None, after: str | None,
                member_name: Callable[[int], str | None] = lambda _: None) -> str:
    """原为 …；改为 … (or whichever there is)."""
    old, new = stored_text(before, member_name), stored_text(after, member_name)
    return f"原为 {old}；改为 {new}" if old and new else new or old
