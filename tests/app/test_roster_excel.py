"""Roster import from real-world spreadsheets, and export that round-trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from app.common import idcard
from app.common.errors import UserError
from app.roster.excel import RosterImporter, export_roster, read_roster
from app.roster.service import MemberService
from db import backup
from tests.conftest import services_of

ID_A = idcard.make("110101", "19800512", 11, "男")
ID_B = idcard.make("110101", "19750303", 12, "女")
ID_C = idcard.make("370102", "19920818", 13, "男")
ID_D = idcard.make("370102", "19661201", 14, "女")


def _sheet(path: Path, header: list[str], rows: list[list[object]], title_rows: int = 2,
           merge_title: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    for r in range(1, title_rows + 1):
        ws.cell(row=r, column=1, value="某某局机关党支部党员花名册" if r == 1 else "填报日期：2025年3月")
        if merge_title:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
    for c, h in enumerate(header, start=1):
        ws.cell(row=title_rows + 1, column=c, value=h)
    for r, row in enumerate(rows, start=title_rows + 2):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


HEADER = ["序号", "姓 名", "性别", "民族", "出生年月", "身份证号码", "文化程度", "工作单位", "职务",
          "人员类别", "入党时间", "转正时间", "党员身份", "所在党小组", "是否党员领导干部", "手机号码"]


def _good_rows() -> list[list[object]]:
    return [
        [1, "张  三", "男", "汉", "1980.05", ID_A, "大学本科", "市财政局", "科长", "在职",
         "2005.7.1", "2006年7月1日", "正式党员", "第一党小组", "否", " 13800138000 "],
        [2, "王䶮", "女", "回族", dt.datetime(1975, 3, 3), ID_B, "研究生", "市财政局", "副局长", "在职",
         dt.datetime(2001, 6, 20), 37427, "正式", "第二党小组", "是", "13900139000"],
        [3, "𠮷祥", "", "汉族", "", ID_C, "大学本科", "市财政局办公室", "", "在职",
         "2024/12/18", "", "预备", "第一党小组", "", ""],
        [4, "李秀兰", "女", "汉族", 196612, ID_D, "高中", "", "", "退休",
         "198803", "198903", "正式", "", "否", "0531-8888888"],
    ]


def test_a_real_shaped_roster_is_understood(branch_conn, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows())
    preview = read_roster(path, services_of(branch_conn).roster)
    assert preview.problems == []
    assert preview.header_row == 3
    assert [r.row for r in preview.rows] == [4, 5, 6, 7]
    a, b, c, d = (r.fields for r in preview.rows)
    assert a["name"] == "张三" and a["ethnicity"] == "汉族" and a["birth_date"] == "1980-05"
    assert a["join_date"] == "2005-07-01" and a["full_date"] == "2006-07-01"
    assert a["work_unit_post"] == "市财政局 科长" and a["phone"] == "13800138000"
    assert b["name"] == "王䶮" and b["is_leader_cadre"] is True and b["full_date"] == "2002-06-20"
    assert c["name"] == "𠮷祥" and c["gender"] == "男" and c["birth_date"] == "1992-08-18"
    assert c["member_class"] == "预备"
    assert d["personnel_category"] == "离退休" and d["join_date"] == "1988-03"
    assert preview.new_groups == ["第一党小组", "第二党小组"]
    assert services_of(branch_conn).roster.list() == []  # the preview writes nothing

    with pytest.raises(UserError, match="第一党小组、第二党小组"):  # new groups need a tick
        RosterImporter(services_of(branch_conn).roster, None).run(preview)
    assert services_of(branch_conn).roster.list() == []
    count = RosterImporter(services_of(branch_conn).roster, None).run(preview, create_groups=True)
    assert count == 4
    members = {m.name: m for m in services_of(branch_conn).roster.list()}
    assert set(members) == {"张三", "王䶮", "𠮷祥", "李秀兰"}
    assert members["张三"].group_name == "第一党小组"
    assert members["李秀兰"].group_name is None


def test_merged_group_cells_fill_every_row(branch_conn, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "merged.xlsx", HEADER, _good_rows()[:2])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(row=5, column=14, value=None)
    ws.merge_cells(start_row=4, start_column=14, end_row=5, end_column=14)
    wb.save(path)
    preview = read_roster(path, services_of(branch_conn).roster)
    assert [r.group for r in preview.rows] == ["第一党小组", "第一党小组"]


def test_ids_stored_as_numbers_are_reported(branch_conn, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[0][5] = 110101198005120000  # what Excel leaves of a number typed into a number cell
    preview = read_roster(_sheet(tmp_path / "n.xlsx", HEADER, rows), services_of(branch_conn).roster)
    assert len(preview.problems) == 1
    p = preview.problems[0]
    assert (p.row, p.column) == (4, "公民身份号码")
    assert "数字格式" in p.message and "文本" in p.message


@pytest.mark.parametrize(
    ("column", "value", "expected_column", "fragment"),
    [
        (5, "110101198005120019", "公民身份号码", "校验位错误"),
        (1, "  ", "姓名", "姓名为空"),
        (10, "去年七一", "入党日期", "不是可识别的日期"),
        (10, "", "入党日期", "不能为空"),
        (2, "女", "性别", "不符"),
        (14, "不知道", "党员领导干部", "“是”或“否”"),
        (9, "临时工", "人员类别", "人员类别应为"),
    ],
)
def test_each_kind_of_bad_row_blocks_with_row_column_and_reason(
    branch_conn, tmp_path: Path, column: int, value: object, expected_column: str, fragment: str
) -> None:
    rows = _good_rows()
    rows[1][column] = value
    if column == 2:
        rows[1][2] = "男"  # ID_B is a woman's
    preview = read_roster(_sheet(tmp_path / "bad.xlsx", HEADER, rows), services_of(branch_conn).roster)
    assert not preview.ok
    assert any(p.row == 5 and p.column == expected_column and fragment in p.message
               for p in preview.problems), [str(p) for p in preview.problems]
    with pytest.raises(UserError) as info:
        RosterImporter(services_of(branch_conn).roster, None).run(preview)
    assert "第5行" in info.value.message
    assert services_of(branch_conn).roster.list() == []


def test_duplicates_in_the_file_and_in_the_database(branch_conn, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[3][5] = ID_A
    preview = read_roster(_sheet(tmp_path / "dup.xlsx", HEADER, rows), services_of(branch_conn).roster)
    assert any(p.row == 7 and "与第4行的号码重复" in p.message for p in preview.problems)

    one = _sheet(tmp_path / "one.xlsx", HEADER, _good_rows()[:1])
    roster = services_of(branch_conn).roster
    RosterImporter(roster, None).run(read_roster(one, roster), create_groups=True)
    preview = read_roster(_sheet(tmp_path / "again.xlsx", HEADER, _good_rows()), services_of(branch_conn).roster)
    assert [(p.row, p.column) for p in preview.problems] == [(4, "公民身份号码")]
    assert "已在党员名册中" in preview.problems[0].message


def test_all_or_nothing_when_a_write_fails_midway(branch_conn, tmp_path: Path, monkeypatch) -> None:
    preview = read_roster(_sheet(tmp_path / "ok.xlsx", HEADER, _good_rows()), services_of(branch_conn).roster)
    assert preview.ok
    calls = {"n": 0}
    original = MemberService._create

    def failing(self, data, group_id, arrival):
        calls["n"] += 1
        if calls["n"] == 3:
            raise UserError("模拟写入失败")
        return original(self, data, group_id, arrival)

    monkeypatch.setattr(MemberService, "_create", failing)
    with pytest.raises(UserError) as info:
        RosterImporter(services_of(branch_conn).roster, None).run(preview, create_groups=True)
    assert "第6行" in info.value.message and "未导入任何数据" in info.value.message
    assert branch_conn.execute("SELECT count(*) FROM member").fetchone()[0] == 0
    assert branch_conn.execute("SELECT count(*) FROM party_group").fetchone()[0] == 0


def test_no_header_and_missing_columns(branch_conn, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "x.xlsx", ["甲", "乙"], [["a", "b"]])
    assert "没有找到表头" in read_roster(path, services_of(branch_conn).roster).problems[0].message
    path = _sheet(tmp_path / "y.xlsx", ["姓名", "性别"], [["张三", "男"]])
    columns = {p.column for p in read_roster(path, services_of(branch_conn).roster).problems}
    assert columns == {"公民身份号码", "入党日期"}
    not_excel = tmp_path / "z.xlsx"
    not_excel.write_text("hello")
    assert "不是可以识别的表格文件" in read_roster(not_excel, services_of(branch_conn).roster).problems[0].message


def test_export_round_trips_through_import(demo_session, tmp_path: Path) -> None:
    conn = demo_session.conn
    out = tmp_path / "导出.xlsx"
    count = export_roster(services_of(conn).roster, out)
    before = {m.id_number: m for m in services_of(conn).roster.list(include_left=False)}
    assert count == len(before)

    # Into a fresh database: everything comes back the same.
    from app.session import Session

    with Session.open(tmp_path / "fresh.sqlite") as fresh:
        preview = read_roster(out, fresh.services.roster)
        assert preview.problems == []
        RosterImporter(fresh.services.roster, fresh.path).run(preview, create_groups=True)
        after = {m.id_number: m for m in fresh.services.roster.list()}
    fields = (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "native_place",
        "education",
        "work_unit_post",
        "personnel_category",
        "join_date",
        "full_date",
        "member_class",
        "is_leader_cadre",
        "phone",
        "group_name",
    )
    for number, m in before.items():
        assert {f: getattr(after[number], f) for f in fields} == {f: getattr(m, f) for f in fields}
    assert {"王䶮", "𠮷祥"} <= {m.name for m in after.values()}

    # Edited and imported back into the same database as an update.
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    ws.cell(row=4, column=16, value="13011112222")
    wb.save(out)
    preview = read_roster(out, services_of(conn).roster, update_existing=True)
    assert preview.problems == []
    RosterImporter(services_of(conn).roster, demo_session.path).run(preview)
    first_id = ws.cell(row=4, column=6).value
    member = next(m for m in services_of(conn).roster.list() if m.id_number == first_id)
    assert member.phone == "13011112222"
    assert any(e["action"] == "修改" for e in services_of(conn).roster.history(member.id))
    assert len(backup.list_backups(demo_session.path)) == 1  # taken before the import


def _real_roster(path: Path) -> Path:
    """A 花名册 as branches keep it: a title, a two-row merged header, members, a blank
    separator, a 合计 line, notes and the 制表人/审核人 footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws["A1"] = "某某局机关党支部党员花名册"
    ws.merge_cells("A1:H1")
    ws["A2"], ws["B2"], ws["C2"], ws["F2"] = "序号", "姓名", "基本情况", "组织情况"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:E2")
    ws.merge_cells("F2:H2")
    for col, label in zip("CDEFGH", ("性别", "出生年月", "身份证号码", "入党时间", "转正时间", "所在党小组"),
                          strict=True):
        ws[f"{col}3"] = label
    rows = [[1, "张三", "男", "1980.05", ID_A, "2005.7.1", "2006.7.1", "第一党小组"],
            [2, "王芳", "女", "1975.03", ID_B, "2001.6.20", "2002.6.20", "第一党小组"]]
    for r, row in enumerate(rows, start=4):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    ws["A7"] = "合计"
    ws["B7"] = "共2人"
    ws["A8"] = "注：1.党员领导干部请在备注栏注明；2.预备党员的转正时间不填。"
    ws.merge_cells("A8:H8")
    ws["A9"], ws["E9"] = "制表人：李四", "审核人：赵五"
    ws["A10"] = "填报日期：2025年3月12日"
    wb.save(path)
    return path


