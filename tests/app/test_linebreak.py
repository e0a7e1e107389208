"""The line-breaking rules of every book (app/printing/linebreak.py), on the texts that went wrong:
lists of 2–4 character names (rare characters too), names with their absence reason, dates and
amounts, and the kinsoku rules, at every width from narrow to wide."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from reportlab.platypus import Paragraph

from app.printing import fonts, linebreak
from app.printing.flow import BODY, para

NAMES = ["张军", "郭然华", "唐海思", "欧阳春晓", "𠮷祥", "王䶮", "李明", "司马相如", "杨帆", "刘洋"]


def _split(text: str, width_chars: int) -> list[str]:
    return [text[a:b] for a, b in linebreak.lines(text, [1.0] * len(text), [float(width_chars)])]


@pytest.mark.parametrize("width", range(5, 30))
def test_a_name_in_a_list_is_never_split(width: int) -> None:
    rng = random.Random(width)
    names = [rng.choice(NAMES) for _ in range(30)]
    text = "参加人员：" + "、".join(names) + "。"
    lines = _split(text, width)
    assert "".join(lines) == text
    for line in lines:
        assert line[:1] not in linebreak.CANNOT_START
        assert line[-1:] not in linebreak.CANNOT_END
    for a, b in pairwise(lines):
        # the break falls after a 、 or before the first name: never inside one
        assert a.endswith(("、", "：")) or b.startswith(tuple(NAMES)), (a, b)


@pytest.mark.parametrize("width", range(10, 24))
def test_names_with_reasons_and_dates_stay_whole(width: int) -> None:
    text = ("缺席人员：杨帆（出差）、刘洋（病假）、周红华（以普通党员身份参加），"
            "会议于2024年11月7日、11月20日召开，欠交¥8,013.00。")
    lines = _split(text, width)
    joined = "|".join(lines)
    for whole in ("杨帆", "刘洋", "周红华", "2024年", "11月", "7日", "20日", "¥8,013.00"):
        assert whole in joined, (whole, lines)
    assert not any(line.startswith(("、", "）", "，")) for line in lines)
    assert not any(line.endswith("（") for line in lines)


def test_a_last_line_of_one_character_takes_one_more_with_it() -> None:
    lines = _split("中共某某市委机关工委党费收缴情况公示", 17)
    assert len(lines[-1]) >= 2
    assert _split("党员类别", 3) == ["党员", "类别"]  # a label in a narrow column: two and two


def test_a_unit_wider_than_the_line_is_cut_rather_than_lost() -> None:
    text = "370102199001011234"
    lines = _split(text, 7)
    assert "".join(lines) == text and all(len(line) <= 7 for line in lines)
    assert _split("2024年11月7日", 8) in (["2024年", "11月7日"], ["2024年11月", "7日"])  # between its parts


def test_reportlab_paragraphs_use_the_rules_with_rare_characters() -> None:
    fonts.register()
    text = "参加人员：" + "、".join(NAMES * 3)
    for chars in (7, 11, 16):
        p: Paragraph = para(text, BODY)
        p.wrap(fonts.plain_width("党" * chars, BODY.fontSize) + 0.5, 2000)
        rows = []
        for line in p.blPara.lines:
            words = line.words if hasattr(line, "words") else line[1]
            rows.append("".join(getattr(w, "text", str(w)) for w in words))
        assert "".join(rows) == text
        for a, b in pairwise(rows):
            assert a.endswith(("、", "：")) or b.startswith(tuple(NAMES)), (chars, a, b)
