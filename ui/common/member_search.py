"""Choosing a member by typing: a member combo becomes editable and offers the names that match
what is typed — characters, pinyin initials (zs → 张三) or full pinyin (zhangsan)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from app.common import pinyin


class _PinyinFilter(QSortFilterProxyModel):
    needle = ""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        text = self.sourceModel().index(row, 0, parent).data() or ""
        if not self.needle:
            return bool(text)
        name = text.split("（")[0]
        return self.needle in text or pinyin.matches(self.needle, name)


def make_searchable(combo: QComboBox, free_text: bool = False) -> QComboBox:
    """Let ``combo`` (items: member names, data: member ids) be searched by name or pinyin;
    ``free_text`` keeps what is typed even when it names no member (a host from outside)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    proxy = _PinyinFilter(combo)
    proxy.setSourceModel(combo.model())
    completer = QCompleter(proxy, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    if line is None:  # pragma: no cover - an editable combo box has its line edit
        raise RuntimeError("the combo box is not editable")
    line.setPlaceholderText(combo.tr("输入姓名或拼音首字母，如 zs"))

    def typed(text: str) -> None:
        proxy.needle = text.strip().lower()
        proxy.setFilterFixedString(proxy.needle)  # re-filters (our filterAcceptsRow reads the needle)
        if proxy.needle:
            completer.complete()

    def chosen(index: QModelIndex) -> None:
        completion = completer.completionModel()
        if not isinstance(completion, QSortFilterProxyModel):  # pragma: no cover - Qt's completion model is one
            return
        source = proxy.mapToSource(completion.mapToSource(index))
        if source.isValid():
            combo.setCurrentIndex(source.row())

    def settle() -> None:  # text that names no member falls back to the member chosen
        if combo.currentIndex() >= 0 and combo.currentText() != combo.itemText(combo.currentIndex()):
            combo.setEditText(combo.itemText(combo.currentIndex()))

    line.textEdited.connect(typed)
    completer.activated[QModelIndex].connect(chosen)  # type: ignore[index]  # the overload taking an index
    if not free_text:
        line.editingFinished.connect(settle)
    combo.search_proxy = proxy  # type: ignore[attr-defined]  # for tests
    combo.search_completer = completer  # type: ignore[attr-defined]
    return combo
