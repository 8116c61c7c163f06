"""Small modal dialogs: confirm, contact note, phase change, follow-up."""

from __future__ import annotations

import uuid
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from caseterm.core import clock
from caseterm.core.inputs import check_followup, check_note, check_phase_change
from caseterm.core.phases import GateLevel
from caseterm.core.validate import InputError
from caseterm.core.vocab import (
    CasePhase,
    ClosureReason,
    FollowUpKind,
    NoteKind,
    Priority,
    label,
    options,
)
from caseterm.i18n import _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.services import followups as followups_service
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.registry import bindings, key_button
from caseterm.widgets.safe import safe

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 84; max-width: 98%; height: auto; max-height: 95%;
    border: thick $primary; background: $surface; padding: 1 2;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} .dialog-buttons Button {{ margin-left: 2; }}
{name} TextArea {{ height: 8; }}
{name} .gate-message {{ color: $warning; margin: 1 0; display: none; }}
{name} .gate-message.-shown {{ display: block; }}
"""


class _Question(BaseModal):
    """A question with answer buttons (ConfirmDialog, QuestionDialog)."""

    AUTO_FOCUS = "#no"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.question, multiline=True), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield from self.compose_answers()

    def compose_answers(self) -> ComposeResult:
        yield Button(_("No"), id="no")
        yield Button(key_button(self.app, _("Yes"), "confirm.yes"), id="yes",
                     variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer({"yes": True, "no": False}.get(event.button.id or ""))

    def action_answer(self, value: bool | None) -> None:
        self.dismiss(value)


class ConfirmDialog(_Question):
    """Yes/no question before something that cannot be taken back; dismisses with True or
    False. "Yes" is Ctrl+Y (or Tab to the button and Enter): no letter of a stray sentence
    answers it. The focus starts on "No"."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = bindings("confirm")
    COMMAND_SCOPES = ('confirm',)


