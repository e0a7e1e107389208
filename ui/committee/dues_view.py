"""半年党费检查: every branch's dues for a half-year (due, paid, collected, remitted, members in
arrears at its end), from the bundles received."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.committee.service import CommitteeService
from app.common.money import yuan
from ui.common.screen import fit_to_screen


class DuesViewDialog(QDialog):
    def __init__(self, parent: QWidget | None, service: CommitteeService, year: int) -> None:
        super().__init__(parent)
        self.service, self.year = service, year
        self.setWindowTitle(self.tr("半年党费检查（{y}年）").format(y=year))
        self.half = QComboBox()
        self.half.addItem(self.tr("上半年"), 1)
        self.half.addItem(self.tr("下半年"), 2)
        self.half.setCurrentIndex(1)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in ("支部代码", "支部名称", "应交", "实交", "收缴",
                                                                   "上缴", "欠缴人数", "说明")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.total = QLabel()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("期间")))
        top.addWidget(self.half)
        top.addStretch(1)
        top.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.half.currentIndexChanged.connect(self.refresh)
        fit_to_screen(self, 980, 620)
        self.refresh()
        self.half.setFocus()

    def refresh(self, *args: object) -> None:
        rows = self.service.dues_view(self.year, self.half.currentData())
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        sums = dict.fromkeys(("due_fen", "paid_fen", "collected_fen", "remitted_fen", "arrears"), 0)
        for r, row in enumerate(rows):
            values: list[object] = [row["branch_id"], row["name"]]
            if row["received"]:
                values += [yuan(row[k]) for k in ("due_fen", "paid_fen", "collected_fen", "remitted_fen")]
                values += [row["arrears"], "" if row["remitted_fen"] >= row["collected_fen"] else self.tr("有未上缴")]
                for k in sums:
                    sums[k] += row[k]
            else:
                values += ["—"] * 5 + [self.tr("未报送")]
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                if c >= 2:
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.total.setText(self.tr("合计：应交{d}，实交{p}，上缴{r}，欠缴{a}人").format(
            d=yuan(sums["due_fen"]), p=yuan(sums["paid_fen"]), r=yuan(sums["remitted_fen"]), a=sums["arrears"]))
