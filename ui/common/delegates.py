"""Editors for the cells of a :class:`ui.common.rows_model.RowsModel`: a drop-down for choices,
a spin box for counts, a line that accepts the date shapes people type."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.common.rows_model import Col, RowsModel

_Index = QModelIndex | QPersistentModelIndex


class RowsDelegate(QStyledItemDelegate):
    """Picks the editor from the column's kind."""

    def _col(self, index: _Index) -> Col | None:
        model = index.model()
        return model.columns[index.column()] if isinstance(model, RowsModel) else None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        col = self._col(index)
        if col is not None and col.kind == "choice":
            combo = QComboBox(parent)
            combo.addItems(list(col.choices))
            # A choice takes effect at once: no layout change, no second click.
            combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
            return combo
        if col is not None and col.kind == "int":
            spin = QSpinBox(parent)
            spin.setRange(0, col.maximum)
            return spin
        editor = QLineEdit(parent)
        if col is not None and col.kind == "date":
            editor.setPlaceholderText("2025-3-12")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(str(value or ""))))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
