"""The intake form's five sections, and reading them into the raw dict the rules check."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from caseterm.core import consent as consent_rules
from caseterm.core import indication as ind
from caseterm.core.consent import ConsentForm, ConsentPurpose, GivenBy
from caseterm.core.intake import gender_options, parse_household_lines
from caseterm.core.vocab import LegalArea
from caseterm.core.vocab import options as vocab_options
from caseterm.i18n import _, pgettext
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField
from caseterm.widgets.safe import safe
from caseterm.widgets.tickbox import Checkbox


class IntakeForm:
    """The form's layout and reading, mixed into IntakeScreen."""

    def _section(self, n: int, title: str) -> Static:
        return Static(safe(f"{n}  {title}"), classes="section-title", id=f"section-{n}")

    def _person(self) -> ComposeResult:
        yield self._section(1, _("Person"))
        with Horizontal(classes="row"):
            yield FormField("last_name", _("Last name"), Input(id="in-last_name"))
            yield FormField("first_name", _("First name"), Input(id="in-first_name"))
            yield FormField("birth_date", _("Birth date"),
                            Input(id="in-birth_date", placeholder=_("DD.MM.YYYY")),
                            hint=_("DD.MM.YYYY"))
        yield Static("", id="name-warning")
        with Horizontal(classes="row"):
            yield FormField("gender", _("Gender (optional)"),
                            Dropdown(gender_options(), id="in-gender", prompt="—"))
            yield FormField("languages", _("Languages"), Input(id="in-languages"))
            yield FormField("interpreter_needed", _("Interpreter"),
                            Checkbox(_("Interpreter needed"), id="in-interpreter_needed"))
        with Horizontal(classes="row"):
            yield FormField("phone", _("Phone"), Input(id="in-phone"))
            yield FormField("email", _("E-mail"), Input(id="in-email"))
        with Horizontal(classes="row"):
            yield FormField("address", _("Address"), Input(id="in-address"))
            yield FormField("district", _("District (Sozialraum)"), Input(id="in-district"))
        yield FormField("household", _("Household members"), TextArea(id="in-household"),
                        hint=_("one a line: name; relation; birth date; BG (if in the "
                               "Bedarfsgemeinschaft)"))

    def _case(self) -> ComposeResult:
        yield self._section(2, _("Case and referral"))
        with Horizontal(classes="row"):
            yield FormField("legal_area", _("Legal area"),
                            Dropdown(vocab_options(LegalArea), id="in-legal_area",
                                     prompt=_("Choose")))
            yield FormField("title", _("Occasion in a few words"), Input(id="in-title"))
        with Horizontal(classes="row"):
            yield FormField("referral_source", _("Referred by"),
                            Dropdown(ind.options(ind.ReferralSource), id="in-referral_source",
                                     value=ind.ReferralSource.self.value, allow_blank=False))
            yield FormField("referring_agency", _("Referring agency"),
                            Input(id="in-referring_agency"))
            yield FormField("urgency", _("Urgency"),
                            Dropdown(ind.options(ind.Urgency), id="in-urgency",
                                     value=ind.Urgency.routine.value, allow_blank=False))
        yield FormField("child_protection", _("Child protection"),
                        Checkbox(_("Child-protection concern (case goes on top of every "
                                   "list)"), id="in-child_protection"))
        yield FormField("concerns", _("Presenting concerns by life domain"),
                        Vertical(id="in-concerns"))

    def _concern_fields(self) -> list[Widget]:
        return [FormField(f"concern_{d.value}", ind.label(d), Input(id=f"in-concern_{d.value}"))
                for d in ind.ConcernDomain]

    def _indication(self) -> ComposeResult:
        yield self._section(3, _("Indication check for case management"))
        yield Static("", id="indication-status")
        yield FormField("criteria", _("Criteria"), Vertical(id="in-criteria"))
        with Horizontal(classes="row"):
            yield FormField("decision", _("Decision"),
                            Dropdown(ind.options(ind.Decision), id="in-decision",
                                     value=ind.Decision.pending.value, allow_blank=False))
            yield FormField("alternative", _("Alternative (when not indicated)"),
                            Dropdown(ind.options(ind.Alternative), id="in-alternative",
                                     prompt="—"))
        yield FormField("alternative_note", _("Alternative: details"),
                        Input(id="in-alternative_note"))

    def _consent(self) -> ComposeResult:
        yield self._section(4, _("Consent (Einwilligung)"))
        with Horizontal(classes="row"):
            yield FormField("consent_given_by", _("Given by"),
                            Dropdown(consent_rules.options(GivenBy), id="in-consent_given_by",
                                     value=GivenBy.client.value, allow_blank=False))
            yield FormField("consent_given_by_name", _("Name(s), if not the client"),
                            Input(id="in-consent_given_by_name"))
        yield FormField("consent_purposes", _("Purposes"), Vertical(id="in-consent_purposes"))
        yield FormField("consent_recipients", _("Recipients"),
                        Input(id="in-consent_recipients"),
                        hint=_("separate with “;” — e.g. Schuldnerberatung Caritas; Jobcenter"))
        with Horizontal(classes="row"):
            yield FormField("consent_form", _("Form"),
                            Dropdown(consent_rules.options(ConsentForm), id="in-consent_form",
                                     value=ConsentForm.written.value, allow_blank=False))
            yield FormField("consent_given_on", _("Given on"), Input(id="in-consent_given_on"),
                            hint=_("“heute” works"))
            yield FormField("consent_valid_until", _("Valid until"),
                            Input(id="in-consent_valid_until"), hint=_("optional"))
        yield FormField("consent_information_given", _("Information"),
                        Checkbox(_("Client informed of purpose, recipients, consequences of "
                                   "refusal and the right to withdraw"),
                                 value=False, id="in-consent_information_given"))
        yield FormField("consent_note", _("Note on the consent"), Input(id="in-consent_note"))

    def _agreement(self) -> ComposeResult:
        yield self._section(5, _("Working agreement (Arbeitsbündnis)"))
        yield FormField("agreement_roles", _("Roles"), Input(id="in-agreement_roles"))
        with Horizontal(classes="row"):
            yield FormField("agreement_client_tasks", _("What the client does"),
                            Input(id="in-agreement_client_tasks"))
            yield FormField("agreement_worker_tasks", _("What the caseworker does"),
                            Input(id="in-agreement_worker_tasks"))
        with Horizontal(classes="row"):
            yield FormField("agreement_contact", _("How we keep in contact"),
                            Input(id="in-agreement_contact"))
            yield FormField("agreement_frequency", _("How often"),
                            Input(id="in-agreement_frequency"))
        with Horizontal(classes="row"):
            yield FormField("agreement_privacy_info_on",
                            _("Data-protection information handed over on"),
                            Input(id="in-agreement_privacy_info_on"))
            yield FormField("agreement_agreed_on", pgettext("working agreement", "Agreed on"),
                            Input(id="in-agreement_agreed_on"))


    # -- reading the form --------------------------------------------------------------------
    def _val(self, name: str) -> Any:
        widget = self.query_one(f"#in-{name}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value  # type: ignore[attr-defined]

    def raw(self) -> dict:
        v = self._val
        household, _errs = parse_household_lines(v("household"))
        return {
            "client": {k: v(k) for k in ("first_name", "last_name", "birth_date", "gender",
                                         "languages", "interpreter_needed", "phone", "email",
                                         "address", "district")},
            "household": household,
            "case": {"legal_area": v("legal_area"), "title": v("title"),
                     "child_protection": v("child_protection")},
            "referral": {"source": v("referral_source"), "agency": v("referring_agency"),
                         "urgency": v("urgency"),
                         "concerns": {d.value: v(f"concern_{d.value}")
                                      for d in ind.ConcernDomain}},
            "indication": {
                "criteria": [c.value for c in ind.Criterion
                             if c is not ind.Criterion.client_consent
                             and self.query_one(f"#in-criterion-{c.value}", Checkbox).value],
                "decision": v("decision"), "alternative": v("alternative"),
                "alternative_note": v("alternative_note")},
            "consents": [{
                "given_by": v("consent_given_by"), "given_by_name": v("consent_given_by_name"),
                "purposes": [p.value for p in ConsentPurpose
                             if self.query_one(f"#in-purpose-{p.value}", Checkbox).value],
                "recipients": v("consent_recipients"), "form": v("consent_form"),
                "information_given": v("consent_information_given"),
                "given_on": v("consent_given_on"), "valid_until": v("consent_valid_until"),
                "note": v("consent_note")}],
            "agreement": {k: v(f"agreement_{k}") for k in (
                "roles", "client_tasks", "worker_tasks", "contact", "frequency",
                "privacy_info_on", "agreed_on")},
        }

    def unsaved_work(self) -> bool:
        for widget in self.query(Input):
            if widget.value.strip():
                return True
        return bool(self.query_one("#in-household", TextArea).text.strip())
