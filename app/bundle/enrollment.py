"""《报送密钥登记表》: the sheet the branch signs, stamps and hands to its committee so that the
committee can enrol the branch's key. The fingerprint is printed in short groups and as a QR
code (reportlab's own QR widget) for the committee to type or scan."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from app.bundle import keys
from app.common import dates
from app.printing import flow, fonts
from app.printing.flow import BODY, H1, NOTE, gap, grid, para, signatures
from app.printing.layout import PORTRAIT, Book


def qr(text: str, size_mm: float = 45) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def sheet_story(branch_name: str, code: str, committee: str, fingerprint: str, created: str, today: str,
                replaces: str | None = None) -> list[Flowable]:
    width = Book.frame_width(PORTRAIT)
    groups = keys.grouped(fingerprint, 16)
    first_half, second_half = groups[:39], groups[40:]
    story: list[Flowable] = [para("报送密钥登记表", H1)]
    pairs: list[tuple[str, object]] = [
        ("支部名称", branch_name), ("支部代码", code or "（上级党委编定后填写）"),
        ("上级党委", committee), ("密钥算法", "Ed25519（数字签名）"),
        ("密钥生成日期", dates.fmt_cn(created[:10])), ("填表日期", dates.fmt_cn(today)),
    ]
    story.append(grid(pairs, width))
    story += [gap(4), para("密钥指纹（用于核对报送包的签名，请逐组核对）", flow.H3)]
    fp_style = ParagraphStyle("fp", parent=BODY, fontSize=15, leading=24, fontName=fonts.MAIN)
    fp_table = Table([[para(first_half, fp_style), qr(fingerprint)], [para(second_half, fp_style), ""]],
                     colWidths=[width - 52 * mm, 52 * mm])
    fp_table.setStyle(TableStyle([("SPAN", (1, 0), (1, 1)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("BOX", (0, 0), (-1, -1), 0.6, colors.black)]))
    story.append(fp_table)
    story.append(para(f"简写（前 8 组）：{keys.grouped(fingerprint)}", NOTE))
    if replaces:
        story.append(para(f"本密钥替换原密钥（指纹前 8 组 {keys.grouped(replaces)}），更换声明由新旧两把密钥共同签名，"
                          "随下一次报送包一并提交。", BODY))
    story += [
        gap(4),
        para("说明：支部的报送包用上述密钥签名。上级党委收到本表后登记该指纹；此后收到的报送包，"
             "签名与登记的指纹不符的一律不予接收。密钥的私钥部分只以口令加密保存在本支部的台账数据库中，"
             "口令由支部书记保管，不随本表提交。", NOTE),
        gap(10),
        signatures(["支部书记签字", "日期"], width),
        gap(16),
        para("（支部盖章）", BODY),
        gap(24),
        para("以下由上级党委填写", flow.H3),
        signatures(["登记人", "登记日期"], width),
    ]
    return story
