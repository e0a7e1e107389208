"""Undo and redo of what was done since the program was opened, as compensating service calls
(which go into the change log like any other write). A service registers an action after it
succeeded; undoing one that can no longer be taken back plainly says why and what to do instead
(a signed record → 更正; money already reversed → nothing to undo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.common.errors import UserError


@dataclass
class Action:
    label: str  # e.g. 登记张三的党费
    undo: Callable[[], Any]
    redo: Callable[[], Any]


class UndoStack:
    """Per open database, kept on its connection (a CLI command has none: nothing to undo)."""

    def __init__(self, limit: int = 100) -> None:
        self.done: list[Action] = []
        self.undone: list[Action] = []
        self.limit = limit

    def push(self, label: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        self.done.append(Action(label, undo, redo))
        del self.done[:-self.limit]
        self.undone.clear()

    replaying = False

    def _replay(self, call: Callable[[], Any]) -> None:
        """Run a compensating call without it registering an action of its own."""
        self.replaying = True
        try:
            call()
        finally:
            self.replaying = False

    def undo_label(self) -> str:
        return self.done[-1].label if self.done else ""

    def redo_label(self) -> str:
        return self.undone[-1].label if self.undone else ""

    def undo(self) -> str:
        """Undo the latest action; returns its label.

        Raises:
            UserError: nothing to undo, or it cannot be undone now (the message says why and the
                proper way); the action then stays on the stack.
        """
        if not self.done:
            raise UserError("没有可以撤销的操作")
        action = self.done[-1]
        self._replay(action.undo)
        self.done.pop()
        self.undone.append(action)
        return action.label

    def redo(self) -> str:
        if not self.undone:
            raise UserError("没有可以重做的操作")
        action = self.undone[-1]
        self._replay(action.redo)
        self.undone.pop()
        self.done.append(action)
        return action.label


def register(conn: Any, label: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
    """Push an action on the connection's stack, if it has one (the GUI's)."""
    stack = getattr(conn, "undo_stack", None)
    if stack is not None and not getattr(stack, "replaying", False):
        stack.push(label, undo, redo)
