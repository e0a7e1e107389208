"""The member roster: adding, editing, leaving and rejoining, and the roster on any date."""

from __future__ import annotations

import builtins
import functools
import json
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from types import EllipsisType
from typing import Any

from app import undo
from app.common import dates, idcard, inputs, pinyin
from app.common.errors import UserError, ValidationError
from app.common.service import ServiceBase
from app.roster import rules
from app.roster.model import Arrival, ExitKind, MemberClass, PersonnelCategory, StartKind
from db.records.roster import GroupMembership, Member
from db.repositories import branch as branch_repo
from db.repositories import changelog
from db.repositories import roster as repo

MEMBER_FIELDS = repo.MEMBER_FIELDS

#: Keys a member may be given by in JSON (CLI ``members add/edit``), with their labels.
JSON_FIELDS = {k: v for k, v in rules.MEMBER_LABELS.items() if k != "group"}
_DATE_FIELDS = ("birth_date", "join_date", "full_date")


def fields_from_json(data: object, where: str = "JSON") -> dict[str, Any]:
    """Member fields from a JSON object, every value checked for its type; dates parsed.

    Raises:
        InputError: not an object, an unknown key, or a value of the wrong type.
    """
    obj = inputs.expect_object(data, where)
    inputs.check_keys(obj, JSON_FIELDS, where)
    out: dict[str, Any] = {}
    for key, value in obj.items():
        label = f"{where} 字段 {key}（{JSON_FIELDS[key]}）"
        if key == "is_leader_cadre":
            out[key] = inputs.bool_value(value, label)
        elif key in _DATE_FIELDS:
            out[key] = inputs.optional_date(value, label, allow_month=True, first_year=1900, exact=True)
        else:
            out[key] = inputs.text_value(value, label, multiline=key == "notes", max_len=2000, exact=True)
    return out


