"""The one rule every passphrase of the program follows (the branch key's, the database's), kept
apart from the key code so that checking a passphrase does not load the cryptography library."""

from __future__ import annotations

from app.common.errors import UserError

MIN_PASSPHRASE = 8


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"口令太短：至少 {MIN_PASSPHRASE} 个字符")
    if passphrase.strip() != passphrase:
        raise UserError("口令的开头或结尾不能是空格")
