"""The printed books, read back as a reader would (pypdf): the right names, dates, tallies and
page numbers on the right pages, fonts embedded, landscape where it should be, contents and
bookmarks, reproducible bytes, Chinese line breaking, rare characters that can be searched."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from app.cli import main
from app.common.errors import UserError
from app.printing import fonts
from app.printing.flow import BODY
from tests.conftest import TODAY

YEAR = int(TODAY[:4]) - 1  # the demo's last full year


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory):
    """The demo branch and its workbook for last year (built once: it takes a second)."""
    from app.demo import fill_demo
    from app.session import Session
    from tests.conftest import CLOCK

    path = tmp_path_factory.mktemp("print") / "demo.sqlite"
    session = Session.open(path, CLOCK)
    fill_demo(session.services)
    data = session.services.printing.workbook(YEAR)
    yield session, data
    session.close()


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_workbook_pages_carry_the_records(demo_book) -> None:
    session, data = demo_book
    texts = _pages(data)
    total = len(texts)
    assert all(f"第 {i} 页 共 {total} 页" in t for i, t in enumerate(texts, start=1))
    branch = session.services.branch.get().name
    assert all(branch in t and f"{YEAR}年" in t for t in texts)
    general = next(m for m in session.services.meetings.list(year=YEAR, kind="支部党员大会") if m.date[5:7] == "12")
    meeting = session.services.meetings.get(general.id)
    page = next(i for i, t in enumerate(texts) if meeting.title in t and "表决情况" in t)
    text = texts[page]
    tally = session.services.meetings.tally(meeting)
    assert f"应到有表决权党员{tally.due_full}名，实到{tally.present_full}名" in text
    assert f"赞成{tally.votes[0].yes}票" in text and "通过" in text
    absent = [a.name for a in meeting.attendance if not a.present]
    assert absent and all(name in text for name in absent)
    assert "主持人签字" in text and "记录人签字" in text
    # Drafts are not records: the newest, unsigned ones are not printed.
    drafts = [m for m in session.services.meetings.list(year=YEAR) if m.status == "草稿"]
    assert all(m.title not in "".join(texts) for m in drafts if m.kind != "谈心谈话")


def test_contents_bookmarks_and_sections(demo_book) -> None:
    _, data = demo_book
    reader = PdfReader(io.BytesIO(data))
    texts = [p.extract_text() for p in reader.pages]
    first = next(i for i, t in enumerate(texts) if "支部全称" in t)  # the first page after the contents
    contents = "".join(texts[1:first])
    for title in ("党支部基本情况", "党员名册", "年度工作计划", "支部委员会会议记录", "支部党员大会记录",
                  "党小组会记录", "组织生活会记录", "民主评议党员记录", "谈心谈话记录", "发展党员工作情况",
                  "党费收缴情况", "年度工作总结"):
        assert title in contents
        listed = re.search(re.escape(title) + r"[·\s]*(\d+)", contents)
        assert listed and title in texts[int(listed.group(1)) - 1]  # the page it names holds it
    outline = [o.title if not isinstance(o, list) else None for o in reader.outline]
    assert "支部党员大会记录" in outline and "党员名册" in outline


def test_fonts_embedded_landscape_roster_and_metadata(demo_book) -> None:
    session, data = demo_book
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
    roster = [p for p in reader.pages if "党员名册" in p.extract_text() and "公民身份号码" in p.extract_text()]
    assert roster and all(p.mediabox.width > p.mediabox.height for p in roster)
    assert all(p.mediabox.width < p.mediabox.height for p in reader.pages[:3])
    meta = reader.metadata
    assert meta.title.endswith(f"{YEAR}年党支部工作记录") and meta.author == session.services.branch.get().name
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_rare_characters_can_be_found_in_the_pdf(demo_book) -> None:
    """䶮 (Ext. A) and 𠮷 (Ext. B, beyond U+FFFF) are set in the fallback font and extract as text."""
    _, data = demo_book
    text = "".join(_pages(data)[:12])
    assert "王䶮" in text and "𠮷祥" in text


def test_same_data_gives_the_same_bytes(demo_book) -> None:
    session, data = demo_book
    assert session.services.printing.workbook(YEAR) == data


def test_id_numbers_are_masked_unless_asked(demo_book) -> None:
    session, _ = demo_book
    member = session.services.roster.list(include_left=False)[0]
    masked = "".join(_pages(session.services.printing.roster()))
    assert member.id_number not in masked and f"{member.id_number[:6]}********{member.id_number[-4:]}" in masked
    full = "".join(_pages(session.services.printing.roster(full_id=True)))
    assert member.id_number in full


def test_dues_register_repeats_its_header_and_disclosure_hides_ids(demo_book) -> None:
    session, _ = demo_book
    reader = PdfReader(io.BytesIO(session.services.printing.dues(YEAR + 1)))
    register = [p for p in reader.pages if "计算基数" in p.extract_text() and "全年应交" in p.extract_text()]
    assert len(register) >= 2  # the header is on every page of the register
    assert all(p.mediabox.width > p.mediabox.height for p in reader.pages)
    assert "欠缴名单" in reader.pages[-1].extract_text()
    disclosure = "".join(_pages(session.services.printing.disclosure(YEAR + 1)))
    member = session.services.roster.list(include_left=False)[0]
    assert member.name in disclosure and member.id_number[:6] not in disclosure


def test_drafts_print_only_when_asked_and_then_marked(demo_book) -> None:
    session, _ = demo_book
    draft = next(m for m in session.services.meetings.list(year=YEAR + 1) if m.status == "草稿")
    service = session.services.printing
    with pytest.raises(UserError, match="草稿"):
        service.meeting(draft.id)
    text = "".join(_pages(service.meeting(draft.id, drafts=True)))
    assert "草稿" in text and draft.title in text


def test_nothing_to_print_is_said(demo_book) -> None:
    session, _ = demo_book
    with pytest.raises(UserError, match="没有已签发的会议记录"):
        session.services.printing.workbook(1999)


def test_no_line_starts_with_chinese_closing_punctuation() -> None:
    fonts.register()
    # 19 characters fill the line; the 20th is "，" and must not start the next one.
    text = "党" * 19 + "，" + "支部工作记录" * 3
    p = Paragraph(fonts.markup(text), BODY)
    p.wrap(fonts.plain_width("党" * 19, BODY.fontSize) + 1, 1000)
    lines = p.blPara.lines
    starts = []
    for line in lines[1:]:
        words = line.words if hasattr(line, "words") else line[1]
        first = words[0].text if hasattr(words[0], "text") else str(words[0])
        starts.append(first[:1])
    assert len(lines) >= 2 and "，" not in starts


def test_assessment_shows_amendments_as_amendments(demo_book) -> None:
    session, _ = demo_book
    dev = session.services.development
    person = next(p for p in dev.people(include_closed=True) if p.assessments)
    entry = person.assessments[0]
    if not entry.signed:
        dev.sign_assessment(entry.id, "书记", on=entry.period_end)
    dev.amend_assessment(entry.id, "书记", "补记：该同志积极参加志愿服务。")
    text = "".join(_pages(session.services.printing.assessment(person.id)))
    assert "补充说明" in text and "补记：该同志积极参加志愿服务" in text
    assert person.name in text and ("入党积极分子培养考察登记表" in text or "预备党员考察表" in text)


def test_print_commands(tmp_path, capsys) -> None:
    from app.session import Session
    from tests.app.test_meetings import build_branch
    from tests.conftest import CLOCK

    db = tmp_path / "branch.sqlite"
    with Session.open(db, CLOCK) as s:
        from db.records.branch import Branch

        s.services.branch.save(Branch(name="中共测试支部"))
        build_branch(s.conn)
        m = s.services.meetings.new_from_last("支委会", "2026-03-05")
        m.title, m.host, m.recorder = "研究三月工作", "正式0", "正式1"
        mid = s.services.meetings.save(m)
        s.services.meetings.sign_off(mid, "正式0", on="2026-03-06")
    run = lambda *a: main(["--db", str(db), "--today", TODAY, "print", *a])  # noqa: E731
    out = tmp_path / "book.pdf"
    assert run("workbook", "--year", "2026", "-o", str(out)) == 0
    assert "研究三月工作" in "".join(_pages(out.read_bytes()))
    assert run("workbook", "--year", "2025", "-o", str(tmp_path / "none.pdf")) == 2
    assert "没有已签发的会议记录" in capsys.readouterr().err and not (tmp_path / "none.pdf").exists()
    assert run("meeting", str(mid), "-o", str(tmp_path / "m.pdf")) == 0
    assert run("blank", "--pages", "3", "-o", str(tmp_path / "b.pdf")) == 0
    assert len(PdfReader(tmp_path / "b.pdf").pages) == 3
    assert run("roster", "-o", str(tmp_path / "missing" / "r.pdf")) == 2
    assert "文件夹不存在" in capsys.readouterr().err


def test_talks_print_as_a_register_unless_the_template_says_pages(demo_book, tmp_path, monkeypatch) -> None:
    session, data = demo_book
    s = session.services
    talks = [s.meetings.get(r.id) for r in s.meetings.list(year=YEAR, kind="谈心谈话") if r.status == "已签发"]
    texts = _pages(data)
    register = "".join(t for t in texts if "谈话内容要点" in t)
    assert talks and register
    for m in talks:  # every signed talk is a row: its date and both people
        first, second = (a.name for a in m.attendance)
        assert f"{m.date[:4]}年{int(m.date[5:7])}月{int(m.date[8:])}日" in register
        assert f"{first}、{second}" in register.replace("\n", "")
    # A committee wanting each talk on its own pages changes the data, not the code.
    monkeypatch.setenv("BRANCHBOOK_HOME", str(tmp_path))
    (tmp_path / "printing").mkdir()
    (tmp_path / "printing" / "books.json").write_text(
        '{"workbook": {"sections": [{"part": "meetings", "kind": "谈心谈话", "title": "谈心谈话记录",'
        ' "layout": "pages"}]}}', encoding="utf-8")
    pages = _pages(s.printing.workbook(YEAR))
    assert not any("谈话内容要点" in t for t in pages)
    assert sum(t.count("谈话人") for t in pages) == len(talks)  # each record's own grid
