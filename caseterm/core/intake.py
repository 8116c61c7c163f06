"""The whole intake as one checked value: person, household, case, referral, concerns,
indication check, consents and the working agreement.

`check_intake(raw)` takes the nested dict the TUI builds from its fields and the CLI reads from
JSON, and returns an `IntakeInput` or raises `InputError` naming every bad field (flat names,
the same the screen's FormFields use). Nothing is saved while any error stands.

JSON shape (every key optional unless the rule says otherwise)::

    {"client": {"first_name", "last_name", "birth_date", "gender", "languages",
                "interpreter_needed", "phone", "email", "address", "district"},
     "household": [{"name", "relation", "birth_date", "in_benefit_unit"}],
     "case": {"legal_area", "title", "child_protection", "opened_on"},
     "referral": {"source", "agency", "urgency", "concerns": {"wohnen": "…", …}},
     "indication": {"criteria": ["many_actors", …], "decision", "alternative",
                    "alternative_note"},
     "consents": [{"given_by", "given_by_name", "purposes": [...], "recipients": [...],
                   "form", "information_given", "given_on", "valid_until", "note"}],
     "agreement": {"roles", "client_tasks", "worker_tasks", "contact", "frequency",
                   "privacy_info_on", "agreed_on"}}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caseterm.core import consent as consent_rules
from caseterm.core import indication
from caseterm.core.consent import ConsentInput, ConsentPurpose, check_consent
from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.indication import (
    Alternative,
    ConcernDomain,
    Decision,
    IndicationResult,
    ReferralSource,
    Urgency,
)
from caseterm.core.inputs import CaseInput, ClientInput, check_case, check_client
from caseterm.core.safe_text import normalize_input
from caseterm.core.validate import Errors, shorten
from caseterm.i18n import N_, _, fmt_date


class Gender(StrEnum):
    not_stated = "not_stated"
    female = "female"
    male = "male"
    diverse = "diverse"


GENDER_LABELS = {
    "not_stated": N_("not stated"),
    "female": N_("female"),
    "male": N_("male"),
    "diverse": N_("diverse"),
}


def gender_options() -> list[tuple[str, str]]:
    return [(_(GENDER_LABELS[g.value]), g.value) for g in Gender]


@dataclass(frozen=True)
class HouseholdInput:
    name: str
    relation: str
    birth_date: date | None
    in_benefit_unit: bool


@dataclass(frozen=True)
class AgreementInput:
    roles: str
    client_tasks: str
    worker_tasks: str
    contact: str
    frequency: str
    privacy_info_on: date | None
    agreed_on: date | None


@dataclass(frozen=True)
class IntakeInput:
    client: ClientInput
    household: tuple[HouseholdInput, ...]
    case: CaseInput
    referral_source: ReferralSource
    referring_agency: str
    urgency: Urgency
    concerns: dict[ConcernDomain, str]
    criteria: frozenset[str]
    decision: Decision
    alternative: Alternative | None
    alternative_note: str
    consents: tuple[ConsentInput, ...]
    agreement: AgreementInput | None
    result: IndicationResult


def parse_household_lines(text: str) -> tuple[list[dict], dict[str, str]]:
    """The screen's household box: one member a line, "Name; relation; birth date; BG"."""
    members: list[dict] = []
    errors: dict[str, str] = {}
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        member = {"name": parts[0], "relation": parts[1] if len(parts) > 1 else "",
                  "birth_date": parts[2] if len(parts) > 2 else "",
                  "in_benefit_unit": len(parts) > 3 and parts[3].lower() in
                  ("bg", "ja", "yes", "x", "1", "true")}
        member["line"] = n
        members.append(member)
    return members, errors


def _check_household(raw: list, e: Errors) -> tuple[HouseholdInput, ...]:
    out = []
    for i, m in enumerate(raw or [], start=1):
        n = m.get("line", i)
        name = normalize_input(str(m.get("name") or ""))
        relation = normalize_input(str(m.get("relation") or ""))
        if not name:
            e.add("household", _("Member {n}: a name is needed.").format(n=n))
            continue
        if len(name) > 200 or len(relation) > 60:
            e.add("household", _("Member {n}: the text is too long.").format(n=n))
            continue
        birth = m.get("birth_date")
        born = None
        if isinstance(birth, date):
            born = birth
        elif birth and str(birth).strip():
            try:
                born = parse_date(str(birth))
            except DateFormatError:
                e.add("household", _("Member {n}: “{text}” is not a valid date; write "
                                     "DD.MM.YYYY.").format(n=n, text=shorten(str(birth))))
                continue
        if born is not None:
            from caseterm.core import clock

            if born > clock.today():
                e.add("household", _("Member {n}: the birth date cannot be in the future.")
                      .format(n=n))
                continue
            if born < date(1900, 1, 1):
                e.add("household", _("Member {n}: the birth date cannot be before {date}.")
                      .format(n=n, date=fmt_date(date(1900, 1, 1))))
                continue
        out.append(HouseholdInput(name=name, relation=relation, birth_date=born,
                                  in_benefit_unit=bool(e.flag("household",
                                                                  m.get("in_benefit_unit")))))
    return tuple(out)


