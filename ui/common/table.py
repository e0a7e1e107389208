"""Table views set up the same way everywhere: whole-row selection, row height for CJK text,
columns sized from the model's column widths, a delegate for editable cells."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.delegates import RowsDelegate
from ui.common.rows_model import RowsModel


def table_view(model: RowsModel | None = None, parent: QWidget | None = None, editable: bool = True) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setAlternatingRowColors(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
    if editable:
        view.setItemDelegate(RowsDelegate(view))
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
    else:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if model is not None:
        view.setModel(model)
        size_columns(view, model)
    return view


def size_columns(view: QTableView, model: RowsModel) -> None:
    """Fixed widths from the columns; a width of 0 takes the remaining space."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for c, col in enumerate(model.columns):
        if col.width:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(c, col.width)
        else:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
