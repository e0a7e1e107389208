"""Earlier meetings in from a secretary's own Excel register (as kept, not only the template),
the refusals that change nothing, the year's register out, and export → edit → import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.roster.model import Arrival
from app.session import Session
from db.records.branch import Branch
from tests.app.test_bad_input import digest
from tests.conftest import make_member, services_of

TODAY = "2026-06-15"


@pytest.fixture
def branch_db(tmp_path: Path) -> Path:
    """The branch of tests.app.test_meetings.build_branch, with 杨帆, 刘洋 and two members named 张伟."""
    from tests.app.test_meetings import build_branch

    db = tmp_path / "branch.sqlite"
    with Session.open(db) as s:
        services_of(s.conn).branch.save(Branch(name="中共测试局机关党支部"))
        b = build_branch(s.conn)
        roster = services_of(s.conn).roster
        for name, birth in (("杨帆", "19850101"), ("刘洋", "19860202"), ("张伟", "19870303"), ("张伟", "19900404")):
            roster.create(make_member(name=name, birth=birth, join_date="2012-01-01"), group_id=b["g1"],
                          arrival=Arrival(date="2015-01-01"))
    return db


def run(db: Path, *args: str, today: str = TODAY) -> int:
    return main(["--db", str(db), "--today", today, *args])


def sheet(path: Path, header: list[str], rows: list[list[object]], title: str | None = "2025年三会一课登记表",
          footer: list[list[object]] = (), name: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    r = 1
    if title:
        ws.cell(row=1, column=1, value=title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        r = 2
    for c, h in enumerate(header, start=1):
        ws.cell(row=r, column=c, value=h)
    for row in [*rows, *footer]:
        r += 1
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


def meetings(db: Path) -> list:
    with Session.open(db) as s:
        service = services_of(s.conn).meetings
        return [service.get(m.id) for m in service.list()]


def history(db: Path, meeting_id: int) -> list[dict]:
    with Session.open(db) as s:
        return services_of(s.conn).integrity.log_entries(record=(("meeting",), meeting_id))


AS_KEPT = ["序号", "类型", "日期", "时间", "地点", "议题", "主持人", "记录员", "出席人员", "缺席人员及原因", "列席人员",
           "会议内容", "决议"]


def test_a_register_as_secretaries_keep_it_comes_in_as_drafts(branch_db: Path, tmp_path: Path, capsys) -> None:
    rows = [
        [1, "支部委员会", "2025-03-05", "14:30-16:00", "三楼会议室", "研究第一季度工作", "正式0", "正式1", "", "", "",
         "传达上级精神\n研究发展工作", "同意"],
        [2, "党员大会", "2025年3月20日", "9:00—11:00", "", "第一季度党员大会", "正式0", "正式1", "全体党员",
         "杨帆（出差）、刘洋（病假）", "王强（上级党组织代表）", "", ""],
        [3, "小组会", "2025/3/25", "14:30至16:00", "", "学习", "正式0", "正式1", "", "正式3（家里装修）", "", "", ""],
        [4, "主题党日", "2025.4.1", "", "", "四月主题党日", "正式0", "正式1", "", "无", "", "", ""],
        [5, "支委会", dt.datetime(2025, 4, 8), "下午2:30-4:00", "", "研究四月工作", "正式0", "正式1",
         "正式0，正式1 正式2", "", "", "", ""],
    ]
    path = sheet(tmp_path / "登记表.xlsx", [*AS_KEPT, "党小组"], [r + (["第一党小组"] if r[0] == 3 else [""])
                                                               for r in rows],
                 footer=[["注：本表由支部书记填写"], ["合计", "", "5次"], ["填表人：正式1", "", "", "审核人：正式0"]])
    assert run(branch_db, "meetings", "import", str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "应到13人 实到11人\t缺席：杨帆（公出：出差）、刘洋（病假）" in out  # attendance derived and shown
    assert "已跳过第8行：说明文字" in out and "已跳过第9行：合计行" in out and "已跳过第10行：表尾" in out
    assert "新增 5 条" in out and "（预览，未写入）" in out
    assert meetings(branch_db) == []

    assert run(branch_db, "meetings", "import", str(path)) == 0
    got = {m.title: m for m in meetings(branch_db)}
    assert len(got) == 5 and all(m.status == "草稿" for m in got.values())
    committee = got["研究第一季度工作"]
    assert (committee.kind, committee.date, committee.start_time, committee.end_time, committee.recorder) == (
        "支委会", "2025-03-05", "14:30", "16:00", "正式1")
    assert committee.agenda == [] and committee.content == "传达上级精神\n研究发展工作"
    general = got["第一季度党员大会"]
    absent = {a.name: (a.absence_reason, a.absence_note) for a in general.attendance if not a.present}
    assert absent == {"杨帆": ("公出", "出差"), "刘洋": ("病假", "")}
    assert [(o.name, o.role) for o in general.observers] == [("王强", "上级党组织代表")]
    group = got["学习"]
    assert [a.name for a in group.attendance if not a.present] == ["正式3"]
    assert group.attendance[[a.name for a in group.attendance].index("正式3")].absence_reason == "其他"
    assert got["研究四月工作"].start_time == "14:30" and got["研究四月工作"].end_time == "16:00"
    log = history(branch_db, committee.id)
    assert log[0]["action"] == "从Excel导入" and "登记表.xlsx 第3行" in log[0]["reason"]


def test_sheets_by_kind_two_time_columns_and_the_old_xls_format(branch_db: Path, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    for name, rows in (("支委会", [["2025-05-06", "9:30", "11:00", "五月支委会", "正式0", "正式1", ""]]),
                       ("党课", [["2025-05-20", "1430", "16:00", "学习新党章", "正式0", "", "正式2"]])):
        ws = book.add_sheet(name)
        for c, h in enumerate(["日期", "开始时间", "结束时间", "主题", "主持人", "记录人", "主讲人"]):
            ws.write(0, c, h)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                ws.write(r, c, v)
    path = tmp_path / "分表.xls"
    book.save(str(path))
    assert run(branch_db, "meetings", "import", str(path)) == 0
    got = {m.kind: m for m in meetings(branch_db)}
    assert got["支委会"].start_time == "09:30" and got["支委会"].end_time == "11:00"
    lecture = got["党课"]
    assert (lecture.speaker, lecture.lecture_title, lecture.start_time) == ("正式2", "学习新党章", "14:30")
    assert lecture.speaker_member_id is not None


@pytest.mark.parametrize(("row", "expected"), [
    (["支委会", "2025-02-30", "正式0", "正式1", "", "题"], "第3行“日期”列：2025年2月没有30日"),
    (["碰头会", "2025-03-05", "正式0", "正式1", "", "题"], "第3行“类型”列：“碰头会”不是可识别的会议类型"),
    (["支委会", "2025-03-05", "", "正式1", "", "题"], "第3行“主持人”列：请填写主持人"),
    (["党员大会", "2025-03-05", "正式0", "正式1", "杨凡（病假）", "题"], "名册中没有“杨凡”；是否是：杨帆"),
    (["党员大会", "2025-03-05", "正式0", "正式1", "张伟（病假）", "题"], "有2人叫“张伟”"),
    (["党员大会", "2025-03-05", "正式0", "正式1", "杨帆", "题"], "没有写杨帆的缺席原因"),
    (["党员大会", "2014-03-05", "正式0", "正式1", "杨帆（病假）", "题"], "“杨帆”在2014年3月5日不是本支部党员"),
    (["支委会", "2025-03-05", "正式0", "正式1", "杨帆（病假）", "题"],
     "杨帆不在本次支委会的应到人员中（当日的支部委员）"),
])
def test_a_row_that_cannot_be_read_refuses_the_whole_file(branch_db: Path, tmp_path: Path, capsys, row: list[str],
                                                          expected: str) -> None:
    header = ["类型", "日期", "主持人", "记录人", "缺席人员", "会议名称"]
    good = ["支委会", "2025-01-10", "正式0", "正式1", "", "一月支委会"]
    path = sheet(tmp_path / "bad.xlsx", header, [row, good])
    before = digest(branch_db)
    assert run(branch_db, "meetings", "import", str(path)) == 2
    err = capsys.readouterr().err
    assert expected in err and "未导入任何记录" in err and "Traceback" not in err
    assert digest(branch_db) == before


def test_an_ambiguous_name_is_told_apart_by_the_id_numbers_last_digits(branch_db: Path, tmp_path: Path, capsys) -> None:
    with Session.open(branch_db) as s:
        tail = next(m for m in services_of(s.conn).roster.list() if m.name == "张伟").id_number[-4:]
    header = ["类型", "日期", "主持人", "记录人", "缺席人员", "会议名称", "应到人数", "实到人数"]
    path = sheet(tmp_path / "r.xlsx", header,
                 [["党员大会", "2025-03-05", "正式0", "正式1", f"张伟（{tail}）（病假）", "三月大会", "13人", "12"]])
    assert run(branch_db, "meetings", "import", str(path)) == 0, capsys.readouterr().err
    [m] = meetings(branch_db)
    [absent] = [a for a in m.attendance if not a.present]
    assert absent.name == "张伟" and absent.absence_reason == "病假"


def test_stated_counts_that_disagree_with_the_roster_are_refused(branch_db: Path, tmp_path: Path, capsys) -> None:
    path = sheet(tmp_path / "r.xlsx", ["类型", "日期", "主持人", "记录人", "会议名称", "应到", "实到"],
                 [["党员大会", "2025-03-05", "正式0", "正式1", "三月大会", 14, 14]])
    assert run(branch_db, "meetings", "import", str(path)) == 2
    assert "表中写应到14人，按名册和缺席人员应为13人" in capsys.readouterr().err


def test_a_listed_attendance_must_account_for_everyone_due(branch_db: Path, tmp_path: Path, capsys) -> None:
    path = sheet(tmp_path / "r.xlsx", ["类型", "日期", "主持人", "记录人", "会议名称", "参加人员"],
                 [["支委会", "2025-03-05", "正式0", "正式1", "三月支委会", "正式0、正式1"]])
    assert run(branch_db, "meetings", "import", str(path)) == 2
    assert "应到人员中正式2既不在参加人员中，也不在缺席人员中" in capsys.readouterr().err


def test_export_edit_import_round_trips_drafts_and_leaves_signed_records_alone(branch_db: Path, tmp_path: Path,
                                                                             capsys) -> None:
    source = sheet(tmp_path / "in.xlsx", ["类型", "日期", "主持人", "记录人", "缺席人员", "会议名称", "党小组"],
                   [["支委会", "2025-01-10", "正式0", "正式1", "正式2（出差）", "一月支委会", ""],
                    ["党小组会", "2025-01-20", "正式0", "正式1", "", "一月小组会", "第一党小组"]])
    assert run(branch_db, "meetings", "import", str(source)) == 0
    first, second = sorted(meetings(branch_db), key=lambda m: m.date)
    assert run(branch_db, "meetings", "sign", str(first.id), "--by", "正式0") == 0
    out = tmp_path / "out.xlsx"
    assert run(branch_db, "meetings", "list", "--year", "2025", "-o", str(out)) == 0
    capsys.readouterr()
    # the same file again changes nothing
    assert run(branch_db, "meetings", "import", str(out)) == 0
    assert "都已在台账中" in capsys.readouterr().out

    wb = openpyxl.load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[2]]
    title_col, absent_col = header.index("会议名称") + 1, header.index("缺席人员及原因") + 1
    rows = {ws.cell(row=r, column=title_col).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(row=rows["一月小组会"], column=title_col, value="一月党小组学习")
    ws.cell(row=rows["一月小组会"], column=absent_col, value="正式3（病假）")
    wb.save(out)
    assert run(branch_db, "meetings", "import", str(out)) == 0
    assert "更新 1 条" in capsys.readouterr().out
    updated = {m.id: m for m in meetings(branch_db)}[second.id]
    assert updated.title == "一月党小组学习" and [a.name for a in updated.attendance if not a.present] == ["正式3"]

    ws.cell(row=rows["一月支委会"], column=title_col, value="改过的标题")
    wb.save(out)
    before = digest(branch_db)
    assert run(branch_db, "meetings", "import", str(out)) == 2
    assert f"第{first.id}号记录已签发，不能用导入修改" in capsys.readouterr().err
    assert digest(branch_db) == before


def test_importing_the_same_meetings_twice_is_refused(branch_db: Path, tmp_path: Path, capsys) -> None:
    path = sheet(tmp_path / "r.xlsx", ["类型", "日期", "主持人", "记录人", "会议名称"],
                 [["支委会", "2025-03-05", "正式0", "正式1", "三月支委会"]])
    assert run(branch_db, "meetings", "import", str(path)) == 0
    assert run(branch_db, "meetings", "import", str(path)) == 2
    assert "与台账中已有的第1号记录相同" in capsys.readouterr().err
    assert len(meetings(branch_db)) == 1


def test_the_template_reads_back_and_explains_every_column(branch_db: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "模板.xlsx"
    assert main(["meetings", "template", str(template)]) == 0
    assert main(["members", "template", str(tmp_path / "名册模板.xlsx")]) == 0  # no file open: no crash
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["会议记录", "填写说明"]
    explained = [r[0].value for r in wb["填写说明"].iter_rows(min_row=2)]
    assert {"会议类型", "日期", "缺席人员及原因", "记录编号"} <= set(explained)
    # the example row names people of an example branch: here they are unknown, and said so
    assert run(branch_db, "meetings", "import", str(template)) == 2
    assert "名册中没有“王五”" in capsys.readouterr().err


def test_one_undo_takes_the_import_back_whole(branch_db: Path, tmp_path: Path) -> None:
    path = sheet(tmp_path / "r.xlsx", ["类型", "日期", "主持人", "记录人", "会议名称"],
                 [["支委会", "2025-03-05", "正式0", "正式1", "三月支委会"],
                  ["支委会", "2025-04-05", "正式0", "正式1", "四月支委会"]])
    with Session.open(branch_db) as s:
        services = s.services
        stack = services.enable_undo()
        preview = services.meetings_excel.read(path)
        assert services.meetings_excel.run(preview) == 2
        assert stack.undo_label() == "从Excel导入2条会议记录"
        stack.undo()
        assert services.meetings.list() == []
        stack.redo()
        assert sorted(m.title for m in services.meetings.list()) == ["三月支委会", "四月支委会"]


def test_combined_kinds_dates_without_the_year_and_names_with_titles(branch_db: Path, tmp_path: Path,
                                                                     capsys) -> None:
    header = ["日期", "类型", "主持人", "记录人", "主讲人", "主题", "缺席人员"]
    rows = [["3月20日", "主题党日+党课", "正式0书记", "正式1", "正式2", "学习党章", "无"],
            ["4.8", "支部委员会（扩大）", "正式0", "正式1", "", "研究四月工作", "正式2同志（出差）"],
            ["12月26日", "党员大会暨民主评议党员", "正式0", "正式1", "", "年度民主评议", ""]]
    path = sheet(tmp_path / "r.xlsx", header, rows, title="2025年度支部会议登记表")
    assert run(branch_db, "meetings", "import", str(path)) == 0, capsys.readouterr().err
    got = {m.date: m for m in meetings(branch_db)}
    day = got["2025-03-20"]
    assert (day.kind, day.also_counts, day.speaker, day.lecture_title) == ("主题党日", ("党课",), "正式2", "学习党章")
    assert got["2025-04-08"].kind == "支委会"
    assert [a.name for a in got["2025-04-08"].attendance if not a.present] == ["正式2"]
    assert (got["2025-12-26"].kind, got["2025-12-26"].also_counts) == ("支部党员大会", ("民主评议党员",))
    # without a year in the title, a date without one is refused, saying so
    path = sheet(tmp_path / "s.xlsx", header, rows[:1], title="支部会议登记表")
    assert run(branch_db, "meetings", "import", str(path)) == 2
    assert "“3月20日”没有写年份" in capsys.readouterr().err


def test_a_two_row_header_and_a_register_without_titles(branch_db: Path, tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["XX局机关党支部2025年“三会一课”登记台账"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "会议类型", "会议时间", None, "主持人", "记录人", "参会情况", None, "会议内容"])
    ws.append([None, None, "日期", "时间", None, None, "应到人数", "缺席人员及原因", None])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3", "G2:H2", "I2:I3"):
        ws.merge_cells(cells)
    ws.append([1, "支委会", "1月8日", "9:00-10:00", "正式0", "正式1", 3, "", "研究全年工作"])
    ws.append([2, "党小组会", "2月8日", "9:00-10:00", "正式0", "正式1", "8人", "正式3（病假）", "学习"])
    ws.append(["填表人：正式1", None, None, None, None, None, None, None, "审核人：正式0"])
    ws.cell(row=5, column=10, value="第一党小组")
    ws.cell(row=3, column=10, value="党小组")
    wb.save(tmp_path / "two.xlsx")
    assert run(branch_db, "meetings", "import", str(tmp_path / "two.xlsx")) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "没有会议名称列" in out and "已跳过第6行：表尾" in out
    got = {m.date: m for m in meetings(branch_db)}
    assert (got["2025-01-08"].title, got["2025-01-08"].start_time, got["2025-01-08"].content) == (
        "1月支委会", "09:00", "研究全年工作")
    assert got["2025-02-08"].title == "第一党小组2月会议"
    assert [a.name for a in got["2025-02-08"].attendance if not a.present] == ["正式3"]


def test_a_pipe_or_a_file_that_is_no_spreadsheet_is_refused_without_a_hang(branch_db: Path, tmp_path: Path,
                                                                            capsys) -> None:
    import os

    pipe = tmp_path / "register.xlsx"
    os.mkfifo(pipe)
    assert run(branch_db, "meetings", "import", str(pipe)) == 2
    assert "不是普通文件" in capsys.readouterr().err
    fake = tmp_path / "fake.xlsx"
    fake.write_text("会议记录", encoding="utf-8")
    assert run(branch_db, "meetings", "import", str(fake)) == 2
    assert "不是可以识别的表格文件" in capsys.readouterr().err
