"""年度工作总结 (and the secretary's 述职) drafted from the year's records: members and changes,
meetings held against required with the gaps named, 党课 given, development progress, dues
collected and remitted, rectification done. Every number comes from the same facts the bundle's
summary.json carries; the draft is editable text that becomes the year's 总结 record."""

from __future__ import annotations

from typing import Any

from app.bundle import summary as facts
from app.common import dates
from app.common.errors import UserError
from app.common.money import yuan
from app.common.service import ServiceBase
from app.compliance.rules import RULE_LABELS
from app.meetings import kinds
from app.meetings.model import YearTextKind

#: The kinds counted in the meetings paragraph, in the order a report names them.
COUNTED = kinds.COUNTED


class SummaryService(ServiceBase):
    def __init__(self, services: Any) -> None:
        super().__init__(services.ctx)
        self.s = services

    def facts(self, year: int) -> dict[str, Any]:
        """The year's figures (as of its end, from its own records only; or today while it runs)."""
        end = min(f"{year}-12-31", self.today())
        with self.s.year_view(year) as s:
            return {"end": end, "members": facts.members_facts(s, year, end),
                    "meetings": facts.meetings_facts(s, year),
                    "compliance": facts.compliance_facts(s, year, end),
                    "dues": facts.dues_facts(s, year, end),
                    "development": facts.development_facts(s, year, end),
                    **facts.posts_facts(s, year, end),
                    "reminded": s.dues.reminders.counts(year)[1]}

    def draft(self, year: int) -> str:
        """The draft text of the year's 工作总结."""
        f = self.facts(year)
        branch = self.s.branch.get()
        name = branch.name if branch else "本支部"
        out = [f"{name}{year}年度工作总结", ""]
        if f["end"] < f"{year}-12-31":
            out += [f"（本稿根据截至{dates.fmt_cn(f['end'])}的记录生成，年底前请重新生成或补充。）", ""]
        for part in (self._members(year, f["members"]), self._meetings(f["meetings"], f["compliance"]),
                     self._development(f["development"]), self._dues(f["dues"], f["reminded"]),
                     self._posts(f["posts"], f["community"]), self._problems(f)):
            out += [*part, ""]
        out += ["七、下一年度工作打算", "（请结合上级党组织部署和本支部实际填写。）"]
        return "\n".join(out)

    def save_draft(self, year: int, by: str = "", replace: bool = False) -> str:
        """Write the draft as the year's 年度工作总结 (only over an existing one with ``replace``)."""

        if self.s.meetings.year_text(year, YearTextKind.SUMMARY) and not replace:
            raise UserError(f"{year}年已有年度工作总结；如要用新生成的草稿替换，请确认替换（命令行加 --replace）")
        text = self.draft(year)
        self.s.meetings.set_year_text(year, YearTextKind.SUMMARY, text, by)
        return text

    # -- paragraphs -------------------------------------------------------------------------------

    @staticmethod
    def _members(year: int, m: dict[str, Any]) -> list[str]:
        end = m["at_year_end"]
        arrivals = "、".join(f"{k}{v}名" for k, v in m["arrivals"].items()) or "无"
        exits = "、".join(f"{k}{v}名" for k, v in m["exits"].items()) or "无"
        return ["一、党员队伍基本情况",
                f"年初有党员{m['at_year_start']}名，年末{end['total']}名，其中正式党员{end['full']}名、"
                f"预备党员{end['probationary']}名。本年度党员增加：{arrivals}；减少：{exits}。"
                f"发展新党员{m['admitted']}名，预备党员按期转正{m['made_full']}名。"]

    @staticmethod
    def _meetings(m: dict[str, Any], c: dict[str, Any]) -> list[str]:
        counts = {k: sum(v.values()) for k, v in m["by_kind_month"].items()}
        held = "、".join(f"{k}{counts[k]}次" for k in COUNTED if counts.get(k)) or "无已签发的记录"
        lines = ["二、落实“三会一课”等组织生活制度情况",
                 f"全年形成会议记录{m['signed']}条（另有尚未定稿的{m['drafts']}条）：{held}。"]
        missing = c.get("missing", [])
        if missing:
            by_rule: dict[str, list[str]] = {}
            for x in missing:
                by_rule.setdefault(x["rule"], []).append(_period(x["period"])
                                                         + (f"（{x['group']}）" if x.get("group") else ""))
            lines.append("对照规定，以下会议应开未开：" + "；".join(
                f"{RULE_LABELS.get(rule, rule)}{len(ws)}次（{'、'.join(ws)}）"
                for rule, ws in by_rule.items()) + "。")
        else:
            lines.append("对照规定，应开的会议均已召开。")
        lectures = c.get("lectures", [])
        if lectures:
            lines.append("讲党课：" + "；".join(
                f"{'、'.join(d['roles'])}{d['name']}讲{d['given']}次（应至少{d['needed']}次）"
                for d in lectures) + "。")
        talks = c["talks"]
        lines.append(f"开展谈心谈话{talks['count']}次" + (
            "，覆盖全体党员和支委之间。" if not talks["members_without"] and not talks["committee_pairs_missing"]
            else f"，尚有{talks['members_without']}名党员未谈、{talks['committee_pairs_missing']}对支委之间未谈。"))
        life = m["life_meeting"]
        if life["held"]:
            r = life["rectifications"]
            lines.append(f"召开组织生活会，查摆问题形成整改事项{r['total']}项，已完成{r['done']}项"
                         + (f"，逾期未完成{r['overdue']}项。" if r["overdue"] else "。"))
        else:
            lines.append("本年度尚未召开组织生活会。")
        ev = m["evaluation"]
        if ev["held"]:
            grades = "、".join(f"{k}{v}名" for k, v in ev["grades"].items())
            lines.append(f"开展民主评议党员，评定结果：{grades}。")
        return lines

    @staticmethod
    def _development(d: dict[str, Any]) -> list[str]:
        steps = d["steps_done_in_year"]
        names = (("1", "收到入党申请书"), ("3", "确定入党积极分子"), ("7", "确定发展对象"),
                 ("17", "接收预备党员"), ("24", "预备党员转正"))
        done = "、".join(f"{label}{steps[k]}名" for k, label in names if steps.get(k)) or "本年度无发展党员工作"
        errors = sum(1 for x in d["findings"] if x["severity"] == "error")
        check = f"按规定核查，尚有{errors}处不符合程序或时限，需及时纠正。" if errors else "各环节均按程序和时限办理。"
        return ["三、发展党员工作", f"{done}。{check}"]

    @staticmethod
    def _dues(d: dict[str, Any], reminded: int) -> list[str]:
        y = d["year"]
        a = d["arrears"]
        owing = (f"目前有{a['members']}名党员连续3个月以上未交足党费（其中满6个月{a['six_months_or_more']}名）"
                 + (f"，本年度已催缴提醒{reminded}名。" if reminded else "，需及时提醒。")) if a["members"] \
            else "无欠缴党费的党员。"
        return ["四、党费收缴、使用和管理",
                f"全年应交党费{yuan(y['due_fen'])}，所属本年已交{yuan(y['paid_fen'])}；"
                f"收缴{yuan(y['collected_fen'])}，上缴{yuan(y['remitted_fen'])}，"
                f"结存{yuan(y['on_hand_fen'])}。{owing}"]

    @staticmethod
    def _posts(p: dict[str, Any], c: dict[str, Any]) -> list[str]:
        lines = ["五、共产党员先锋岗和双报到"]
        if p["posts"]:
            lines.append(f"设立共产党员先锋岗{p['posts']}个，在岗党员{p['holding']}名，占党员总数的{p['share']}。")
        else:
            lines.append("本年度尚未设立共产党员先锋岗。")
        if c["reported"] or c["activities"]:
            lines.append(f"{c['reported']}名党员到社区报到（占{c['share']}），开展社区服务活动{c['activities']}次，"
                         f"{c['members_serving']}名党员参加，累计服务{c['hours']}小时。")
        else:
            lines.append("本年度尚无党员到社区报到和服务的记录。")
        return lines

    @staticmethod
    def _problems(f: dict[str, Any]) -> list[str]:
        items = []
        if f["compliance"].get("missing"):
            items.append("个别应开的会议未能按时召开")
        if f["meetings"]["drafts"]:
            items.append(f"有{f['meetings']['drafts']}条会议记录尚未签发")
        if f["dues"]["arrears"]["members"]:
            items.append("党费收缴仍有欠缴")
        if any(x["severity"] == "error" for x in f["development"]["findings"]):
            items.append("发展党员个别环节不符合规定")
        if any(d["status"] != "met" for d in f["compliance"].get("lectures", [])):
            items.append("领导班子成员讲党课次数未达到要求")
        body = "；".join(items) + "。" if items else "（请根据实际情况填写。）"
        return ["六、存在的问题", body]


def _period(key: str) -> str:
    """'2026-03' → 3月, '2026-Q2' → 第2季度, '2026' → 全年."""
    if "Q" in key:
        return f"第{key[-1]}季度"
    if len(key) == 7:
        return f"{int(key[5:])}月"
    return "全年"
