"""Undo and redo of what was done since the program was opened, as compensating service calls
(which go into the change log like any other write). A service registers an action after it
succeeded; undoing one that can no longer be taken back plainly says why and what to do instead
(a signed record → 更正; money already reversed → nothing to undo)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from app.common.entities import ENTITY_NAMES
from app.common.errors import UserError

if TYPE_CHECKING:
    from app.common.context import Context


class Action(NamedTuple):  # made before the first paint (the start-up budget: tests/ui/test_startup_check.py)
    label: str  # e.g. 登记张三的党费
    undo: Callable[[], Any]
    redo: Callable[[], Any]
    #: the write's transaction (BranchConnection.tx_serial)
    serial: int = -1
    #: a write with no undo of its own: it stops 撤销 from reaching past it to an older action
    barrier: bool = False


class UndoStack:
    """Per open file, kept in its context (a CLI command has none: nothing to undo)."""

    def __init__(self, limit: int = 100) -> None:
        self.done: list[Action] = []
        self.undone: list[Action] = []
        self.limit = limit

    def push(self, label: str, undo: Callable[[], Any], redo: Callable[[], Any], serial: int = -1) -> None:
        while self.done and self.done[-1].barrier and self.done[-1].serial == serial:
            self.done.pop()  # the write registered its undo after all
        self._append(Action(label, undo, redo, serial))

    def _append(self, action: Action) -> None:
        self.done.append(action)
        del self.done[:-self.limit]
        self.undone.clear()

    def note_write(self, label: str, serial: int) -> None:
        """A logged write: unless it registers its own undo, 撤销 stops at it and says why (rather
        than silently taking back an older action the user did not mean)."""
        if self.replaying or (self.done and self.done[-1].serial == serial):
            return

        if "签发" in label or "签字" in label:
            why = f"“{label}”不能撤销：签发后的记录不能改动；如有错误，请在记录上用“更正”（原内容会保留）"
        elif "更正" in label:
            why = f"“{label}”不能撤销：更正如有错误，请再次更正（每次更正连同原因都会保留）"
        else:
            why = f"“{label}”不能撤销：请在相应的页面中直接改回（操作日志中记有改动前的内容）"

        def refuse() -> None:
            raise UserError(why)

        self._append(Action(label, refuse, lambda: None, serial, barrier=True))

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

    def can_undo(self) -> bool:
        """Whether 撤销 would do something now (the latest write has an undo of its own)."""
        return bool(self.done) and not self.done[-1].barrier

    def blocked(self) -> str:
        """Why the latest write cannot be undone, and what to do instead ("" when it can)."""
        if not self.done or not self.done[-1].barrier:
            return ""
        try:
            self.done[-1].undo()
        except UserError as exc:
            return exc.message
        return ""

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


def wanted(ctx: Context) -> bool:
    """Whether an action done now is to be registered: the GUI's journal is there, it is not
    replaying one, and no enclosing operation's transaction is open — a service called inside
    another's (an import's member updates, a development step's roster change) is part of that
    operation, which registers its own undo or, having none, stops 撤销 at itself."""
    stack = ctx.undo
    return stack is not None and not stack.replaying and not ctx.in_operation()


def register(ctx: Context, label: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
    """Push an action on the context's journal, if :func:`wanted`."""
    if ctx.undo is not None and wanted(ctx):
        ctx.undo.push(label, undo, redo, ctx.write_serial())


def note_write(ctx: Context, entity: str, action: str) -> None:
    """Called for every change-log row (app.common.service.ServiceBase.log)."""
    if ctx.undo is not None:
        ctx.undo.note_write(label_of(action, ENTITY_NAMES.get(entity, "")), ctx.write_serial())


def label_of(action: str, thing: str) -> str:
    """签发 + 会议记录 → 签发会议记录; 核定 + 党费核定 → 党费核定 (never 核定党费核定)."""
    if not thing or thing in action:
        return action
    if action in thing:
        return thing
    return f"{action}{thing}"
