"""Intake (Klärungsphase): the screen, its form and the duplicate dialog, one module each.

The names used elsewhere are re-exported here, so `caseterm.screens.intake:IntakeScreen` and
`from caseterm.screens.intake import DuplicateDialog` keep working."""

from caseterm.screens.intake.duplicate_dialog import DuplicateDialog
from caseterm.screens.intake.form import IntakeForm
from caseterm.screens.intake.screen import DEBOUNCE, IntakeScreen

__all__ = ["DEBOUNCE", "DuplicateDialog", "IntakeForm", "IntakeScreen"]
