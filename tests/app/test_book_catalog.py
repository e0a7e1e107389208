"""One home per book: the catalog makes the CLI's print commands, the print dialog's list and the
bundle's PDFs."""

from __future__ import annotations

from app.cli import build_parser
from app.printing import catalog
from app.printing.catalog import BookKind, Option


def _subcommands(parser, *path: str) -> dict:
    for name in path:
        action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        parser = action.choices[name]
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


def test_every_book_is_a_print_command_asking_for_what_the_book_needs() -> None:
    commands = _subcommands(build_parser(["print"]), "print")
    assert list(commands) == [b.kind.value for b in catalog.CATALOG]
    for b in catalog.CATALOG:
        dests = {a.dest for a in commands[b.kind.value]._actions}
        wanted = {{Option.MEETING: "id"}.get(o, o.value) for o in b.options if o not in b.dialog_only}
        assert wanted <= dests, b.kind
        assert "output" in dests


def test_the_bundle_carries_the_books_the_catalog_marks() -> None:
    marked = {b.kind for b in catalog.CATALOG if b.bundle_name}
    assert marked == {BookKind.WORKBOOK, BookKind.ASSESSMENT, BookKind.DUES, BookKind.DISCLOSURE, BookKind.ROSTER}
    names = {b.bundle_name.format(year=2025, end="2025-12-31") for b in catalog.CATALOG if b.bundle_name}
    assert "pdf/2025年党支部工作记录.pdf" in names and "pdf/党员花名册（2025-12-31）.pdf" in names


def test_file_names_offered_for_each_book() -> None:
    c = catalog.Choices(year=2025, on="2025-06-30", meeting=3, meeting_label="2025年3月5日　支委会　学习",
                        person=7, person_label="李明（发展对象）", kind="支委会")
    assert {b.kind: b.file_name(c) for b in catalog.CATALOG} == {
        BookKind.WORKBOOK: "2025年党支部工作记录", BookKind.ASSESSMENT: "李明考察登记表",
        BookKind.DUES: "2025年党费收缴登记表和欠缴名单", BookKind.DISCLOSURE: "2025年党费收缴情况公示",
        BookKind.ROSTER: "党员花名册（2025-06-30）", BookKind.MEETING: "会议记录-2025年3月5日",
        BookKind.SIGNIN: "支委会签到表（2025年3月5日）", BookKind.MINUTES_BLANK: "支委会记录表（空白）",
        BookKind.BLANK: "2025年空白续页"}
