"""The audit trail on screen: who opened, changed, exported or was refused what, newest first.

From a case (palette → "Audit trail" while a case is open) it shows that case's entries, for
anyone who may read the case. Without a case it shows the newest entries of all, for the
data-protection officer, a team lead or an administrator. V checks the hash chain.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Static

from caseterm.core.lists import AUDIT
from caseterm.i18n import _, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import audit as audit_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns


class AuditScreen(BaseScreen):
    BINDINGS = bindings("audit")
    COMMAND_SCOPES = ('audit',)
    DEFAULT_CSS = """
    AuditScreen #audit-status { height: auto; padding: 0 1; }
    AuditScreen DataTable { height: 1fr; }
    """

    rows: var[list[Any]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[Any]]):
        """Audit entries, newest first."""

    def __init__(self, case_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        title = _("Audit trail of this case") if self.case_id else _("Audit trail")
        yield Static(safe(title, "bold"), id="audit-title")
        yield Static("", id="audit-status")
        table = MeasuredTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        list_columns(table, AUDIT)
        yield table
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx, self.case_id)

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def _load(self, ctx, case_id: uuid.UUID | None) -> None:
        if case_id is not None:
            self.deliver(lambda: audit_service.for_case(ctx, case_id), self.RowsLoaded,
                         on_error=self._refused)
        else:
            self.deliver(lambda: audit_service.latest(ctx), self.RowsLoaded,
                         on_error=self._refused)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def _refused(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self.query_one("#audit-status", Static).update(safe(message, "bold red"))

    def watch_rows(self, rows: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(*list_cells(AUDIT, r))
        self.query_one("#audit-status", Static).update(
            safe(ngettext("{n} entry", "{n} entries", len(rows)).format(n=len(rows)), "dim"))

    def action_verify(self) -> None:
        db = self.capp.db
        self.db_work(lambda: audit_service.verify(db), self._verified, group="audit-verify")

    def _verified(self, result) -> None:
        count, problems = result
        if problems:
            text = _("The audit trail has been tampered with: {n} problem(s) in {count} "
                     "entries.").format(n=len(problems), count=count)
            text += " " + "; ".join(audit_service.describe(p) for p in problems[:3])
            self.notify(text, severity="error", timeout=15, markup=False)
        else:
            self.notify(_("The audit trail is intact: {count} entries.").format(count=count),
                        markup=False)
