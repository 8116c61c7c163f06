"""Possible duplicates found at sync: a person created on a laptop and at the central office
(or on two laptops) whom the intake's matcher finds alike. Nothing is merged automatically:
the two are shown side by side, M merges them (the second person's cases move to the first,
both records and their history are kept) and D marks them as different people; each asks
first and goes through `services.sync.decide_duplicate` (audited)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from caseterm.core.lists import DUPLICATES, person_name
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.services import sync
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import list_cells, list_columns


def person(name: str, born) -> Text:
    out = Text(end="")
    out.append_text(safe(person_name(name), "bold"))
    out.append("\n" + _("Born") + ": " + (fmt_date(born) if born else "—"))
    return out


class SyncDuplicatesScreen(BaseScreen):
    TITLE_MSGID = N_("Possible duplicates")
    HELP_MSGID = N_(
        "People created on two sides (a laptop and the central office, or two laptops) whom "
        "the duplicate check finds alike. Nothing is merged automatically. M merges the two "
        "(the second person's cases move to the first; both records and their history are "
        "kept), D marks them as different people. Both ask first and are audited."
    )
    DEFAULT_CSS = """
    SyncDuplicatesScreen #sd-status { height: auto; padding: 0 1; background: $boost; }
    SyncDuplicatesScreen #sd-table { height: 1fr; }
    SyncDuplicatesScreen #sd-sides { height: 5; }
    SyncDuplicatesScreen .sd-side { width: 1fr; height: 100%; padding: 0 1;
        border-left: wide $accent; }
    """
    BINDINGS = [
        Binding("m", "merge", N_("Merge")),
        Binding("d", "different", N_("Different people")),
        Binding("r", "reload", N_("Reload")),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sd-status")
        yield DataTable(id="sd-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="sd-sides"):
            with Vertical(classes="sd-side"):
                yield Static("", id="sd-a")
            with Vertical(classes="sd-side"):
                yield Static("", id="sd-b")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _(self.TITLE_MSGID)
        list_columns(self.query_one("#sd-table", DataTable), DUPLICATES)
        self.query_one("#sd-table", DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        ctx = self.capp.ctx
        self.db_work(lambda: sync.list_duplicates(ctx), self._show, group="sd",
                     exclusive=True)

    def _show(self, rows) -> None:
        table = self.query_one("#sd-table", DataTable)
        table.clear()
        self.rows = {str(r.id): r for r in rows}
        narrow = {"name_a": 20, "name_b": 20} if self.app.size.width < 110 else None
        for r in rows:
            table.add_row(*list_cells(DUPLICATES, r, narrow), key=str(r.id))
        n = len(rows)
        status = (ngettext("{n} possible duplicate to review: merge, or mark as different "
                           "people. Nothing is merged automatically.",
                           "{n} possible duplicates to review: merge, or mark as different "
                           "people. Nothing is merged automatically.", n).format(n=n)
                  if n else _("No possible duplicates to review."))
        self.query_one("#sd-status", Static).update(Text(status))
        self._show_sides()

    def _current(self):
        table = self.query_one("#sd-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_sides()

    def _show_sides(self) -> None:
        row = self._current()
        a, b = self.query_one("#sd-a", Static), self.query_one("#sd-b", Static)
        if row is None:
            a.update("")
            b.update("")
            return
        a.update(person(row.name_a, row.birth_a))
        b.update(person(row.name_b, row.birth_b))

    def action_merge(self) -> None:
        row = self._current()
        if row is not None:
            self._ask(row, "merge", _(
                "Merge {b} into {a}? The cases of {b} move to {a}; both records and their "
                "history are kept.").format(a=person_name(row.name_a), b=person_name(row.name_b)))

    def action_different(self) -> None:
        row = self._current()
        if row is not None:
            self._ask(row, "different", _(
                "Mark {a} and {b} as different people? They will not be suggested again.")
                .format(a=person_name(row.name_a), b=person_name(row.name_b)))

    def _ask(self, row, choice: str, question: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(row, choice)

        self.app.push_screen(ConfirmDialog(question), answered)

    def _decide(self, row, choice: str) -> None:
        ctx = self.capp.ctx

        def job():
            sync.decide_duplicate(ctx, row.id, choice, expected_version=row.row_version)
            return sync.list_duplicates(ctx)

        def done(rows) -> None:
            self.app.notify(_("Merged.") if choice == "merge"
                            else _("Marked as different people."), markup=False)
            self._show(rows)
            refresh = getattr(self.capp, "refresh_sync_status", None)
            if refresh is not None:
                refresh()

        self.db_work(job, done, group="sd-decide")