def test_footer_lines_and_merged_headers_of_a_real_roster_are_skipped(branch_conn, tmp_path: Path) -> None:
    preview = read_roster(_real_roster(tmp_path / "花名册.xlsx"), services_of(branch_conn).roster)
    assert preview.problems == []
    assert preview.header_row == 3
    assert [(r.row, r.fields["name"]) for r in preview.rows] == [(4, "张三"), (5, "王芳")]
    assert [row for row, _ in preview.skipped] == [7, 8, 9, 10]
    reasons = dict(preview.skipped)
    assert reasons[7] == "合计行" and reasons[8] == "说明文字" and "制表人" in reasons[9]


@pytest.mark.parametrize("name", ["名册.xls", "名册.et"])  # .et: WPS 表格's own name for such a workbook
def test_an_old_xls_roster_opens(branch_conn, tmp_path: Path, name: str) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名册")
    ws.write_merge(0, 0, 0, 4, "某某党支部党员名册")
    for c, h in enumerate(["序号", "姓名", "公民身份号码", "入党日期", "党小组"]):
        ws.write(1, c, h)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(2, 0, 1)
    ws.write(2, 1, "张三")
    ws.write(2, 2, ID_A)
    ws.write(2, 3, dt.date(2005, 7, 1), date_style)
    ws.write(2, 4, "第一党小组")
    ws.write(4, 0, "制表人：李四")
    path = tmp_path / name
    wb.save(str(path))
    preview = read_roster(path, services_of(branch_conn).roster)
    assert preview.problems == []
    assert [(r.row, r.fields["name"], r.fields["join_date"]) for r in preview.rows] == [(3, "张三", "2005-07-01")]
    assert preview.skipped == [(5, "表尾（制表人、审核人、日期等）")]
    RosterImporter(services_of(branch_conn).roster, None).run(preview, create_groups=True)
    assert [m.name for m in services_of(branch_conn).roster.list()] == ["张三"]


