"""Development dialogs: the forms of each step and record, and one person's case."""

from ui.dialogs.development.forms import AssessmentEntryDialog, MilestoneDialog, NewPersonDialog, StepDialog
from ui.dialogs.development.person import PersonDialog

__all__ = ["AssessmentEntryDialog", "MilestoneDialog", "NewPersonDialog", "PersonDialog", "StepDialog"]
