"""SQL of member development: cases, steps, contacts, the assessment log, milestones.

Reading a list of cases costs one query per table, whatever the number of people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from db.connection import database, stamp
from db.records.development import DevAmendment, DevAssessment, DevContact, DevMilestone, DevPerson, DevStep

if TYPE_CHECKING:
    import sqlite3

PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "education",
                 "work_unit_post", "personnel_category", "phone", "group_id", "application_written",
                 "application_received", "rule_version", "activist_since", "transferred_from",
                 "expected_leave_on", "notes")
ASSESSMENT_FIELDS = ("period_start", "period_end", "self_summary", "contact_opinion", "contact_author",
                     "contact_date", "group_opinion", "group_author", "group_date", "branch_opinion",
                     "branch_author", "branch_date")

#: Open cases: in progress, probationary, or full members whose files are not yet archived.
_OPEN = ("status IN ('进行中', '预备党员') OR (status = '正式党员' AND NOT EXISTS "
         "(SELECT 1 FROM dev_step s WHERE s.person_id = dev_person.id AND s.step_no = 25))")


def _where(ids: Iterable[int] | None, include_closed: bool) -> tuple[str, dict[str, Any]]:
    if ids is not None:
        wanted = sorted(set(ids))
        params = {f"p{i}": pid for i, pid in enumerate(wanted)}
        return "id IN (" + (", ".join(f":{k}" for k in params) or "NULL") + ")", params
    return ("1 = 1" if include_closed else f"({_OPEN})"), {}


def list_people(conn: sqlite3.Connection, ids: Iterable[int] | None = None,
                include_closed: bool = False) -> list[DevPerson]:
    """Cases (all open ones, every one, or those in ``ids``), each with its child records."""
    where, params = _where(ids, include_closed)
    people = [dict(r) for r in conn.execute(
        f"SELECT * FROM dev_person WHERE {where} ORDER BY application_received, id", params)]
    if not people:
        return []
    scope = f"person_id IN (SELECT id FROM dev_person WHERE {where})"
    steps: dict[int, list[DevStep]] = {}
    for r in conn.execute(f"SELECT * FROM dev_step WHERE {scope} ORDER BY step_no, seq", params):
        steps.setdefault(r["person_id"], []).append(
            DevStep(**(dict(r) | {"data": json.loads(r["data"] or "{}")})))
    contacts: dict[int, list[DevContact]] = {}
    for r in conn.execute(
            f"SELECT c.*, m.name FROM dev_contact c JOIN member m ON m.id = c.member_id WHERE {scope} "
            "ORDER BY c.role, c.id", params):
        contacts.setdefault(r["person_id"], []).append(DevContact(**dict(r)))
    amendments: dict[int, list[DevAmendment]] = {}
    for r in conn.execute(
            "SELECT a.* FROM dev_assessment_amendment a JOIN dev_assessment d ON d.id = a.assessment_id "
            f"WHERE d.{scope} ORDER BY a.id", params):
        amendments.setdefault(r["assessment_id"], []).append(DevAmendment(**dict(r)))
    assessments: dict[int, list[DevAssessment]] = {}
    for r in conn.execute(f"SELECT * FROM dev_assessment WHERE {scope} ORDER BY period_start, id", params):
        assessments.setdefault(r["person_id"], []).append(
            DevAssessment(**dict(r), amendments=tuple(amendments.get(r["id"], ()))))
    milestones: dict[int, list[DevMilestone]] = {}
    for r in conn.execute(f"SELECT * FROM dev_milestone WHERE {scope} ORDER BY date, id", params):
        milestones.setdefault(r["person_id"], []).append(DevMilestone(**dict(r)))
    return [DevPerson(**p, steps=tuple(steps.get(p["id"], ())), contacts=tuple(contacts.get(p["id"], ())),
                      assessments=tuple(assessments.get(p["id"], ())),
                      milestones=tuple(milestones.get(p["id"], ()))) for p in people]


def get_person(conn: sqlite3.Connection, person_id: int) -> DevPerson | None:
    found = list_people(conn, ids=[person_id])
    return found[0] if found else None


def find(conn: sqlite3.Connection, ref: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM dev_person WHERE name = :r OR id_number = :u",
                                       {"r": ref, "u": ref.upper()})]


def id_number_taken(conn: sqlite3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM dev_person WHERE id_number = :n", {"n": number}).fetchone() is not None


def insert_person(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dev_person"]
    table.insert({**{k: fields.get(k) for k in PERSON_FIELDS}, "status": "进行中", "created_at": stamp(conn)})
    return table.pk


def set_status(conn: sqlite3.Connection, person_id: int, status: str, outcome: str | None = None,
               member_id: int | None = None) -> None:
    fields: dict[str, Any] = {"status": status}
    if outcome is not None:
        fields["outcome"] = outcome
    if member_id is not None:
        fields["member_id"] = member_id
    database(conn)["dev_person"].update(person_id, fields)


def insert_step(conn: sqlite3.Connection, person_id: int, step_no: int, fields: Mapping[str, Any]) -> int:
    seq = 1 + (conn.execute("SELECT max(seq) FROM dev_step WHERE person_id = :p AND step_no = :n",
                            {"p": person_id, "n": step_no}).fetchone()[0] or 0)
    table = database(conn)["dev_step"]
    table.insert({"person_id": person_id, "step_no": step_no, "seq": seq, **fields,
                  "data": json.dumps(dict(fields.get("data") or {}), ensure_ascii=False),
                  "created_at": stamp(conn)})
    return table.pk


def insert_contact(conn: sqlite3.Connection, person_id: int, member_id: int, role: str, from_date: str) -> None:
    database(conn)["dev_contact"].insert(
        {"person_id": person_id, "member_id": member_id, "role": role, "from_date": from_date})


def assessment(conn: sqlite3.Connection, assessment_id: int) -> DevAssessment | None:
    row = conn.execute("SELECT * FROM dev_assessment WHERE id = :id", {"id": assessment_id}).fetchone()
    return DevAssessment(**dict(row)) if row else None


def insert_assessment(conn: sqlite3.Connection, person_id: int, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dev_assessment"]
    table.insert({**{k: fields.get(k) for k in ASSESSMENT_FIELDS}, "person_id": person_id,
                  "created_at": stamp(conn)})
    return table.pk


def update_assessment(conn: sqlite3.Connection, assessment_id: int, fields: Mapping[str, Any]) -> None:
    database(conn)["dev_assessment"].update(assessment_id, {k: fields.get(k) for k in ASSESSMENT_FIELDS})


def sign_assessment(conn: sqlite3.Connection, assessment_id: int, by: str, on: str) -> None:
    conn.execute("UPDATE dev_assessment SET signed_by = :b, signed_on = :d WHERE id = :id",
                 {"b": by, "d": on, "id": assessment_id})


def insert_amendment(conn: sqlite3.Connection, assessment_id: int, by: str, text: str) -> None:
    database(conn)["dev_assessment_amendment"].insert(
        {"assessment_id": assessment_id, "at": stamp(conn), "by": by, "text": text})


def insert_milestone(conn: sqlite3.Connection, person_id: int, fields: Mapping[str, Any]) -> int:
    table = database(conn)["dev_milestone"]
    table.insert({"person_id": person_id, **fields, "created_at": stamp(conn)})
    return table.pk
