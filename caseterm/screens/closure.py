"""Evaluation and closure of a case: each goal's attainment and the GAS T-score against the
start, the client's own view, the closure reason (or why there is no evaluation), after-care,
reopening; the costs and personal budgets of the case."""

from __future__ import annotations

import uuid
from typing import Any

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Header, Input, Select, Static, TextArea

from caseterm.core.vocab import ClosureReason, options
from caseterm.i18n import N_, _, fmt_date, fmt_money, fmt_number
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog, QuestionDialog
from caseterm.services import closure as svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


def _t(value) -> str:
    return "–" if value is None else fmt_number(value, 1)


def _lvl(value) -> str:
    return "–" if value is None else f"{value:+d}"


class CloseDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="CloseDialog")

    def __init__(self, case_id: uuid.UUID, legal_area: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.legal_area = legal_area

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Close the case"), classes="dialog-title")
            with VerticalScroll():
                yield FormField("closure_reason", _("Closure reason"), Dropdown(
                    options(ClosureReason), id="close-reason", prompt=_("Choose a reason")))
                yield FormField("client_view", _("The client's own view, in her words"),
                                TextArea(id="close-view"))
                yield FormField("no_evaluation_reason", _("Or: why there is no evaluation"),
                                Input(id="close-none"))
                if self.legal_area == "sgb2":
                    yield FormField("integrated_on", _("Integrated into work on"),
                                    Input(id="close-integrated"), hint=_("DD.MM.YYYY"))
                yield FormField("note", _("Note"), Input(id="close-note"))
            yield from self.compose_buttons()

    def action_save(self) -> None:
        reason = self.query_one("#close-reason", Select).value
        raw = {"closure_reason": reason if isinstance(reason, str) else "",
               "client_view": self.query_one("#close-view", TextArea).text,
               "no_evaluation_reason": self.query_one("#close-none", Input).value,
               "note": self.query_one("#close-note", Input).value}
        if self.legal_area == "sgb2":
            raw["integrated_on"] = self.query_one("#close-integrated", Input).value
        ctx = self.capp.ctx
        self.db_work(lambda: svc.close(ctx, self.case_id, raw), self.dismiss)


class ReopenDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ReopenDialog")

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Reopen the case (the closure stays in the history)"),
                         classes="dialog-title")
            yield FormField("reason", _("Reason"), Input(id="reopen-reason"))
            yield from self.compose_buttons()

    def action_save(self) -> None:
        text = self.query_one("#reopen-reason", Input).value
        ctx = self.capp.ctx
        self.db_work(lambda: svc.reopen(ctx, self.case_id, text), lambda _r: self.dismiss(True))


def _closure_data(ctx, case_id: uuid.UUID) -> tuple[Any, ...]:
    from caseterm.services import cases

    return (svc.evaluation(ctx, case_id), svc.closures(ctx, case_id),
            svc.costs(ctx, case_id), svc.budgets(ctx, case_id),
            cases.overview(ctx, case_id).case.phase)


