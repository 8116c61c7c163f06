"""Consents of one case: the list with history, record a new one, record a withdrawal.

Opened from the case screen with E (Einwilligung). A withdrawal takes effect from its date and
never deletes the consent: it stays in the list as “withdrawn”.
"""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from caseterm.core import clock
from caseterm.core import consent as rules
from caseterm.core.consent import ConsentForm, ConsentPurpose, ConsentStatus, GivenBy
from caseterm.i18n import _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import consents as consents_service
from caseterm.services.consents import ConsentRow
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable
from caseterm.widgets.tickbox import Checkbox

_STATUS_STYLE = {ConsentStatus.valid: "green", ConsentStatus.withdrawn: "bold red",
                 ConsentStatus.expired: "yellow", ConsentStatus.not_yet: "dim"}


class ConsentsDialog(BaseModal):
    """The consents of a case; A adds one, W withdraws the highlighted one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConsentsDialog") + """
    ConsentsDialog > Vertical { width: 120; }
    ConsentsDialog DataTable { height: auto; max-height: 16; }
    """
    BINDINGS = bindings("consents")
    COMMAND_SCOPES = ('consents',)

    def __init__(self, case_id: uuid.UUID, case_label: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.case_label = case_label
        self.rows: list[ConsentRow] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Consents — {case}").format(case=self.case_label)),
                         classes="dialog-title")
            yield MeasuredTable(id="consent-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("A: record a new consent · W: record a withdrawal (from its date "
                           "on; the consent stays in the history) · Esc: close"),
                         classes="hint")
            yield Static(_("P: print the consent form to sign (the highlighted consent's "
                           "copy, or a draft form when there is none)"),
                         classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, title in (("status", _("Status")), ("by", _("Given by")),
                           ("purposes", _("Purposes")), ("recipients", _("Recipients")),
                           ("form", _("Form")), ("given", _("Given on")),
                           ("until", _("Valid until")), ("withdrawn", _("Withdrawn on"))):
            table.add_column(title, key=key)
        table.focus()
        self.reload()

    def reload(self) -> None:
        ctx = self.capp.ctx
        self.db_work(lambda: consents_service.list_for_case(ctx, self.case_id), self._show,
                     group="consents", exclusive=True)

    def _show(self, rows: list[ConsentRow]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            by = rules.label(r.given_by) + (f" ({r.given_by_name})" if r.given_by_name else "")
            table.add_row(
                Text(rules.label(r.status), style=_STATUS_STYLE.get(r.status, "")),
                safe(by, limit=40),
                safe(", ".join(rules.label(p) for p in sorted(r.purposes)), limit=50),
                safe("; ".join(r.recipients), limit=40), safe(rules.label(r.form)),
                safe(fmt_date(r.given_on)), safe(fmt_date(r.valid_until)),
                safe(fmt_date(r.withdrawn_on)), key=str(r.id))
        if not rows:
            table.add_row(Text(_("No consent recorded yet. Press A."), style="dim"),
                          "", "", "", "", "", "", "")

    def _current(self) -> ConsentRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _after(self, result) -> None:
        if result:
            self.changed = True
            self.reload()
            self.notify(_("Saved."), timeout=3)

    def action_add(self) -> None:
        self.app.push_screen(AddConsentDialog(self.case_id), self._after)

    def action_withdraw(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.withdrawn_on is not None:
            self.notify(_("This consent was already withdrawn."), severity="warning")
            return
        self.app.push_screen(WithdrawConsentDialog(row), self._after)

    def action_print_form(self) -> None:
        """The highlighted consent's form (its copy), or a blank form to sign when there is
        none yet (marked as a draft); in the app's language, handed to the viewer."""
        from caseterm import config
        from caseterm.i18n import language
        from caseterm.services import letters, paperwork

        row = self._current()
        ctx, case_id, lang, web = self.capp.ctx, self.case_id, language(), self.app.is_web

        def run():
            path = letters.consent_form(ctx, case_id, config.data_dir() / "exports",
                                        consent_id=row.id if row else None, lang=lang)
            notes = [paperwork.logo_warning(paperwork.letterhead(ctx))]
            if not web:
                notes.append(paperwork.hand_to_viewer(path))
            return path, [n for n in notes if n]

        self.db_work(run, self._printed)

    def _printed(self, result) -> None:
        path, notes = result
        self.notify(_("Consent form saved as PDF: {path}").format(path=str(path)), timeout=10,
                    markup=False)
        for note in notes:
            self.notify(note, severity="warning", timeout=12, markup=False)
        if self.app.is_web:
            self.app.deliver_binary(path, open_method="download", mime_type="application/pdf")

    def action_close(self) -> None:
        self.dismiss(self.changed)


class AddConsentDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="AddConsentDialog") + """
    AddConsentDialog Checkbox { border: none; padding: 0; height: 1; }
    AddConsentDialog Checkbox:focus { border: none; background: $primary 40%; }
    AddConsentDialog #ac-purposes { height: auto; }
    """

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New consent"), classes="dialog-title")
            with VerticalScroll():
                yield FormField("consent_given_by", _("Given by"),
                                Dropdown(rules.options(GivenBy), value=GivenBy.client.value,
                                         allow_blank=False, id="ac-given_by"))
                yield FormField("consent_given_by_name", _("Name(s), if not the client"),
                                Input(id="ac-given_by_name"))
                yield FormField("consent_purposes", _("Purposes"), Vertical(
                    *[Checkbox(rules.label(p), value=False,  # consent is an active act
                               id=f"ac-purpose-{p.value}") for p in ConsentPurpose],
                    id="ac-purposes"))
                yield FormField("consent_recipients", _("Recipients"),
                                Input(id="ac-recipients"), hint=_("separate with “;”"))
                yield FormField("consent_form", _("Form"),
                                Dropdown(rules.options(ConsentForm),
                                         value=ConsentForm.written.value, allow_blank=False,
                                         id="ac-form"))
                yield FormField("consent_given_on", _("Given on"),
                                Input(fmt_date(clock.today()), id="ac-given_on"))
                yield FormField("consent_valid_until", _("Valid until"),
                                Input(id="ac-valid_until"), hint=_("optional"))
                yield FormField("consent_information_given", _("Information"),
                                Checkbox(_("Client informed of purpose, recipients, "
                                           "consequences of refusal and the right to "
                                           "withdraw"), value=False, id="ac-information"))
                yield FormField("consent_note", _("Note on the consent"), Input(id="ac-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#ac-given_by", Select).focus()

    def raw(self) -> dict:
        return {
            "given_by": self.query_one("#ac-given_by", Select).value,
            "given_by_name": self.query_one("#ac-given_by_name", Input).value,
            "purposes": [p.value for p in ConsentPurpose
                         if self.query_one(f"#ac-purpose-{p.value}", Checkbox).value],
            "recipients": self.query_one("#ac-recipients", Input).value,
            "form": self.query_one("#ac-form", Select).value,
            "given_on": self.query_one("#ac-given_on", Input).value,
            "valid_until": self.query_one("#ac-valid_until", Input).value,
            "information_given": self.query_one("#ac-information", Checkbox).value,
            "note": self.query_one("#ac-note", Input).value,
        }

    def action_save(self) -> None:
        raw, ctx = self.raw(), self.capp.ctx
        clear_errors(self)
        self.db_work(lambda: consents_service.record(ctx, self.case_id, raw),
                     lambda consent_id: self.dismiss(consent_id))


class WithdrawConsentDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="WithdrawConsentDialog")

    def __init__(self, row: ConsentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Withdraw the consent of {date} ({purposes})").format(
                date=fmt_date(self.row.given_on),
                purposes=", ".join(rules.label(p) for p in sorted(self.row.purposes)))),
                classes="dialog-title")
            yield Static(_("The withdrawal takes effect from its date, not retroactively. "
                           "The consent stays in the history."), classes="hint")
            # the focus opens in the first field: how (the date has today as its default)
            yield FormField("channel", _("How it was withdrawn"), Input(id="wd-channel"),
                            hint=_("letter, e-mail, in person, by phone …"))
            yield FormField("withdrawn_on", _("Withdrawn on"),
                            Input(fmt_date(clock.today()), id="wd-on"))
            yield FormField("note", _("Note"), Input(id="wd-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#wd-channel", Input).focus()

    def action_save(self) -> None:
        raw = {"withdrawn_on": self.query_one("#wd-on", Input).value,
               "channel": self.query_one("#wd-channel", Input).value,
               "note": self.query_one("#wd-note", Input).value}
        ctx, consent_id, base = self.capp.ctx, self.row.id, self.row.row_version
        clear_errors(self)
        self.db_work(lambda: consents_service.withdraw(ctx, consent_id, raw, base),
                     lambda row: self.dismiss(row))
