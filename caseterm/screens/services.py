"""The service directory of the Sozialraum: search as you type, details of the highlighted
offering, and the unmet needs recorded so far (the gaps, by life domain and district)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Header, Input, Static

from caseterm.core.schemes import get_scheme
from caseterm.i18n import N_, _
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.resources import (
    UnmetNeedDialog,
    offering_cells,
    offering_columns,
    offering_detail,
)
from caseterm.services import directory
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings, key_for
from caseterm.widgets.safe import safe


class ServicesScreen(BaseScreen):
    TITLE_MSGID = N_("Service directory")
    HELP_MSGID = N_(
        "Providers and offerings of the Sozialraum. Type to search (every word must match: "
        "title, provider, category, district, language, cost bearer). Down moves into the "
        "list; the highlighted offering is shown in full below. Ctrl+N records an unmet need when "
        "nothing suitable exists. To link an offering to a client, use O on the client's "
        "resource map."
    )
    DEFAULT_CSS = """
    ServicesScreen #sv-search { margin: 0 1; }
    ServicesScreen PagedTable { height: 1fr; }
    ServicesScreen #sv-bottom { height: 12; border-top: solid $primary-darken-2; }
    ServicesScreen #sv-detail { width: 1fr; padding: 0 1; }
    ServicesScreen #sv-gaps { width: 48; padding: 0 1; border-left: solid $primary-darken-2; }
    """
    BINDINGS = bindings("services")
    COMMAND_SCOPES = ('services',)

    gaps: var[list[Any]] = var(list, init=False, always_update=True)

    class GapsLoaded(Loaded[list[Any]]):
        """Unmet needs recorded: (life domain, district, count), most first."""

    def compose(self) -> ComposeResult:
        ctx = self.capp.ctx
        yield Header()
        yield Input(id="sv-search", placeholder=_("Search the directory …"))
        yield PagedTable(
            fetch=lambda after, limit: directory.search(
                ctx, self.query_one("#sv-search", Input).value, after=after, limit=limit),
            key_of=directory.page_key, cells=offering_cells, row_id=lambda r: str(r.id),
            id="sv-table")
        with Horizontal(id="sv-bottom"):
            yield Static("", id="sv-detail")
            yield Static("", id="sv-gaps")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        offering_columns(table)
        table.reload()
        self.query_one("#sv-search", Input).focus()
        self._gaps()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#sv-search", Input):
            self.query_one(PagedTable).focus()
            event.stop()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(PagedTable).reload()

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        self._detail()
        if event.count == 0:
            self.query_one("#sv-detail", Static).update(offering_detail(None, self._need_key()))

    def on_data_table_row_highlighted(self, _event) -> None:
        self._detail()

    def _detail(self) -> None:
        self.query_one("#sv-detail", Static).update(
            offering_detail(self.query_one(PagedTable).current(), self._need_key()))

    def _need_key(self) -> str:
        return key_for(self.app, "services.unmet_need")

    def _gaps(self) -> None:
        ctx = self.capp.ctx
        self._load(ctx)

    @work(thread=True, exclusive=True, group="gaps", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: directory.unmet_need_summary(ctx), self.GapsLoaded)

    @on(GapsLoaded)
    def _loaded(self, event: GapsLoaded) -> None:
        self.gaps = event.data

    def watch_gaps(self, rows: list[Any]) -> None:
        scheme = get_scheme()
        out = Text(_("Unmet needs recorded (gaps)") + "\n", style="bold")
        for domain_id, district, n in rows[:9]:
            d = scheme.domain(domain_id)
            out.append(f"{n:>3} ")
            out.append_text(safe((d.title if d else domain_id) + (f" · {district}"
                                                                   if district else "")))
            out.append("\n")
        if not rows:
            out.append("—", style="dim")
        self.query_one("#sv-gaps", Static).update(out)

    def action_search(self) -> None:
        self.query_one("#sv-search", Input).focus()

    def action_unmet_need(self) -> None:
        self.app.push_screen(UnmetNeedDialog(None), lambda r: self._gaps() if r else None)

    def action_back(self) -> None:
        self.app.pop_screen()
