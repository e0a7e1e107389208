"""Building the books: each returns the PDF's bytes or writes it whole to a file. The same data
gives the same bytes. Long books report progress and can be cancelled."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.common import dates
from app.common.errors import UserError
from app.common.files import write_bytes
from app.printing import books, forms, templates, word, workbook
from app.printing.blocks import Block, Break, Cut, Document, Gap, Style, Text, is_word, text_document
from app.printing.catalog import BookKind
from app.printing.flow import BODY, H3, NOTE, TITLE, fit_widths, para, table
from app.printing.layout import LANDSCAPE, PORTRAIT, Book, Cancelled
from app.printing.people import assessment_story
from app.printing.render import flowables

if TYPE_CHECKING:
    from app.services import Services

__all__ = ["BookKind", "Cancelled", "PrintService"]


Progress = Callable[[str], None]


def render_story(story: list[Flowable], owner: str, title: str, year: str, orientation: str,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                 numbered: bool = True) -> bytes:
    """One PDF: ``owner`` (the branch, or the committee) and ``year`` in the header and the metadata."""
    buffer = io.BytesIO()

    def on_page(page: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled
        if progress is not None:
            progress(f"正在排版第 {page} 页…")

    book = Book(buffer, title=f"{owner}{year}{title}", author=owner, subject=title,
                header_left=f"{owner}　{year}", header_right=title, orientation=orientation, progress=on_page,
                numbered=numbered)
    book.build_book(story)
    return buffer.getvalue()


class PrintService:
    def __init__(self, services: Services) -> None:
        self.s = services

    def _branch(self) -> str:
        branch = self.s.branch.get()
        if branch is None:
            raise UserError("尚未登记支部，无法打印")
        return branch.name

    def render(self, story: list[Flowable], title: str, year: str, orientation: str,
               progress: Progress | None, cancel: Callable[[], bool] | None, numbered: bool = True) -> bytes:
        return render_story(story, self._branch(), title, year, orientation, progress, cancel, numbered)

    def _checker(self, cancel: Callable[[], bool] | None) -> Callable[[], None]:
        def check() -> None:
            if cancel is not None and cancel():
                raise Cancelled

        return check

    @staticmethod
    def _out(data: bytes, target: str | Path | None) -> bytes:
        """The PDF's bytes, written whole to ``target`` when given."""
        if target is not None:
            write_bytes(target, data, (".pdf",))
        return data

    # -- the books ----------------------------------------------------------------------

    def workbook(self, year: int, target: str | Path | None = None, *, drafts: bool = False,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> bytes:
        layout = templates.load()
        if progress:
            progress("正在整理会议记录…")
        with self.s.year_view(year) as view:  # a closed year: only records dated in or before it
            story = workbook.story(view, year, layout, drafts, self._checker(cancel))
        data = self.render(story, layout["workbook"]["title"], f"{year}年", PORTRAIT, progress, cancel)
        return self._out(data, target)

    def assessment(self, person_id: int | None, target: str | Path | None = None, *, year: int | None = None,
                   progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> bytes:
        """One person's 考察表, or (``person_id`` None) everyone's in one PDF; for a closed ``year``,
        as the records stood at its end."""
        layout = templates.load()
        check = self._checker(cancel)
        story: list[Flowable] = []
        with self.s.year_view(year or self.s.clock.year()) as view:
            dev = view.development
            people = [dev.person(person_id)] if person_id is not None else dev.people(include_closed=True)
            if not people:
                raise UserError("发展党员名单中没有人，无可打印的考察登记表")
            for p in people:
                check()
                story += assessment_story(view, p, layout["assessment"], level_toc=False)
        title = "考察登记表" if person_id is None else f"{people[0].name}考察登记表"
        year_label = f"{dates.fmt_cn(people[0].application_received)[:5]}" if person_id is not None else ""
        return self._out(self.render(story, title, year_label, PORTRAIT, progress, cancel), target)

    def dues(self, year: int, target: str | Path | None = None, **kw: Any) -> bytes:
        layout = templates.load()
        with self.s.year_view(year) as view:
            story = books.dues_register(view, year, layout)
        return self._out(self.render(story, layout["dues_register"]["title"], f"{year}年", LANDSCAPE,
                                      kw.get("progress"), kw.get("cancel")), target)

    def disclosure(self, year: int, target: str | Path | None = None, **kw: Any) -> bytes:
        layout = templates.load()
        with self.s.year_view(year) as view:
            story = books.disclosure(view, year, layout)
        return self._out(self.render(story, layout["disclosure"]["title"], f"{year}年", PORTRAIT,
                                      kw.get("progress"), kw.get("cancel")), target)

    def roster(self, on: str | None = None, target: str | Path | None = None, *, full_id: bool = False,
               **kw: Any) -> bytes:
        layout = templates.load()
        on = on or self.s.today()
        with self.s.as_of(on) as view:  # the roster as it stood that day, later records aside
            story = books.roster(view, on, full_id, layout)
        title = layout["roster"]["title"] + ("（含完整公民身份号码 注意保密）" if full_id else "")
        return self._out(self.render(story, title, f"{on[:4]}年",
                                      layout["roster"].get("orientation", LANDSCAPE), kw.get("progress"),
                                      kw.get("cancel")), target)

    def meeting(self, meeting_id: int, target: str | Path | None = None, *, drafts: bool = False,
                **kw: Any) -> bytes:
        layout = templates.load()
        if is_word(target):
            blocks = books.one_meeting_blocks(self.s, meeting_id, drafts, layout)
            return self.emit(Document("会议记录", self._branch(), f"{self.s.meetings.get(meeting_id).date[:4]}年",
                                      blocks), target)
        story = books.one_meeting(self.s, meeting_id, drafts, layout)
        year = self.s.meetings.get(meeting_id).date[:4]
        return self._out(self.render(story, "会议记录", f"{year}年", PORTRAIT, kw.get("progress"),
                                      kw.get("cancel")), target)

    def signin(self, meeting_id: int | None, kind: str = "", on: str = "", target: str | Path | None = None,
               **kw: Any) -> bytes:
        """签到表 of a record, or of a meeting of ``kind`` on ``on`` (the people due that day)."""
        blocks = forms.signin_blocks(self.s, meeting_id, kind, on)
        year = (self.s.meetings.get(meeting_id).date if meeting_id is not None else on)[:4]
        return self.emit(Document("会议签到表", self._branch(), f"{year}年", blocks), target, **kw)

    def minutes_blank(self, kind: str, target: str | Path | None = None, *, year: int | None = None,
                      **kw: Any) -> bytes:
        """The empty minutes form of ``kind`` with a ruled continuation page."""
        story = forms.minutes_blank(kind)
        return self._out(self.render(story, "会议记录", f"{year or self.s.clock.year()}年", PORTRAIT,
                                      kw.get("progress"), kw.get("cancel"), numbered=False), target)

    def blank(self, pages: int, target: str | Path | None = None, *, year: int | None = None, **kw: Any) -> bytes:
        layout = templates.load()
        story = books.blank(pages, layout)
        # continuation pages go into a book: their number is written there by hand
        return self._out(self.render(story, layout["blank"]["title"], f"{year or self.s.clock.year()}年", PORTRAIT,
                                      kw.get("progress"), kw.get("cancel"), numbered=False), target)

    def reminders(self, as_of: str | None = None, member_id: int | None = None, target: str | Path | None = None,
                  **kw: Any) -> bytes:
        """催缴提醒, one per member in arrears, two to a page (cut along the line)."""
        found = self.s.dues.reminders.due(as_of, member_id)
        if not found:
            raise UserError("目前没有需要催缴的党员（连续3个月以上未交足且未登记正当理由）")
        blocks: list[Block] = []
        for i, r in enumerate(found):
            blocks += [Break(room_mm=120), Text("党费催缴提醒", Style.CENTER)]
            lines = r.text.split("\n")
            blocks.append(Text(lines[0]))
            blocks += [Text(line.lstrip("　"), Style.INDENT) for line in lines[1:-2]]
            blocks += [Text(f"{lines[-2]}（盖章）", Style.RIGHT), Text(lines[-1], Style.RIGHT), Gap(8)]
            if i < len(found) - 1:
                blocks.append(Cut())
        on = as_of or self.s.today()
        return self.emit(Document("党费催缴提醒", self._branch(), f"{on[:4]}年", blocks), target, **kw)

    def year_text(self, year: int, kind: str, target: str | Path | None = None, *, text: str | None = None,
                  **kw: Any) -> bytes:
        """The year's 年度工作计划 or 年度工作总结 on its own (as the workbook prints it); ``text``:
        as it stands in the editor, saved or not."""
        text = self.s.meetings.year_text(year, kind) if text is None else text
        if not text.strip():
            raise UserError(f"{year}年尚未填写{kind}")
        return self.emit(text_document(self._branch(), year, kind, text), target, **kw)

    def summary_draft(self, year: int, target: str | Path | None = None, **kw: Any) -> bytes:
        """The 年度工作总结 drafted from the year's records."""
        return self.emit(text_document(self._branch(), year, "年度工作总结", self.s.summary.draft(year)), target, **kw)

    def emit(self, document: Document, target: str | Path | None, *, progress: Progress | None = None,
             cancel: Callable[[], bool] | None = None, numbered: bool = True, **kw: Any) -> bytes:
        """``document`` as a Word file when ``target`` ends in .docx, as a PDF otherwise."""
        if is_word(target):
            assert target is not None
            data = word.render(document, self.s.today())
            write_bytes(target, data, (".docx",))
            return data
        orientation = LANDSCAPE if document.landscape else PORTRAIT
        story = flowables(document.blocks, Book.frame_width(orientation), toc=False)
        return self._out(render_story(story, document.owner, document.title, document.year, orientation, progress,
                                      cancel, numbered), target)

    def handover(self, h: Any, target: str | Path | None = None) -> bytes:
        """The 移交清单: what is handed over, with counts, checksums and signature lines."""

        width = Book.frame_width(PORTRAIT)
        story: list[Flowable] = [para("党支部台账移交清单", TITLE),
                                 para(f"支部：{self._branch()}　　移交日期：{dates.fmt_cn(h.made_on)}", BODY)]
        rows = [[what, str(n), span] for what, n, span in h.rows]
        story.append(table(["项目", "数量", "起止日期"], rows, fit_widths([50, 20, 80], width / mm), ["l", "r", "l"]))
        story += [para("数据核对", H3),
                  para(f"移交备份：{h.backup.name}", NOTE),
                  para(f"备份文件SHA-256：{h.backup_sha256}", NOTE),
                  para(f"操作日志末条：第{h.log_head[0]}条，校验值 {h.log_head[1][:32]}…", NOTE),
                  para(f"支部报送密钥指纹：{h.fingerprint or '（尚未创建）'}", NOTE)]
        if h.copy:
            story.append(para(f"原经办人只读副本：{h.copy}", NOTE))
        story.append(para("完整性核验：" + ("一致，无程序之外的改动" if not h.verify_lines else
                                            "；".join(h.verify_lines)), NOTE))
        story += [para("签字", H3),
                  para("移交人（签字）：____________　　接收人（签字）：____________", BODY),
                  para("监交人（签字）：____________", BODY),
                  para(f"接收人：{h.to_name}　　日期：____年__月__日", BODY)]
        return self._out(self.render(story, "台账移交清单", h.made_on[:4] + "年", PORTRAIT, None, None), target)