class ClosureScreen(BaseScreen):
    TITLE_MSGID = N_("Evaluation and closure")
    HELP_MSGID = N_(
        "The evaluation of the case: each goal's GAS level at the start and at the last "
        "review, and the case's T-score then and now. C closes the case: a closure reason, "
        "and the client's own view (or the reason why there is no evaluation). The after-care "
        "check becomes a follow-up some months later. A records whether the outcome lasted, "
        "R reopens the case; every closure stays in the history. Below: costs and personal "
        "budgets of the case.")
    DEFAULT_CSS = """
    ClosureScreen #ev-head { padding: 0 1; height: auto; }
    ClosureScreen #ev-goals { height: auto; max-height: 12; }
    ClosureScreen #ev-rest { padding: 0 1; height: auto; }
    """
    BINDINGS = bindings("closure")
    COMMAND_SCOPES = ('closure',)

    evaluation: var[tuple[Any, ...]] = var(tuple, init=False, always_update=True)

    class EvaluationLoaded(Loaded[tuple[Any, ...]]):
        """Evaluation, closures, costs and budgets of the case."""

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.legal_area = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="ev-scroll"):
            yield Static("", id="ev-head")
            yield MeasuredTable(id="ev-goals", cursor_type="row")
            yield Static("", id="ev-rest")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.evaluation:
            self._fill_goals(self.evaluation[0].goals)

    def _fill_goals(self, goals) -> None:
        """The goals with their levels, every column in view: the goal's text gets the room
        the others leave and wraps (it cut off the last columns even at 120 columns)."""
        from caseterm.core.goals import GoalStatus
        from caseterm.core.vocab import label

        table = self.query_one("#ev-goals", MeasuredTable)
        table.clear(columns=True)
        heads = (_("Goal"), _("Status"), _("Start"), _("Last"), _("Difference"))
        statuses = [label(GoalStatus(g.status)) for g in goals]
        rest = [max(map(cell_len, (heads[1], *statuses)))] + \
            [max(cell_len(h), 3) for h in heads[2:]]
        area = self.query_one("#ev-scroll").scrollable_content_region.width or self.size.width
        # each column has a cell of padding on both sides; room for the table's scrollbar
        room = area - sum(w + 2 for w in rest) - 2 - 2
        longest = max(map(cell_len, (heads[0], *(g.text for g in goals))))
        table.add_column(heads[0], width=max(16, min(longest, room)))
        for head, width in zip(heads[1:], rest, strict=True):
            table.add_column(head, width=width)
        for g, status in zip(goals, statuses, strict=True):
            text = safe(g.text)
            text.no_wrap = False
            table.add_row(text, status, _lvl(g.start), _lvl(g.final), _lvl(g.change),
                          height=None)
        table.measure()

    def reload(self) -> None:
        self._load(self.capp.ctx, self.case_id)

    @work(thread=True, exclusive=True, group="closure", exit_on_error=False)
    def _load(self, ctx, case_id) -> None:
        self.deliver(lambda: _closure_data(ctx, case_id), self.EvaluationLoaded)

    @on(EvaluationLoaded)
    def _loaded(self, event: EvaluationLoaded) -> None:
        self.evaluation = event.data

    def watch_evaluation(self, data: tuple[Any, ...]) -> None:
        from caseterm.core.vocab import label

        ev, closures, costs, budgets, _phase = data
        self.legal_area = ev.legal_area
        head = _("{number} — {client}: GAS T-score at start {start}, now {final}").format(
            number=ev.case_number, client=ev.client_name, start=_t(ev.t_start),
            final=_t(ev.t_final))
        self.query_one("#ev-head", Static).update(safe(head))
        self._fill_goals(ev.goals)
        lines = [_("Closures")]
        for c in closures:
            lines.append(f"  {fmt_date(c.closed_on)}: {label(ClosureReason(c.closure_reason))}"
                         + (f", {_('reopened')} {fmt_date(c.reopened_on)}"
                            if c.reopened_on else ""))
            if c.client_view:
                lines.append("    " + _("Client's view: {text}").format(text=c.client_view))
            if c.no_evaluation_reason:
                lines.append("    " + _("No evaluation: {text}").format(
                    text=c.no_evaluation_reason))
            if c.aftercare_due:
                lasted = {True: _("lasted"), False: _("did not last"), None: _("open")}[
                    c.aftercare_lasted]
                lines.append("    " + _("After-care check {date}: {result}").format(
                    date=fmt_date(c.aftercare_due), result=lasted))
        if not closures:
            lines.append("  –")
        lines += ["", _("Costs")]
        for r in costs:
            lines.append(f"  {r.subject}: {r.cost_bearer}, {fmt_money(r.planned)} / "
                         f"{fmt_money(r.actual)} {r.legal_basis}")
        planned, actual = svc.total(costs)
        lines.append("  " + _("Total planned {planned}, actual {actual}").format(
            planned=fmt_money(planned), actual=fmt_money(actual)))
        lines += ["", _("Personal budgets")]
        for b in budgets:
            lines.append(f"  {fmt_money(b.amount)}, {fmt_date(b.period_from)}–"
                         f"{fmt_date(b.period_to)}: {b.purpose}")
        if not budgets:
            lines.append("  –")
        self.query_one("#ev-rest", Static).update(safe("\n".join(lines), multiline=True))

    def action_close_case(self) -> None:
        self.app.push_screen(CloseDialog(self.case_id, self.legal_area),
                             lambda r: self.reload() if r else None)

    def action_reopen(self) -> None:
        from caseterm.core.vocab import CasePhase

        if self.evaluation and self.evaluation[4] != CasePhase.closure:
            # only a closed case is reopened (the reason was typed, then refused)
            self.notify(_("This case is open: only a closed case can be reopened."),
                        severity="warning")
            return
        self.app.push_screen(ReopenDialog(self.case_id), lambda r: self.reload() if r else None)

    def action_aftercare(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        closures = self.evaluation[1] if self.evaluation else ()
        if not any(c.reopened_on is None for c in closures):
            # asked only of a closed case (the service refuses the answer otherwise)
            self.notify(_("This case has not been closed."), severity="warning")
            return

        def answer(lasted: bool | None) -> None:
            if lasted is None:
                return
            self.db_work(lambda: svc.record_aftercare(ctx, case_id, lasted),
                         lambda _r: self.reload())

        # both answers are recorded: neither is a letter, Escape records nothing
        self.app.push_screen(QuestionDialog(_("After-care: did the outcome last?")), answer)

    def action_back(self) -> None:
        self.app.pop_screen()
