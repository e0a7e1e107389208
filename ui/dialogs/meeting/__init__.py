"""The meeting record editor, one module per tab."""

from ui.dialogs.meeting.editor import MeetingEditor, SignDialog

__all__ = ["MeetingEditor", "SignDialog"]
