"""Possible duplicates found at sync: a person created on a laptop and at the central office
(or on two laptops) whom the intake's matcher finds alike. Nothing is merged automatically:
the two are shown side by side, M merges them (the second person's cases move to the first,
both records and their history are kept) and D marks them as different people; each asks
first and goes through `services.sync.decide_duplicate` (audited)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Header, Static

from caseterm.core.lists import DUPLICATES, person_name
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.services import sync
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.side_by_side import SideBySide


def person(name: str, born) -> Text:
    out = Text(end="")
    out.append_text(safe(person_name(name), "bold"))
    out.append("\n" + _("Born") + ": " + (fmt_date(born) if born else "—"))
    return out


def sides(r) -> tuple[Text, Text]:
    return person(r.name_a, r.birth_a), person(r.name_b, r.birth_b)


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
    SyncDuplicatesScreen #sd-sides { height: 5; }
    """
    BINDINGS = bindings("sync_duplicates")
    COMMAND_SCOPES = ('sync_duplicates',)

    rows: var[list[Any]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[Any]]):
        """The possible duplicates, as the service listed them."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sd-status")
        yield SideBySide(DUPLICATES, sides, prefix="sd", narrow={"name_a": 20, "name_b": 20}
                         ).data_bind(rows=SyncDuplicatesScreen.rows)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _(self.TITLE_MSGID)
        self.query_one("#sd-table", DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx)

    @work(thread=True, exclusive=True, group="sd", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: sync.list_duplicates(ctx), self.RowsLoaded)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def watch_rows(self, rows: list[Any]) -> None:
        n = len(rows)
        status = (ngettext("{n} possible duplicate to review: merge, or mark as different "
                           "people. Nothing is merged automatically.",
                           "{n} possible duplicates to review: merge, or mark as different "
                           "people. Nothing is merged automatically.", n).format(n=n)
                  if n else _("No possible duplicates to review."))
        self.query_one("#sd-status", Static).update(Text(status))

    def _current(self):
        return self.query_one(SideBySide).current

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
            self.rows = rows
            refresh = getattr(self.capp, "refresh_sync_status", None)
            if refresh is not None:
                refresh()

        self.db_work(job, done, group="sd-decide")
