"""The team lead's desk (Teamleitung): the team's caseload per worker, the approvals inbox of
measures waiting for her decision, and reassignment of one or many cases with a hand-over
note. Palette → "Team lead's desk", or T on the home screen. CLI twin: `caseterm team …`."""

from __future__ import annotations

import uuid
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Input, Select, Static, TextArea

from caseterm.core.lists import CASELOAD, TEAM_APPROVALS
from caseterm.core.vocab import CasePhase, LegalArea, label
from caseterm.i18n import N_, _
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.screens.people_dialogs import TextDialog
from caseterm.services import AccessDenied
from caseterm.services import team as team_service
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns


class TeamDecisionDialog(FormDialog):
    """Approve or decline a measure; the reason (required for a decline) reaches the
    caseworker's queue."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TeamDecisionDialog") + """
    TeamDecisionDialog TextArea { height: 4; }
    """

    def __init__(self, row: team_service.ApprovalRow, approve: bool) -> None:
        super().__init__()
        self.row = row
        self.approve = approve

    def compose(self) -> ComposeResult:
        r = self.row
        title = _("Approve the measure") if self.approve else _("Decline the measure")
        with Vertical():
            yield Static(assemble((title, "bold"), " — ", r.case_number), classes="dialog-title")
            yield Static(assemble((_("Goal") + ": ", "bold"), safe(r.goal, limit=70)))
            yield Static(assemble((_("Measure") + ": ", "bold"), safe(r.measure, limit=70)))
            yield Static(assemble((_("Provider") + ": ", "bold"), safe(r.provider or "—"),
                                  "  ·  ", (_("Cost bearer") + ": ", "bold"), safe(r.cost or "—")))
            yield FormField("reason", _("Reason"), TextArea(id="dec-reason"),
                            hint=_("the caseworker sees it") if self.approve
                            else _("required: the caseworker sees it"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#dec-reason", TextArea).focus()

    def action_save(self) -> None:
        reason = self.query_one("#dec-reason", TextArea).text
        ctx, gid, approve = self.capp.ctx, self.row.goal_id, self.approve
        version = self.row.row_version
        self.db_work(lambda: team_service.decide(ctx, gid, approve, reason,
                                                 base_version=version),
                     lambda _r: self.dismiss(approve))


class TeamReassignDialog(FormDialog):
    """Hand one or many cases to a team member at once, with a hand-over note."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TeamReassignDialog") + """
    TeamReassignDialog TextArea { height: 4; }
    """

    def __init__(self, numbers: list[str], team: list[tuple[str, str]]) -> None:
        super().__init__()
        self.numbers = numbers
        self.team = team  # (display name, user name)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Reassign cases")), classes="dialog-title")
            with VerticalScroll():
                yield FormField("cases", _("Case numbers"),
                                Input(" ".join(self.numbers), id="re-cases"),
                                hint=_("separated by spaces"))
                yield FormField("to", _("To"), Dropdown(
                    [(safe(n, limit=40), u) for n, u in self.team], id="re-to"))
                yield FormField("note", _("Hand-over note"), TextArea(id="re-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#re-to", Select).focus()

    def action_save(self) -> None:
        numbers = self.query_one("#re-cases", Input).value.replace(",", " ").split()
        to = self.query_one("#re-to", Select).value
        to = "" if to is Select.BLANK else str(to)
        note = self.query_one("#re-note", TextArea).text
        ctx = self.capp.ctx
        self.db_work(lambda: team_service.reassign(ctx, numbers, to, note), self.dismiss)


def _counts(values: dict[str, int], enum) -> str:
    return ", ".join(f"{label(enum(k))} {v}" for k, v in sorted(values.items()))


class TeamScreen(BaseScreen):
    TITLE_MSGID = N_("Team lead's desk")
    HELP_MSGID = N_(
        "Your team's caseload per worker: open cases by phase and legal area, child "
        "protection, overdue and postponed follow-ups, who is absent. Below, the measures "
        "waiting for your decision with goal, provider and cost: Y approves, N declines (with "
        "a reason the caseworker sees). M reassigns cases: the highlighted worker's open "
        "cases are proposed, all of them move or none.")
    BINDINGS = bindings("team")
    COMMAND_SCOPES = ('team',)
    DEFAULT_CSS = """
    TeamScreen .tm-title { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    TeamScreen DataTable { height: auto; max-height: 12; }
    TeamScreen #tm-detail, TeamScreen #tm-appr-detail { height: auto; padding: 0 1;
                                                        color: $text-muted; }
    """

    team: var[tuple[Any, ...]] = var(tuple, init=False, always_update=True)

    class TeamLoaded(Loaded[tuple[Any, ...]]):
        """The team's caseload and the approvals waiting."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(safe(_("Caseload")), classes="tm-title")
            load = MeasuredTable(id="tm-caseload", cursor_type="row", zebra_stripes=True)
            list_columns(load, CASELOAD)
            yield load
            yield Static("", id="tm-detail")
            yield Static(safe(_("Approvals")), classes="tm-title")
            appr = MeasuredTable(id="tm-approvals", cursor_type="row", zebra_stripes=True)
            list_columns(appr, TEAM_APPROVALS)
            yield appr
            yield Static("", id="tm-appr-detail")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.caseload: list = []
        self.approvals: list = []
        self.query_one("#tm-caseload", DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.capp.ctx)

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def _load(self, ctx) -> None:
        self.deliver(lambda: (team_service.caseload(ctx), team_service.approvals(ctx)),
                     self.TeamLoaded, on_error=self._refused)

    @on(TeamLoaded)
    def _loaded(self, event: TeamLoaded) -> None:
        self.team = event.data

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, AccessDenied):
            self.query_one("#tm-detail", Static).update(safe(exc.message))
            self.notify(exc.message, severity="error", markup=False)
            return
        self._db_failed(exc, None)

    def watch_team(self, data: tuple[Any, ...]) -> None:
        self.caseload, self.approvals = data
        load = self.query_one("#tm-caseload", DataTable)
        load.clear()
        for i, r in enumerate(self.caseload):
            load.add_row(*list_cells(CASELOAD, r), key=f"w{i}")
        appr = self.query_one("#tm-approvals", DataTable)
        appr.clear()
        for i, a in enumerate(self.approvals):
            appr.add_row(*list_cells(TEAM_APPROVALS, a), key=f"a{i}")
        self._detail()
        self._approval_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "tm-caseload":
            self._detail()
        else:
            self._approval_detail()

    def _approval_detail(self) -> None:
        a = self._row("#tm-approvals", self.approvals, quiet=True)
        text = Text(end="")
        if a is not None:
            text = assemble((_("Goal") + ": ", "bold"), safe(a.goal, limit=60), Text("\n"),
                            (_("Measure") + ": ", "bold"), safe(a.measure, limit=60), Text("\n"),
                            (_("Worker") + ": ", "bold"), safe(a.worker, limit=30),
                            ("  ·  " + _("Provider") + ": ", "bold"),
                            safe(a.provider or "—", limit=30))
        self._update("#tm-appr-detail", text)

    def _update(self, selector: str, text: Text) -> None:
        """Repaint a detail line only when its text changed."""
        seen = getattr(self, "_details", {})
        self._details = seen
        if seen.get(selector) != text:
            seen[selector] = text
            self.query_one(selector, Static).update(text)

    def _detail(self) -> None:
        row = self._row("#tm-caseload", self.caseload, quiet=True)
        text = ""
        if row is not None and row.open_cases:
            text = f"{_counts(row.by_phase, CasePhase)}  ·  {_counts(row.by_area, LegalArea)}"
        self._update("#tm-detail", safe(text))

    def _row(self, table_id: str, rows: list, *, quiet: bool = False):
        table = self.query_one(table_id, DataTable)
        if not rows or table.cursor_row >= len(rows):
            if not quiet:
                self.notify(_("Nothing selected."), severity="warning")
            return None
        return rows[table.cursor_row]

    def action_decide(self, approve: bool) -> None:
        row = self._row("#tm-approvals", self.approvals)
        if row is not None:
            self.app.push_screen(TeamDecisionDialog(row, approve), self._after_decision)

    def _after_decision(self, approved) -> None:
        if approved is None:
            return
        self.notify(_("Measure approved.") if approved else _("Measure declined."))
        self.action_reload()

    def action_reassign(self) -> None:
        row = self._row("#tm-caseload", self.caseload, quiet=True)
        ctx = self.capp.ctx
        worker_id: uuid.UUID | None = row.worker_id if row is not None else None

        def load():
            numbers = team_service.open_cases_of(ctx, worker_id) if worker_id else []
            members = [(n, u) for n, u in team_service.team_usernames(ctx)]
            return numbers, members

        self.db_work(load, lambda data: self.app.push_screen(
            TeamReassignDialog(*data), self._after_reassign))

    def _after_reassign(self, report) -> None:
        if not report:
            return
        body = Text(end="")
        for m in report:
            body.append_text(assemble((m.case_number, "bold"), "  ", m.from_worker, " → ",
                                      m.to_worker, "  ",
                                      _("{n} follow-ups moved").format(n=m.followups)))
            body.append("\n")
        self.app.push_screen(TextDialog(_("Reassigned: {n} cases").format(n=len(report)), body))
        self.action_reload()
