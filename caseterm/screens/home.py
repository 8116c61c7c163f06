"""Home: the worker's open cases and the follow-ups due, overdue first."""

from __future__ import annotations

import uuid
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import DataTable, Header, Static

from caseterm.core import clock
from caseterm.core.vocab import FollowUpKind, label
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import cases as cases_service
from caseterm.services import followups as followups_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable, define_columns, due_cell, late_cell, marker_cell


def _overview(ctx) -> tuple[Any, ...]:
    return (followups_service.due_soon(ctx), cases_service.my_cases(ctx),
            cases_service.count_my_cases(ctx))


class HomeScreen(BaseScreen):
    TITLE_MSGID = N_("Home")
    HELP_MSGID = N_(
        "Your open cases and the follow-ups due in the next seven days. Overdue items come "
        "first, child protection on top. Enter opens the case of the highlighted line; Tab "
        "moves between the two lists."
    )
    DEFAULT_CSS = """
    HomeScreen #home-summary { height: auto; padding: 0 1; background: $boost; }
    HomeScreen .section-title { text-style: bold; padding: 0 1; margin-top: 1; }
    HomeScreen #home-followups { height: 1fr; }
    HomeScreen #home-cases { height: 1fr; }
    """
    BINDINGS = bindings("home")
    COMMAND_SCOPES = ('home',)

    overview: var[tuple[Any, ...]] = var(tuple, init=False, always_update=True)

    class OverviewLoaded(Loaded[tuple[Any, ...]]):
        """Follow-ups due soon, my cases and how many I have."""

    def __init__(self) -> None:
        super().__init__()
        self._case_ids: dict[str, uuid.UUID] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="home-summary")
        with Vertical():
            yield Static(_("Due follow-ups (next 7 days)"), classes="section-title",
                         id="home-followups-title")
            yield MeasuredTable(id="home-followups", cursor_type="row", zebra_stripes=True)
            yield Static(_("My open cases"), classes="section-title", id="home-cases-title")
            yield MeasuredTable(id="home-cases", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        fu = self.query_one("#home-followups", DataTable)
        # whose, when and what first: at 80 columns the case, lateness and kind may go
        define_columns(fu, [("!", "flag"), (_("Due"), "due"), (_("Client"), "client"),
                            (_("Next step"), "next"), (_("Case"), "case"),
                            (_("Late"), "late"), (_("Kind"), "kind")])
        define_columns(self.query_one("#home-cases", DataTable), [
            ("!", "flag"), (_("Case"), "case"), (_("Client"), "client"),
            (_("Legal area"), "area"), (_("Phase"), "phase"), (_("Next due"), "next"),
            (_("Overdue"), "overdue")])
        fu.focus()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(self.capp.ctx)

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: _overview(ctx), self.OverviewLoaded)

    @on(OverviewLoaded)
    def _loaded(self, event: OverviewLoaded) -> None:
        self.overview = event.data

    def watch_overview(self, result: tuple[Any, ...]) -> None:
        followups, cases, total = result
        today = clock.today()
        me = self.capp.ctx.actor.id
        self._case_ids.clear()
        fu = self.query_one("#home-followups", DataTable)
        fu.clear()
        overdue = due_today = 0
        # The next step gets what is left of the terminal after the marker, the due date and
        # the client (and, from 100 columns, the case); each column is padded by 2.
        width = self.app.size.width
        client_width = 18 if width < 100 else 26
        step_width = max(20, min(70, width - 4 - 12 - (client_width + 2) - 3
                                 - (15 if width >= 100 else 0)))
        for row in followups:
            late = row.days_late(today)
            overdue += late > 0
            due_today += late == 0
            key = f"f-{row.id}"
            self._case_ids[key] = row.case_id
            step = safe(row.next_step, limit=step_width)
            if row.assignee_id not in (None, me):
                # an absent colleague's, while I deputise for her
                who = _("for {name}").format(name=row.assignee) + ": "
                step = Text.assemble(safe(who, "bold cyan"),
                                     safe(row.next_step, limit=max(10, step_width - len(who))))
            fu.add_row(
                marker_cell(row.child_protection, row.kind is FollowUpKind.frist),
                due_cell(row.due_date, today), safe(row.client_name, limit=client_width),
                step, safe(row.case_number), late_cell(late), safe(label(row.kind)), key=key,
            )
        cs = self.query_one("#home-cases", DataTable)
        cs.clear()
        for c in cases:
            key = f"c-{c.id}"
            self._case_ids[key] = c.id
            cs.add_row(
                marker_cell(c.child_protection, False), safe(c.case_number),
                safe(f"{c.last_name}, {c.first_name}", limit=34), safe(label(c.legal_area)),
                safe(label(c.phase)), due_cell(c.next_due, today) if c.next_due else Text(""),
                late_cell(c.overdue, suffix=""), key=key,
            )
        for table in (fu, cs):
            if isinstance(table, MeasuredTable):
                table.measure()
        worker = self.capp.worker
        summary = Text.assemble(
            (_("Hello, {name}").format(name=worker.display_name), "bold"), " — ",
            fmt_date(today), " — ",
            ngettext("{n} open case", "{n} open cases", total).format(n=total), " · ",
            (ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue),
             "bold red" if overdue else ""), " · ",
            ngettext("{n} due today", "{n} due today", due_today).format(n=due_today),
        )
        if len(cases) < total:
            summary.append(" · " + _("showing the first {n} cases; use search for the rest")
                           .format(n=len(cases)))
        self.query_one("#home-summary", Static).update(summary)

    def _highlighted_case(self) -> uuid.UUID | None:
        focused = self.focused
        table = focused if isinstance(focused, DataTable) else self.query_one("#home-followups",
                                                                              DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._case_ids.get(key or "")

    def action_open_case(self) -> None:
        case_id = self._highlighted_case()
        if case_id is not None:
            self.capp.open_case(case_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        case_id = self._case_ids.get(event.row_key.value or "")
        if case_id is not None:
            self.capp.open_case(case_id)

    def action_go(self, dest: str) -> None:
        self.open_destination(dest)
