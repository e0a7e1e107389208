"""A roster whose sheet reaches far — one stray space left in the last cell of the sheet, a title
merged across a whole row — is read or refused in words, at once: never the program stopped by a
reader asking for billions of cells (the library aborts the process when the memory is not there,
so each file here is read in a process of its own with its memory capped)."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.common import idcard, sheet_extent
from app.common.sheets import SheetReadError, read_workbook
from app.session import Session
from db.records.branch import Branch
from tests.conftest import services_of

ID_A = idcard.make("110101", "19800512", 11, "男")
ID_B = idcard.make("110101", "19850301", 22, "女")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "branch.sqlite"
    with Session.open(path) as s:
        services_of(s.conn).branch.save(Branch(name="中共测试局机关党支部"))
    return path


def _roster(path: Path, *, far: str | None = None, merges: tuple[str, ...] = ()) -> Path:
    """A two-member roster; ``far``: a cell given a single space; ``merges`` written into the
    sheet's XML as they are (openpyxl would make an object of every merged cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.append(["某某局机关党支部党员名册"])
    ws.append(["姓名", "身份证号", "入党时间", "转正时间", "所在党小组"])
    ws.append(["张三", ID_A, "2005-07-01", "2006-07-01", "第一党小组"])
    ws.append(["王芳", ID_B, "2010-06-01", "2011-06-01", "第一党小组"])
    if far:
        ws[far] = " "
    wb.save(path)
    if merges:
        with zipfile.ZipFile(path) as src:
            parts = {i.filename: src.read(i) for i in src.infolist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        tags = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        xml = re.sub(r"</sheetData>", f'</sheetData><mergeCells count="{len(merges)}">{tags}</mergeCells>', xml)
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
    return path


def _import(db: Path, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``branchbook members import`` in a process of its own with 3 GB of memory at most."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app", "--today", "2026-06-15", "--db", str(db), "members", "import",
                           str(path), "--new-groups", *extra], capture_output=True, text=True, timeout=120,
                          preexec_fn=cap, env=env, cwd=ROOT, check=False)


def test_a_stray_cell_at_the_end_of_the_sheet_is_named_and_nothing_is_imported(db: Path, tmp_path: Path) -> None:
    before = db.read_bytes()
    result = _import(db, _roster(tmp_path / "名册.xlsx", far="XFD1048576"))
    assert result.returncode == 2, result.stderr
    assert "工作表“党员名册”的 XFD1048576 单元格有内容" in result.stderr
    assert "1,048,576 行 × 16,384 列" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_a_stray_cell_in_an_ods_sheet_is_refused_in_words(db: Path, tmp_path: Path) -> None:
    result = _import(db, shutil.copyfile(FIXTURES / "远处有内容.ods", tmp_path / "名册.ods"))
    assert result.returncode == 2, result.stderr
    assert "范围过大" in result.stderr and "删除名册以外多余的内容" in result.stderr


def test_a_title_merged_across_whole_rows_still_imports(db: Path, tmp_path: Path, capsys) -> None:
    """Merged ranges past the roster's last column (a title across all 16,384 columns, a note
    merged over thousands of rows) fill only as far as the contents go."""
    path = _roster(tmp_path / "名册.xlsx", merges=("A1:XFD1", "G2:XFD5000"))
    sheets = read_workbook(path)
    grid = sheets[0][1]
    assert len(grid) == 4 and max(len(row) for row in grid) <= 7  # not 16,384 columns
    assert grid[0] == ["某某局机关党支部党员名册"] * 5
    result = _import(db, path)
    assert result.returncode == 0, result.stderr
    assert "新增 2 名" in result.stdout
    listed = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "members", "list", "--json"],
                            capture_output=True, text=True, cwd=ROOT, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert sorted(m["name"] for m in json.loads(listed.stdout)) == ["张三", "王芳"]


def test_a_sheet_reaching_just_within_the_limit_is_read(tmp_path: Path) -> None:
    """A wide roster is no stray cell: 1,000 rows down column T still read."""
    path = _roster(tmp_path / "名册.xlsx", far="T1000")
    grid = read_workbook(path)[0][1]
    assert len(grid) == 1000 and len(grid[0]) == 20


def test_a_stray_cell_at_the_end_of_an_old_xls_sheet_is_named(db: Path, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名册")
    for c, h in enumerate(["姓名", "身份证号", "入党时间"]):
        ws.write(0, c, h)
    for c, v in enumerate(["张三", ID_A, "2005-07-01"]):
        ws.write(1, c, v)
    ws.write(65535, 255, " ")
    path = tmp_path / "名册.xls"
    wb.save(str(path))
    result = _import(db, path)
    assert result.returncode == 2, result.stderr
    assert "工作表“名册”的 IV65536 单元格有内容" in result.stderr and "65,536 行 × 256 列" in result.stderr


def test_a_sheet_that_unpacks_to_more_than_any_roster_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    """A few hundred kilobytes that unpack to gigabytes of XML (here: the limit lowered to 1 MB)."""
    path = _roster(tmp_path / "名册.xlsx")
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b"<sheetData>" + b" " * 2_000_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(sheet_extent, "MAX_SHEET_XML", 1_000_000)
    with pytest.raises(SheetReadError, match="工作表“党员名册”过大"):
        read_workbook(path)


def test_sheets_that_together_span_more_than_any_roster_are_refused(tmp_path: Path, monkeypatch) -> None:
    """Each sheet within bounds, a hundred of them not (here: the bound lowered to 30 cells)."""
    monkeypatch.setattr(sheet_extent, "MAX_CELLS", 30)
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "入党时间"])
    for n in range(1, 12):
        ws = wb.create_sheet(f"第{n}组")
        ws.append(["姓名", "身份证号", "入党时间"])
        ws.append(["张三", ID_A, "2005-07-01"])
    path = tmp_path / "名册.xlsx"
    wb.save(path)
    with pytest.raises(SheetReadError, match="各工作表合计超过"):
        read_workbook(path)