def test_a_file_that_is_not_a_workbook_gets_a_chinese_message(branch_conn, tmp_path: Path) -> None:
    html = tmp_path / "名册.xls"
    html.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    pdf = tmp_path / "名册.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    messages = [str(read_roster(p, services_of(branch_conn).roster).problems[0]) for p in (html, pdf, empty)]
    assert "网页" in messages[0] and "另存为" in messages[0]
    assert "不是可以识别的表格文件" in messages[1]
    assert "空文件" in messages[2]
    assert not any("Error" in m or "Exception" in m for m in messages)


def test_one_message_per_problem(branch_conn, tmp_path: Path) -> None:
    rows = _good_rows()
    rows[1][1] = ""  # no name
    preview = read_roster(_sheet(tmp_path / "x.xlsx", HEADER, rows), services_of(branch_conn).roster)
    about_name = [p for p in preview.problems if p.row == 5 and p.column == "姓名"]
    assert len(about_name) == 1


def test_a_group_typo_does_not_create_a_group_unless_ticked(branch_conn, tmp_path: Path) -> None:
    from db.repositories import branch as branch_repo

    branch_repo.insert_group(branch_conn, {"name": "第一党小组", "sort_order": 0})
    branch_conn.commit()
    rows = _good_rows()[:1]
    rows[0][13] = "第九党小组"
    preview = read_roster(_sheet(tmp_path / "x.xlsx", HEADER, rows), services_of(branch_conn).roster)
    assert preview.new_groups == ["第九党小组"]
    with pytest.raises(UserError, match="第九党小组"):
        RosterImporter(services_of(branch_conn).roster, None).run(preview)
    assert [g.name for g in branch_repo.list_groups(branch_conn, True)] == ["第一党小组"]
    assert services_of(branch_conn).roster.list() == []


