"""Dialogs of the office's people: an absence with a deputy, the answer to a referral, the
hand-over of a case, and the generated hand-over summary / the deputy's report (read-only)."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea

from caseterm.core.referrals import ReferralStatus, status_label
from caseterm.core.validate import Errors, InputError
from caseterm.i18n import _, fmt_date, fmt_datetime
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import people
from caseterm.services import workers as workers_service
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe


class AbsenceDialog(FormDialog):
    """An absence from … to … with a deputy: one's own, or (team lead) a team member's."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AbsenceDialog")

    def __init__(self, workers: list[tuple[str, str]], may_choose_worker: bool) -> None:
        super().__init__()
        # not `self.workers`: that is Textual's worker manager of every widget
        self.worker_choices = workers  # (display name, user name)
        self.may_choose_worker = may_choose_worker

    def compose(self) -> ComposeResult:
        me = self.capp.ctx.actor
        choices = [(safe(name, limit=40), user) for name, user in self.worker_choices]
        with Vertical():
            yield Static(safe(_("Absence and deputy")), classes="dialog-title")
            with VerticalScroll():
                if self.may_choose_worker:
                    yield FormField("worker", _("Who is away"), Dropdown(
                        choices, value=me.username, allow_blank=False, id="abs-worker"))
                yield FormField("starts_on", _("First day away"),
                                Input(placeholder="TT.MM.JJJJ", id="abs-start"))
                yield FormField("ends_on", _("Last day away"),
                                Input(placeholder="TT.MM.JJJJ", id="abs-end"))
                yield FormField("deputy", _("Deputy"), Dropdown(
                    [(n, u) for n, u in choices if u != me.username], id="abs-deputy"),
                    hint=_("sees the cases and the queue meanwhile"))
                yield FormField("note", _("Note"), Input(id="abs-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#abs-start", Input).focus()

    def action_save(self) -> None:
        e = Errors()
        start = e.date("starts_on", self.query_one("#abs-start", Input).value, required=True)
        end = e.date("ends_on", self.query_one("#abs-end", Input).value, required=True)
        deputy = self.query_one("#abs-deputy", Select).value
        if deputy is Select.BLANK:
            e.add("deputy", _("Choose the deputy."))
        try:
            e.raise_if_any()
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        who = None
        if self.may_choose_worker:
            chosen = self.query_one("#abs-worker", Select).value
            who = None if chosen == self.capp.ctx.actor.username else str(chosen)
        note = self.query_one("#abs-note", Input).value
        ctx = self.capp.ctx
        self.db_work(lambda: workers_service.set_absence(ctx, who, str(deputy), start, end,
                                                         note), self.dismiss)


ANSWER_CHOICES = (ReferralStatus.contact_made, ReferralStatus.help_started,
                  ReferralStatus.feedback_received, ReferralStatus.declined)


class AnswerDialog(FormDialog):
    """The receiving worker answers a referral; a decline needs its reason."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AnswerDialog")

    def __init__(self, row: people.IncomingReferral) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        r = self.row
        with Vertical():
            yield Static(assemble(_("Answer the referral — "), (r.case_number, "bold"), " · ",
                                  r.client_name), classes="dialog-title")
            with VerticalScroll():
                if r.child_protection_concern:
                    yield Static(safe("⚠ " + _("Child-protection concern: this comes first."),
                                      "bold red"))
                yield Static(assemble((_("From") + ": ", "bold"), r.sender, "  ·  ",
                                      fmt_date(r.sent_on)))
                yield Static(assemble((_("Purpose") + ": ", "bold"),
                                      safe(r.purpose, multiline=True)))
                yield FormField("answer", _("Answer"), Dropdown(
                    [(status_label(s.value), s.value) for s in ANSWER_CHOICES],
                    value=ReferralStatus.contact_made.value, allow_blank=False, id="ans-answer"))
                yield FormField("reason", _("Note, or the reason for a decline"),
                                TextArea(id="ans-note"),
                                hint=_("only what the consent and the law allow to pass back"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#ans-answer", Select).focus()

    def on_input_error(self, exc: InputError) -> None:
        # a missing feedback text belongs to the same field as a decline's reason
        show_errors(self, {("reason" if k == "note" else k): v for k, v in exc.errors.items()})

    def action_save(self) -> None:
        answer = str(self.query_one("#ans-answer", Select).value)
        note = self.query_one("#ans-note", TextArea).text
        ctx, rid, version = self.capp.ctx, self.row.id, self.row.row_version
        self.db_work(lambda: people.answer_referral(ctx, rid, answer, note,
                                                    base_version=version),
                     lambda _r: self.dismiss(status_label(answer)))


class HandoverDialog(FormDialog):
    """Hand the case over to a worker or an office, with a note (Zuständigkeitswechsel)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="HandoverDialog")

    def __init__(self, case_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Hand the case over")), classes="dialog-title")
            with VerticalScroll():
                yield FormField("to", _("To (user name or office)"), Input(id="ho-to"))
                yield FormField("note", _("Hand-over note"), TextArea(id="ho-note"),
                                hint=_("the new owner reads it before accepting"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        if self.case_id is None:
            self.notify(_("Open a case first."), severity="warning")
            self.dismiss(None)
            return
        self.query_one("#ho-to", Input).focus()

    def action_save(self) -> None:
        to = self.query_one("#ho-to", Input).value
        note = self.query_one("#ho-note", TextArea).text
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: people.handover(ctx, case_id, to, note), self._done)

    def _done(self, row) -> None:
        self.notify(_("Hand-over proposed to {who}; the case changes hands when it is "
                      "accepted.").format(who=row.to_worker or row.to_office), markup=False)
        self.dismiss(row)


def summary_text(summary: people.Summary) -> Text:
    out = Text(end="")
    if summary.empty:
        out.append_text(safe(_("Nothing urgent: no child protection, deadlines, overdue items, "
                               "open referrals or appointments.")))
        return out
    sections = [
        (_("⚠ Child protection"), [assemble((c.case_number, "bold"), "  ", c.client_name)
                                   for c in summary.child_protection], "bold red"),
        (_("§ Legal deadlines"), summary.deadlines, "bold"),
        (_("Overdue"), summary.overdue, "bold"),
        (_("Open referrals"), summary.referrals, "bold"),
        (_("Next appointments"), summary.appointments, "bold"),
    ]
    for title, rows, style in sections:
        if not rows:
            continue
        out.append_text(safe(title, style))
        out.append("\n")
        for r in rows:
            line = r if isinstance(r, Text) else assemble(
                fmt_date(r.due_date), "  ", (r.case_number, "bold"), "  ", safe(r.client_name,
                                                                                 limit=28),
                "  ", safe(r.text, limit=70))
            out.append("  ")
            out.append_text(line)
            out.append("\n")
    return out


class TextDialog(BaseModal):
    """A read-only page: a summary or a report. Escape or Enter closes it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog") + """
    TextDialog > Vertical { width: 110; }
    TextDialog VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS = bindings("text_dialog")
    COMMAND_SCOPES = ('text_dialog',)

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text), classes="dialog-title")
            with VerticalScroll(id="text-body"):
                yield Static(self.body)
            yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#text-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def summary_dialog(summary: people.Summary) -> TextDialog:
    return TextDialog(summary.title, summary_text(summary))


def report_dialog(deputy: str, actions: list[people.DeputyAction]) -> TextDialog:
    from caseterm.core import audit as audit_core

    body = Text(end="")
    if not actions:
        body.append_text(safe(_("Your deputy changed nothing in your cases.")))
    for a in actions:
        body.append_text(assemble(fmt_datetime(a.at), "  ", (a.case_number, "bold"), "  ",
                                  audit_core.record_label(a.entity), ": ",
                                  safe(audit_core.summary(a.detail), limit=70)))
        body.append("\n")
    return TextDialog(_("Welcome back: what {name} did as your deputy").format(name=deputy),
                      body)
