"""先锋岗 and 双报到: the registers, and the coverage figures the speech asks about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.common import dates
from app.common.errors import ValidationError
from app.common.inputs import text_value
from app.common.service import ServiceBase
from app.posts import rules as pr
from app.roster import rules as roster_rules
from db.records.posts import Activity, CommunityReport
from db.repositories import posts as repo
from db.repositories import roster as roster_repo


@dataclass(frozen=True)
class Post:
    id: int
    name: str
    kind: str
    unit: str
    set_up_on: str
    commitments: str
    closed_on: str | None
    holders: tuple[tuple[int, str], ...] = ()  # (member id, name) holding it now
    awards: tuple[dict[str, Any], ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "unit": self.unit, "set_up_on": self.set_up_on,
                "commitments": self.commitments, "closed_on": self.closed_on,
                "holders": [name for _, name in self.holders], "awards": list(self.awards)}


class PostService(ServiceBase):
    """共产党员先锋岗: posts, who holds them, commitments and evaluations."""

    def _date(self, value: object, label: str) -> str:
        text = str(value or "")
        if not dates.is_valid_iso(text) or len(text) != 10:
            raise ValidationError({"date": f"请填写{label}（年月日）"})
        if text > self.today():
            raise ValidationError({"date": f"{label}不能晚于今天"})
        return text

    def add(self, name: str, kind: str, set_up_on: str, unit: str = "", commitments: str | None = None,
            holders: list[int] | None = None, notes: str = "") -> int:
        if kind not in pr.POST_KINDS:
            raise ValidationError({"kind": "岗位类别应为：" + "、".join(pr.POST_KINDS)})
        name = text_value(name, "岗位名称", max_len=100).strip()
        if not name:
            raise ValidationError({"name": "请填写岗位名称"})
        on = self._date(set_up_on, "设岗日期")
        fields = {"name": name, "kind": kind, "unit": text_value(unit, "处室", max_len=100).strip(),
                  "set_up_on": on, "commitments": text_value(
                      pr.default_commitments(kind) if commitments is None else commitments, "承诺",
                      multiline=True, max_len=2000).strip(), "notes": text_value(notes, "备注", max_len=500)}
        with self.write():
            pid = repo.add_post(self.conn, fields)
            for mid in dict.fromkeys(holders or ()):
                self._check_member(mid, on)
                repo.add_holder(self.conn, pid, mid, on)
            self.log("vanguard_post", pid, "设立先锋岗", None, {**fields, "holders": list(holders or ())})
        return pid

    def _check_member(self, member_id: int, on: str) -> None:
        m = roster_repo.get_member(self.conn, member_id)
        if m is None or not roster_rules.is_member_on(m, on):
            raise ValidationError({"holders": f"{m.name if m else member_id}在{dates.fmt_cn(on)}不是本支部党员"})

    def set_holders(self, post_id: int, member_ids: list[int], on: str) -> None:
        """From ``on`` the post is held by ``member_ids`` (others leave it that day)."""
        on = self._date(on, "变动日期")
        with self.write():
            current = [h for h in repo.holders(self.conn) if h.post_id == post_id and h.to_date is None]
            keep = set(member_ids)
            for h in current:
                if h.member_id not in keep:
                    repo.end_holder(self.conn, h.id, on)
            have = {h.member_id for h in current}
            for mid in dict.fromkeys(member_ids):
                if mid not in have:
                    self._check_member(mid, on)
                    repo.add_holder(self.conn, post_id, mid, on)
            self.log("vanguard_post", post_id, "调整在岗党员", {"holders": sorted(have)}, {"holders": sorted(keep)})

    def award(self, post_id: int, title: str, on: str, body: str = "", notes: str = "") -> int:
        if title not in pr.AWARD_TITLES:
            raise ValidationError({"title": "评定结果应为：" + "、".join(pr.AWARD_TITLES)})
        on = self._date(on, "评定日期")
        with self.write():
            if not any(p.id == post_id for p in repo.posts(self.conn)):
                raise ValidationError({"post": "没有这个先锋岗"})
            aid = repo.add_award(self.conn, post_id, title, on, text_value(body, "评定单位", max_len=100),
                                 text_value(notes, "备注", max_len=500))
            self.log("vanguard_post", post_id, "评定", None, {"title": title, "on": on, "body": body})
        return aid

    def close(self, post_id: int, on: str) -> None:
        on = self._date(on, "撤岗日期")
        with self.write():
            repo.close_post(self.conn, post_id, on)
            for h in repo.holders(self.conn):
                if h.post_id == post_id and h.to_date is None:
                    repo.end_holder(self.conn, h.id, on)
            self.log("vanguard_post", post_id, "撤销先锋岗", None, {"on": on})

    def list(self, include_closed: bool = False) -> list[Post]:
        holders = repo.holders(self.conn)
        awards = repo.awards(self.conn)
        out = []
        for p in repo.posts(self.conn):
            if p.closed_on and not include_closed:
                continue
            out.append(Post(p.id, p.name, p.kind, p.unit, p.set_up_on, p.commitments, p.closed_on,
                            tuple((h.member_id, h.name) for h in holders
                                  if h.post_id == p.id and h.to_date is None),
                            tuple({"title": a.title, "on": a.awarded_on, "body": a.body}
                                  for a in awards if a.post_id == p.id)))
        return out

    def coverage(self, on: str | None = None) -> dict[str, Any]:
        """Members holding a post on ``on``, 处室 with a post (of those named on members' posts),
        and the speech's "each function at least N 示范先锋岗" as a check per kind."""
        on = on or self.today()
        members = [m for m in roster_repo.list_members(self.conn) if roster_rules.is_member_on(m, on)]
        holding = {h.member_id for h in repo.holders(self.conn)
                   if h.from_date <= on and (h.to_date is None or h.to_date > on)}
        holding &= {m.id for m in members}
        posts = [p for p in self.list(include_closed=True) if p.set_up_on <= on and (p.closed_on is None
                                                                                      or p.closed_on > on)]
        need = int(self.setting(pr.MODELS_PER_KIND.key))
        kinds = {}
        for kind in sorted({p.kind for p in posts}):
            models = sum(1 for p in posts if p.kind == kind and any(a["title"] in pr.MODEL_TITLES for a in p.awards))
            kinds[kind] = {"posts": sum(1 for p in posts if p.kind == kind), "models": models, "needed": need,
                           "met": models >= need}
        units = {p.unit for p in posts if p.unit}
        return {"on": on, "members": len(members), "holding": len(holding),
                "share": pr.share(len(holding), len(members)), "posts": len(posts), "units_with_posts": sorted(units),
                "kinds": kinds}


class CommunityService(ServiceBase):
    """双报到: members reporting to a community 党组织, and service activities there."""

    def report(self, member_id: int, community: str, on: str, notes: str = "") -> int:
        community = text_value(community, "社区党组织", max_len=100).strip()
        if not community:
            raise ValidationError({"community": "请填写报到的社区党组织"})
        if not dates.is_valid_iso(on) or len(on) != 10 or on > self.today():
            raise ValidationError({"date": "报到日期应是不晚于今天的年月日"})
        with self.write():
            m = roster_repo.get_member(self.conn, member_id)
            if m is None or not roster_rules.is_member_on(m, on):
                raise ValidationError({"member": "该党员在报到日期不是本支部党员"})
            for r in repo.reports(self.conn):  # one community at a time: a new report ends the old one
                if r.member_id == member_id and r.ended_on is None:
                    repo.end_report(self.conn, r.id, on)
            rid = repo.add_report(self.conn, member_id, community, on, text_value(notes, "备注", max_len=500))
            self.log("community_report", rid, "社区报到", None, {"member_id": member_id, "name": m.name,
                                                              "community": community, "on": on})
        return rid

    def reports(self, current_only: bool = True) -> list[CommunityReport]:
        return [r for r in repo.reports(self.conn) if not current_only or r.ended_on is None]

    def add_activity(self, on: str, community: str, what: str, people: list[tuple[int, object]],
                     meeting_id: int | None = None) -> int:
        """A service activity: the members taking part, each with their hours (text, e.g. '2.5')."""
        what = text_value(what, "服务内容", multiline=True, max_len=1000).strip()
        community = text_value(community, "社区", max_len=100).strip()
        if not what or not community:
            raise ValidationError({"what": "请填写社区和服务内容"})
        if not dates.is_valid_iso(on) or len(on) != 10 or on > self.today():
            raise ValidationError({"date": "活动日期应是不晚于今天的年月日"})
        if not people:
            raise ValidationError({"people": "请选择参加的党员"})
        tenths = [(mid, pr.hours_tenths(h)) for mid, h in people]
        with self.write():
            for mid, _ in tenths:
                m = roster_repo.get_member(self.conn, mid)
                if m is None or not roster_rules.is_member_on(m, on):
                    raise ValidationError({"people": f"{m.name if m else mid}在活动当天不是本支部党员"})
            aid = repo.add_activity(self.conn, on, community, what, meeting_id, tenths)
            self.log("community_activity", aid, "社区服务活动", None,
                     {"on": on, "community": community, "what": what, "members": len(tenths)})
        return aid

    def activities(self, year: int) -> list[Activity]:
        return repo.activities(self.conn, f"{year}-01-01", f"{year}-12-31")

    def coverage(self, year: int) -> dict[str, Any]:
        """Members reported (at the year's end or today), activities and hours per member."""
        end = min(f"{year}-12-31", self.today())
        members = [m for m in roster_repo.list_members(self.conn) if roster_rules.is_member_on(m, end)]
        ids = {m.id for m in members}
        reported = {r.member_id for r in repo.reports(self.conn)
                    if r.reported_on <= end and (r.ended_on is None or r.ended_on > end)} & ids
        acts = self.activities(year)
        per: dict[int, int] = {}
        names: dict[int, str] = {}
        for a in acts:
            for p in a.people:
                per[p.member_id] = per.get(p.member_id, 0) + p.tenths
                names[p.member_id] = p.name
        total = sum(per.values())
        return {"year": year, "members": len(members), "reported": len(reported),
                "share": pr.share(len(reported), len(members)), "activities": len(acts),
                "hours": pr.hours_text(total), "hours_tenths": total, "members_serving": len(per),
                "hours_per_member": {names[m]: pr.hours_text(t) for m, t in sorted(per.items(), key=lambda x: -x[1])}}