class MemberService(ServiceBase):
    """Use cases of the roster; every write is one transaction with a change-log entry."""

    # -- reading ------------------------------------------------------------------------

    def list(self, include_left: bool = True) -> list[Member]:
        return repo.list_members(self.conn, include_left=include_left)

    def get(self, member_id: int) -> Member:
        member = repo.get_member(self.conn, member_id)
        if member is None:
            raise UserError(f"找不到编号为 {member_id} 的党员")
        return member

    def members_on(self, on: str) -> builtins.list[Member]:
        """Who was a member of the branch on the date ``on``."""
        return [m for m in self.list() if rules.is_member_on(m, on)]

    def find(self, ref: object) -> int:
        """The member named by ``ref``: an ID number, or a name that is unique on the roster."""
        text = rules.clean_name(ref)
        if not text:
            raise UserError("请填写党员姓名或公民身份号码")
        by_number = repo.find_member_by_id_number(self.conn, idcard.normalize(text))
        if by_number is not None:
            return by_number
        hits = repo.ids_by_name(self.conn, text)
        if not hits:
            raise UserError(f"名册中没有“{dates.shown(text)}”")
        if len(hits) > 1:
            raise UserError(f"名册中有{len(hits)}人叫“{text}”，请改用公民身份号码")
        return hits[0]

    def search(self, text: str, members: builtins.list[Member] | None = None) -> builtins.list[Member]:
        needle = "".join(text.split()).upper()
        pool = self.list() if members is None else members
        if not needle:
            return pool
        return [
            m for m in pool
            if needle in m.name.upper() or needle in m.id_number or needle in m.phone or pinyin.matches(needle, m.name)
        ]

    def history(self, member_id: int) -> builtins.list[dict[str, Any]]:
        return changelog.change_log(self.conn, "member", member_id)

    def describe_history(self, member_id: int) -> builtins.list[str]:
        """The member's stays in the branch and every recorded change, as Chinese lines."""
        member = self.get(member_id)
        lines = []
        for p in member.periods:
            start = f"{dates.fmt_cn(p.start_date)} {p.start_kind}"
            if p.start_org:
                start += f"（自{p.start_org}"
                start += f"，介绍信{p.start_letter}）" if p.start_letter else "）"
            if p.end_date:
                end = f"{dates.fmt_cn(p.end_date)} {p.end_kind}"
                details = "，".join(x for x in (
                    f"至{p.end_org}" if p.end_org else "",
                    f"介绍信{p.end_letter}" if p.end_letter else "",
                    p.end_reason) if x)
                end += f"（{details}）" if details else ""
            else:
                end = "至今"
            lines.append(f"在本支部：{start} — {end}")
        labels = dict(rules.MEMBER_LABELS, group_id="党小组")
        groups = {g.id: g.name for g in branch_repo.list_groups(self.conn, True)}
        for entry in self.history(member_id):
            at = f"{dates.fmt_cn(entry['at'][:10])} {entry['at'][11:16]}"
            text = f"{at} {entry['action']}"
            if entry["action"] in ("修改", "调整党小组") and entry["before"] and entry["after"]:
                before, after = json.loads(entry["before"]), json.loads(entry["after"])
                changes = []
                for key, new in after.items():
                    old = before.get(key)
                    if key == "group_id":
                        old, new = groups.get(old, "无"), groups.get(new, "无")
                    changes.append(f"{labels.get(key, key)} {_show(old)} → {_show(new)}")
                text += "：" + "；".join(changes)
            if entry["reason"]:
                text += f"（原因：{entry['reason']}）"
            lines.append(text)
        return lines

    # -- writing ------------------------------------------------------------------------

    def normalize(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Trim and complete the fields: name spacing, ID upper-case, sex and birth from ID."""
        out = {k: data.get(k) for k in MEMBER_FIELDS}
        out["name"] = rules.clean_name(out.get("name"))
        out["id_number"] = idcard.normalize(out.get("id_number"))
        for key in ("ethnicity", "native_place", "education", "work_unit_post", "phone", "notes"):
            out[key] = " ".join(str(out.get(key) or "").split()) if key != "notes" else str(
                out.get(key) or ""
            ).strip()
        out["ethnicity"] = out["ethnicity"] or "汉族"
        for key in ("birth_date", "join_date", "full_date"):
            out[key] = out.get(key) or None
        out["personnel_category"] = out.get("personnel_category") or PersonnelCategory.IN_SERVICE
        out["member_class"] = out.get("member_class") or (
            MemberClass.FULL if out["full_date"] else MemberClass.PROBATIONARY)
        out["is_leader_cadre"] = bool(out.get("is_leader_cadre"))
        try:
            info = idcard.parse(out["id_number"], self.today())
        except idcard.IdNumberError:
            info = None
        if info:
            out["gender"] = out.get("gender") or info.gender
            out["birth_date"] = out["birth_date"] or info.birth_date
        out["gender"] = out.get("gender") or ""
        return out

    def validate(
        self, data: Mapping[str, Any], member_id: int | None = None, group: Any = None
    ) -> dict[str, str]:
        """Field problems for a new or edited member, including an ID already on the roster."""
        fields = self.normalize(data)
        errors = rules.validate_member(fields, self.today())
        if "id_number" not in errors:
            other = repo.find_member_by_id_number(self.conn, fields["id_number"])
            if other is not None and other != member_id:
                name = repo.names_by_id(self.conn, [other]).get(other, "")
                errors["id_number"] = f"该公民身份号码已登记在党员“{name}”名下"
        if group is not None and branch_repo.get_group(self.conn, int(group)) is None:
            errors["group"] = "所选党小组不存在"
        return errors

    def create(
        self,
        data: Mapping[str, Any],
        group_id: int | None = None,
        arrival: Arrival | None = None,
    ) -> int:
        """Add a member; raises :class:`ValidationError` and writes nothing on bad input."""
        with self.write():
            return self._create(data, group_id, arrival or Arrival())

    def _create(self, data: Mapping[str, Any], group_id: int | None, arrival: Arrival) -> int:
        errors = self.validate(data, group=group_id)
        fields = self.normalize(data)
        start = arrival.date or fields.get("join_date")
        if arrival.kind not in tuple(StartKind):
            errors["arrival"] = "加入方式应为：" + "、".join(StartKind)
        if arrival.date and not dates.is_valid_iso(arrival.date):
            errors["arrival"] = "转入日期格式不正确"
        elif arrival.date and fields.get("join_date") and arrival.date < fields["join_date"]:
            errors["arrival"] = "转入日期不能早于入党日期"
        if arrival.kind == StartKind.TRANSFERRED_IN and not arrival.org.strip():
            errors["arrival"] = "转入时请填写原所在党组织"
        if errors:
            raise ValidationError(errors)
        member_id = repo.insert_member(self.conn, fields)
        repo.insert_period(
            self.conn,
            {
                "member_id": member_id,
                "start_date": start,
                "start_kind": arrival.kind,
                "start_org": arrival.org.strip(),
                "start_letter": arrival.letter.strip(),
            },
        )
        if group_id is not None:
            repo.insert_group_membership(
                self.conn,
                {"group_id": group_id, "member_id": member_id, "start_date": start},
            )
        self.log("member", member_id, "新增", None, _jsonable(fields))
        return member_id

    def update(
        self,
        member_id: int,
        data: Mapping[str, Any],
        group_id: int | EllipsisType | None = ...,
        group_change_date: str | None = None,
        reason: str = "",
    ) -> None:
        """Edit a member; the old values go to the change log.

        ``group_id`` left as ``...`` keeps the group; None takes the member out of any group;
        a group change is dated ``group_change_date`` (default today) so history is kept.
        """

        track = undo.wanted(self.ctx)  # the values before are read only when they will be put back
        before = repo.member_row(self.conn, member_id) if track else None
        group_before = repo.current_group_membership(self.conn, member_id) if before else None
        with self.write():
            self._update(member_id, data, group_id, group_change_date, reason)
        if before is not None:
            self._register_undo(member_id, before, group_before)

    def _register_undo(self, member_id: int, before: dict[str, Any], group_before: GroupMembership | None) -> None:
        """编辑 → 撤销 for an edit: the old values put back (and logged) by the same service call;
        a change of party group is dated history, corrected in the member's own dialog instead."""

        after = repo.member_row(self.conn, member_id)
        if after is None:  # pragma: no cover - it was just updated in this session
            return
        old = {k: before[k] for k in MEMBER_FIELDS if _differs(before[k], after[k])}
        new = {k: after[k] for k in old}
        group_after = repo.current_group_membership(self.conn, member_id)
        moved = getattr(group_before, "group_id", None) != getattr(group_after, "group_id", None)
        if not old and not moved:
            return
        label = f"修改{after['name']}的信息"
        if moved:
            def refuse() -> None:
                raise UserError("党小组的变动按日期记入历史，不能撤销：请在该党员的信息中改回原党小组"
                                "（如当天改错，改回后不留记录）")

            undo.register(self.ctx, label, refuse, lambda: None)
            return
        undo.register(self.ctx, label, lambda: self.update(member_id, old, reason="撤销修改"),
                      lambda: self.update(member_id, new, reason="重做修改"))

    def _update(self, member_id: int, data: Mapping[str, Any], group_id: Any,
                group_change_date: str | None, reason: str) -> None:
        before = repo.member_row(self.conn, member_id)
        if before is None:
            raise UserError(f"找不到编号为 {member_id} 的党员")
        merged = {k: before[k] for k in MEMBER_FIELDS}
        merged.update({k: v for k, v in data.items() if k in MEMBER_FIELDS})
        errors = self.validate(
            merged, member_id=member_id, group=None if group_id is ... else group_id
        )
        if errors:
            raise ValidationError(errors)
        fields = self.normalize(merged)
        changed = {k: fields[k] for k in MEMBER_FIELDS if _differs(before[k], fields[k])}
        if changed:
            repo.update_member(self.conn, member_id, changed)
            self.log("member", member_id, "修改", {k: before[k] for k in changed}, _jsonable(changed), reason)
        if group_id is not ...:
            self._move_group(member_id, group_id, group_change_date or self.today())

    def _move_group(self, member_id: int, group_id: int | None, on: str) -> None:
        current = repo.current_group_membership(self.conn, member_id)
        if current and current.group_id == group_id:
            return
        if current:
            if current.start_date >= on:
                # Moved again on the day it started (a correction): no history to keep.
                repo.delete_group_membership(self.conn, current.id)
            else:
                repo.end_group_membership(self.conn, current.id, on)
        if group_id is not None:
            repo.insert_group_membership(
                self.conn, {"group_id": group_id, "member_id": member_id, "start_date": on}
            )
        self.log("member", member_id, "调整党小组",
                 {"group_id": current.group_id if current else None}, {"group_id": group_id})

    def leave(
        self,
        member_id: int,
        kind: str,
        on: str,
        org: str = "",
        letter: str = "",
        reason: str = "",
    ) -> None:
        """Record a transfer out or another exit. The member stays on file, marked as left."""
        errors: dict[str, str] = {}
        if kind not in tuple(ExitKind):
            errors["kind"] = "离开方式应为：" + "、".join(ExitKind)
        if not dates.is_valid_iso(on) or len(on) != 10:
            errors["date"] = "请填写离开日期（年月日）"
        elif on > self.today():
            errors["date"] = "离开日期不能晚于今天"
        if kind == ExitKind.TRANSFERRED_OUT and not org.strip():
            errors["org"] = "转出时请填写转往的党组织"
        if kind in (ExitKind.EXPELLED, ExitKind.OTHER) and not reason.strip():
            errors["reason"] = "请填写原因"
        with self.write():
            period = repo.open_period(self.conn, member_id)
            if period is None:
                raise UserError("该党员已不在本支部，不能再次办理离开")
            if "date" not in errors and on < period.start_date:
                errors["date"] = f"离开日期不能早于加入本支部的日期（{dates.fmt_cn(period.start_date)}）"
            if errors:
                raise ValidationError(errors)
            repo.close_period(
                self.conn,
                period.id,
                {"end_date": on, "end_kind": kind, "end_org": org.strip(),
                 "end_letter": letter.strip(), "end_reason": reason.strip()},
            )
            current = repo.current_group_membership(self.conn, member_id)
            if current:
                repo.end_group_membership(self.conn, current.id, max(on, current.start_date))
            for seat in self.conn.execute(
                "SELECT id, start_date FROM committee_member "
                "WHERE member_id = :m AND end_date IS NULL", {"m": member_id}
            ).fetchall():
                branch_repo.end_seat(self.conn, seat["id"], max(on, seat["start_date"]))
            self.log("member", member_id, kind, None,
                     {"date": on, "org": org, "letter": letter, "reason": reason})

    def rejoin(self, member_id: int, on: str, org: str = "", letter: str = "",
               group_id: int | None = None) -> None:
        """A member who had left transfers back in."""
        with self.write():
            last = repo.last_period(self.conn, member_id)
            if last is None or last.end_date is None:
                raise UserError("该党员目前在本支部，无需转入")
            if not dates.is_valid_iso(on) or on < last.end_date:
                raise ValidationError({"date": "转入日期不能早于上次离开的日期"})
            if on > self.today():
                raise ValidationError({"date": "转入日期不能晚于今天"})
            repo.insert_period(
                self.conn,
                {"member_id": member_id, "start_date": on, "start_kind": StartKind.TRANSFERRED_IN,
                 "start_org": org.strip(), "start_letter": letter.strip()},
            )
            if group_id is not None:
                repo.insert_group_membership(
                    self.conn, {"group_id": group_id, "member_id": member_id, "start_date": on}
                )
            self.log("member", member_id, "转入", None, {"date": on, "org": org, "letter": letter})


def _show(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and dates.is_valid_iso(value):
        return dates.fmt_cn(value)
    return str(value)


def _differs(a: object, b: object) -> bool:
    if isinstance(b, bool):
        return bool(a) != b
    return (a or None) != (b or None)


def _jsonable(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items()}


@functools.cache
def _plain_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclass_fields(Member) if f.name != "periods")


def member_as_dict(member: Member) -> dict[str, Any]:
    """A member as plain data (for JSON output), without the history tuple."""
    # shallow: every field but the history is a plain value (asdict would deep-copy the history)
    out = {name: getattr(member, name) for name in _plain_fields()}
    out["expected_full_date"] = (
        rules.expected_full_date(member.join_date) if member.member_class == MemberClass.PROBATIONARY else None
    )
    return out
