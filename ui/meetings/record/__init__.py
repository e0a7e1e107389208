"""The meeting record editor, one module per tab."""

from ui.meetings.record.editor import MeetingEditor, SignDialog

__all__ = ["MeetingEditor", "SignDialog"]
