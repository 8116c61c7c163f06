"""Dialogs of the agreement tab: the version, a participant, the approval of a measure and
the comparison of two versions."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Select,
    Static,
    TextArea,
)

from caseterm.core import clock, vocab
from caseterm.core.agreement import (
    AgreedHow,
    AgreementType,
    ParticipantRole,
    VersionStatus,
    check_participant,
    check_version,
    diff,
    latest_review_date,
)
from caseterm.core.goals import (
    GoalLevel,
    Responsible,
)
from caseterm.core.validate import InputError
from caseterm.i18n import _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.screens.goals.common import _val
from caseterm.services import goals as goals_svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, show_errors
from caseterm.widgets.registry import bindings, key_button
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tables import MeasuredTable
from caseterm.widgets.tickbox import Checkbox


class VersionDialog(FormDialog):
    """The draft version: kind of plan, review date, duties of each side, language."""

    DEFAULT_CSS = DIALOG_CSS.format(name="VersionDialog") + """
    VersionDialog TextArea { height: 5; }
    """

    def __init__(self, case_id: uuid.UUID, view: goals_svc.AgreementView) -> None:
        super().__init__()
        self.case_id = case_id
        self.view = view

    def compose(self) -> ComposeResult:
        v = self.view.latest
        locked = self.view.agreed is not None or any(
            x.status is VersionStatus.superseded for x in self.view.versions)
        with Vertical():
            yield Static(safe(_("Plan, version {n} (draft)").format(n=v.number)),
                         classes="dialog-title")
            with VerticalScroll():
                yield FormField("agreement_type", _("Kind of plan"), Dropdown(
                    vocab.options(AgreementType), value=self.view.agreement_type.value,
                    allow_blank=False, disabled=locked, id="ver-type"))
                yield FormField("review_date", _("Review date"), Input(
                    fmt_date(v.review_date), id="ver-review"),
                    hint=_("at the latest {date}").format(date=fmt_date(
                        latest_review_date(self.view.agreement_type, clock.today()))))
                yield FormField("duties_client", _("What the client does"),
                                TextArea(v.duties_client, id="ver-duties-client"))
                yield FormField("duties_agency", _("What the service does"),
                                TextArea(v.duties_agency, id="ver-duties-agency"))
                yield FormField("language", _("Language of the conversation"), Input(
                    v.language, id="ver-language"))
                yield Checkbox(_("An interpreter took part"), value=v.interpreter_used,
                               id="ver-interpreter")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#ver-review", Input).focus()

    def action_save(self) -> None:
        kind = AgreementType(_val(self.query_one("#ver-type", Select)))
        raw = {"review_date": self.query_one("#ver-review", Input).value,
               "duties_client": self.query_one("#ver-duties-client", TextArea).text,
               "duties_agency": self.query_one("#ver-duties-agency", TextArea).text,
               "language": self.query_one("#ver-language", Input).value,
               "interpreter_used": self.query_one("#ver-interpreter", Checkbox).value}
        try:
            data = check_version(raw, kind, clock.today())
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx, vid, case_id = self.capp.ctx, self.view.latest.id, self.case_id
        new_kind = kind if kind is not self.view.agreement_type else None

        def run():
            goals_svc.save_version(ctx, case_id, vid, data, new_kind)
            return True

        self.db_work(run, lambda _r: self.dismiss(True))


class ParticipantDialog(FormDialog):
    """A participant of the draft version and how they agreed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ParticipantDialog")

    def __init__(self, version_id: uuid.UUID,
                 participant: goals_svc.ParticipantRow | None = None) -> None:
        super().__init__()
        self.version_id = version_id
        self.participant = participant

    def compose(self) -> ComposeResult:
        p = self.participant
        with Vertical():
            yield Static(safe(_("Participant")), classes="dialog-title")
            yield FormField("name", _("Name"), Input(p.name if p else "", id="part-name"))
            yield FormField("role", _("Role"), Dropdown(
                vocab.options(ParticipantRole), value=(p.role.value if p else "client"),
                allow_blank=False, id="part-role"))
            yield FormField("agreed_how", _("Agreed how"), Dropdown(
                vocab.options(AgreedHow), value=(p.agreed_how.value if p else "pending"),
                allow_blank=False, id="part-how"))
            yield FormField("agreed_on", _("Agreed on"), Input(
                fmt_date(p.agreed_on) if p and p.agreed_on else "", id="part-on"),
                hint=_("empty = today"))
            yield FormField("note", _("Note"), Input(p.note if p else "", id="part-note"),
                            hint=_("needed for an oral agreement"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#part-how" if self.participant else "#part-name").focus()

    def action_save(self) -> None:
        raw = {"name": self.query_one("#part-name", Input).value,
               "role": _val(self.query_one("#part-role", Select)),
               "agreed_how": _val(self.query_one("#part-how", Select)),
               "agreed_on": self.query_one("#part-on", Input).value,
               "note": self.query_one("#part-note", Input).value}
        try:
            data = check_participant(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx = self.capp.ctx
        if self.participant is None:
            def run():
                return goals_svc.add_participant(ctx, self.version_id, data)
        else:
            pid = self.participant.id

            def run():
                goals_svc.update_participant(ctx, pid, data)
                return pid
        self.db_work(run, lambda r: self.dismiss(r))


class ApprovalDialog(BaseModal):
    """The team lead's decision on a measure: Ctrl+Y approves, Ctrl+N refuses, Escape leaves
    it open. It opens in the reason field; no letter typed there decides anything."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ApprovalDialog") + """
    ApprovalDialog TextArea { height: 3; }
    """
    # a refusal without a reason stays open with the message at the reason field
    AUTO_FOCUS = "#appr-reason"
    BINDINGS = bindings("goals.approval", "dialog.cancel")
    COMMAND_SCOPES = ('goals.approval', 'dialog')

    def __init__(self, goal: goals_svc.GoalRow) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        g = self.goal
        with Vertical():
            yield Static(assemble((_("Decision on the measure") + ": ", "bold"),
                                  g.text_client), classes="dialog-title")
            who = g.responsible_name or (vocab.label(g.responsible, Responsible)
                                         if g.responsible else "—")
            info = Text(end="")
            for name, value in ((_("Who does it"), who), (_("Cost bearer"), g.cost_bearer or "—"),
                                (_("Now"), vocab.label(g.approval_state))):
                info.append(f"{name}: ", style="bold")
                info.append_text(safe(value))
                info.append("\n")
            yield Static(info)
            yield Static("", id="approval-cost")
            yield FormField("reason", _("Reason"), TextArea(id="appr-reason"),
                            hint=_("required: the caseworker sees it"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(key_button(self.app, _("Refuse"), "goals.approval.refuse"),
                             id="refuse", variant="error")
                yield Button(key_button(self.app, _("Approve"), "goals.approval.approve"),
                             id="approve", variant="success")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.action_decide(event.button.id == "approve")

    def on_mount(self) -> None:
        from caseterm.services import closure as closure_svc

        ctx, gid = self.capp.ctx, self.goal.id
        self.db_work(lambda: closure_svc.cost_of_goal(ctx, gid), self._cost)

    def _cost(self, cost) -> None:
        """The measure's cost (issue 19), when one is recorded."""
        if cost is not None:
            from caseterm.i18n import fmt_money

            self.query_one("#approval-cost", Static).update(safe(
                _("Cost: planned {planned}, actual {actual}; {bearer} {basis}").format(
                    planned=fmt_money(cost.planned), actual=fmt_money(cost.actual),
                    bearer=cost.cost_bearer, basis=cost.legal_basis)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_decide(self, approve: bool) -> None:
        ctx, gid = self.capp.ctx, self.goal.id
        reason = self.query_one("#appr-reason", TextArea).text
        self.db_work(lambda: goals_svc.decide(ctx, gid, approve, reason),
                     lambda _r: self.dismiss(approve), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError) and "reason" in exc.errors:
            show_errors(self, exc.errors)  # a refusal needs its reason: stay open
            return
        if isinstance(exc, InputError):
            self.app.notify("\n".join(exc.errors.values()), severity="error", markup=False)
            self.dismiss(None)
            return
        self._db_failed(exc, None)


class CompareDialog(BaseModal):
    """Two versions side by side; changed lines marked with words, not colour alone."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CompareDialog") + """
    CompareDialog > Vertical { width: 140; height: 90%; }
    CompareDialog DataTable { height: 1fr; }
    """
    BINDINGS = bindings("goals.compare")
    COMMAND_SCOPES = ('goals.compare',)

    def __init__(self, left: goals_svc.VersionRow, right: goals_svc.VersionRow,
                 left_content: dict, right_content: dict) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.left_content = left_content
        self.right_content = right_content

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Version {a} and version {b} side by side").format(
                a=self.left.number, b=self.right.number)), classes="dialog-title")
            yield MeasuredTable(id="compare-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        t = self.query_one("#compare-table", DataTable)
        t.add_column("", key="kind", width=10)
        t.add_column(_("Version {n}").format(n=self.left.number), key="left", width=60)
        t.add_column(_("Version {n}").format(n=self.right.number), key="right", width=60)
        marks = {"same": "", "changed": _("changed"), "added": _("added"),
                 "removed": _("removed")}
        for row in diff(self.left_content, self.right_content):
            style = "" if row.kind == "same" else "bold"
            label = _(row.label) if row.section == "field" else (
                vocab.label(row.label, GoalLevel) if row.section == "goal" and row.label else "")
            left = f"{label}: {row.left}" if label and row.section == "field" else row.left
            right = f"{label}: {row.right}" if label and row.section == "field" else row.right
            t.add_row(Text(marks[row.kind], style="yellow"), safe(left, style, limit=200),
                      safe(right, style, limit=200))
        t.focus()

    def action_close(self) -> None:
        self.dismiss(None)