def test_the_template_imports_as_its_example(branch_conn, tmp_path: Path) -> None:
    from app.roster.excel import write_template

    write_template(tmp_path / "模板.xlsx")
    preview = read_roster(tmp_path / "模板.xlsx", services_of(branch_conn).roster)
    assert preview.problems == []
    assert [r.fields["name"] for r in preview.rows] == ["张三"]


def _exported(tmp_path: Path, name: str, header: list[str], rows: list[list[object]]) -> Path:
    return _sheet(tmp_path / name, header, rows, title_rows=1)


@pytest.fixture
def branch_db_path(tmp_path: Path) -> Path:
    from app.session import Session
    from db.records.branch import Branch

    db = tmp_path / "branch.sqlite"
    with Session.open(db) as s:
        services_of(s.conn).branch.save(Branch(name="中共测试局机关党支部"))
    return db


@pytest.mark.parametrize(("class_header", "category_header"), [
    ("人员类别", None),  # 正式党员/预备党员 under 人员类别, no category column at all
    ("党籍状态", "人员类别"),
    ("类别", "身份类别"),
    ("人员类别", "党员类别"),  # the two headers the wrong way round
])
def test_rosters_as_they_are_exported_are_read_by_content(branch_db_path, tmp_path: Path, capsys,
                                                         class_header, category_header) -> None:
    from app.cli import main

    header = ["序号", "姓名", "身份证号", "入党时间", "转正时间", class_header]
    rows = [[1, "张三", ID_A, "2005-07-01", "2006-07-01", "正式党员"],
            [2, "李秀兰", ID_D, "1988-03-01", "1989-03-01", "正式党员"],
            [3, "𠮷祥", ID_C, "2024-12-18", "", "预备党员"]]
    if category_header:
        header.append(category_header)
        for row, category in zip(rows, ("在职", "退休", "在职"), strict=True):
            row.append(category)
    path = _exported(tmp_path, "export.xlsx", header, rows)
    db = str(branch_db_path)
    assert main(["--db", db, "members", "import", str(path), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    if class_header == "人员类别":  # the preview says how the column was read
        assert "“人员类别”列填的是正式/预备，按“党员类别”读入" in shown
    assert main(["--db", db, "members", "import", str(path)]) == 0
    assert "新增 3 名" in capsys.readouterr().out
    assert main(["--db", db, "members", "list", "--json"]) == 0
    members = {m["name"]: m for m in json.loads(capsys.readouterr().out)}
    assert [members[n]["member_class"] for n in ("张三", "李秀兰", "𠮷祥")] == ["正式", "正式", "预备"]
    expected = ["在职", "离退休", "在职"] if category_header else ["在职"] * 3
    assert [members[n]["personnel_category"] for n in ("张三", "李秀兰", "𠮷祥")] == expected


def _text_table(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


TEXT_ROWS = [["某某局机关党支部党员名册", "", "", "", ""],
             ["序号", "姓名", "身份证号", "入党时间", "所在党小组"],
             ["1", "张三", ID_A, "2005/7/1", "第一党小组"],
             ["2", "李秀兰", ID_D, "1988年3月", "第一党小组, 机关"],  # a comma inside a quoted cell
             ["3", "𠮷祥", ID_C, "2024-12-18", ""],
             ["制表人：王五", "", "", "", ""]]


@pytest.mark.parametrize("name, data", [
    ("名册.csv", _text_table(TEXT_ROWS, ",").encode("gb18030")),  # what Excel saves as CSV on Chinese Windows
    ("名册.csv", _text_table(TEXT_ROWS, ",").encode("utf-8-sig")),  # CSV UTF-8
    ("名册.txt", _text_table(TEXT_ROWS, "\t").encode("utf-16")),  # Excel's "Unicode 文本"
    ("系统导出.xls", _text_table(TEXT_ROWS, "\t").encode("gb18030")),  # a web system's "导出 Excel"
])
def test_text_tables_are_read_as_rosters(branch_conn, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    preview = read_roster(path, services_of(branch_conn).roster)
    assert preview.problems == []
    assert [(r.row, r.fields["name"], r.fields["join_date"]) for r in preview.rows] == [
        (3, "张三", "2005-07-01"), (4, "李秀兰", "1988-03"), (5, "𠮷祥", "2024-12-18")]
    assert preview.rows[1].group == "第一党小组, 机关"
    assert preview.skipped == [(6, "表尾（制表人、审核人、日期等）")]


def test_a_workbook_under_another_suffix_opens_and_a_text_table_imports_by_cli(
        branch_db_path, tmp_path: Path, capsys) -> None:
    from app.cli import main

    renamed = _sheet(tmp_path / "名册.xlsx", HEADER, _good_rows()).rename(tmp_path / "名册.xls")  # "改了扩展名"
    db = str(branch_db_path)
    assert main(["--db", db, "members", "import", str(renamed), "--dry-run"]) == 0
    assert "共 4 名党员，检查通过" in capsys.readouterr().out
    csv_path = tmp_path / "名册.csv"
    csv_path.write_bytes(_text_table(TEXT_ROWS, ",").encode("gb18030"))
    assert main(["--today", "2026-06-15", "--db", db, "members", "import", str(csv_path), "--new-groups"]) == 0
    out = capsys.readouterr().out
    assert "新增 3 名" in out and "入党已满两年的按正式党员" in out
    assert main(["--db", db, "members", "list", "--json"]) == 0
    classes = {m["name"]: m["member_class"] for m in json.loads(capsys.readouterr().out)}
    # no class column and no 转正 date: a member of many years is 正式, one who joined in 2024 预备
    assert (classes["张三"], classes["李秀兰"], classes["𠮷祥"]) == ("正式", "正式", "预备")
    binary = tmp_path / "坏.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main(["--db", db, "members", "import", str(binary)]) == 2
    err = capsys.readouterr().err
    assert "坏.csv" in err and "不是文本表格" in err and "Traceback" not in err


def test_a_roster_exported_by_the_national_member_system(branch_db_path, tmp_path: Path, capsys) -> None:
    """Its columns as that system names them: 人员类别 as 在岗职工/离退休人员, 转为正式党员日期, and a
    党籍状态 of 正常 that is not the member class."""
    from app.cli import main

    header = ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部", "入党日期",
              "转为正式党员日期", "工作岗位", "联系电话", "党籍状态", "是否失联党员", "是否党员领导干部"]
    rows = [[1, "张三", "男", ID_A, "汉族", "1980-05-12", "大学本科", "在岗职工（公务员）", "某某党支部", "2005-07-01",
             "2006-07-01", "科长", "13800138000", "正常", "否", "是"],
            [2, "李秀兰", "女", ID_D, "汉族", "1966-12-01", "高中", "离退休人员", "某某党支部", "1988-03-01",
             "", "", "", "正常", "否", "无"],
            [3, "𠮷祥", "男", ID_C, "汉族", "1992-08-18", "硕士研究生", "专业技术人员", "某某党支部", "2025-11-20",
             "", "工程师", "", "正常", "否", "—"]]
    path = _exported(tmp_path, "全国党员管理信息系统导出.xlsx", header, rows)
    db = str(branch_db_path)
    assert main(["--today", "2026-06-15", "--db", db, "members", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "“党籍状态”列填的不是正式/预备（如“正常”），未作为党员类别读入" in out and "新增 3 名" in out
    assert main(["--db", db, "members", "list", "--json"]) == 0
    members = {m["name"]: m for m in json.loads(capsys.readouterr().out)}
    assert [(members[n]["member_class"], members[n]["personnel_category"], members[n]["full_date"])
            for n in ("张三", "李秀兰", "𠮷祥")] == [("正式", "在职", "2006-07-01"), ("正式", "离退休", None),
                                                  ("预备", "在职", None)]
    assert members["𠮷祥"]["work_unit_post"] == "工程师"
    assert [members[n]["is_leader_cadre"] for n in ("张三", "李秀兰", "𠮷祥")] == [True, False, False]


def test_id_numbers_a_text_table_keeps_as_text_are_read_as_their_digits(branch_conn, tmp_path: Path) -> None:
    """="1101…" (written for Excel so the digits stay text) and '1101… (Excel's text prefix)."""
    lines = ["姓名,身份证号,入党时间,联系电话", f'张三,="{ID_A}",2005-07-01,="13800138000"',
             f"李秀兰,'{ID_D},1988-03-01,'13900139000", f'𠮷祥,"{ID_C}\t",2024-12-18,=""']
    path = tmp_path / "系统导出.csv"
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    preview = read_roster(path, services_of(branch_conn).roster)
    assert preview.problems == []
    assert [(r.fields["id_number"], r.fields["phone"]) for r in preview.rows] == [
        (ID_A, "13800138000"), (ID_D, "13900139000"), (ID_C, "")]
