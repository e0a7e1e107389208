"""表决: what was voted on, how, and the counts (written opinions included); the result of each
vote under the rules of rulebook 2.2, recomputed as the counts change."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.meetings.model import Meeting, Tally, Vote, VoteMethod
from app.services import Services
from ui.common.error_label import ErrorLabel
from ui.common.rows_model import Col, RowsModel
from ui.common.table import table_view
from ui.meetings.record.base import Tab, button_row


class VotesTab(Tab):
    error_keys = ("votes",)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr(
            "支部党员大会须有半数以上有表决权的党员到会；赞成票超过应到会有表决权党员的半数为通过（恰好半数不通过）。"
            "会前提交的书面意见计入票数。发展党员表决须逐个进行。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self._results: list[str] = []
        counts = [("yes", self.tr("赞成")), ("no", self.tr("反对")), ("abstain", self.tr("弃权")),
                  ("written_yes", self.tr("书面赞成")), ("written_no", self.tr("书面反对")),
                  ("written_abstain", self.tr("书面弃权"))]
        self.model = RowsModel(
            [
                Col("subject", self.tr("表决事项")),
                Col("method", self.tr("方式"), "choice", choices=list(VoteMethod), width=100),
                *(Col(k, label, "int", width=72, align_right=True) for k, label in counts),
                Col(
                    "result",
                    self.tr("结果"),
                    editable=False,
                    width=80,
                    display=lambda v: (
                        self._results[self.model_index(v)] if self.model_index(v) < len(self._results) else ""
                    ),
                ),
            ],
            self,
        )
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        self.results = QLabel()
        self.results.setWordWrap(True)
        layout.addWidget(self.results)
        add = QPushButton(self.tr("添加表决事项"))
        add.clicked.connect(self._on_add)
        rm = QPushButton(self.tr("删除所选"))
        rm.clicked.connect(lambda: self.model.remove([i.row() for i in self.view.selectionModel().selectedRows()]))
        self.buttons = (add, rm)
        layout.addLayout(button_row(add, rm))
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.model.edited.connect(self.changed)

    def model_index(self, vote: Vote) -> int:
        return next((i for i in range(self.model.rowCount()) if self.model.record(i) is vote), len(self._results))

    def _on_add(self) -> None:
        row = self.model.append(Vote(""))
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.edit(self.model.index(row, 0))

    def show_results(self, tally: Tally) -> None:
        self._results = []
        lines = []
        for r, result in enumerate(tally.votes):
            short = {True: self.tr("通过"), False: self.tr("未通过"), None: ""}[result.passes]
            if result.passes is False and tally.quorum is False:
                short = self.tr("表决无效")
            self._results.append(short)
            lines.append(f"{r + 1}. {result.subject or self.tr('（未填写事项）')}：{result.text}")
        self.results.setText("\n".join(lines))
        self.model.refresh()

    def load(self, m: Meeting) -> None:
        self.model.set_rows(m.votes)

    def apply(self, m: Meeting, problems: dict[str, str]) -> None:
        m.votes = [
            Vote(v.subject.strip(), v.method, v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain)
            for v in self.model.rows()
        ]

    def set_locked(self, locked: bool, tracking_open: bool = False) -> None:
        self.model.read_only = locked
        for b in self.buttons:
            b.setEnabled(not locked)
        self.model.refresh()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message(errors.get("votes"))
