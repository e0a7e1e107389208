"""The dues reports as one Excel workbook (openpyxl, loaded only when exporting)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.common import dates, months
from app.common.files import save_workbook
from app.common.money import yuan
from app.dues.reports import MONEY, arrears_list, publication, register
from app.dues.service import DuesService


def _money(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def _title(ws: Any, text: str, width: int, subtitle: str = "") -> int:
    ws.cell(row=1, column=1, value=text).font = Font(size=15, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    if subtitle:
        ws.cell(row=2, column=1, value=subtitle)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    return 3


def _values(ws: Any, row: int, values: list[Any]) -> None:
    """One row of cells; money (Decimal) formatted as ¥1,234.50."""
    for c, v in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c, value=v)
        if isinstance(v, Decimal):
            cell.number_format = MONEY


def _header(ws: Any, row: int, labels: list[str]) -> None:
    for c, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=c, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)


def export_workbook(service: DuesService, year: int, path: str | Path, as_of: str | None = None) -> Path:
    """Write the four dues reports of ``year`` to one workbook (written whole, then moved in place)."""
    path = Path(path)
    wb = openpyxl.Workbook()
    reg = register(service, year, as_of)
    ws = wb.active
    ws.title = "党费收缴登记表"
    labels = ["序号", "姓名", "人员类别", "计算基数", "比例", "月应交额", *(f"{m}月" for m in range(1, 13)),
              "全年应交", "全年实交", "备注"]
    today = service.today()
    row = _title(ws, f"{reg['branch']}{year}年党费收缴登记表", len(labels), f"制表日期：{dates.fmt_cn(today)}")
    _header(ws, row, labels)
    for r in reg["rows"]:
        row += 1
        values = [r["seq"], r["name"], r["category"], _money(r["base_fen"]), r["rate"], _money(r["monthly_fen"])]
        values += [_money(x) if x is not None else "—" for x in r["months"]]
        values += [_money(r["year_due_fen"]), _money(r["year_paid_fen"]), r["note"]]
        _values(ws, row, values)
    row += 1
    ws.cell(row=row, column=2, value="合计").font = Font(bold=True)
    for k, total in enumerate(reg["totals"]["months"]):
        ws.cell(row=row, column=7 + k, value=_money(total)).number_format = MONEY
    ws.cell(row=row, column=19, value=_money(reg["totals"]["year_due_fen"])).number_format = MONEY
    ws.cell(row=row, column=20, value=_money(reg["totals"]["year_paid_fen"])).number_format = MONEY
    row += 2
    ws.cell(row=row, column=2, value="收缴人签字：")
    ws.cell(row=row, column=10, value="支部书记签字：")
    for c, w in enumerate([5, 10, 8, 11, 6, 10] + [9] * 12 + [11, 11, 12], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "C5"

    pub = publication(service, year, as_of)
    ws = wb.create_sheet("党费收缴公示")
    labels = ["序号", "姓名", "人员类别", "月交纳额", "全年已交", "交纳情况"]
    row = _title(ws, f"{pub['branch']}{year}年度党费收缴情况公示", len(labels))
    _header(ws, row, labels)
    for r in pub["rows"]:
        row += 1
        _values(ws, row, [r["seq"], r["name"], r["category"], _money(r["monthly_fen"]),
                          _money(r["year_paid_fen"]), r["state"]])
    cash = pub["cash"]
    row += 2
    ws.cell(row=row, column=1, value=(f"全年收缴{yuan(cash['collected_fen'])}，上缴{yuan(cash['remitted_fen'])}，"
                                      f"年末结存{yuan(cash['on_hand_fen'])}（上年结转{yuan(cash['opening_fen'])}）。"))
    for c, w in enumerate([6, 12, 10, 12, 12, 16], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w

    ws = wb.create_sheet("欠缴名单")
    labels = ["姓名", "连续欠交月数", "欠交月份", "欠交金额", "提醒级别", "正当理由"]
    row = _title(ws, f"党费欠缴名单（截至{dates.fmt_cn(as_of or today)}）", len(labels))
    _header(ws, row, labels)
    for a in arrears_list(service, as_of):
        row += 1
        _values(ws, row, [a["name"], a["count"], f"{months.cn(a['months'][0])}至{months.cn(a['months'][-1])}",
                          _money(a["owed_fen"]), "已满6个月" if a["level"] == "alert" else "已满3个月", a["reason"]])

    ws = wb.create_sheet("上缴汇总")
    summary = service.cash.summary(year)
    labels = ["期间", "收缴", "上缴", "结存"]
    row = _title(ws, f"{year}年党费收缴、上缴和结存", len(labels))
    _header(ws, row, labels)
    for part in summary["months"] + summary["quarters"] + summary["year"]:
        row += 1
        label = part["period"]
        label = f"第{label[-1]}季度" if "Q" in label else (months.cn(label) if len(label) == 7 else f"{label}年全年")
        _values(ws, row, [label, _money(part["collected_fen"]), _money(part["remitted_fen"]),
                          _money(part["on_hand_fen"])])
    row += 2
    _header(ws, row, ["上缴日期", "金额", "所属期间", "凭证号"])
    for r in service.cash.remittances(year):
        row += 1
        ws.cell(row=row, column=1, value=dates.fmt_cn(r.remitted_on))
        ws.cell(row=row, column=2, value=_money(r.amount_fen)).number_format = MONEY
        ws.cell(row=row, column=3, value=f"{months.cn(r.from_month)}至{months.cn(r.to_month)}")
        ws.cell(row=row, column=4, value=r.slip_no)
    for c, w in enumerate([16, 14, 14, 14], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    save_workbook(wb, path)
    return path


class DuesWorkbook:
    """The dues reports as a workbook for the open file (``services.dues_excel``)."""

    def __init__(self, dues: DuesService) -> None:
        self._dues = dues

    def export(self, year: int, path: str | Path, as_of: str | None = None) -> Path:
        return export_workbook(self._dues, year, path, as_of)
