"""Errors whose message is for the user (in Chinese); anything else is a bug."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class UserError(Exception):
    """Something the user asked for cannot be done; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Field-level problems with a form or record.

    Attributes:
        field_errors: field name -> Chinese message, in form order.
    """

    def __init__(self, field_errors: dict[str, str], label: str = "") -> None:
        self.field_errors = dict(field_errors)
        text = "；".join(self.field_errors.values())
        super().__init__(f"{label}{text}" if label else text)

    def labelled(self, labels: dict[str, str]) -> str:
        """'标签：问题；…' with the fields' Chinese labels (keys without a label as they are)."""
        return "；".join(f"{labels[k]}：{v}" if k in labels else v for k, v in self.field_errors.items())


def required(value: T | None, message: str) -> T:
    """``value``, or a :class:`UserError` saying ``message`` when the record it names is missing."""
    if value is None:
        raise UserError(message)
    return value