class QuestionDialog(_Question):
    """A question whose both answers are recorded (did the outcome last? continue with the
    draft?): Ctrl+Y and Ctrl+N answer, Escape answers nothing (dismisses with None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="QuestionDialog")
    BINDINGS = bindings("confirm.yes", "question")
    COMMAND_SCOPES = ('confirm', 'question')
    AUTO_FOCUS = "#cancel"

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(question)
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")

    def compose_answers(self) -> ComposeResult:
        yield Button(_("Not now"), id="cancel")
        yield Button(key_button(self.app, self.no_label, "question.no"), id="no")
        yield Button(key_button(self.app, self.yes_label, "confirm.yes"), id="yes",
                     variant="primary")


class FormDialog(BaseModal):
    """A dialog with fields: Ctrl+S saves (subclasses implement `action_save`), Escape
    cancels; a failed check keeps everything typed and shows messages at the fields."""

    BINDINGS = bindings("dialog")
    COMMAND_SCOPES = ('dialog',)
    # The focus opens in the first field, never on the scrolling box around the fields (at
    # 80x24 the box can take the focus, and typed text went nowhere); a dialog that opens
    # in another field focuses it in its on_mount.
    AUTO_FOCUS = "Input, TextArea, Select, Checkbox, SelectionList, RadioSet, Button"
    # Every form dialog: where the fields are taller than the terminal (80x24), the dialog
    # scrolls, so that the last fields and the buttons stay reachable (Tab scrolls to them).
    DEFAULT_CSS = """
    FormDialog > Vertical { overflow-y: auto; scrollbar-size-vertical: 1; }
    FormDialog .dialog-buttons { height: auto; min-height: 3; }
    """

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(_("Cancel"), id="cancel")
            # the key the person's [keys] table really binds to dialog.save
            yield Button(key_button(self.app, _("Save"), "dialog.save"), id="save",
                         variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    _baseline: list | None = None

    def on_mount(self) -> None:
        # what the form held when it opened (after the subclass filled it in): anything
        # different from this was typed, and is not thrown away without asking
        self.call_after_refresh(self._take_baseline)

    def _take_baseline(self) -> None:
        self._baseline = self.form_values()
        self._open_at_top()

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True,
                  from_app_focus: bool = False) -> None:
        # The first focus (before the form is laid out) would centre the field and scroll
        # the title away; `_open_at_top` scrolls only as far as the field needs.
        if self._baseline is None:
            scroll_visible = False
        super().set_focus(widget, scroll_visible, from_app_focus)

    def _open_at_top(self) -> None:
        """Open showing the title: the first focus may have scrolled the form down to its
        field; back to the top, then only as far as the focused field needs (at 80x24)."""
        box = self.query_children(Vertical).first() if self.query_children(Vertical) else None
        if box is None:
            return
        box.scroll_home(animate=False, immediate=True)

        def field_in_view() -> None:
            focused = self.focused
            if focused is not None and not box.content_region.contains_region(focused.region):
                box.scroll_to_widget(focused, animate=False, immediate=True)

        self.call_after_refresh(field_in_view)

    def form_values(self) -> list:
        values: list = []
        for widget in self.query("Input, TextArea, Select, Checkbox").results():
            values.append(widget.text if isinstance(widget, TextArea)
                          else getattr(widget, "value", None))
        return values

    def unsaved_work(self) -> bool:
        """Something was typed or chosen since the dialog opened."""
        return self._baseline is not None and self.form_values() != self._baseline

    def action_cancel(self) -> None:
        if not self.unsaved_work():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(_("Discard what you typed in this dialog?")), answer)

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class NoteDialog(FormDialog):
    """Add a contact note to a case. Ctrl+S saves; nothing typed is lost on an error."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog")

    def __init__(self, case_id: uuid.UUID, case_label: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Contact note — {case}").format(case=self.case_label)),
                         classes="dialog-title")
            with VerticalScroll():
                yield FormField("kind", _("Kind of contact"),
                                Dropdown(options(NoteKind), value=NoteKind.conversation.value,
                                         allow_blank=False, id="note-kind"))
                yield FormField("occurred_at", _("Date"),
                                Input(fmt_date(clock.today()), id="note-date"),
                                hint=_("DD.MM.YYYY, “today”, “-1”"))
                yield FormField("participants", _("Participants"),
                                Input(id="note-participants"))
                yield FormField("text", _("Note"), TextArea(id="note-text"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def action_save(self) -> None:
        raw = {
            "kind": self.query_one("#note-kind", Select).value,
            "text": self.query_one("#note-text", TextArea).text,
            "participants": self.query_one("#note-participants", Input).value,
        }
        when = self.query_one("#note-date", Input).value.strip()
        if when and when != fmt_date(clock.today()):
            raw["occurred_at"] = when
        try:
            note = check_note(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        from caseterm.services import cases as cases_repo  # not on the start path (issue 18)

        ctx = self.capp.ctx
        self.db_work(lambda: cases_repo.add_note(ctx, self.case_id, note),
                     lambda note_id: self.dismiss(note_id))


class PhaseDialog(FormDialog):
    """Move a case to another phase of the cycle, with a reason; gates are checked."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PhaseDialog")

    def __init__(self, case_id: uuid.UUID, current: CasePhase, targets: list[CasePhase]) -> None:
        super().__init__()
        self.case_id = case_id
        self.current = current
        self.targets = targets
        self.confirm_pending = False

    def compose(self) -> ComposeResult:
        nxt = [t for t in self.targets if t is not CasePhase.closure]
        default = nxt[0] if nxt else self.targets[0]
        with Vertical():
            yield Static(safe(_("Change phase (now: {phase})").format(phase=label(self.current))),
                         classes="dialog-title")
            yield FormField("target", _("New phase"),
                            Dropdown([(label(t), t.value) for t in self.targets],
                                     value=default.value, allow_blank=False, id="phase-target"))
            yield FormField("closure_reason", _("Closure reason"),
                            Dropdown(options(ClosureReason), id="phase-closure",
                                     prompt=_("Choose a reason")),
                            id="field-closure_reason")
            yield FormField("reason", _("Reason / note"), Input(id="phase-reason"))
            yield Static("", classes="gate-message", id="gate-message")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self._sync_closure()
        self.query_one("#phase-target", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "phase-target":
            self._sync_closure()
            self._set_gate_message("")
            self.confirm_pending = False

    def _sync_closure(self) -> None:
        target = self.query_one("#phase-target", Select).value
        self.query_one("#field-closure_reason").display = target == CasePhase.closure.value

    def _set_gate_message(self, text: str) -> None:
        msg = self.query_one("#gate-message", Static)
        msg.update(safe(text, multiline=True))
        msg.set_class(bool(text), "-shown")

    def action_save(self) -> None:
        closure = self.query_one("#phase-closure", Select)
        raw = {
            "target": self.query_one("#phase-target", Select).value,
            "reason": self.query_one("#phase-reason", Input).value,
            "closure_reason": None if closure.value is Select.NULL else closure.value,
        }
        try:
            change = check_phase_change(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        ctx = self.capp.ctx
        confirmed = self.confirm_pending
        from caseterm.services import cases as cases_repo

        def run():
            return cases_repo.change_phase(ctx, self.case_id, change, confirmed=confirmed)

        self.db_work(run, lambda phase: self.dismiss(phase), on_error=self._gate_failed)

    def _gate_failed(self, exc: BaseException) -> None:
        from caseterm.services import cases as cases_repo

        if isinstance(exc, InputError):
            show_errors(self, exc.errors)
            return
        if isinstance(exc, cases_repo.GateError):
            if exc.result.level is GateLevel.confirm:
                self.confirm_pending = True
                self._set_gate_message(exc.result.message + "\n" +
                                       _("Press Ctrl+S again to confirm."))
            else:
                self._set_gate_message(exc.result.message)
            return
        self._db_failed(exc, None)


class FollowUpDialog(FormDialog):
    """Add a follow-up (Wiedervorlage) to a case: due date and the concrete next step."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FollowUpDialog")

    def __init__(self, case_id: uuid.UUID, assignee_id: uuid.UUID,
                 due: date | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.assignee_id = assignee_id
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("New follow-up")), classes="dialog-title")
            yield FormField("next_step", _("Next step"), Input(id="fu-next-step"),
                            hint=_("what exactly is to be done"))
            yield FormField("due_date", _("Due on"),
                            Input(fmt_date(self.due) if self.due else "+1m", id="fu-due"),
                            hint=_("DD.MM.YYYY, “+2w”, “+1m”"))
            yield FormField("due_time", _("Time"), Input(id="fu-time"),
                            hint=_("HH:MM for an appointment; empty: all day"))
            yield FormField("kind", _("Kind"),
                            Dropdown(options(FollowUpKind), value=FollowUpKind.wiedervorlage.value,
                                     allow_blank=False, id="fu-kind"))
            yield FormField("priority", _("Priority"),
                            Dropdown(options(Priority), value=Priority.normal.value,
                                     allow_blank=False, id="fu-priority"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#fu-next-step", Input).focus()

    def action_save(self) -> None:
        raw = {
            "next_step": self.query_one("#fu-next-step", Input).value,
            "due_date": self.query_one("#fu-due", Input).value,
            "due_time": self.query_one("#fu-time", Input).value,
            "kind": self.query_one("#fu-kind", Select).value,
            "priority": self.query_one("#fu-priority", Select).value,
        }
        try:
            data = check_followup(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        ctx, case_id, assignee_id = self.capp.ctx, self.case_id, self.assignee_id
        self.db_work(
            lambda: followups_service.add(ctx, case_id, data, assignee_id),
            lambda fid: self.dismiss(fid),
        )
