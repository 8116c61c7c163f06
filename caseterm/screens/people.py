"""Absence and hand-overs (Vertretung und Übergaben): my absences and deputyships, referrals
addressed to me to answer, hand-overs waiting for me to accept, the deputy's summary and the
returning worker's report. Palette → "Absence and hand-overs", or V on the home screen and
the queue. CLI twins: `caseterm absence …`, `caseterm referral inbox|answer`,
`caseterm case handover|accept|handovers`."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Static

from caseterm.core.referrals import status_label
from caseterm.core.vocab import Role
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.people_dialogs import (
    AbsenceDialog,
    AnswerDialog,
    report_dialog,
    summary_dialog,
)
from caseterm.services import people
from caseterm.services import workers as workers_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


def _load(ctx) -> dict:
    return {"absences": workers_service.absences(ctx, current_only=True),
            "referrals": people.incoming_referrals(ctx),
            "handovers": people.incoming_handovers(ctx),
            "deputising": people.deputy_summaries(ctx)}


class PeopleScreen(BaseScreen):
    TITLE_MSGID = N_("Absence and hand-overs")
    HELP_MSGID = N_(
        "Absences with their deputy, referrals addressed to you and hand-overs waiting for "
        "you. A sets an absence (a team lead also for her team), E ends the highlighted "
        "absence. B answers the highlighted referral (contact made, help started, feedback, "
        "declined with a reason); the sender's follow-up closes on your answer. U accepts the "
        "highlighted hand-over and shows the case's summary. Z shows the hand-over summary of "
        "the colleagues you deputise for, W what your deputy did while you were away.")
    BINDINGS = bindings("people")
    COMMAND_SCOPES = ('people',)
    DEFAULT_CSS = """
    PeopleScreen .pp-title { height: auto; padding: 0 1; background: $boost;
                             text-style: bold; }
    PeopleScreen DataTable { height: auto; max-height: 10; }
    PeopleScreen #pp-deputy { height: auto; padding: 0 1; color: $warning; }
    """

    data: var[dict] = var(dict, init=False, always_update=True)

    class DataLoaded(Loaded[dict]):
        """Absences, referrals, hand-overs and deputising, as `_load` gathers them."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="pp-deputy")
            yield Static(safe(_("Referrals addressed to me")), classes="pp-title")
            refs = MeasuredTable(id="pp-referrals", cursor_type="row", zebra_stripes=True)
            refs.add_columns("!", _("Case"), _("Client"), _("From"), _("Sent"), _("Status"),
                             _("Purpose"))
            yield refs
            yield Static(safe(_("Hand-overs to accept")), classes="pp-title")
            hos = MeasuredTable(id="pp-handovers", cursor_type="row", zebra_stripes=True)
            hos.add_columns("!", _("Case"), _("Client"), _("From"), _("Hand-over note"))
            yield hos
            yield Static(safe(_("Absences now and ahead")), classes="pp-title")
            abs_ = MeasuredTable(id="pp-absences", cursor_type="row", zebra_stripes=True)
            abs_.add_columns(_("Who"), _("First day"), _("Last day"), _("Deputy"), _("Note"))
            yield abs_
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#pp-referrals", DataTable).focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load_all(self.capp.ctx)

    @work(thread=True, exclusive=True, group="people", exit_on_error=False)
    def _load_all(self, ctx) -> None:
        self.deliver(lambda: _load(ctx), self.DataLoaded)

    @on(DataLoaded)
    def _loaded(self, event: DataLoaded) -> None:
        self.data = event.data

    def watch_data(self, data: dict) -> None:
        refs = self.query_one("#pp-referrals", DataTable)
        refs.clear()
        for r in data["referrals"]:
            refs.add_row("⚠" if r.child_protection_concern else "", safe(r.case_number),
                         safe(r.client_name, limit=24), safe(r.sender, limit=20),
                         fmt_date(r.sent_on), status_label(r.status.value),
                         safe(r.purpose, limit=40))
        hos = self.query_one("#pp-handovers", DataTable)
        hos.clear()
        for h in data["handovers"]:
            hos.add_row("⚠" if h.child_protection else "", safe(h.case_number),
                        safe(h.client_name, limit=24), safe(h.from_worker, limit=20),
                        safe(h.note, limit=50))
        abs_ = self.query_one("#pp-absences", DataTable)
        abs_.clear()
        for a in data["absences"]:
            abs_.add_row(safe(a.worker, limit=24), fmt_date(a.starts_on), fmt_date(a.ends_on),
                         safe(a.deputy, limit=24), safe(a.note, limit=30))
        names = [s.title for _id, s in data["deputising"]]
        self.query_one("#pp-deputy", Static).update(
            safe("⇄ " + "; ".join(names) + " — " + _("Z shows the summary")) if names else "")

    def _selected(self, table_id: str, key: str):
        table = self.query_one(table_id, DataTable)
        rows = self.data.get(key, [])
        if not rows or table.cursor_row >= len(rows):
            self.notify(_("Nothing selected."), severity="warning")
            return None
        return rows[table.cursor_row]

    def action_absence(self) -> None:
        ctx = self.capp.ctx
        lead = ctx.actor.role in (Role.team_lead, Role.admin)

        def chosen(rows) -> None:
            workers = [(r.display_name, r.username) for r in rows]
            self.app.push_screen(AbsenceDialog(workers, lead), self._after_absence)

        self.db_work(lambda: workers_service.list_all(ctx), chosen)

    def _after_absence(self, row) -> None:
        if row is not None:
            self.notify(_("Absence saved: {who} {start} – {end}, deputy {deputy}.").format(
                who=row.worker, start=fmt_date(row.starts_on), end=fmt_date(row.ends_on),
                deputy=row.deputy), markup=False)
            self.action_reload()

    def action_end_absence(self) -> None:
        row = self._selected("#pp-absences", "absences")
        if row is None:
            return
        ctx = self.capp.ctx
        self.db_work(lambda: workers_service.end_absence(ctx, row.id),
                     lambda _r: (self.notify(_("Absence ended.")), self.action_reload()))

    def action_answer(self) -> None:
        row = self._selected("#pp-referrals", "referrals")
        if row is not None:
            self.app.push_screen(AnswerDialog(row), self._after_answer)

    def _after_answer(self, answer) -> None:
        if answer:
            self.notify(_("Answered: {answer}. The sender's follow-up is closed.").format(
                answer=answer), markup=False)
            self.action_reload()

    def action_accept(self) -> None:
        row = self._selected("#pp-handovers", "handovers")
        if row is None:
            return
        ctx = self.capp.ctx
        self.db_work(lambda: people.accept_handover(ctx, row.id),
                     lambda summary: self.app.push_screen(summary_dialog(summary),
                                                          lambda _r: self.action_reload()))

    def action_summary(self) -> None:
        found = self.data.get("deputising", [])
        if not found:
            self.notify(_("You do not deputise for anyone today."), severity="warning")
            return
        ctx = self.capp.ctx
        for absence_id, summary in found:
            self.app.push_screen(summary_dialog(summary))
            self.db_work(lambda a=absence_id: people.mark_seen(ctx, "summary", a))

    def action_report(self) -> None:
        ctx = self.capp.ctx

        def show(found) -> None:
            if found is None:
                self.notify(_("No absence of yours has ended yet."), severity="warning")
                return
            absence_id, deputy, actions = found
            self.app.push_screen(report_dialog(deputy, actions))
            self.db_work(lambda: people.mark_seen(ctx, "report", absence_id))

        self.db_work(lambda: people.deputy_report(ctx), show)
