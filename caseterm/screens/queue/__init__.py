"""The follow-up queue: the screen, its cells and its dialogs, one module each.

The names used elsewhere are re-exported here, so `caseterm.screens.queue:QueueScreen` and
`from caseterm.screens.queue import DoneDialog` keep working."""

from caseterm.screens.queue.cells import flags_cell, kind_cell, lateness_cell, marker_cell
from caseterm.screens.queue.dialogs import DoneDialog, PlanDialog, PostponeDialog, ReassignDialog
from caseterm.screens.queue.screen import QueueScreen

__all__ = [
    "DoneDialog", "PlanDialog", "PostponeDialog", "QueueScreen", "ReassignDialog", "flags_cell",
    "kind_cell", "lateness_cell", "marker_cell",
]
