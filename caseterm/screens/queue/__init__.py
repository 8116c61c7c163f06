"""The follow-up queue: the screen and its dialogs, one module each (its columns and cells
are defined once in core.lists.QUEUE, for the screen and `caseterm queue` alike).

The names used elsewhere are re-exported here, so `caseterm.screens.queue:QueueScreen` and
`from caseterm.screens.queue import DoneDialog` keep working."""

from caseterm.screens.queue.dialogs import DoneDialog, PlanDialog, PostponeDialog, ReassignDialog
from caseterm.screens.queue.screen import QueueScreen

__all__ = ["DoneDialog", "PlanDialog", "PostponeDialog", "QueueScreen", "ReassignDialog"]
