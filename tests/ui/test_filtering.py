"""A filter proxy refilters on the development Qt (begin/endFilterChange) and on the office
build's Qt 6.8, which has only invalidateFilter()."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, QStringListModel

from ui.common import filtering


class _Starts(QSortFilterProxyModel):
    prefix = ""

    def filterAcceptsRow(self, row, parent) -> bool:
        return str(self.sourceModel().index(row, 0).data()).startswith(self.prefix)


def _proxy() -> _Starts:
    proxy = _Starts()
    proxy.setSourceModel(QStringListModel(["张三", "张伟", "李四"]))
    return proxy


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Qt 6.8's way is deprecated on this Qt, on purpose
def test_refilter_with_this_qt_and_with_qt_6_8s_api(qapp, monkeypatch) -> None:
    proxy = _proxy()
    filtering.refilter(proxy, lambda: setattr(proxy, "prefix", "张"))
    assert proxy.rowCount() == 2

    class Qt68:  # QSortFilterProxyModel of Qt 6.8: no Direction, no begin/endFilterChange
        pass

    monkeypatch.setattr(filtering, "QSortFilterProxyModel", Qt68)
    older = _proxy()
    calls: list[str] = []
    monkeypatch.setattr(older, "invalidateFilter", lambda: calls.append("invalidate") or
                        QSortFilterProxyModel.invalidateFilter(older))
    filtering.refilter(older, lambda: setattr(older, "prefix", "李"))
    assert calls == ["invalidate"] and older.rowCount() == 1