def check_household(raw: list) -> tuple[HouseholdInput, ...]:
    """The household members (as the intake checks them: one rule), or InputError naming
    `household` with the first bad line."""
    e = Errors()
    members = _check_household(raw, e)
    e.raise_if_any()
    return members


def _check_agreement(raw: dict | None, e: Errors) -> AgreementInput | None:
    if not raw or not any(str(v or "").strip() for v in raw.values()):
        return None
    p = "agreement_"
    value = AgreementInput(
        roles=e.text(p + "roles", raw.get("roles"), maximum=2000),
        client_tasks=e.text(p + "client_tasks", raw.get("client_tasks"), maximum=2000),
        worker_tasks=e.text(p + "worker_tasks", raw.get("worker_tasks"), maximum=2000),
        contact=e.text(p + "contact", raw.get("contact"), maximum=500),
        frequency=e.text(p + "frequency", raw.get("frequency"), maximum=200),
        privacy_info_on=e.date(p + "privacy_info_on", raw.get("privacy_info_on"),
                               not_future=True, earliest=date(1900, 1, 1)),
        agreed_on=e.date(p + "agreed_on", raw.get("agreed_on"), required=True,
                         not_future=True, earliest=date(1900, 1, 1)),
    )
    if not (value.client_tasks or value.worker_tasks or value.roles):
        e.add(p + "roles", _("Write down the roles or what each side does."))
    return value


def consent_prefix(index: int) -> str:
    return "consent_" if index == 0 else f"consent{index + 1}_"


def check_intake(raw: dict, *, threshold: int = indication.COMPLEX_NEED_DOMAINS) -> IntakeInput:
    e = Errors()
    client_raw = dict(raw.get("client") or {})
    gender = client_raw.get("gender") or ""
    if gender:
        e.choice("gender", gender, Gender)
    client = check_client(client_raw, e)
    household = _check_household(raw.get("household") or [], e)
    case = check_case(dict(raw.get("case") or {}), e)
    ref = dict(raw.get("referral") or {})
    source = e.choice("referral_source", ref.get("source") or ReferralSource.self.value,
                      ReferralSource)
    agency = e.text("referring_agency", ref.get("agency"), maximum=200)
    if source not in (None, ReferralSource.self, ReferralSource.family_friends) and not agency:
        e.add("referring_agency", _("Which agency referred the client?"))
    urgency = e.choice("urgency", ref.get("urgency") or Urgency.routine.value, Urgency)
    concerns: dict[ConcernDomain, str] = {}
    for key, text in (ref.get("concerns") or {}).items():
        domain = e.choice("concerns", key, ConcernDomain)
        cleaned = e.text(f"concern_{key}", text, maximum=2000)
        if domain is not None and cleaned:
            concerns[domain] = cleaned

    ind = dict(raw.get("indication") or {})
    criteria_raw = ind.get("criteria") or []
    if isinstance(criteria_raw, dict):
        criteria_raw = [k for k, v in criteria_raw.items() if v]
    criteria = set()
    for c in criteria_raw:
        value = e.choice("criteria", c, indication.Criterion)
        if value is not None:
            criteria.add(value.value)
    decision = e.choice("decision", ind.get("decision") or Decision.pending.value, Decision)
    alternative = e.choice("alternative", ind.get("alternative"), Alternative, required=False)
    alternative_note = e.text("alternative_note", ind.get("alternative_note"), maximum=1000)

    consents = []
    for i, c in enumerate(raw.get("consents") or []):
        if not any(c.get(k) for k in ("given_on", "valid_until", "recipients",
                                       "given_by_name", "note")):
            continue  # an untouched consent block
        checked = check_consent(c, e, prefix=consent_prefix(i), birth_date=client.birth_date)
        if checked is not None:
            consents.append(checked)
    from caseterm.core import clock

    has_consent = any(consent_rules.covers_purpose(c.facts(), ConsentPurpose.case_management,
                                                   clock.today()) for c in consents)
    result = indication.evaluate(criteria, len(concerns), has_consent, threshold=threshold)
    indication.check_decision(decision, result, alternative, alternative_note, e)
    agreement = _check_agreement(raw.get("agreement"), e)
    e.raise_if_any()
    return IntakeInput(
        client=client, household=household, case=case,
        referral_source=e.valid(source), referring_agency=agency, urgency=e.valid(urgency),
        concerns=concerns, criteria=frozenset(criteria), decision=e.valid(decision),
        alternative=alternative, alternative_note=alternative_note,
        consents=tuple(consents), agreement=agreement, result=result,
    )
