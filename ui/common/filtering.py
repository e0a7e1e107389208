"""Changing what a filter proxy shows, on every Qt the program runs on: Qt 6.10 deprecates
invalidateFilter() for begin/endFilterChange(), which the office build's Qt 6.8 (the LTS line its
glibc allows, freeze/deb/constraints.txt) does not have."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Run ``change`` (which alters what the proxy's filter accepts) and refilter the rows."""
    direction = getattr(QSortFilterProxyModel, "Direction", None)
    if direction is not None and hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(direction.Rows)
    else:
        change()
        proxy.invalidateFilter()
