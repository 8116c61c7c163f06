"""The data-protection officer's (and a team lead's) actions on an open case, from the command
palette: restrict (Sperrung), lift the restriction, set a legal hold, erase. One confirm dialog
with a required reason; the same service functions as `caseterm privacy restrict | hold |
erase` (services.privacy), so role, scope, retention period and legal hold are checked by the
door, and every refusal is audited and shown here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from textual.app import ComposeResult, SystemCommand
from textual.containers import Vertical
from textual.widgets import Input, Static

from caseterm.core.access import PrivacyAct, may_privacy
from caseterm.i18n import N_, _
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import safe


@dataclass(frozen=True)
class Action:
    key: str
    act: PrivacyAct
    title: str
    help: str
    question: str
    done: str


ACTIONS = (
    Action("restrict", PrivacyAct.restrict, N_("Restrict case (Sperrung)"),
           N_("Keep the case, hidden from normal work (Art. 18 GDPR, § 84 SGB X)"),
           N_("Restrict this case? It is kept for its legal purpose and hidden from normal "
              "work."),
           N_("Case restricted.")),
    Action("lift", PrivacyAct.restrict, N_("Lift the restriction"),
           N_("The case returns to normal work"),
           N_("Lift the restriction of this case? It returns to normal work."),
           N_("Restriction lifted.")),
    Action("hold", PrivacyAct.hold, N_("Set legal hold"),
           N_("Nothing erases the case while the hold lasts"),
           N_("Put a legal hold on this case? Nothing erases it while the hold lasts."),
           N_("Legal hold set.")),
    Action("erase", PrivacyAct.erase, N_("Erase case for good"),
           N_("Erase the case from the file, its WAL and the backups (Art. 17 GDPR)"),
           N_("Erase this case for good? This cannot be undone. The audit trail keeps the "
              "fact, not the content."),
           N_("Case erased.")),
)
BY_KEY = {a.key: a for a in ACTIONS}


def run(ctx, case_id: uuid.UUID | str, key: str, reason: str):
    """The service call of an action (in a worker thread)."""
    from caseterm.services import privacy

    if key == "restrict":
        return privacy.restrict(ctx, case_id, reason)
    if key == "lift":
        return privacy.restrict(ctx, case_id, reason, lift=True)
    if key == "hold":
        return privacy.hold(ctx, case_id, reason)
    return privacy.erase_case(ctx, case_id, reason)


class PrivacyActionDialog(FormDialog):
    """Confirm one privacy action with its reason; Ctrl+S does it, Escape cancels. A refusal
    (role, scope, legal hold, retention period) is shown and nothing changes."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PrivacyActionDialog") + """
    PrivacyActionDialog .privacy-refusal { color: $error; height: auto; display: none; }
    PrivacyActionDialog .privacy-refusal.-shown { display: block; }
    """

    def __init__(self, case_id: uuid.UUID | None, key: str) -> None:
        super().__init__()
        self.case_id = case_id  # None: the dialog asks for the case number (the DPO's way:
        self.action = BY_KEY[key]  # she sees no case content, so opens no case)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_(self.action.title)), classes="dialog-title")
            yield Static(safe(_(self.action.question), multiline=True))
            if self.case_id is None:
                yield FormField("case_number", _("Case number"), Input(id="privacy-number"))
            yield FormField("reason", _("Reason"), Input(id="privacy-reason"),
                            hint=_("Kept with the record; no names."))
            yield Static("", id="privacy-refusal", classes="privacy-refusal")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        super().on_mount()
        first = "#privacy-reason" if self.case_id is not None else "#privacy-number"
        self.query_one(first, Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        reason = self.query_one("#privacy-reason", Input).value.strip()
        target: uuid.UUID | str | None = self.case_id
        errors = {}
        if target is None:
            target = self.query_one("#privacy-number", Input).value.strip()
            if not target:
                errors["case_number"] = _("Enter a case number.")
        if not reason:
            errors["reason"] = _("State the reason (it is kept with the record).")
        if errors:
            show_errors(self, errors)
            return
        clear_errors(self)
        ctx, key = self.capp.ctx, self.action.key
        self.db_work(lambda: run(ctx, target, key, reason), self._done,
                     on_error=self._refused)

    def _done(self, _result) -> None:
        self.app.notify(_(self.action.done), markup=False)
        self.dismiss(self.action.key)

    def _refused(self, exc: BaseException) -> None:
        from caseterm.core.validate import InputError
        from caseterm.services import AccessDenied, NotFound

        if isinstance(exc, InputError):
            show_errors(self, exc.errors)
            return
        if isinstance(exc, AccessDenied | NotFound):
            box = self.query_one("#privacy-refusal", Static)
            box.update(safe(exc.message, multiline=True))
            box.add_class("-shown")
            self.app.notify(exc.message, severity="error", timeout=12, markup=False)
            return
        self._db_failed(exc, None)


def open_dialog(app, case_id: uuid.UUID | None, key: str) -> None:
    def after(result) -> None:
        if result == "erase":
            from caseterm.screens.case import CaseScreen

            if isinstance(app.screen, CaseScreen):
                app.pop_screen()  # the case is gone
        elif result is not None and hasattr(app.screen, "action_reload"):
            app.screen.action_reload()

    app.push_screen(PrivacyActionDialog(case_id, key), after)


def commands(app, case_id: uuid.UUID | None) -> Iterator[SystemCommand]:
    """The palette's privacy actions for the open case, offered to the roles that may do
    them (the door checks scope, hold and period again). The data-protection officer sees no
    case content and opens no case: she gets them on every screen, asking for the number."""
    ctx = getattr(app, "ctx", None)
    if ctx is None:
        return
    if case_id is None and ctx.actor.sees_case_content:
        return
    for a in ACTIONS:
        if may_privacy(ctx.actor, a.act):
            yield SystemCommand(_(a.title) + ("" if case_id else " …"), _(a.help),
                                lambda k=a.key: open_dialog(app, case_id, k))
