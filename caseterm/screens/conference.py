"""Case conferences of one case (Fallkonferenz / Helferkonferenz): plan, invite, agenda,
protocol with attendance, decisions with owner and date (each lands in the owner's queue),
the protocol as PDF."""

from __future__ import annotations

import uuid
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from caseterm.core import clock
from caseterm.core.conference import ConferenceKind, DecisionKind, kind_label
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import conference as svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable
from caseterm.widgets.tickbox import Checkbox


def _options(enum) -> list[tuple[str, str]]:
    return [(kind_label(m.value), m.value) for m in enum]


class PlanConferenceDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="PlanConferenceDialog")

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New case conference"), classes="dialog-title")
            with VerticalScroll():
                # what is typed first comes first (the focus opens there); the date and
                # the kind have their defaults
                yield FormField("title", _("Title"), Input(id="conf-title"))
                yield FormField("held_on", _("Date"), Input(fmt_date(clock.today()),
                                                            id="conf-date"),
                                hint=_("DD.MM.YYYY"))
                yield FormField("kind", _("Kind"), Dropdown(
                    _options(ConferenceKind), value="fallkonferenz", allow_blank=False,
                    id="conf-kind"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#conf-title", Input).focus()

    def action_save(self) -> None:
        raw = {"kind": self.query_one("#conf-kind", Select).value,
               "held_on": self.query_one("#conf-date", Input).value,
               "title": self.query_one("#conf-title", Input).value}
        ctx = self.capp.ctx
        self.db_work(lambda: svc.plan(ctx, self.case_id, raw), self.dismiss)


class InviteDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="InviteDialog")

    def __init__(self, conference_id: uuid.UUID, workers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.conference_id = conference_id
        self.owner_choices = workers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Invite a participant"), classes="dialog-title")
            with VerticalScroll():
                yield FormField("worker", _("Colleague"), Dropdown(
                    self.owner_choices, id="inv-worker", prompt=_("(external participant)")))
                yield FormField("external", "", Checkbox(_("External participant"),
                                                         id="inv-external"))
                yield FormField("name", _("Name"), Input(id="inv-name"))
                yield FormField("organisation", _("Organisation"), Input(id="inv-org"),
                                hint=_("the disclosure check runs for external ones"))
            yield from self.compose_buttons()

    def action_save(self) -> None:
        worker = self.query_one("#inv-worker", Select).value
        raw = {"worker": worker if isinstance(worker, str) else "",
               "external": self.query_one("#inv-external", Checkbox).value,
               "name": self.query_one("#inv-name", Input).value,
               "organisation": self.query_one("#inv-org", Input).value}
        ctx = self.capp.ctx
        self.db_work(lambda: svc.invite(ctx, self.conference_id, raw), self.dismiss)


class ProtocolDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ProtocolDialog")

    def __init__(self, row: svc.ConferenceRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Protocol and attendance"), classes="dialog-title")
            with VerticalScroll():
                # the protocol is what is typed: it comes first and has the focus (a space
                # typed into the attendance list would tick a participant)
                area = TextArea(self.row.protocol, id="prot-text")
                yield FormField("protocol", _("Protocol"), area)
                yield FormField("attended", _("Present (space ticks)"), SelectionList(
                    *[(p.name, str(p.id), bool(p.attended)) for p in self.row.participants],
                    id="prot-present"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#prot-text", TextArea).focus()

    def action_save(self) -> None:
        present = set(self.query_one("#prot-present", SelectionList).selected)
        attended = {p.id: str(p.id) in present for p in self.row.participants}
        text = self.query_one("#prot-text", TextArea).text
        ctx, cid = self.capp.ctx, self.row.id
        self.db_work(lambda: svc.record_protocol(ctx, cid, text, attended),
                     lambda _r: self.dismiss(True))


class DecisionDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="DecisionDialog")

    def __init__(self, conference_id: uuid.UUID, workers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.conference_id = conference_id
        self.owner_choices = workers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Decision"), classes="dialog-title")
            with VerticalScroll():
                yield FormField("text", _("Decision"), Input(id="dec-text"))
                yield FormField("kind", _("Becomes"), Dropdown(
                    _options(DecisionKind), value="followup", allow_blank=False,
                    id="dec-kind"))
                yield FormField("owner", _("Owner"), Dropdown(self.owner_choices, id="dec-owner"))
                yield FormField("due_date", _("Due"), Input(id="dec-due"),
                                hint=_("DD.MM.YYYY"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#dec-text", Input).focus()

    def action_save(self) -> None:
        owner = self.query_one("#dec-owner", Select).value
        raw = {"text": self.query_one("#dec-text", Input).value,
               "kind": self.query_one("#dec-kind", Select).value,
               "owner": owner if isinstance(owner, str) else "",
               "due_date": self.query_one("#dec-due", Input).value}
        ctx = self.capp.ctx
        self.db_work(lambda: svc.decide(ctx, self.conference_id, raw), self.dismiss)


class ConferenceScreen(BaseScreen):
    TITLE_MSGID = N_("Case conferences")
    HELP_MSGID = N_(
        "The case conferences of this case. N plans a new one, I invites a colleague or an "
        "external participant (external ones need a consent naming them), O records the "
        "protocol and who was present, D adds a decision with its owner and date: it lands "
        "in the owner's queue (a measure decision also in the plan). P saves the protocol "
        "as PDF.")
    DEFAULT_CSS = """
    ConferenceScreen #conf-list { height: auto; max-height: 8; }
    ConferenceScreen #conf-detail { padding: 0 1; }
    """
    BINDINGS = bindings("conference")
    COMMAND_SCOPES = ('conference',)

    listing: var[tuple[Any, ...]] = var(tuple, init=False, always_update=True)
    detail: var[tuple[Any, ...]] = var(tuple, init=False, always_update=True)

    class ListingLoaded(Loaded[tuple[Any, ...]]):
        """The case's conferences, the possible owners of a decision and the one to select."""

    class DetailLoaded(Loaded[tuple[Any, ...]]):
        """One conference and its agenda."""

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows: list = []
        self.current: svc.ConferenceRow | None = None
        self.owner_choices: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield MeasuredTable(id="conf-list", cursor_type="row")
        with VerticalScroll(id="conf-detail"):
            yield Static("", id="conf-text")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one("#conf-list", DataTable)
        table.add_columns(_("Date"), _("Kind"), _("Status"), _("Title"))
        self.reload()

    def reload(self, select: uuid.UUID | None = None) -> None:
        self._load(self.capp.ctx, self.case_id, select)

    @work(thread=True, exclusive=True, group="conferences", exit_on_error=False)
    def _load(self, ctx, case_id: uuid.UUID, select: uuid.UUID | None) -> None:
        self.deliver(lambda: (svc.list_for_case(ctx, case_id), svc.owners(ctx), select),
                     self.ListingLoaded)

    @on(ListingLoaded)
    def _loaded(self, event: ListingLoaded) -> None:
        self.listing = event.data

    def watch_listing(self, data: tuple[Any, ...]) -> None:
        self.rows, self.owner_choices, select = data
        table = self.query_one("#conf-list", DataTable)
        table.clear()
        for cid, held, kind, status, title in self.rows:
            table.add_row(fmt_date(held), kind_label(kind), kind_label(status), safe(title),
                          key=str(cid))
        if not self.rows:
            self.current = None
            self.query_one("#conf-text", Static).update(
                _("No case conference yet: N plans one."))
            return
        index = next((i for i, r in enumerate(self.rows) if r[0] == select), 0)
        table.move_cursor(row=index)
        table.focus()
        self._load_detail(self.rows[index][0])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self._load_detail(uuid.UUID(event.row_key.value))

    def _load_detail(self, cid: uuid.UUID) -> None:
        self._detail_work(self.capp.ctx, cid)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _detail_work(self, ctx, cid: uuid.UUID) -> None:
        self.deliver(lambda: (svc.get(ctx, cid), svc.agenda(ctx, cid)), self.DetailLoaded)

    @on(DetailLoaded)
    def _detail_loaded(self, event: DetailLoaded) -> None:
        self.detail = event.data

    def watch_detail(self, both: tuple[Any, ...]) -> None:
        row, agenda = both
        self.current = row
        lines = [_("Participants")]
        for p in row.participants:
            att = {True: _("present"), False: _("absent"), None: _("invited")}[p.attended]
            ext = _("external") if p.external else _("internal")
            org = f" ({p.organisation})" if p.organisation else ""
            lines.append(f"  {p.name}{org}, {ext}: {att}")
        lines += ["", _("Agenda"), *agenda.lines(), "", _("Protocol"), row.protocol or "–",
                  "", _("Decisions")]
        for d in row.decisions:
            lines.append(f"  {fmt_date(d.due_date)}  {d.owner}: {d.text} "
                         f"({kind_label(d.kind)})")
        if not row.decisions:
            lines.append("  –")
        self.query_one("#conf-text", Static).update(safe("\n".join(lines), multiline=True))

    def _need_current(self) -> bool:
        if self.current is None:
            self.notify(_("Plan a conference first with N."), severity="warning")
            return False
        return True

    def action_plan(self) -> None:
        self.app.push_screen(PlanConferenceDialog(self.case_id),
                             lambda cid: self.reload(cid) if cid else None)

    def action_invite(self) -> None:
        if self._need_current():
            cid = self.current.id
            self.app.push_screen(InviteDialog(cid, self.owner_choices),
                                 lambda r: self.reload(cid) if r else None)

    def action_protocol(self) -> None:
        if self._need_current():
            cid = self.current.id
            self.app.push_screen(ProtocolDialog(self.current),
                                 lambda r: self.reload(cid) if r else None)

    def action_decide(self) -> None:
        if self._need_current():
            cid = self.current.id
            self.app.push_screen(DecisionDialog(cid, self.owner_choices),
                                 lambda r: self.reload(cid) if r else None)

    def action_pdf(self) -> None:
        if not self._need_current():
            return
        from caseterm import config

        ctx, cid = self.capp.ctx, self.current.id
        target = config.data_dir() / "exports" / f"konferenz-{cid.hex[:8]}.pdf"
        self.db_work(lambda: svc.export_protocol(ctx, cid, target), lambda path: self.notify(
            _("Protocol saved as PDF: {path}").format(path=str(path)), timeout=10,
            markup=False))

    def action_back(self) -> None:
        self.app.pop_screen()
