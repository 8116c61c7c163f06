"""Editing the record after the intake: the client (master data, languages, interpreter,
household, district) and the case data (legal area, title, child protection, urgency).

Both dialogs start from the stored state (services.record.state) and send only the fields
that were changed, with the version they started from: the service checks them with the
intake's rules (messages at the fields, nothing saved), refuses a stale edit of a field
someone else changed (Conflict), and audits every change into the case history. "Correction"
marks the change as setting right a wrongly recorded fact; it needs a reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from caseterm.core.indication import Urgency
from caseterm.core.intake import check_household, gender_options, parse_household_lines
from caseterm.core.validate import InputError
from caseterm.core.vocab import LegalArea, options
from caseterm.i18n import _, fmt_date
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import record
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors
from caseterm.widgets.safe import safe
from caseterm.widgets.tickbox import Checkbox

EDIT_CSS = """
{name} TextArea {{ height: 5; }}
{name} #edit-hint {{ color: $text-muted; }}
"""


def household_text(members: list[record.Member]) -> str:
    return "\n".join("; ".join([m.name, m.relation, fmt_date(m.birth_date) if m.birth_date
                                else "", "BG" if m.in_benefit_unit else ""]).rstrip("; ")
                     for m in members)


def _shown(value) -> str:
    if value is None:
        return ""
    return fmt_date(value) if hasattr(value, "year") else str(value)


class _EditDialog(FormDialog):
    def __init__(self, st: record.RecordState) -> None:
        super().__init__()
        self.st = st

    def compose_correction(self) -> ComposeResult:
        yield FormField("correction", "", Checkbox(
            _("This corrects a wrongly recorded fact"), id="edit-correction"))
        yield FormField("reason", _("Reason (required for a correction)"),
                        Input(id="edit-reason"))

    def correction(self) -> tuple[bool, str]:
        return (self.query_one("#edit-correction", Checkbox).value,
                self.query_one("#edit-reason", Input).value)

    def _saved(self, changed: dict) -> None:
        self.dismiss(changed)


class ClientEditDialog(_EditDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ClientEditDialog") + EDIT_CSS.format(
        name="ClientEditDialog")
    TEXT_FIELDS = (("first_name", "First name"), ("last_name", "Last name"),
                   ("birth_date", "Born"), ("languages", "Languages"), ("phone", "Phone"),
                   ("email", "E-mail"), ("address", "Address"), ("district", "District"))

    def compose(self) -> ComposeResult:
        c = self.st.client
        with Vertical():
            yield Static(safe(_("Edit client — {case}").format(case=self.st.case_number)),
                         classes="dialog-title")
            with VerticalScroll():
                for name, title in self.TEXT_FIELDS:
                    yield FormField(name, _(title),
                                    Input(_shown(c[name]), id=f"client-{name}"),
                                    hint=_("DD.MM.YYYY") if name == "birth_date" else "")
                genders = gender_options()
                if c["gender"] and c["gender"] not in {v for _label, v in genders}:
                    genders.append((c["gender"], c["gender"]))  # as stored (older data)
                yield FormField("gender", _("Gender"), Dropdown(
                    genders, value=c["gender"] or "not_stated", allow_blank=False,
                    id="client-gender"))
                yield FormField("interpreter_needed", "", Checkbox(
                    _("Interpreter needed"), value=bool(c["interpreter_needed"]),
                    id="client-interpreter_needed"))
                yield FormField("household", _("Household"),
                                TextArea(household_text(self.st.household),
                                         id="client-household"),
                                hint=_("one a line: Name; relation; DD.MM.YYYY; BG"))
                yield from self.compose_correction()
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#client-phone", Input).focus()

    def action_save(self) -> None:
        clear_errors(self)
        c = self.st.client
        raw: dict = {}
        for name, _title in self.TEXT_FIELDS:
            value = self.query_one(f"#client-{name}", Input).value
            if value.strip() != _shown(c[name]).strip():
                raw[name] = value
        gender = self.query_one("#client-gender", Select).value
        if gender != (c["gender"] or "not_stated"):
            raw["gender"] = gender
        interpreter = self.query_one("#client-interpreter_needed", Checkbox).value
        if interpreter != bool(c["interpreter_needed"]):
            raw["interpreter_needed"] = interpreter
        text = self.query_one("#client-household", TextArea).text
        members = None
        if text.strip() != household_text(self.st.household).strip():
            members = parse_household_lines(text)[0]
            try:
                check_household(members)
            except InputError as exc:
                self.on_input_error(exc)
                return
        if not raw and members is None:
            self.dismiss(None)
            return
        correction, reason = self.correction()
        ctx, case_id, st = self.capp.ctx, self.st.case_id, self.st

        def save() -> dict:
            changed = record.edit_client(ctx, case_id, raw, base_version=st.client_version,
                                         base=st.client, correction=correction,
                                         reason=reason) if raw else {}
            if members is not None:
                record.edit_household(ctx, case_id, members, correction=correction,
                                      reason=reason)
                changed["household"] = len(members)
            return changed

        self.db_work(save, self._saved)


class CaseEditDialog(_EditDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="CaseEditDialog") + EDIT_CSS.format(
        name="CaseEditDialog")

    def compose(self) -> ComposeResult:
        c = self.st.case
        with Vertical():
            yield Static(safe(_("Edit case data — {case}").format(case=self.st.case_number)),
                         classes="dialog-title")
            with VerticalScroll():
                yield FormField("legal_area", _("Legal area"), Dropdown(
                    options(LegalArea), value=c["legal_area"], allow_blank=False,
                    id="case-legal_area"))
                yield FormField("title", _("Title"), Input(c["title"], id="case-title"))
                yield FormField("child_protection", "", Checkbox(
                    _("Child protection concern"), value=bool(c["child_protection"]),
                    id="case-child_protection"))
                if self.st.urgency is not None:
                    yield FormField("urgency", _("Urgency"), Dropdown(
                        options(Urgency), value=self.st.urgency,
                        allow_blank=False, id="case-urgency"))
                yield from self.compose_correction()
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#case-title", Input).focus()

    def action_save(self) -> None:
        clear_errors(self)
        c = self.st.case
        raw: dict = {}
        area = self.query_one("#case-legal_area", Select).value
        if area != c["legal_area"]:
            raw["legal_area"] = area
        title = self.query_one("#case-title", Input).value
        if title.strip() != c["title"]:
            raw["title"] = title
        flag = self.query_one("#case-child_protection", Checkbox).value
        if flag != bool(c["child_protection"]):
            raw["child_protection"] = flag
        if self.st.urgency is not None:
            urgency = self.query_one("#case-urgency", Select).value
            if urgency != self.st.urgency:
                raw["urgency"] = urgency
        if not raw:
            self.dismiss(None)
            return
        correction, reason = self.correction()
        ctx, case_id, st = self.capp.ctx, self.st.case_id, self.st
        self.db_work(lambda: record.edit_case(ctx, case_id, raw, base_version=st.case_version,
                                              base=st.case, correction=correction,
                                              reason=reason), self._saved)
