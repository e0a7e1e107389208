"""The committee's year report: per branch its tier, score and reasons; counts per tier with a
distribution chart (reportlab's own charts in the PDF); the lists of branches per tier. Also the
fingerprint letter that goes out with committee.pub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from app.bundle import keys
from app.bundle.enrollment import qr
from app.committee.service import CommitteeService
from app.common import dates
from app.common.errors import UserError
from app.common.files import save_workbook, write_bytes
from app.printing import fonts
from app.printing.flow import BODY, H1, H3, NOTE, axis_ticks, gap, grid, para, section, signatures, table
from app.printing.layout import LANDSCAPE, PORTRAIT, Book
from app.printing.service import render_story

TIER_ORDER = ("好", "中", "差", "未报送")


def overview(service: CommitteeService, year: int) -> dict[str, Any]:
    grades = service.grades(year)
    ledger = service.problem_ledger(year, grades)
    counts = {t: sum(1 for g in grades if g.tier == t) for t in TIER_ORDER}
    rows = []
    order = sorted(grades, key=lambda g: (TIER_ORDER.index(g.tier), -(g.grade.total if g.grade else 0), g.branch_id))
    for g in order:
        rows.append({
            "branch_id": g.branch_id, "name": g.name, "parent_unit": g.parent_unit, "tier": g.tier,
            "records": g.grade.records if g.grade else None, "judged": g.grade.judged if g.grade else None,
            "total": g.grade.total if g.grade else None, "vetoed": list(g.grade.vetoed) if g.grade else [],
            "reasons": [f"-{d.points:g} {d.reason}：{d.evidence}" for d in g.grade.deductions] if g.grade else [],
            "last_year": ledger.get(g.branch_id, []),  # 问题台账: last year's findings, recurred or not
        })
    return {"year": year, "committee": service.info()["name"], "counts": counts, "branches": rows}


def _xlsx(data: dict[str, Any], path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评定结果"
    ws.append([f"{data['committee']}{data['year']}年度党支部评定结果"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["等次", *list(data["counts"])])
    ws.append(["支部数", *list(data["counts"].values())])
    ws.append([])
    header = ["支部代码", "支部名称", "上级单位", "等次", "记录得分", "党委评定", "总分", "否决项", "扣分原因和依据",
              "上年问题跟踪"]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for r in data["branches"]:
        ws.append([r["branch_id"], r["name"], r["parent_unit"], r["tier"], r["records"], r["judged"], r["total"],
                   "；".join(r["vetoed"]), "\n".join(r["reasons"]), _followed(r["last_year"]).strip()[5:]])
        ws.cell(ws.max_row, 9).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(ws.max_row, 10).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJ", (12, 34, 20, 8, 10, 10, 8, 30, 90, 40), strict=True):
        ws.column_dimensions[col].width = width
    for tier in TIER_ORDER[:3]:
        sheet = wb.create_sheet(f"评为{tier}")
        sheet.append(["支部代码", "支部名称", "总分"])
        for r in data["branches"]:
            if r["tier"] == tier:
                sheet.append([r["branch_id"], r["name"], r["total"]])
    save_workbook(wb, path)


def _chart(counts: dict[str, int], width: float) -> Drawing:
    drawing = Drawing(width, 70 * mm, initialFontName=fonts.MAIN)  # the embedded font, never Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 20 * mm, 12 * mm, width - 40 * mm, 50 * mm
    chart.data = [list(counts.values())]
    chart.categoryAxis.categoryNames = list(counts)
    chart.categoryAxis.labels.fontName = fonts.MAIN
    chart.valueAxis.labels.fontName = fonts.MAIN
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep, chart.valueAxis.valueMax = axis_ticks(max(counts.values(), default=0))
    chart.valueAxis.labelTextFormat = "%d"  # whole branches
    chart.bars[0].fillColor = colors.HexColor("#b71c1c")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.MAIN
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(width / 2, 66 * mm, "各等次支部数", fontName=fonts.MAIN, fontSize=10, textAnchor="middle"))
    return drawing


def _pdf(service: CommitteeService, data: dict[str, Any]) -> bytes:
    width = Book.frame_width(LANDSCAPE)
    story: list[Flowable] = [*section(f"{data['year']}年度党支部评定结果"), para(
        "、".join(f"{k}{v}个" for k, v in data["counts"].items()) + f"，共{sum(data['counts'].values())}个支部。",
        BODY),
        _chart(data["counts"], width)]
    for tier in TIER_ORDER:
        rows = [r for r in data["branches"] if r["tier"] == tier]
        if not rows:
            continue
        heading = f"评为“{tier}”的支部（{len(rows)}个）" if tier != "未报送" else f"未报送的支部（{len(rows)}个）"
        story += [PageBreak(), *section(heading)]
        story.append(table(["代码", "支部名称", "上级单位", "记录得分", "党委评定", "总分", "扣分原因和依据"],
                           [[r["branch_id"], r["name"], r["parent_unit"], r["records"], r["judged"], r["total"],
                             "\n".join(r["vetoed"] + r["reasons"][:12]) + ("\n……" if len(r["reasons"]) > 12 else "")
                             + _followed(r["last_year"])]
                            for r in rows], [18, 45, 30, 15, 15, 13, 130], ["c", "l", "l", "c", "c", "c", "l"], size=8))
    story += [gap(8), signatures([f"{data['committee']}（盖章）", "日期"], width)]
    return render_story(story, data["committee"], "支部评定报告", f"{data['year']}年", LANDSCAPE)


def _followed(last_year: list[dict[str, Any]]) -> str:
    if not last_year:
        return ""
    return "\n上年问题：" + "；".join(f"{x['reason']}（{'再次出现' if x['recurred'] else '已整改'}）"
                                     for x in last_year)


def export(service: CommitteeService, year: int, target: str | Path) -> Path:
    path = Path(target)
    data = overview(service, year)
    if path.suffix.lower() == ".xlsx":
        _xlsx(data, path)
    elif path.suffix.lower() == ".pdf":
        write_bytes(path, _pdf(service, data), (".pdf",))
    else:
        raise UserError(f"{path.name}：报告只能导出为 .xlsx 或 .pdf")
    return path


def fingerprint_letter(service: CommitteeService, target: str | Path | None = None) -> bytes:
    public = service.public_key()
    width = Book.frame_width(PORTRAIT)
    groups = keys.grouped(public.fingerprint, 16)
    story: list[Flowable] = [
        para("关于核对党委报送公钥指纹的函", H1),
        grid([("党委名称", public.committee), ("密钥期号", f"第 {public.epoch} 期"),
              ("印发日期", dates.fmt_cn(service.today())), ("公钥文件", "committee.pub")], width),
        gap(4), para("公钥指纹（请逐组核对）", H3), para(groups[:39], BODY), para(groups[40:], BODY),
        qr(public.fingerprint),
        para("各支部在“年度报送 → 导入党委公钥”时，程序会显示文件中的指纹；与本函一致方可导入。不一致的，"
             "说明公钥文件可能被调换，请勿使用，并与党委联系。", NOTE),
        gap(12), signatures(["经办人", "日期"], width), gap(10), para("（党委盖章）", BODY),
    ]
    data = render_story(story, public.committee, "公钥指纹函", f"第{public.epoch}期", PORTRAIT)
    if target is not None:
        write_bytes(target, data, (".pdf",))
    return data
