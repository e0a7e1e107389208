"""Which column of a roster sheet holds what: the export's columns, the header words rosters
use for them, and columns read by what they hold when a header could mean either (exported
rosters put 正式党员/预备党员 under 人员类别). No I/O: :mod:`app.roster.excel` reads the sheet."""

from __future__ import annotations

from typing import Any

from app.common.sheets import cell_text, header_columns
from app.roster.model import PersonnelCategory

#: Export columns, in order; import accepts these and their synonyms.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("birth_date", "出生日期"),
    ("id_number", "公民身份号码"),
    ("native_place", "籍贯"),
    ("education", "学历"),
    ("work_unit_post", "工作单位及职务"),
    ("personnel_category", "人员类别"),
    ("join_date", "入党日期"),
    ("full_date", "转正日期"),
    ("member_class", "党员类别"),
    ("group", "党小组"),
    ("is_leader_cadre", "党员领导干部"),
    ("phone", "联系电话"),
    ("notes", "备注"),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间", "生日"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码",
                  "公民身份证号", "证件号码"),
    "native_place": ("籍贯",),
    "education": ("学历", "文化程度", "最高学历"),
    "work_unit_post": ("工作单位及职务", "单位及职务", "工作单位及职务（职称）", "工作岗位"),
    "work_unit": ("工作单位", "所在单位", "单位"),
    "post": ("职务", "职务职级", "职称"),
    "personnel_category": ("人员类别", "人员类型", "身份类别", "党员身份类别"),
    "join_date": ("入党日期", "入党时间", "入党年月"),
    "full_date": ("转正日期", "转正时间", "转正年月", "转为正式党员日期", "转为正式党员时间", "转正批准日期"),
    "member_class": ("党员类别", "党员类型", "党员状态", "党籍状态", "正式/预备", "正式或预备", "类别"),
    "group": ("党小组", "所在党小组", "所属党小组"),
    "is_leader_cadre": ("党员领导干部", "是否党员领导干部", "领导干部", "是否领导干部"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    "notes": ("备注",),
    "seq": ("序号", "编号"),
}

HEADER_LOOKUP = {
    "".join(s.split()): key for key, names in SYNONYMS.items() for s in names
}
LABEL = dict(COLUMNS) | {"work_unit": "工作单位", "post": "职务"}
CATEGORY_SYNONYMS = {"退休": "离退休", "离休": "离退休", "在岗": "在职", "下岗": "下岗失业",
                      "失业": "下岗失业", "学生党员": "学生", "农民党员": "农民",
                      # as the national member-information system and agencies' own rosters name them
                      **dict.fromkeys(("在岗职工", "在职人员", "在岗人员", "在职职工", "在职干部", "职工", "工人",
                                       "机关工作人员", "公务员", "参公人员", "事业单位工作人员", "事业单位管理人员",
                                       "企业管理人员", "专业技术人员", "工勤技能人员", "工勤人员"), "在职"),
                      **dict.fromkeys(("离退休人员", "离退休干部", "离休干部", "离休人员", "退休人员", "退休干部",
                                       "退休职工"), "离退休"),
                      **dict.fromkeys(("在校学生", "在读学生"), "学生"),
                      "农牧渔民": "农民",
                      **dict.fromkeys(("下岗职工", "失业人员", "下岗失业人员", "待业人员", "无业人员"), "下岗失业"),
                      "其他人员": "其他"}


def header_key(value: Any) -> str | None:
    text = "".join(cell_text(value).split()).replace("：", "").replace(":", "")
    text = text.replace("（", "(").replace("）", ")")
    if text in HEADER_LOOKUP:
        return HEADER_LOOKUP[text]
    base = text.split("(")[0]
    return HEADER_LOOKUP.get(base)


#: What a 党员类别 cell holds, and what a 人员类别 cell holds: a column is read by what it holds
#: when its header could mean either (exported rosters put 正式党员/预备党员 under 人员类别).
CLASS_VALUES = {"正式", "预备", "正式党员", "预备党员"}
CATEGORY_VALUES = {str(c) for c in PersonnelCategory} | set(CATEGORY_SYNONYMS) | {"在职党员", "离退休党员"}
#: Headers that may hold either kind of column, or another column whose values tell.
_CATEGORY_OR_CLASS = ("personnel_category", "member_class")


def by_content(grid: list[list[Any]], header_idx: int, columns: dict[int, str],
                header_row: list[Any]) -> tuple[dict[int, str], list[str]]:
    """The columns as their values show them: a column of 正式/预备 is the member class and one
    of 在职/离退休… the personnel category, whatever the header says; notes say what was read how."""
    columns = dict(columns)
    notes: list[str] = []
    rows = grid[header_idx + 1:header_idx + 201]

    def kind_of(c: int) -> str | None:
        values = [cell_text(r[c]).replace(" ", "") for r in rows if c < len(r) and cell_text(r[c]).strip()]
        if len(values) < 2:
            return None
        if sum(v in CLASS_VALUES for v in values) >= 0.8 * len(values):
            return "member_class"
        if sum(v in CATEGORY_VALUES for v in values) >= 0.8 * len(values):
            return "personnel_category"
        return None

    width = max((len(r) for r in grid[header_idx:header_idx + 201]), default=0)
    for c in range(width):
        current = columns.get(c)
        if current not in (None, *_CATEGORY_OR_CLASS):
            continue
        found = kind_of(c)
        if found is None or found == current:
            continue
        header = cell_text(header_row[c]) if c < len(header_row) else ""
        if current is None and not header:
            continue
        owner = next((k for k, v in columns.items() if v == found and k != c), None)
        if owner is not None and kind_of(owner) == found:
            continue  # another column already holds these values
        if owner is not None:
            del columns[owner]
        columns[c] = found
        what = "正式/预备" if found == "member_class" else "在职、离退休等"
        notes.append(f"“{header or '第' + str(c + 1) + '列'}”列填的是{what}，按“{LABEL[found]}”读入")
    for c, key in list(columns.items()):
        header = cell_text(header_row[c]).replace(" ", "") if c < len(header_row) else ""
        if key == "member_class" and header in _STATUS_HEADERS and _holds_no_class(rows, c):
            del columns[c]  # 党籍状态 正常/停止党籍… (the national system's column): not 正式/预备
            notes.append(f"“{header}”列填的不是正式/预备（如“{_first_value(rows, c)}”），未作为党员类别读入")
    return columns, notes


#: Headers that may name the member class or the state of one's membership (正常, 停止党籍 …).
_STATUS_HEADERS = ("党籍状态", "党员状态", "类别")


def _holds_no_class(rows: list[list[Any]], c: int) -> bool:
    values = [cell_text(r[c]).replace(" ", "") for r in rows if c < len(r) and cell_text(r[c]).strip()]
    return not any(v in CLASS_VALUES for v in values)


def _first_value(rows: list[list[Any]], c: int) -> str:
    return next((cell_text(r[c]) for r in rows if c < len(r) and cell_text(r[c]).strip()), "")


def find_header(grid: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    best: tuple[int, dict[int, str]] | None = None
    for r, row in enumerate(grid[:30]):
        found = header_columns(row, header_key)
        if "name" in found.values() and len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best
