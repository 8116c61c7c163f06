"""Case list and search: every case the worker may see, filtered, searched as one types.

Rows come page by page (PagedTable, keyset paging), never all at once, so the list stays smooth
with 100,000 cases. Per keystroke (issue 18): a first page only as long as the visible rows,
fetched by an exclusive worker (an answer to an older search is dropped when it arrives) and
written into the rows already shown. The count costs no query when the first page holds every
hit; otherwise it is shown as "at least n" at once and counted only once typing has paused
(COUNT_DELAY), again by an exclusive worker whose answer is dropped if the search changed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static

from caseterm.core.columns import table_columns
from caseterm.core.lists import CASES
from caseterm.core.vocab import CasePhase, LegalArea, label, options
from caseterm.i18n import N_, _, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import cases as search
from caseterm.services import workers as workers_repo
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.sync_bar import unsent_cell
from caseterm.widgets.tables import list_cells, list_columns
from caseterm.widgets.tickbox import Checkbox

DEBOUNCE = 0.03  # just enough to merge a burst of keys; stale answers are dropped
COUNT_DELAY = 0.4  # the exact count of a long result waits until typing pauses
MINE = "__mine__"
ALL = "__all__"


class CaseListScreen(BaseScreen):
    TITLE_MSGID = N_("Case list and search")
    HELP_MSGID = N_(
        "All cases you may see. Type a name, a case number or a birth date: the list follows "
        "as you type (prefixes are enough, umlauts may be written as ae/oe/ue). Filter by "
        "phase, legal area, worker, child protection and overdue follow-ups; Tab moves between "
        "search, filters and the list. Enter opens the highlighted case. Child-protection "
        "cases come first."
    )
    DEFAULT_CSS = """
    CaseListScreen #cl-search { margin: 0 1; }
    CaseListScreen #cl-filters { height: auto; padding: 0 1; }
    CaseListScreen #cl-filters Select { width: 1fr; margin-right: 1; }
    CaseListScreen #cl-filters Checkbox { width: auto; margin-right: 1; }
    CaseListScreen.-narrow #cl-filters {
        layout: grid; grid-size: 3; grid-rows: auto; grid-columns: 1fr 1fr 1fr;
    }
    CaseListScreen.-narrow #cl-filters Select { width: 1fr; }
    CaseListScreen #cl-status { height: 1; padding: 0 1; color: $text-muted; }
    CaseListScreen #cl-table { height: 1fr; }
    """
    BINDINGS = bindings("case_list")
    COMMAND_SCOPES = ('case_list',)

    #: the filter and the exact number of its cases; the status line follows it
    counted: var[tuple[search.CaseFilter, int] | None] = var(None, init=False,
                                                              always_update=True)

    class Counted(Loaded[tuple[search.CaseFilter, int]]):
        """The exact number of cases for a filter."""

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._count_timer: Timer | None = None
        self.current_filter = search.CaseFilter()
        self._shown = False
        self._unsent: set = set()  # cases changed here since the last sync (a laptop)
        self._merged: list[str] = []  # searched names merged away, and where they live on

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="cl-search", placeholder=_("Search: name, case number, birth date …"))
        with Horizontal(id="cl-filters"):
            yield Dropdown([(label(p), p.value) for p in CasePhase], id="cl-phase",
                           prompt=_("Phase: all open"))
            yield Dropdown(options(LegalArea), id="cl-area", prompt=_("Legal area: all"))
            yield Dropdown([(_("My cases"), MINE), (_("All I may see"), ALL)], id="cl-worker",
                           value=ALL, allow_blank=False)
            yield Checkbox(_("Child protection"), id="cl-cp")
            yield Checkbox(_("Overdue"), id="cl-overdue")
        yield Static("", id="cl-status")
        yield PagedTable(fetch=self._fetch, key_of=lambda r: r.cursor,
                         cells=self._cells, row_id=lambda r: str(r.id), id="cl-table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        list_columns(table, CASES)
        self.db_work(lambda: workers_repo.list_all(self.capp.ctx), self._set_workers,
                     group="cl-workers")
        self.query_one("#cl-search", Input).focus()
        self._apply()

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a case: refresh (phases and due dates may have changed)
            self._apply()
        self._shown = True

    def _set_workers(self, workers) -> None:
        choices = [(_("My cases"), MINE), (_("All I may see"), ALL)]
        choices += [(w.display_name, str(w.id)) for w in workers if w.id != self.capp.worker.id]
        select = self.query_one("#cl-worker", Select)
        value = select.value
        with self.prevent(Select.Changed):
            select.set_options(choices)
            select.value = value if value is not Select.NULL else ALL

    # -- the filter --------------------------------------------------------------------------
    def build_filter(self) -> search.CaseFilter:
        import uuid

        phase = self.query_one("#cl-phase", Select).value
        area = self.query_one("#cl-area", Select).value
        who = self.query_one("#cl-worker", Select).value
        worker_id = None
        if who == MINE:
            worker_id = self.capp.worker.id
        elif who not in (ALL, Select.NULL):
            worker_id = uuid.UUID(str(who))
        ph = None if phase is Select.NULL else CasePhase(phase)
        return search.CaseFilter(
            text=self.query_one("#cl-search", Input).value,
            phase=ph, legal_area=None if area is Select.NULL else LegalArea(area),
            worker_id=worker_id, child_protection=self.query_one("#cl-cp", Checkbox).value,
            has_overdue=self.query_one("#cl-overdue", Checkbox).value,
            include_closed=ph is CasePhase.closure,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "cl-search":
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(DEBOUNCE, self._apply)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cl-search":
            self._apply()
            self.action_focus_list()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._apply()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._apply()

    def _apply(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._stop_count()
        self.current_filter = self.build_filter()
        self._unsent = set()
        self.query_one("#cl-status", Static).update(Text(_("Searching …"), style="dim"))
        self.query_one(PagedTable).reload()

    def _stop_count(self) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        self.workers.cancel_group(self, "cl-count")

    @on(PagedTable.Loaded)
    def _first_page(self, event: PagedTable.Loaded) -> None:
        if not event.first:
            return
        wanted = self.current_filter
        if not event.more:  # the first page holds every hit: that is the count
            self.counted = (wanted, event.count)
            return
        self.query_one("#cl-status", Static).update(safe(
            _("At least {n} cases (counting …)").format(n=event.count)))
        self._count_timer = self.set_timer(COUNT_DELAY, lambda: self._count(wanted))

    def _count(self, wanted: search.CaseFilter) -> None:
        self._count_timer = None
        self._count_work(self.capp.ctx, wanted)

    @work(thread=True, exclusive=True, group="cl-count", exit_on_error=False)
    def _count_work(self, ctx, wanted: search.CaseFilter) -> None:
        self.deliver(lambda: (wanted, search.count(ctx, wanted)), self.Counted)

    @on(Counted)
    def _counted(self, event: Counted) -> None:
        if event.data[0] == self.current_filter:  # the filter changed meanwhile: dropped
            self.counted = event.data

    def watch_counted(self, counted: tuple[search.CaseFilter, int] | None) -> None:
        if counted is None:
            return
        wanted, n = counted
        text = ngettext("{n} case", "{n} cases", n).format(n=n)
        if not n and wanted.text.strip():
            text = _("No case matches “{text}”.").format(text=wanted.text.strip())
        elif not n and wanted == search.CaseFilter(worker_id=wanted.worker_id):
            text = _("No cases yet. Press F4 to begin the first intake.")
        from caseterm.screens.sync_status import is_replica
        from caseterm.widgets.sync_bar import UNSENT_MARK, unsent_label

        if is_replica(self.app) and n:
            text += f" · {UNSENT_MARK} = " + unsent_label()
        for line in self._merged:
            text += "\n" + line
        self.query_one("#cl-status", Static).update(safe(text))

    # -- the table ---------------------------------------------------------------------------
    def _fetch(self, after, limit):
        rows = search.search(self.capp.ctx, self.current_filter, after=after, limit=limit)
        if after is None:  # a name merged away leads to the survivor („zusammengeführt in“)
            self._merged = []
            if self.current_filter.text.strip():
                from caseterm.screens.sync_status import merged_hits

                rows, self._merged = merged_hits(self.capp.ctx, self.current_filter, rows,
                                                 limit)
        from caseterm.screens.sync_status import is_replica

        if rows and is_replica(self.app):  # the "nicht übertragen" mark of a laptop
            from caseterm.services import sync

            self._unsent |= sync.record_unsent(self.capp.ctx, [r.id for r in rows])
        return rows

    def _cells(self, r: search.CaseSearchRow) -> list:
        cells = list_cells(CASES, r)
        if r.id in self._unsent:  # the case number carries the "not sent" mark
            at = [c.key for c in table_columns(CASES)].index("case_number")
            cells[at] = unsent_cell(cells[at])
        return cells

    def on_data_table_row_selected(self, event) -> None:
        row = self.query_one(PagedTable).rows_by_key.get(event.row_key.value or "")
        if row is not None:
            self.capp.open_case(row.id)

    def action_open_case(self) -> None:
        table = self.query_one(PagedTable)
        row = table.current()
        if row is not None:
            self.capp.open_case(row.id)

    def action_focus_search(self) -> None:
        self.query_one("#cl-search", Input).focus()

    def reopened(self) -> None:
        """Asked for again (F5) while open: a new search, typed over the old one."""
        field = self.query_one("#cl-search", Input)
        field.focus()
        field.select_all()

    def action_focus_list(self) -> None:
        self.query_one(PagedTable).focus()

    def action_back(self) -> None:
        self.app.pop_screen()
