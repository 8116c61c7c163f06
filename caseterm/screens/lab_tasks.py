"""The "Aufgaben" panel of a training-lab workspace: the scenario's tasks, which are done, and
the checker's hints in plain words (F7, or "Tasks" in the command palette)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from caseterm.i18n import _
from caseterm.screens.base import BaseScreen
from caseterm.services import lab as lab_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


class LabTasksScreen(BaseScreen):
    BINDINGS = bindings("lab_tasks")
    COMMAND_SCOPES = ('lab_tasks',)
    DEFAULT_CSS = """
    LabTasksScreen #tasks-title { height: auto; padding: 0 1; }
    LabTasksScreen DataTable { height: 1fr; }
    LabTasksScreen #tasks-hint { height: auto; max-height: 8; padding: 0 1;
                                 border-top: solid $accent; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[lab_service.TaskRow] = []

    def compose(self) -> ComposeResult:
        yield Static(safe(_("Tasks"), "bold"), id="tasks-title")
        table = MeasuredTable(id="tasks-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Done"), _("Day"), _("Scenario"), _("Task"))
        yield table
        yield Static("", id="tasks-hint")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        ctx, info = self.capp.ctx, self.capp.lab
        self.db_work(lambda: lab_service.my_tasks(ctx, info), self._show)

    def _show(self, rows: list[lab_service.TaskRow]) -> None:
        from rich.text import Text

        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            mark = "✓" if r.done else ("!" if r.gate_violation else "·")
            table.add_row(Text(mark), Text(str(r.day)), safe(r.scenario_title, limit=40),
                          safe(r.text, limit=120))
        done = sum(r.done for r in rows)
        self.query_one("#tasks-title", Static).update(safe(
            _("Tasks: {done} of {n} done").format(done=done, n=len(rows)), "bold"))
        self._hint(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._hint(event.cursor_row)

    def _hint(self, index: int) -> None:
        box = self.query_one("#tasks-hint", Static)
        if not 0 <= index < len(self.rows):
            box.update("")
            return
        r = self.rows[index]
        lines = [r.text, _("Done.") if r.done else _("Not done yet.")]
        lines += r.hints
        if r.hint and not r.done:
            lines.append(_("How: {hint}").format(hint=r.hint))
        box.update(safe("\n".join(lines), multiline=True))
