"""Goals and plan (one module per tab and per group of dialogs; the screen is in screen.py).

The names used elsewhere are re-exported here, so `caseterm.screens.goals:GoalsScreen` and
`from caseterm.screens.goals import GoalDialog` keep working."""

from caseterm.screens.goals.agreement_dialogs import (
    ApprovalDialog,
    CompareDialog,
    ParticipantDialog,
    VersionDialog,
)
from caseterm.screens.goals.agreement_tab import AgreementPane
from caseterm.screens.goals.common import (
    FIELD_WIDGETS,
    GAS_LEVEL_LABELS,
    TEXT_FIELDS,
    render_smart,
    t_chart,
)
from caseterm.screens.goals.gas_dialogs import GasDialog, ReviewDialog
from caseterm.screens.goals.gas_tab import GasPane
from caseterm.screens.goals.goal_dialog import GoalDialog
from caseterm.screens.goals.screen import GoalsScreen

__all__ = [
    "FIELD_WIDGETS", "GAS_LEVEL_LABELS", "TEXT_FIELDS", "AgreementPane", "ApprovalDialog",
    "CompareDialog", "GasDialog", "GasPane", "GoalDialog", "GoalsScreen", "ParticipantDialog",
    "ReviewDialog", "VersionDialog", "render_smart", "t_chart",
]
