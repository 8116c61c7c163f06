"""Possible duplicates of the person being taken in: open the existing case, make a new case
for that person, or save as a new person."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from caseterm.i18n import _, fmt_date, ngettext
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.services.intake import DuplicateCandidate
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable


def _cases_text(c: DuplicateCandidate) -> str:
    if not c.visible:
        return _("in another caseload")
    return " ".join(c.case_numbers[:3])


def _candidate_line(c: DuplicateCandidate) -> Text:
    return assemble((f"{c.last_name}, {c.first_name}", "bold"), "  ",
                    fmt_date(c.birth_date) or "—", "  ", _cases_text(c),
                    "  — ", (c.reason, "italic"))


class DuplicateDialog(BaseModal):
    """Possible duplicates: open the existing person's case, or confirm a new person.
    Dismisses with ("open", case_id), ("new", None) or None (back to the form)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DuplicateDialog") + """
    DuplicateDialog > Vertical { padding: 0 2; }
    DuplicateDialog DataTable { height: auto; max-height: 12; margin-bottom: 1; }
    /* four actions, two to a line: each label whole at 80 columns */
    DuplicateDialog .dialog-buttons { layout: grid; grid-size: 2; grid-rows: auto;
                                      grid-gutter: 0 2; }
    DuplicateDialog .dialog-buttons Button { width: 1fr; margin-left: 0; }
    """
    BINDINGS = bindings("intake.duplicate")
    COMMAND_SCOPES = ('intake.duplicate',)

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__()
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(ngettext(
                "This person may already be a client ({n} match). Nothing is merged "
                "automatically.",
                "This person may already be a client ({n} matches). Nothing is merged "
                "automatically.", len(self.candidates)).format(n=len(self.candidates)),
                classes="dialog-title")
            yield MeasuredTable(id="dup-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("O or Enter: open the existing person's case (the form is "
                           "discarded) · C: a new case for the existing person (their record "
                           "is kept as it is) · N: save as a new person · Escape: back to the "
                           "form"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Open existing case"), id="open", variant="primary")
                yield Button(_("New case for this person"), id="new_case")
                yield Button(_("Save as new person"), id="new")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        table = self.query_one("#dup-table", DataTable)
        table.add_column(_("Name"), key="name")
        table.add_column(_("Born"), key="born")
        table.add_column(_("Cases"), key="cases")
        table.add_column(_("District"), key="district")
        table.add_column(_("Why"), key="why")
        for i, c in enumerate(self.candidates):
            table.add_row(safe(f"{c.last_name}, {c.first_name}", limit=40),
                          safe(fmt_date(c.birth_date)), safe(_cases_text(c)),
                          safe(c.district, limit=20), safe(c.reason), key=str(i))
        table.focus()

    def _current(self) -> DuplicateCandidate | None:
        table = self.query_one("#dup-table", DataTable)
        if table.row_count == 0:
            return None
        return self.candidates[table.cursor_row]

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"open": self.action_open, "new": self.action_new,
         "new_case": self.action_new_case}.get(
            event.button.id or "", self.action_back)()

    def action_open(self) -> None:
        c = self._current()
        if c is None:
            return
        if not c.visible:
            self.notify(_("This person's case is in another caseload; you may not open it. "
                          "Ask the team lead or the responsible caseworker before creating a "
                          "second record."), severity="warning", timeout=8)
            return
        if c.latest_case_id is None:
            self.notify(_("This person has no case to open."), severity="warning")
            return
        self.dismiss(("open", c.latest_case_id))

    def action_new(self) -> None:
        self.dismiss(("new", None))

    def action_new_case(self) -> None:
        c = self._current()
        if c is None:
            return
        if not c.visible:
            self.notify(_("This person's case is in another caseload; you may not open it. "
                          "Ask the team lead or the responsible caseworker before creating a "
                          "second record."), severity="warning", timeout=8)
            return
        self.dismiss(("new_case", c.client_id))

    def action_back(self) -> None:
        self.dismiss(None)
