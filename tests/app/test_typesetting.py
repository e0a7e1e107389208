"""The books as a typesetter reads them: bookmarks and contents that go to their pages, no blank
pages, and Chinese line breaking that keeps names, dates and amounts whole. Each book is printed
with the command (``branchbook print …``) from the demo branch and read back with pypdf."""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from tests.conftest import TODAY

YEAR = int(TODAY[:4]) - 1
BOOKS = {
    "workbook": ("--year", str(YEAR)),
    "dues": ("--year", str(YEAR)),
    "disclosure": ("--year", str(YEAR)),
    "roster": ("--on", f"{YEAR}-12-31"),
    "assessment": ("--year", str(YEAR), "--all"),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, _demo_year_file: Path) -> Path:
    """A copy of the full demo (built once per run) for this module's books."""
    import shutil

    path = tmp_path_factory.mktemp("typeset") / "demo.sqlite"
    shutil.copyfile(_demo_year_file, path)
    return path


@pytest.fixture(scope="module")
def printed(demo_db: Path) -> dict[str, PdfReader]:
    """Every year-bound book of the demo branch's last full year, printed by the command."""
    path, folder = demo_db, demo_db.parent
    out = {}
    for kind, options in BOOKS.items():
        target = folder / f"{kind}.pdf"
        assert main(["--db", str(path), "--today", TODAY, "print", kind, *options, "-o", str(target)]) == 0
        out[kind] = PdfReader(io.BytesIO(Path(target).read_bytes()))
    return out


def _body(reader: PdfReader, index: int) -> str:
    """A page's text without its header (first line) and footer (第 x 页 共 y 页)."""
    lines = reader.pages[index].extract_text().splitlines()
    return "\n".join(line for line in lines[1:] if "页 共" not in line).strip()


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def test_every_bookmark_goes_to_the_page_that_holds_its_heading(printed: dict[str, PdfReader]) -> None:
    reader = printed["workbook"]
    outline = _outline(reader)
    assert len(outline) > 20
    for title, page in outline:
        heading = title.split("\u3000")[-1]
        assert heading in reader.pages[page].extract_text(), (title, page + 1)
    assert len({page for _, page in outline}) > len(outline) // 3  # not all on one page


def test_the_contents_entries_are_links_to_their_pages(printed: dict[str, PdfReader]) -> None:
    reader = printed["workbook"]
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    targets = [index[a.get_object()["/Dest"][0].idnum] for p in reader.pages[1:3]
               for a in p.get("/Annots", []) if "/Dest" in a.get_object()]
    outline_pages = [page for _, page in _outline(reader)]
    assert len(set(targets)) > 10 and targets == outline_pages[:len(targets)]


@pytest.mark.parametrize("kind", list(BOOKS))
def test_no_page_is_blank(printed: dict[str, PdfReader], kind: str) -> None:
    reader = printed[kind]
    blank = [i + 1 for i in range(len(reader.pages)) if not _body(reader, i)]
    # the contents pages are drawn at the end, and read as text too
    assert blank == [], f"{kind}: blank pages {blank}"


@pytest.fixture(scope="module")
def names(demo_db: Path) -> list[str]:
    """Every name on the demo roster (2 to 4 characters, rare ones among them)."""
    from app.session import Session
    from tests.conftest import CLOCK

    with Session.open(demo_db, CLOCK) as session:
        return [m.name for m in session.services.roster.list(include_left=True)]


