"""督办通知 from the committee's side: the problems of a branch's year (its deductions, grouped
by rule) or the items the committee writes, with a deadline, signed into a .bbn file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from app.bundle import notice
from app.committee.service import CommitteeService
from app.common import dates
from app.common.errors import UserError
from app.common.files import write_bytes
from app.common.inputs import text_value
from db.repositories import committee as repo

_REQUIREMENTS = {
    "mtg": "按规定补开或今后按时召开，并在记录中写明", "quality": "补全会议记录要素，会后3个工作日内签发",
    "dues": "督促按月足额交纳党费，及时上缴，长期未交的按规定处理", "dev": "按《发展党员工作细则》的时限和程序办理",
    "org": "健全组织设置，按期换届", "year": "按规定召开组织生活会、开展民主评议和谈心谈话",
}


def items_from_grade(deductions: list[Any]) -> list[dict[str, Any]]:
    """One item per rule broken, its evidence listed (what is only listed, at 0 points, is no 督办)."""
    grouped: dict[str, list[Any]] = {}
    for d in deductions:
        if not d.points:
            continue
        grouped.setdefault(d.rule, []).append(d)
    out = []
    for n, (_, ds) in enumerate(grouped.items(), start=1):
        evidence = "；".join(d.evidence for d in ds[:20]) + ("等" if len(ds) > 20 else "")
        out.append({"no": n, "problem": f"{ds[0].reason}（{len(ds)}处）：{evidence}",
                    "requirement": _REQUIREMENTS.get(ds[0].area, "按规定整改")})
    return out


def make_notice(service: CommitteeService, branch_id: str, year: int, passphrase: str, target: str | Path,
                items: list[str] | None = None, due_on: str | None = None) -> dict[str, Any]:
    """Sign and write the notice; returns its body. Refuses a notice with nothing to rectify."""
    grade = service.grade(branch_id, year)
    due_on = due_on or dates.add_months(service.today(), 1)
    if due_on <= service.today():
        raise UserError("整改期限应在今天之后")
    if items:
        listed = [{"no": i, "problem": text_value(t, "整改事项", max_len=500, required=True), "requirement": ""}
                  for i, t in enumerate(items, start=1)]
    elif grade.grade is not None and grade.grade.deductions:
        listed = items_from_grade(list(grade.grade.deductions))
    else:
        raise UserError(f"{grade.name}{year}年没有扣分项；请用 --item 写明要督办的事项")
    for item in listed:
        item["due_on"] = due_on
    keys_ = service.unlock(passphrase)
    public = service.public_key()
    private = keys_[public.fingerprint]
    body = {"committee": public.committee, "committee_fingerprint": public.fingerprint,
            "branch_id": grade.branch_id, "branch_name": grade.name, "year": year, "created": service.clock.now(),
            "due_on": due_on, "items": listed}
    body["notice_id"] = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]
    data = notice.write(body, private.signer())
    write_bytes(target, data, (".bbn",))
    with service.write():
        repo.add_notice(service.conn, {"branch": grade.pk, "year": year, "notice_id": body["notice_id"],
                                       "created_at": body["created"], "due_on": due_on,
                                       "items": json.dumps(listed, ensure_ascii=False),
                                       "file_sha256": hashlib.sha256(data).hexdigest()})
        service.log("notice", grade.pk, f"督办通知 {year}年", None, {"items": len(listed), "due_on": due_on})
    return body
