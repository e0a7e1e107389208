"""Word output: where a PDF is written for one record, the year's plan and summary, the 催缴
letters and the sign-in sheet, ``-o F.docx`` writes a Word document instead — the official page,
fonts named by family, real tables, page numbers, the same words as the PDF, no software wording."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from app.cli import main
from app.session import Session
from tests.conftest import CLOCK, TODAY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cli(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--today", TODAY, *args])


def words(doc) -> str:
    """Every paragraph and table cell's text, in order."""
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(out)


def east_asian(run_or_style) -> str:
    fonts = run_or_style.element.find(f"{W}rPr/{W}rFonts")
    return fonts.get(f"{W}eastAsia") if fonts is not None else ""


@pytest.fixture
def demo(tmp_path: Path, _demo_year_file: Path) -> Iterator[tuple[Session, Path]]:
    """The demo with its work record, as a closed file the CLI writes to; ``session`` reads it."""
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(_demo_year_file, db)
    reader = Session.open(db, CLOCK, read_only=True)
    yield reader, db
    reader.close()


def _signed_meeting(session: Session) -> int:
    meetings = session.services.meetings.list(year=2025)
    return next(m.id for m in meetings if m.status == "已签发" and m.kind == "支部党员大会")


def test_a_meeting_record_as_a_word_document_says_what_its_pdf_says(demo, tmp_path: Path) -> None:
    session, db = demo
    mid = _signed_meeting(session)
    assert cli(db, "print", "meeting", str(mid), "-o", str(tmp_path / "m.docx")) == 0
    assert cli(db, "print", "meeting", str(mid), "-o", str(tmp_path / "m.pdf")) == 0
    doc = Document(str(tmp_path / "m.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                   section.right_margin)] == [37, 35, 28, 26]
    normal = doc.styles["Normal"]
    assert east_asian(normal) == "仿宋" and normal.font.size.pt == 16  # 仿宋 三号
    title = doc.paragraphs[0]
    assert east_asian(title.runs[0]) == "黑体" and title.alignment == 1
    record = session.services.meetings.get(mid)
    assert record.title in title.text
    grid = doc.tables[0]
    cells = [c.text for c in grid.rows[0].cells]
    assert cells[:2] == ["会议名称", record.title]
    text = words(doc)
    tally = session.services.meetings.tally(record)
    assert f"应到人数\n{tally.due}人" in text or f"{tally.due}人（正式党员" in text
    for name, why in tally.absent:
        assert f"{name}（{why}）" in text
    assert "主持人签字：" in text and "记录人签字：" in text
    signing = next(t for t in doc.tables if t.rows[0].cells[0].text == "主持人签字：")
    label = signing.rows[0].cells[0]
    assert label.width.mm >= len("主持人签字：") * 16 * 0.3528  # the label fits on one line in 三号
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer  # the page number is a field Word fills in
    props = doc.core_properties
    assert props.author == session.services.branch_name() and "python-docx" not in (props.comments or "")
    # the same words as the PDF: every line of the record's body is in both
    pdf = "".join(page.extract_text() for page in PdfReader(str(tmp_path / "m.pdf")).pages).replace("\n", "")
    for line in [record.title, *record.agenda, *record.content.splitlines()[:3]]:
        if line.strip():
            assert line.strip()[:12] in pdf and line.strip()[:12] in text
    assert "BranchBook" not in text and "支部台账" not in text
    package = zipfile.ZipFile(tmp_path / "m.docx")
    assert not any("thumbnail" in n for n in package.namelist())  # the blank template's picture is gone
    assert b"Word</Application>" not in package.read("docProps/app.xml")


def test_a_draft_says_so_in_its_title(demo, tmp_path: Path) -> None:
    session, db = demo
    draft = next(m for m in session.services.meetings.list() if m.status == "草稿")
    assert cli(db, "print", "meeting", str(draft.id), "--drafts", "-o", str(tmp_path / "d.docx")) == 0
    assert Document(str(tmp_path / "d.docx")).paragraphs[0].text.endswith("（草稿）")


def test_the_sign_in_sheet_has_a_row_to_sign_for_everyone_due(demo, tmp_path: Path) -> None:
    session, db = demo
    due = session.services.meetings.due_people("支部党员大会", "2026-06-20")
    assert cli(db, "print", "signin", "--kind", "党员大会", "--date", "2026-06-20", "-o", str(tmp_path / "s.docx")) == 0
    doc = Document(str(tmp_path / "s.docx"))
    people = doc.tables[1]
    assert [c.text for c in people.rows[0].cells] == ["序号", "姓名", "党员类别", "签到（签字）", "未到原因"]
    assert [r.cells[1].text for r in people.rows[1:]] == [p.name for p in due]
    assert people.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # the header repeats on each page
    assert "签到表" in doc.paragraphs[0].text


def test_the_years_plan_summary_and_reminders_as_word(demo, tmp_path: Path, capsys) -> None:
    session, db = demo
    plan = tmp_path / "plan.txt"
    plan.write_text("一、加强政治建设\n认真学习党的创新理论。\n二、落实三会一课\n按时召开支委会。", encoding="utf-8")
    assert cli(db, "meetings", "plan", "--year", "2026", "--file", str(plan)) == 0
    assert cli(db, "meetings", "plan", "--year", "2026", "-o", str(tmp_path / "plan.docx")) == 0
    doc = Document(str(tmp_path / "plan.docx"))
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[0].text.endswith("2026年度工作计划")
    heading = next(p for p in paragraphs if p.text == "一、加强政治建设")
    body = next(p for p in paragraphs if p.text == "认真学习党的创新理论。")
    assert east_asian(heading.runs[0]) == "黑体" and east_asian(body.runs[0]) == "仿宋"
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 三号

    assert cli(db, "summary", "draft", "--year", "2025", "-o", str(tmp_path / "sum.docx")) == 0
    summary = Document(str(tmp_path / "sum.docx"))
    assert any(p.text == "一、党员队伍基本情况" for p in summary.paragraphs)
    assert "全年形成会议记录" in words(summary)

    assert cli(db, "dues", "remind", "-o", str(tmp_path / "r.docx")) == 0
    letters = Document(str(tmp_path / "r.docx"))
    found = session.services.dues.reminders.due()
    assert sum(p.text == "党费催缴提醒" for p in letters.paragraphs) == len(found)
    assert found[0].name in words(letters)
    capsys.readouterr()

    # a year without a plan says so; a suffix that is neither .pdf nor .docx is refused; nothing written
    assert cli(db, "meetings", "plan", "--year", "2019", "-o", str(tmp_path / "none.docx")) == 2
    assert "2019年尚未填写年度工作计划" in capsys.readouterr().err
    for args in (["print", "meeting", "1", "-o", str(tmp_path / "m.doc")],
                 ["dues", "remind", "-o", str(tmp_path / "r.rtf")]):
        with pytest.raises(SystemExit) as exc:
            cli(db, *args)
        assert exc.value.code == 2
        assert "应以 .pdf 或 .docx 结尾" in capsys.readouterr().err
    assert not (tmp_path / "none.docx").exists() and not (tmp_path / "m.doc").exists()
