"""Held changes (README "Außenstelle und Zentrale"): what arrived and is held back until
something else arrives, in plain words. A change set or bundle waits when earlier changes of
the same device are missing (a gap in its numbers); a single change waits when its case or
person has not arrived. Nothing is lost and nothing needs deciding: held changes are applied
by themselves once what they wait for arrives. The screen says what to do to get there
(import the missing bundle, sync again). Read only; `services.sync_held.overview`."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Header, Static

from caseterm.core.lists.held import HELD, explain
from caseterm.i18n import N_, _, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import sync_held
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns

NARROW = {"device": 12, "what": 16, "waits_for": 16}


def summary(rows: list[Any]) -> str:
    if not rows:
        return _("Nothing is held back: every change that arrived here has been applied.")
    return ngettext(
        "{n} change set or change is held back. Nothing is lost: it is applied by itself as "
        "soon as what it waits for arrives.",
        "{n} change sets or changes are held back. Nothing is lost: each is applied by itself "
        "as soon as what it waits for arrives.", len(rows)).format(n=len(rows))


class SyncHeldScreen(BaseScreen):
    TITLE_MSGID = N_("Held changes")
    HELP_MSGID = N_(
        "Changes that arrived but are held back. Either earlier changes of the same device "
        "are missing (a bundle was skipped or is still on its way), or the case or person a "
        "change belongs to has not arrived. Nothing is lost and nothing needs deciding: held "
        "changes are applied by themselves, in order, as soon as what they wait for arrives. "
        "To get there, import the missing bundle (caseterm bundle import) or let the laptop "
        "sync again (caseterm sync). caseterm bundle held lists the same."
    )
    DEFAULT_CSS = """
    SyncHeldScreen #sh-status { height: auto; padding: 0 1; background: $boost; }
    SyncHeldScreen #sh-table { height: 1fr; }
    SyncHeldScreen #sh-empty { height: 1fr; padding: 1 2; display: none; }
    SyncHeldScreen.-empty #sh-empty { display: block; }
    SyncHeldScreen.-empty #sh-table { display: none; }
    SyncHeldScreen #sh-why { height: auto; min-height: 3; padding: 0 1;
        border-top: wide $accent; }
    """
    BINDINGS = bindings("sync_held")
    COMMAND_SCOPES = ('sync_held',)

    rows: var[list[Any]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[Any]]):
        """The held changes, as the service listed them."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sh-status")
        yield MeasuredTable(id="sh-table", cursor_type="row", zebra_stripes=True)
        # in the table's place while nothing is held (as the queue says "Nothing is due")
        yield Static(_("No change is held back. A change that waits for an earlier bundle or "
                       "for its case is listed here until that arrives. Esc goes back, F1 "
                       "explains."), id="sh-empty")
        yield Static("", id="sh-why")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _(self.TITLE_MSGID)
        table = self.query_one("#sh-table", DataTable)
        list_columns(table, HELD)
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx)

    @work(thread=True, exclusive=True, group="sh", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: sync_held.overview(ctx), self.RowsLoaded)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def watch_rows(self, rows: list[Any]) -> None:
        self.query_one("#sh-status", Static).update(Text(summary(rows)))
        table = self.query_one("#sh-table", MeasuredTable)
        table.clear()
        widths = NARROW if self.app.size.width < 110 else None
        for i, r in enumerate(rows):
            table.add_row(*list_cells(HELD, r, widths), key=str(i))
        table.measure()
        self.set_class(not rows, "-empty")
        self._explain()

    def current(self) -> Any:
        table = self.query_one("#sh-table", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        row = table.cursor_coordinate.row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._explain()

    def _explain(self) -> None:
        row = self.current()
        self.query_one("#sh-why", Static).update(Text("" if row is None else explain(row)))
