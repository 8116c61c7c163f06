"""The whole record: every contact note of a case in one list that loads page by page (so it
stays instant with thousands), filtered by kind, author and date; and a search within the
record (notes, goals, assessment, referrals) with the hits highlighted. Client text is shown
literally: highlighting styles spans of the cleaned text, it never builds markup."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Header, Input, Select, Static

from caseterm.core.lists import NOTES
from caseterm.core.safe_text import clean, one_line
from caseterm.core.validate import InputError
from caseterm.core.vocab import NoteKind, label, options
from caseterm.i18n import N_, _, fmt_date, fmt_datetime, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.services import record
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns


def highlighted(text: str, spans, style: str = "bold reverse") -> Text:
    """`text` literally (cleaned) with `spans` (start, end) styled; never parsed as markup."""
    out = Text(clean(text), end="")
    for start, end in spans:
        out.stylize(style, start, end)
    return out


class RecordNotesScreen(BaseScreen):
    TITLE_MSGID = N_("Contact notes")
    HELP_MSGID = N_(
        "Every contact note of the case, newest first, loaded page by page as you scroll. "
        "Filter by kind, author (part of a name) and dates (from, to; Enter applies). The "
        "search (Ctrl+F) looks through notes, goals, the assessment and referrals; Enter "
        "searches, Escape leaves the search. The highlighted note is shown in full below.")
    DEFAULT_CSS = """
    RecordNotesScreen #notes-filters { height: 3; }
    RecordNotesScreen #notes-filters > Select { width: 1fr; }
    RecordNotesScreen #notes-filters > Input { width: 1fr; }
    RecordNotesScreen #notes-search { height: 3; }
    RecordNotesScreen #notes-status { height: 1; padding: 0 1; }
    RecordNotesScreen PagedTable, RecordNotesScreen #notes-hits { height: 1fr; }
    RecordNotesScreen #notes-hits { display: none; }
    RecordNotesScreen.-searching #notes-hits { display: block; }
    RecordNotesScreen.-searching PagedTable { display: none; }
    RecordNotesScreen #notes-detail { height: 6; border-top: solid $primary-darken-2;
        padding: 0 1; }
    """
    BINDINGS = bindings("record_notes")
    COMMAND_SCOPES = ('record_notes',)

    total: var[int] = var(int, init=False, always_update=True)

    class TotalLoaded(Loaded[int]):
        """How many notes the filter lets through."""

    def __init__(self, case_id: uuid.UUID, case_label: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label
        self.flt = record.NoteFilter()
        self._counted_once = True
        self.hits: list[record.SearchHit] = []
        self.query_text = ""

    def compose(self) -> ComposeResult:
        ctx, case_id = self.capp.ctx, self.case_id
        yield Header()
        with Horizontal(id="notes-filters"):
            yield Dropdown(options(NoteKind), prompt=_("all kinds"), id="notes-kind")
            yield Input(placeholder=_("Author"), id="notes-author")
            yield Input(placeholder=_("From (date)"), id="notes-since")
            yield Input(placeholder=_("To (date)"), id="notes-until")
        yield Input(placeholder=_("Search in the record (Ctrl+F): notes, goals, assessment, "
                                  "referrals"), id="notes-search")
        yield Static("", id="notes-status")
        yield PagedTable(
            fetch=lambda after, limit: record.notes(ctx, case_id, self.flt, after=after,
                                                    limit=limit),
            key_of=lambda n: (n.occurred_at, n.id), cells=lambda n: list_cells(NOTES, n),
            row_id=lambda n: str(n.id), id="notes-table", page=60)
        yield MeasuredTable(id="notes-hits", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="notes-detail"):
            yield Static("", id="notes-detail-body")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.sub_title = self.case_label
        table = self.query_one(PagedTable)
        list_columns(table, NOTES)
        self.query_one("#notes-hits", DataTable).add_columns(_("Where"), _("Date"), _("Found"))
        table.focus()
        table.reload()  # the count follows the first page (one query at a time while painting)
        self._counted_once = False

    def _count(self) -> None:
        ctx, case_id, flt = self.capp.ctx, self.case_id, self.flt
        self._load(ctx, case_id, flt)

    @work(thread=True, exclusive=True, group="notes-count", exit_on_error=False)
    def _load(self, ctx, case_id: uuid.UUID, flt: record.NoteFilter) -> None:
        self.deliver(lambda: record.count_notes(ctx, case_id, flt), self.TotalLoaded)

    @on(TotalLoaded)
    def _loaded(self, event: TotalLoaded) -> None:
        self.total = event.data

    def watch_total(self, n: int) -> None:
        if not self.has_class("-searching"):
            self.query_one("#notes-status", Static).update(safe(
                ngettext("{n} note", "{n} notes", n).format(n=n), "dim"))

    # -- filters ---------------------------------------------------------------------------
    def _apply_filters(self) -> None:
        kind = self.query_one("#notes-kind", Select).value
        raw = {"kinds": [kind] if isinstance(kind, str) else [],
               "author": self.query_one("#notes-author", Input).value,
               "since": self.query_one("#notes-since", Input).value,
               "until": self.query_one("#notes-until", Input).value}
        ctx, case_id = self.capp.ctx, self.case_id

        def parse() -> record.NoteFilter:
            authors = record.note_authors(ctx, case_id) if raw["author"].strip() else None
            return record.note_filter(raw, authors)

        self.db_work(parse, self._filtered, group="notes-filter", exclusive=True,
                     on_error=self._search_failed)

    def _filtered(self, flt: record.NoteFilter) -> None:
        self.flt = flt
        self.query_one(PagedTable).reload()
        self._count()

    def _status_error(self, exc: InputError) -> None:
        names = {"author": _("Author"), "since": _("From (date)"), "until": _("To (date)"),
                 "kind": _("Kind"), "query": _("Search")}
        text = "; ".join(f"{names.get(k, k)}: {v}" for k, v in exc.errors.items())
        self.query_one("#notes-status", Static).update(safe("⚠ " + text, "bold red"))
        first = next(iter(exc.errors))
        target = {"author": "#notes-author", "since": "#notes-since", "until": "#notes-until",
                  "query": "#notes-search"}.get(first)
        if target:
            self.query_one(target, Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "notes-kind":
            self._apply_filters()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "notes-search":
            self._search(event.value)
        else:
            self._apply_filters()

    # -- search ----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#notes-search", Input).focus()

    def _search(self, text: str) -> None:
        if not text.strip():
            self._end_search()
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.query_text = text.strip()
        self.db_work(lambda: record.search(ctx, case_id, text), self._found,
                     group="notes-search", exclusive=True,
                     on_error=self._search_failed)

    def _search_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            self._status_error(exc)
        else:
            self._db_failed(exc, None)

    def _found(self, hits: list[record.SearchHit]) -> None:
        self.hits = hits
        self.add_class("-searching")
        table = self.query_one("#notes-hits", DataTable)
        table.clear()
        for i, h in enumerate(hits):
            when = record.as_date(h.when)
            table.add_row(safe(record.source_label(h.source)),
                          safe(fmt_date(when) if when else ""),
                          highlighted(h.snippet, h.spans), key=str(i))
        self.query_one("#notes-status", Static).update(safe(
            ngettext("{n} hit for “{q}” (Escape: back to the notes)",
                     "{n} hits for “{q}” (Escape: back to the notes)", len(hits)).format(
                         n=len(hits), q=one_line(self.query_text, 40)), "bold"))
        table.focus()
        self._detail()

    def _end_search(self) -> None:
        self.remove_class("-searching")
        self.hits = []
        self.query_one(PagedTable).focus()
        self._count()
        self._detail()

    # -- detail ----------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, _event) -> None:
        self._detail()

    def on_paged_table_loaded(self, _event) -> None:
        if not self._counted_once:
            self._counted_once = True
            self._count()
        self._detail()

    def _detail(self) -> None:
        body = self.query_one("#notes-detail-body", Static)
        if self.has_class("-searching"):
            table = self.query_one("#notes-hits", DataTable)
            if not self.hits or table.row_count == 0:
                body.update(Text(_("Nothing found."), style="dim"))
                return
            h = self.hits[min(table.cursor_row, len(self.hits) - 1)]
            head = Text(record.source_label(h.source) + "\n", style="bold", end="")
            body.update(head + highlighted(h.snippet, h.spans))
            return
        n = self.query_one(PagedTable).current()
        if n is None:
            body.update(Text(_("No contact notes match."), style="dim"))
            return
        head = Text(f"{fmt_datetime(n.occurred_at)} · {label(n.kind)}", style="bold", end="")
        if n.author:
            head.append(" · " + one_line(n.author, 40))
        if n.participants:
            head.append(" · " + _("with") + " " + one_line(n.participants, 80))
        head.append("\n")
        body.update(head + safe(n.text, multiline=True))

    def action_back(self) -> None:
        if self.has_class("-searching"):
            self._end_search()
            return
        self.app.pop_screen()
