"""The follow-up queue (Wiedervorlage): everything dated, overdue first — the caseworker's
start screen.

Sections overdue / today / this week / later; child protection (⚠) first, then legal
deadlines (§ Frist, marked with a symbol and a word), then the oldest, then priority. The
rows come page by page (PagedTable): the queue stays instant with 300,000 follow-ups. The
columns and cells are defined once in core.lists.QUEUE (shared with `caseterm queue`), the
dialogs are in dialogs.py.
"""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Header, Select, Static

from caseterm.core import clock
from caseterm.core.lists import QUEUE
from caseterm.core.queue import (
    Section,
    section_label,
)
from caseterm.core.vocab import FollowUpKind, LegalArea, options
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.queue.dialogs import DoneDialog, PlanDialog, PostponeDialog, ReassignDialog
from caseterm.services import AccessDenied, followups
from caseterm.services.followups import QueueFilter, QueueRow
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import list_cells, list_columns

NOTHING_DUE = N_("Nothing is due. Press I to begin the first intake, F5 to find a case, F1 for "
                 "help.")


class QueueScreen(BaseScreen):
    AUTO_FOCUS = "#queue-table"
    TITLE_MSGID = N_("Follow-up queue")
    HELP_MSGID = N_(
        "Everything that is due, in four sections: overdue, today, this week, later. Child "
        "protection cases (⚠) come first, then legal deadlines (§ Frist), then the oldest "
        "items, then priority. Enter opens the case. D marks the highlighted follow-up done "
        "(the outcome becomes a contact note), P postpones it (a reason is required), R "
        "hands it to someone else, N sets up the next one (a chain or a recurring series). "
        "F moves to the filters: mine / my team / one worker, legal area, kind. While you "
        "deputise for an absent colleague, her follow-ups are in yours, marked “for <name>”. "
        "Items more than 5 working days overdue also show on the deputy's queue, more than "
        "10 on the team lead's — for cases they may read."
    )
    DEFAULT_CSS = """
    QueueScreen #queue-summary { height: auto; padding: 0 1; background: $boost; }
    QueueScreen #queue-filters { height: auto; padding: 0 1; }
    QueueScreen #queue-filters Select { width: 1fr; margin-right: 1; }
    QueueScreen #queue-table { height: 1fr; }
    QueueScreen #queue-inbox { height: auto; padding: 0 1; color: $warning; display: none; }
    QueueScreen #queue-inbox.-shown { display: block; }
    QueueScreen #queue-empty { height: auto; padding: 1 2; display: none; }
    QueueScreen #queue-empty.-shown { display: block; }
    """
    BINDINGS = bindings("queue")
    COMMAND_SCOPES = ('queue',)

    counts: var[dict[Section, int]] = var(dict, init=False, always_update=True)
    # the line of referrals and hand-overs addressed to me ("" hides it)
    inbox: var[str] = var("", init=False)

    def __init__(self) -> None:
        super().__init__()
        self._restore_row: int | None = None
        self._refreshed = False
        self._current_filter: QueueFilter | None = None

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="queue-summary")
        yield Static("", id="queue-inbox")  # referrals and hand-overs addressed to me
        with Horizontal(id="queue-filters"):
            yield Dropdown(self._scopes([]), value="mine", allow_blank=False,
                           id="queue-scope")
            yield Dropdown(options(LegalArea), prompt=_("All legal areas"), id="queue-area")
            yield Dropdown(options(FollowUpKind), prompt=_("All kinds"), id="queue-kind")
        yield Static(_(NOTHING_DUE), id="queue-empty")
        yield PagedTable(fetch=self._fetch, key_of=lambda r: r.cursor, cells=self._cells,
                         row_id=lambda r: str(r.id), id="queue-table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", PagedTable)
        list_columns(table, QUEUE)
        table.focus()
        ctx = self.capp.ctx
        self.db_work(lambda: followups.visible_workers(ctx), self._set_workers,
                     group="queue-workers")
        # show the queue at once; bring automatic follow-ups in step meanwhile and show
        # the queue again if that changed anything
        self._refreshed = True
        self.action_reload()
        self.db_work(lambda: followups.refresh(ctx), self._after_refresh, group="queue-refresh",
                     on_error=lambda exc: self.app.log.error(repr(exc)))
        self._inbox()

    def _inbox(self) -> None:
        ctx = self.capp.ctx

        def line() -> str:
            from caseterm.screens.sync_status import held_line
            from caseterm.services.start import inbox_possible

            held = held_line(ctx)  # changes held back at this database (sync)
            if not inbox_possible(ctx):  # lean; the model classes only when there may be some
                return held
            from caseterm.services import people

            return "\n".join(t for t in (people.inbox_line(ctx), held) if t)

        self.db_work(line, lambda text: setattr(self, "inbox", text), group="queue-inbox",
                     on_error=lambda exc: self.app.log.error(repr(exc)))

    def watch_inbox(self, line: str) -> None:
        box = self.query_one("#queue-inbox", Static)
        box.update(safe(line))
        box.set_class(bool(line), "-shown")

    def _after_refresh(self, changed: int) -> None:
        if changed:
            self.action_reload(keep_cursor=True)

    def on_screen_resume(self) -> None:
        if self._refreshed:
            self.action_reload(keep_cursor=True)
            self._inbox()

    def _scopes(self, workers: list[tuple[str, uuid.UUID]]) -> list[tuple[str, str]]:
        """Mine; my team (team lead); the queues of colleagues I may open (my team, or
        an absent colleague I deputise for)."""
        opts = [(_("Mine"), "mine")]
        if followups.sees_team(self.capp.ctx):
            opts.append((_("My team"), "team"))
        opts += [(_("Worker: {name}").format(name=name), f"w:{wid}") for name, wid in workers]
        return opts

    def _set_workers(self, workers: list[tuple[str, uuid.UUID]]) -> None:
        opts = self._scopes(workers)
        scope = self.query_one("#queue-scope", Select)
        current = scope.value
        with self.prevent(Select.Changed):
            scope.set_options(opts)
            scope.value = current if current in {v for _l, v in opts} else "mine"

    # -- data ------------------------------------------------------------------------------
    @property
    def filter(self) -> QueueFilter:
        """The filters as chosen (AccessDenied, audited, for a queue not open to me)."""
        scope = str(self.query_one("#queue-scope", Select).value or "mine")
        area = self.query_one("#queue-area", Select).value
        kind = self.query_one("#queue-kind", Select).value
        worker_id = None
        if scope.startswith("w:"):
            worker_id, scope = uuid.UUID(scope[2:]), "worker"
        return followups.queue_filter(
            self.capp.ctx, scope=scope, worker_id=worker_id,
            legal_area=None if area is Select.NULL else str(area),
            kind=None if kind is Select.NULL else str(kind),
        )

    def _fetch(self, after, limit):
        return followups.page(self.capp.ctx, self._current_filter, after=after, limit=limit)

    def _cells(self, row: QueueRow) -> list:
        return list_cells(QUEUE, row)

    def action_reload(self, keep_cursor: bool = False) -> None:
        table = self.query_one("#queue-table", PagedTable)
        self._restore_row = table.cursor_row if keep_cursor and table.row_count else None
        try:
            self._current_filter = self.filter
        except AccessDenied as exc:  # a queue no longer open to me: back to mine
            self.notify(exc.message, severity="error", markup=False)
            with self.prevent(Select.Changed):
                self.query_one("#queue-scope", Select).value = "mine"
            self._current_filter = self.filter
        flt, ctx = self._current_filter, self.capp.ctx
        table.reload()
        self._load_counts(ctx, flt)

    class CountsLoaded(Loaded[dict[Section, int]]):
        """How many follow-ups each section holds under the filter."""

    @work(thread=True, exclusive=True, group="queue-counts", exit_on_error=False)
    def _load_counts(self, ctx, flt: QueueFilter) -> None:
        self.deliver(lambda: followups.counts(ctx, flt), self.CountsLoaded)

    @on(CountsLoaded)
    def _counts_loaded(self, event: CountsLoaded) -> None:
        self.counts = event.data

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        empty = self.query_one("#queue-empty", Static)
        filtered = any(self.query_one(f"#queue-{name}", Select).value is not Select.NULL
                       for name in ("area", "kind"))
        # an empty filtered queue is no empty database: no "first intake" then
        empty.update(_("No follow-up matches these filters. Press F to change them.")
                     if filtered else _(NOTHING_DUE))
        empty.set_class(not event.count, "-shown")
        if self._restore_row is not None and event.count:
            table = event.table
            table.move_cursor(row=min(self._restore_row, event.count - 1))
            self._restore_row = None

    def watch_counts(self, counts: dict[Section, int]) -> None:
        total = sum(counts.values())
        styles = {Section.overdue: "bold red", Section.today: "bold"}
        summary = Text.assemble(
            (_("Follow-ups"), "bold"), " — ", fmt_date(clock.today()), " — ",
            ngettext("{n} open", "{n} open", total).format(n=total), "  ")
        for i, section in enumerate(Section):
            if i:
                summary.append(" · ")
            summary.append(f"{section_label(section)}: {counts[section]}",
                           style=styles.get(section, "") if counts[section] else "")
        self.query_one("#queue-summary", Static).update(summary)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in {"queue-scope", "queue-area", "queue-kind"} and self._refreshed:
            self.action_reload()

    # -- actions ---------------------------------------------------------------------------
    def _current(self) -> QueueRow | None:
        row = self.query_one("#queue-table", PagedTable).current()
        if row is None:
            self.notify(_("Nothing selected."), severity="warning")
        return row

    def _after(self, message: str | None) -> None:
        # the list is reloaded when this screen resumes (on_screen_resume)
        if message:
            self.notify(message, timeout=4, markup=False)

    def _own(self) -> QueueRow | None:
        """The highlighted follow-up of a case of mine; a received referral is answered."""
        row = self._current()
        if row is not None and row.referral_id is not None:
            self.notify(_("A received referral: B answers it (the sender's case is not "
                          "yours)."), severity="warning")
            return None
        return row

    def on_data_table_row_selected(self, event) -> None:
        row = self._current()
        if row is not None and row.referral_id is not None:
            self.action_answer()
        else:
            self.action_open_case()

    def action_open_case(self) -> None:
        row = self._own()
        if row is not None:
            self.capp.open_case(row.case_id)

    def action_answer(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.referral_id is None:
            self.notify(_("This is not a referral addressed to you."), severity="warning")
            return
        from caseterm.screens.people_dialogs import AnswerDialog
        from caseterm.services import people

        ctx, rid = self.capp.ctx, row.referral_id
        self.db_work(lambda: people.incoming_referral(ctx, rid),
                     lambda ref: self.app.push_screen(AnswerDialog(ref), self._answered))

    def _answered(self, answer: str | None) -> None:
        if answer:
            self.notify(_("Answered: {answer}. The sender's follow-up is closed.").format(
                answer=answer), markup=False)  # the list reloads on resume

    def action_done(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(DoneDialog(row), self._after)

    def action_postpone(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(PostponeDialog(row), self._after)

    def action_reassign(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(ReassignDialog(row), self._after)

    def action_plan(self) -> None:
        row = self._own()
        if row is not None:
            self.app.push_screen(PlanDialog(row), self._after)

    def action_filters(self) -> None:
        self.query_one("#queue-scope", Select).focus()

    def action_back(self) -> None:
        focused = self.focused
        table = self.query_one("#queue-table", PagedTable)
        if focused is not None and focused is not table:
            table.focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.capp.open_destination("home")


# -- dialogs ------------------------------------------------------------------------------
