"""GUI tests never block on a modal message box: answers are canned and recorded."""

from __future__ import annotations

import pytest

from ui import messages


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch):
    """Every message the code under test showed, as (kind, text). Tests may re-patch."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: shown.append(("error", text)))
    monkeypatch.setattr(messages, "show_info", lambda parent, title, text: shown.append(("info", text)))
    monkeypatch.setattr(messages, "show_user_error",
                        lambda parent, exc: shown.append(("error", exc.message)))
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: shown.append(("confirm", text)) or True)
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: shown.append(("ask_save", text)) or "discard")
    return shown


def painted(qtbot, window) -> None:
    """Show the main window and wait for what it does right after its first paint (the menus'
    actions and shortcuts, the home page's figures, the integrity check)."""
    window.show()
    qtbot.waitUntil(lambda: window._painted)
