"""Development dialogs: the forms of each step and record, and one person's case."""

from ui.development.dialogs.forms import AssessmentEntryDialog, MilestoneDialog, NewPersonDialog, StepDialog
from ui.development.dialogs.person import PersonDialog

__all__ = ["AssessmentEntryDialog", "MilestoneDialog", "NewPersonDialog", "PersonDialog", "StepDialog"]
