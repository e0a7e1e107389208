"""附件与更正记录: files kept with the record (photos of the sign-in sheet, slides) with their
SHA-256, and the corrections made after sign-off."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.common import dates
from app.common.errors import UserError
from app.meetings.model import Meeting
from app.services import Services
from ui import messages
from ui.common.plain_text import PlainTextEdit
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab, button_row


@dataclass
class _Row:
    id: int
    filename: str
    size: str
    added: str
    sha256: str


class AttachmentsTab(Tab):
    """Attachments are saved at once (they are not part of the draft's fields)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("附件（签到表照片、课件等；保存在数据库中，附 SHA-256 校验值）")))
        self.model = RowsModel([
            Col("filename", self.tr("文件名"), editable=False), Col("size", self.tr("大小"), editable=False, width=80),
            Col("added", self.tr("添加时间"), editable=False, width=120),
            Col("sha256", self.tr("SHA-256"), editable=False, width=300)], self)
        self.view = table_view(self.model, editable=False)
        self.view.doubleClicked.connect(lambda _: self._on_open())
        layout.addWidget(self.view, 1)
        self.add_button = QPushButton(self.tr("添加附件…"))
        self.open_button = QPushButton(self.tr("打开"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.add_button.clicked.connect(self._on_add)
        self.open_button.clicked.connect(self._on_open)
        self.remove_button.clicked.connect(self._on_remove)
        layout.addLayout(button_row(self.add_button, self.open_button, self.remove_button))
        layout.addWidget(QLabel(self.tr("更正记录")))
        self.revisions = PlainTextEdit()
        self.revisions.setReadOnly(True)
        self.revisions.setMaximumHeight(140)
        layout.addWidget(self.revisions)
        self.meeting: Meeting | None = None
        #: Set by the editor: saves a new record first (attachments need its id); True when saved.
        self.ensure_saved = lambda: False
        self.attachments_changed = lambda: None

    def load(self, m: Meeting) -> None:
        self.meeting = m
        self.model.set_rows([_Row(a.id, a.filename, f"{a.size / 1024:.1f} KB", dates.fmt_cn(a.added_at[:10]), a.sha256)
                             for a in m.attachments])
        revs = self.services.meetings.revisions(m.id) if m.id else []
        self.revisions.setPlainText("\n".join(
            f"{dates.fmt_cn(r.revised_at[:10])} {r.revised_at[11:16]} {r.revised_by} 更正：{r.reason}" for r in revs)
            or self.tr("无"))
        self.remove_button.setEnabled(not m.signed)

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        return None

    def _selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()).id if rows else None

    def _on_add(self) -> None:
        if not self.ensure_saved():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择附件"))
        if not path or self.meeting is None or self.meeting.id is None:
            return
        try:
            self.services.meetings.add_attachment(self.meeting.id, path)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.attachments_changed()

    def _on_open(self) -> None:
        aid = self._selected()
        if aid is None:
            return
        try:
            name, data, _ = self.services.meetings.attachment(aid)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        target = Path(tempfile.mkdtemp(prefix="branchbook-attachment-")) / name
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _on_remove(self) -> None:
        aid = self._selected()
        if aid is None or not messages.confirm(self, self.tr("删除附件"), self.tr("确认删除所选附件？")):
            return
        try:
            self.services.meetings.remove_attachment(aid)
        except UserError as exc:
            messages.show_user_error(self, exc)
            return
        self.attachments_changed()
