"""Sync conflicts of one's cases: the same field changed at the central office and on a laptop
from the same state. Both values are kept until a caseworker decides; the list shows them
side by side with who changed them and when. K keeps the value kept so far, T takes the one
that came with the sync, E (or Enter) opens the field-by-field dialog (screens/conflict.py) to
choose or edit a combined value. Every decision goes through `services.sync.
resolve_conflict` (write access to the case, audited) and travels with the next sync."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Header, Static

from caseterm.core.lists import CONFLICT_REASONS, CONFLICTS, field_of, show_value
from caseterm.i18n import N_, _, fmt_datetime, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.conflict import ConflictDialog, Wording
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.services import Conflict, FieldConflict, sync
from caseterm.services import followups as followups_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.side_by_side import SideBySide

SYNC_WORDING = Wording(
    title=N_("Sync conflict: {field} of case {case}"),
    intro=N_("Both sides changed this field from the same state. Choose a value or edit a "
             "combined text; Ctrl+S saves, Escape decides nothing."),
    theirs=N_("Came with the sync ({who}, {theirs_when}): "),
    mine=N_("Kept so far ({mine_who}, {mine_when}): "),
    keep=N_("Keep kept value"),
    take=N_("Take synced value"),
    all_mine=N_("Keep kept value"),
    all_theirs=N_("Take synced value"),
    pick_mine=N_("Kept so far: {value}"),
    pick_theirs=N_("Came with the sync: {value}"),
)


def when_text(value: str) -> str:
    """The service's time of a change ("2026-11-24 13:03", UTC) in the reader's form and
    time zone; anything else as it is."""
    try:
        at = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return value or ""
    return fmt_datetime(at)


def _empty(value: Any) -> bool:
    return value is None or value == ""


def choice_for(row, value: Any) -> tuple[str, Any]:
    """The service's choice for what the dialog returned: `local` when it is the value kept
    so far, `remote` when it is the synced one, else `combined` with the value."""
    if value == row.local_value or (_empty(value) and _empty(row.local_value)):
        return "local", None
    if value == row.remote_value or (_empty(value) and _empty(row.remote_value)):
        return "remote", None
    return "combined", value


def side(value: Any, who: str, when: str) -> Text:
    out = Text.assemble((f"{who or '?'}", "bold"), " · ", when or "—", "\n")
    out.append_text(safe(show_value(value), multiline=True))
    return out


def sides(r) -> tuple[Text, Text]:
    return (side(r.local_value, r.local_author, when_text(r.local_at)),
            side(r.remote_value, r.remote_author, when_text(r.remote_at)))


def why(r) -> Text:
    return safe(_("{field} of case {case}: {why}").format(
        field=field_of(r), case=r.case_number,
        why=_(CONFLICT_REASONS.get(r.reason, CONFLICT_REASONS["same_field"]))))


class SyncConflictsScreen(BaseScreen):
    TITLE_MSGID = N_("Sync conflicts")
    HELP_MSGID = N_(
        "The open sync conflicts of your cases: a field changed at the central office and on "
        "a laptop from the same state. Both values stay until you decide. K keeps the value "
        "kept so far, T takes the one that came with the sync, E (or Enter) lets you choose "
        "or edit a combined value. The decision is recorded in the audit trail and goes to the "
        "other side with the next sync."
    )
    DEFAULT_CSS = """
    SyncConflictsScreen #sc-status { height: auto; padding: 0 1; background: $boost; }
    SyncConflictsScreen #sc-sides .sbs-side { border-left: wide $warning; }
    SyncConflictsScreen.-narrow #sc-sides { height: 6; }
    """
    BINDINGS = bindings("sync_conflicts")
    COMMAND_SCOPES = ('sync_conflicts',)

    rows: var[list[Any]] = var(list, init=False, always_update=True)

    class RowsLoaded(Loaded[list[Any]]):
        """The open conflicts, as the service listed them."""

    def __init__(self, case_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sc-status")
        yield SideBySide(
            CONFLICTS, sides, prefix="sc",
            narrow={"field": 16, "local_value": 18, "remote_value": 18},
            titles=(_("Kept so far"), _("Came with the sync")), why=why,
        ).data_bind(rows=SyncConflictsScreen.rows)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _(self.TITLE_MSGID)
        self.query_one("#sc-table", DataTable).focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx, self.case_id)

    @work(thread=True, exclusive=True, group="sc", exit_on_error=False)
    def _load(self, ctx, case_id: uuid.UUID | None) -> None:
        self.deliver(lambda: sync.list_conflicts(ctx, case_id), self.RowsLoaded)

    @on(RowsLoaded)
    def _loaded(self, event: RowsLoaded) -> None:
        self.rows = event.data

    def watch_rows(self, rows: list[Any]) -> None:
        n = len(rows)
        status = (ngettext("{n} open conflict: decide each one; nothing is applied unseen.",
                           "{n} open conflicts: decide each one; nothing is applied unseen.",
                           n).format(n=n) if n
                  else _("No open conflicts. Everything that came with the sync was applied."))
        self.query_one("#sc-status", Static).update(Text(status))

    def _current(self):
        return self.query_one(SideBySide).current

    # -- deciding ---------------------------------------------------------------------------
    def action_keep(self) -> None:
        row = self._current()
        if row is not None:
            self._ask(row, "local", _("Keep the value kept here for {field} of {case}? The "
                                      "synced value is dropped."))

    def action_take(self) -> None:
        row = self._current()
        if row is not None:
            self._ask(row, "remote", _("Take the synced value for {field} of {case}? The "
                                       "value kept here is replaced."))

    def _ask(self, row, choice: str, question: str) -> None:
        """K and T decide at once for one side: asked first, a stray K or T decides nothing."""
        def answered(yes: bool | None) -> None:
            if yes:
                self._resolve(row, choice, None)

        self.app.push_screen(ConfirmDialog(question.format(field=field_of(row),
                                                           case=row.case_number)), answered)

    def action_decide(self) -> None:
        row = self._current()
        if row is None:
            return
        conflict = Conflict(row.entity, row.record_id, row.row_version, row.row_version,
                            [FieldConflict(row.field, field_of(row), None, row.remote_value,
                                           row.local_value)], by=row.remote_author)
        dialog = ConflictDialog(conflict, wording=SYNC_WORDING, names={
            "field": field_of(row), "case": row.case_number,
            "theirs_when": when_text(row.remote_at), "mine_who": row.local_author or "?",
            "mine_when": when_text(row.local_at)})

        def chosen(result: dict | None) -> None:
            if result is not None:
                choice, value = choice_for(row, result.get(row.field))
                self._resolve(row, choice, value)

        self.app.push_screen(dialog, chosen)

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_decide()

    def _resolve(self, row, choice: str, value: Any) -> None:
        ctx = self.capp.ctx

        def job():
            sync.resolve_conflict(ctx, row.id, choice, value, expected_version=row.row_version)
            try:  # the conflict's follow-up leaves the queue now, not at the next refresh
                followups_service.refresh(ctx)
            except Exception:
                pass
            return sync.list_conflicts(ctx, self.case_id)

        def done(rows) -> None:
            self.app.notify(_("Decided: {field} of {case}.").format(
                field=field_of(row), case=row.case_number), markup=False)
            self.rows = rows
            refresh = getattr(self.capp, "refresh_sync_status", None)
            if refresh is not None:
                refresh()

        self.db_work(job, done, group="sc-decide")