@pytest.mark.parametrize("kind", list(BOOKS))
def test_lines_keep_names_whole_and_punctuation_in_place(printed: dict[str, PdfReader], kind: str,
                                                         names: list[str]) -> None:
    bad = []
    for number, page in enumerate(printed[kind].pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for a, b in pairwise(lines):
            if b[:1] in "，。、；：）》”" or a[-1:] in "（《“":
                bad.append((number, a[-6:], b[:6]))
            for name in names:
                if any(a.endswith(name[:j]) and b.startswith(name[j:]) and not b.startswith(name)
                       for j in range(1, len(name))):
                    bad.append((number, a[-6:], b[:6], name))
    assert bad == [], f"{kind}: {bad[:5]}"


def _money(text: str) -> list[float]:
    import re

    return [float(x.replace(",", "")) for x in re.findall(r"¥([\d,]+\.\d\d)", text)]


def test_the_disclosure_reconciles_with_its_table(printed: dict[str, PdfReader]) -> None:
    import re

    text = "\n".join(p.extract_text(extraction_mode="layout") for p in printed["disclosure"].pages)
    rows = [line for line in text.splitlines() if re.match(r"\s*\d+\s+\S", line) and "¥" in line]
    assert len(rows) > 20
    column = round(sum(_money(line)[-1] for line in rows), 2)
    total = _money(text[text.index("合计"):])[0]
    stated = _money(text[text.index("各月党费共交纳"):])[0]
    assert total == column == stated
    received = text[text.index("年内共收到党费"):]
    parts = _money(received.split("上缴")[0])
    assert parts[0] == round(sum(parts[1:]), 2) or len(parts) == 1  # received = this year's + others
    assert "公示期" in text and "反映" in text
    title = next(line for line in text.splitlines() if "公" in line)
    assert "收缴情况公示" in title.replace(" ", "") or "公示" not in title  # the title's words kept together


def test_the_dues_register_has_a_signature_cell_each_month_and_arrears_at_the_years_end(
        printed: dict[str, PdfReader]) -> None:
    text = "\n".join(p.extract_text() for p in printed["dues"].pages)
    assert "收缴人" in text and "签字" in text
    assert f"截至{YEAR}年12月31日" in text and f"截至{YEAR + 1}年1月1日" not in text


def test_the_record_reads_as_paper(printed: dict[str, PdfReader]) -> None:
    text = "\n".join(p.extract_text() for p in printed["workbook"].pages)
    assert "签发" not in text and "状态" not in text
    assert "记录日期" in text and "主持人签字" in text and "记录人签字" in text
    assert "谈话双方签字" in text and "到会情况" in text


def test_a_draft_watermark_lies_under_the_signature_lines(demo_db: Path, tmp_path: Path) -> None:
    import re

    from app.session import Session
    from tests.conftest import CLOCK

    with Session.open(demo_db, CLOCK) as session:
        draft = next(r for r in session.services.meetings.list() if r.status == "草稿" and r.kind != "谈心谈话")
    target = tmp_path / "draft.pdf"
    assert main(["--db", str(demo_db), "--today", TODAY, "print", "meeting", str(draft.id), "--drafts",
                 "-o", str(target)]) == 0
    stream = PdfReader(target).pages[0].get_contents().get_data().decode("latin-1")
    sizes = re.findall(r"/F\S* ([\d.]+) Tf", stream)
    assert sizes and float(sizes[0]) == 110  # the watermark is drawn first: everything else over it


def test_signin_sheets_and_blank_forms(demo_db: Path, tmp_path: Path, names: list[str]) -> None:
    from app.session import Session
    from tests.conftest import CLOCK

    with Session.open(demo_db, CLOCK) as session:
        due = [a.name for a in session.services.meetings.due_people("支部党员大会", TODAY)]
        record = next(r for r in session.services.meetings.list(year=YEAR, kind="支委会"))
        listed = [a.name for a in session.services.meetings.get(record.id).attendance]
    sheet = tmp_path / "signin.pdf"
    assert main(["--db", str(demo_db), "--today", TODAY, "print", "signin", "--kind", "支部党员大会", "--date", TODAY,
                 "-o", str(sheet)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(sheet).pages)
    assert all(n in text for n in due) and "签到（签字）" in text and "列席人员" in text
    assert f"应到{len(due)}人" in text
    assert main(["--db", str(demo_db), "--today", TODAY, "print", "signin", str(record.id), "-o", str(sheet)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(sheet).pages)
    assert all(n in text for n in listed) and "支委会签到表" in text
    blank = tmp_path / "blank.pdf"
    assert main(["--db", str(demo_db), "--today", TODAY, "print", "minutes-blank", "--kind", "党员大会",
                 "-o", str(blank)]) == 0
    pages = [p.extract_text() for p in PdfReader(blank).pages]
    assert "支部党员大会记录" in pages[0] and "表决情况" in "".join(pages) and "记录人签字" in "".join(pages)
    assert all("第 ________ 页" in p for p in pages)  # numbered by hand where they are filed


@pytest.mark.parametrize("args", [("signin",), ("signin", "--kind", "开会", "--date", TODAY),
                                  ("signin", "--kind", "谈心谈话", "--date", TODAY),
                                  ("minutes-blank", "--kind", "座谈")])
def test_forms_refuse_what_they_cannot_print(demo_db: Path, tmp_path: Path, capsys, args: tuple[str, ...]) -> None:
    target = tmp_path / "x.pdf"
    try:
        code = main(["--db", str(demo_db), "--today", TODAY, "print", *args, "-o", str(target)])
    except SystemExit as refused:  # an unknown kind is refused by the argument parser
        code = refused.code
    assert code == 2 and not target.exists() and "错误" in capsys.readouterr().err


def test_a_probationary_member_has_the_probation_form_after_the_activist_form(printed: dict[str, PdfReader]) -> None:
    pages = [p.extract_text() for p in printed["assessment"].pages]
    text = "\n".join(pages)
    assert "入党积极分子培养考察登记表" in text and "预备党员考察表" in text
    probation = [i for i, t in enumerate(pages) if "预备党员考察表" in t and "填表日期" in t]
    assert probation
    cover = pages[probation[0]]
    assert "入党介绍人" in cover and "培养联系人" not in cover and "所在单位" in cover
    form = "\n".join(pages[probation[0]:probation[0] + 3])
    assert "入党介绍人意见" in form and "转正申请日期" in form and "继续培养" not in form
    assert "（　" not in text and "（ ）" not in text and "（）" not in text  # no empty brackets
