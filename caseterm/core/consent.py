"""Consents (Einwilligungen): pure rules for validity, withdrawal and scope.

Art. 7 DSGVO, § 67b (2) SGB X (reference/methods.md §6.1): a consent is specific (purposes and
recipients), should be written or electronic (oral only as a recorded exception), may be given
by the holders of parental custody for a minor, and may be withdrawn at any time *without
retroactive effect*: it is valid from `given_on` up to and including `valid_until`, and no
longer on and after `withdrawn_on`. Withdrawn consents are kept (history), never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from caseterm.core import clock
from caseterm.core.names import fold
from caseterm.core.validate import Errors
from caseterm.core.vocab import LABELS, label, options  # noqa: F401 - this module's labels live there
from caseterm.i18n import N_, _

# Social-law practice assumes a person can consent alone from about 15 (cf. § 36 SGB I).
CONSENT_AGE = 15


class ConsentPurpose(StrEnum):
    case_management = "case_management"
    data_exchange = "data_exchange"
    third_party_collection = "third_party_collection"
    case_conference = "case_conference"
    # Stored as free text (comma-separated codes, no CHECK), so a new purpose needs no migration.
    confidentiality_release = "confidentiality_release"
    other = "other"


class ConsentForm(StrEnum):
    written = "written"
    electronic = "electronic"
    oral_recorded = "oral_recorded"


class GivenBy(StrEnum):
    client = "client"
    custody_holders = "custody_holders"
    client_and_custody = "client_and_custody"
    legal_guardian = "legal_guardian"


class ConsentStatus(StrEnum):
    not_yet = "not_yet"
    valid = "valid"
    expired = "expired"
    withdrawn = "withdrawn"


LABELS.update({
    ConsentPurpose: {
        "case_management": N_("Case management (counselling, planning, support)"),
        "data_exchange": N_("Exchange of data with the named recipients"),
        "third_party_collection": N_("Collecting information from third parties"),
        "case_conference": N_("Case conferences with the named recipients"),
        "confidentiality_release": N_("Release from confidentiality (e.g. doctor, counselling "
                                      "service)"),
        "other": N_("Other purpose (see note)"),
    },
    ConsentForm: {
        "written": N_("written"),
        "electronic": N_("electronic"),
        "oral_recorded": N_("oral, recorded (exception)"),
    },
    GivenBy: {
        "client": N_("the client"),
        "custody_holders": N_("holders of parental custody"),
        "client_and_custody": N_("the client and the holders of parental custody"),
        "legal_guardian": N_("legal guardian"),
    },
    ConsentStatus: {
        "not_yet": N_("not yet valid"),
        "valid": N_("valid"),
        "expired": N_("expired"),
        "withdrawn": N_("withdrawn"),
    },
})


@dataclass(frozen=True)
class ConsentFacts:
    """What the rules need to know about one consent."""

    purposes: frozenset[ConsentPurpose]
    given_on: date
    valid_until: date | None = None
    withdrawn_on: date | None = None
    recipients: tuple[str, ...] = ()


def status(c: ConsentFacts, on: date | None = None) -> ConsentStatus:
    day = on or clock.today()
    if c.withdrawn_on is not None and day >= c.withdrawn_on:
        return ConsentStatus.withdrawn
    if day < c.given_on:
        return ConsentStatus.not_yet
    if c.valid_until is not None and day > c.valid_until:
        return ConsentStatus.expired
    return ConsentStatus.valid


def is_valid(c: ConsentFacts, on: date | None = None) -> bool:
    return status(c, on) is ConsentStatus.valid


def covers_purpose(c: ConsentFacts, purpose: ConsentPurpose, on: date | None = None) -> bool:
    return purpose in c.purposes and is_valid(c, on)


def _tokens(text: str) -> set[str]:
    return set(fold(text).split())


def recipient_matches(entry: str, recipient: str) -> bool:
    """A named recipient covers `recipient` when all its words occur in it (after folding):
    "Caritas Schuldnerberatung" covers "Schuldnerberatung der Caritas Köln"; "Jobcenter" does
    not cover "Jugendamt". Deliberately strict: a consent is never read wider than written."""
    want = _tokens(entry)
    return bool(want) and want <= _tokens(recipient)


def covers_recipient(c: ConsentFacts, recipient: str, on: date | None = None) -> bool:
    """May data go to `recipient` on the day? Needs a purpose of passing data on."""
    if not is_valid(c, on):
        return False
    if not c.purposes & {ConsentPurpose.data_exchange, ConsentPurpose.case_conference}:
        return False
    return any(recipient_matches(entry, recipient) for entry in c.recipients)


def split_recipients(text: str) -> tuple[str, ...]:
    """Recipients as typed: separated by semicolons or new lines."""
    parts = [p.strip() for chunk in (text or "").splitlines() for p in chunk.split(";")]
    return tuple(p for p in parts if p)


# -- input ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConsentInput:
    given_by: GivenBy
    given_by_name: str
    purposes: frozenset[ConsentPurpose]
    recipients: tuple[str, ...]
    form: ConsentForm
    information_given: bool
    given_on: date
    valid_until: date | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    def facts(self) -> ConsentFacts:
        return ConsentFacts(self.purposes, self.given_on, self.valid_until, None,
                            self.recipients)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_consent(raw: dict, e: Errors, *, prefix: str = "consent_",
                  birth_date: date | None = None) -> ConsentInput | None:
    """Validate one consent; messages go to fields named `<prefix><field>`."""
    f = prefix
    given_by = e.choice(f + "given_by", raw.get("given_by") or GivenBy.client.value, GivenBy)
    given_by_name = e.text(f + "given_by_name", raw.get("given_by_name"), maximum=200)
    purposes: set[ConsentPurpose] = set()
    raw_purposes = raw.get("purposes") or []
    if isinstance(raw_purposes, str):
        raw_purposes = [p.strip() for p in raw_purposes.split(",") if p.strip()]
    for p in raw_purposes:
        value = e.choice(f + "purposes", p, ConsentPurpose)
        if value is not None:
            purposes.add(value)
    if not purposes and f + "purposes" not in e.errors:
        e.add(f + "purposes", _("Name at least one purpose the consent is given for."))
    recipients = raw.get("recipients") or ()
    if isinstance(recipients, str):
        recipients = split_recipients(recipients)
    recipients = tuple(e.text(f + "recipients", r, maximum=200) for r in recipients)
    if purposes & {ConsentPurpose.data_exchange, ConsentPurpose.case_conference} \
            and not recipients:
        e.add(f + "recipients", _("Passing data on needs the recipients named."))
    form = e.choice(f + "form", raw.get("form") or ConsentForm.written.value, ConsentForm)
    note = e.text(f + "note", raw.get("note"), maximum=1000)
    if form is ConsentForm.oral_recorded and not note:
        e.add(f + "note", _("An oral consent is an exception: record why and how it was given."))
    given_on = e.date(f + "given_on", raw.get("given_on"), required=True, not_future=True,
                      earliest=date(1900, 1, 1))
    valid_until = e.date(f + "valid_until", raw.get("valid_until"))
    if given_on and valid_until and valid_until < given_on:
        e.add(f + "valid_until", _("“Valid until” cannot be before the day it was given."))
    if given_by in (GivenBy.custody_holders, GivenBy.client_and_custody,
                    GivenBy.legal_guardian) and not given_by_name:
        e.add(f + "given_by_name", _("Who exactly gave the consent? Enter the name(s)."))
    if given_by is GivenBy.client and birth_date and given_on \
            and age_on(birth_date, given_on) < CONSENT_AGE:
        e.add(f + "given_by", _("The client is under {age}: the holders of parental custody "
                                "must consent as well.").format(age=CONSENT_AGE))
    # Never assumed: the caseworker states it (a ticked box, JSON true). Missing is an error.
    information = raw.get("information_given")
    if information is None:
        e.add(f + "information_given", _("State that the client was informed of the purpose, "
                                         "the recipients and the right to withdraw (in a file: "
                                         "\"information_given\": true)."))
    else:
        information = e.flag(f + "information_given", information, required=True)
    if information is False:
        e.add(f + "information_given", _("A consent is valid only when the client was told "
                                         "the purpose, the recipients and the right to "
                                         "withdraw."))
    if not given_on or not given_by or not form or information is not True:
        return None
    return ConsentInput(given_by=given_by, given_by_name=given_by_name,
                        purposes=frozenset(purposes), recipients=recipients, form=form,
                        information_given=information, given_on=given_on,
                        valid_until=valid_until, note=note)


@dataclass(frozen=True)
class WithdrawalInput:
    on: date
    channel: str
    note: str


def check_withdrawal(raw: dict, c: ConsentFacts) -> WithdrawalInput:
    """A withdrawal: not before the consent was given, not in the future, not twice."""
    e = Errors()
    on = e.date("withdrawn_on", raw.get("withdrawn_on") or clock.today(), not_future=True)
    channel = e.text("channel", raw.get("channel"), maximum=60)
    note = e.text("note", raw.get("note"), maximum=1000)
    if c.withdrawn_on is not None:
        e.add("withdrawn_on", _("This consent was already withdrawn."))
    elif on is not None and on < c.given_on:
        e.add("withdrawn_on", _("A consent cannot be withdrawn before it was given."))
    e.raise_if_any()
    return WithdrawalInput(on=e.valid(on), channel=channel, note=note)
