"""The office's workers: who works here, with which role, team and database role; adding a
worker and changing a role (administrator or team lead — the door refuses anyone else).
Palette → "Workers and roles"; the CLI twin is `caseterm worker …`."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import DataTable, Input, Select, Static

from caseterm.core.inputs import check_worker
from caseterm.core.validate import InputError
from caseterm.core.vocab import Role, label, options
from caseterm.i18n import N_, _
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import workers as workers_service
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


class WorkerDialog(FormDialog):
    """A new worker, or (with `username`) a new role for an existing one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="WorkerDialog")

    def __init__(self, username: str | None = None, role: Role | None = None) -> None:
        super().__init__()
        self.username = username
        self.role = role

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.username:
                yield Static(safe(_("Role of {name}").format(name=self.username)),
                             classes="dialog-title")
            else:
                yield Static(safe(_("New worker")), classes="dialog-title")
                yield FormField("username", _("User name"), Input(id="wk-username"))
                yield FormField("name", _("Name"), Input(id="wk-name"))
            yield FormField("role", _("Role"), Dropdown(
                options(Role), value=(self.role or Role.caseworker).value, allow_blank=False,
                id="wk-role"))
            if not self.username:
                yield FormField("team", _("Team"), Input(id="wk-team"))
                yield FormField("office", _("Office"), Input(id="wk-office"))
            yield FormField("db_role", _("Database role (central office)"),
                            Input(id="wk-dbrole"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#wk-role" if self.username else "#wk-username").focus()

    def action_save(self) -> None:
        ctx = self.capp.ctx
        role = Role(self.query_one("#wk-role", Select).value)
        db_role = self.query_one("#wk-dbrole", Input).value.strip()
        if self.username:
            username = self.username
            self.db_work(lambda: workers_service.set_role(ctx, username, role, db_role or None),
                         self.dismiss)
            return
        try:
            fields = check_worker({
                "username": self.query_one("#wk-username", Input).value.strip(),
                "display_name": self.query_one("#wk-name", Input).value,
                "role": role.value, "team": self.query_one("#wk-team", Input).value,
                "office": self.query_one("#wk-office", Input).value, "db_role": db_role})
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        db = self.capp.db
        self.db_work(lambda: workers_service.add(db, ctx.actor, fields), self.dismiss)


class WorkersScreen(BaseScreen):
    TITLE_MSGID = N_("Workers and roles")
    HELP_MSGID = N_(
        "The office's workers with their role, team and database role. A adds a worker, "
        "R changes the highlighted worker's role. Only an administrator or a team lead may "
        "do either; caseworkers see the list.")
    BINDINGS = bindings("workers")
    COMMAND_SCOPES = ('workers',)
    DEFAULT_CSS = """
    WorkersScreen #wk-title { height: auto; padding: 0 1; background: $boost; }
    WorkersScreen DataTable { height: 1fr; }
    """

    rows: var[list[Any]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[Any]]):
        """The office's workers."""

    def compose(self) -> ComposeResult:
        yield Static(safe(_("Workers and roles"), "bold"), id="wk-title")
        table = MeasuredTable(id="wk-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("User name"), _("Name"), _("Role"), _("Team"), _("Office"),
                          _("Database role"))
        yield table
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx)

    @work(thread=True, exclusive=True, group="workers", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: workers_service.list_all(ctx), self.RowsLoaded)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def watch_rows(self, rows: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(safe(r.username, limit=24), safe(r.display_name, limit=32),
                          label(r.role), safe(r.team, limit=20), safe(r.office, limit=20),
                          safe(r.db_role or "", limit=20))

    def action_add(self) -> None:
        self.app.push_screen(WorkerDialog(), self._after)

    def action_role(self) -> None:
        table = self.query_one(DataTable)
        rows = self.rows
        if not rows or table.cursor_row >= len(rows):
            return
        row = rows[table.cursor_row]
        self.app.push_screen(WorkerDialog(row.username, row.role), self._after)

    def _after(self, result) -> None:
        if result is not None:
            self.action_reload()
