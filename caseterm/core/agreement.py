"""The agreement (Kooperationsplan, Hilfeplan, Vereinbarung, Förderplan): types, review
intervals, versioning rules and the comparison of two versions (reference/methods.md §1.3–1.5,
§2.3).

Rules:
- every agreement has a review date; it may not lie beyond the maximum interval of its type
  (§ 15 SGB II: at the latest every six months; Hilfeplan: half-yearly by default; the other
  types: twelve months by default [design], configurable);
- a version is a draft until it is agreed; an agreed version is frozen (its content snapshot
  is never changed); a change makes a new draft version that supersedes it once agreed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from caseterm.core.dates import add_months
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import LABELS, label
from caseterm.i18n import N_, _, fmt_date


class AgreementType(StrEnum):
    kooperationsplan = "kooperationsplan"
    hilfeplan = "hilfeplan"
    vereinbarung_sgb12 = "vereinbarung_sgb12"
    gesamtplan_sgb12 = "gesamtplan_sgb12"  # §§ 67 ff., § 68 Abs. 1 SGB XII
    foerderplan = "foerderplan"
    generic = "generic"


class VersionStatus(StrEnum):
    draft = "draft"
    agreed = "agreed"
    superseded = "superseded"


class ParticipantRole(StrEnum):
    client = "client"
    caseworker = "caseworker"
    parent = "parent"  # Personensorgeberechtigte
    child = "child"
    guardian = "guardian"
    provider = "provider"
    interpreter = "interpreter"
    trusted_person = "trusted_person"
    other = "other"


class AgreedHow(StrEnum):
    """How a participant agreed (§2.3: signature, Textform hand-over, oral + note)."""

    pending = "pending"
    signature = "signature"
    textform = "textform"
    oral = "oral"
    declined = "declined"


AGREED_FORMS = frozenset({AgreedHow.signature, AgreedHow.textform, AgreedHow.oral})

LABELS.update({
    AgreementType: {
        "kooperationsplan": N_("Cooperation plan (Kooperationsplan, SGB II)"),
        "hilfeplan": N_("Help plan (Hilfeplan, SGB VIII)"),
        "vereinbarung_sgb12": N_("Agreement (Vereinbarung § 12 Abs. 2 SGB XII, not binding)"),
        "gesamtplan_sgb12": N_("Overall plan (Gesamtplan § 68 Abs. 1 SGB XII)"),
        "foerderplan": N_("Support plan (Förderplan)"),
        "generic": N_("Goal agreement (general)"),
    },
    VersionStatus: {
        "draft": N_("draft"),
        "agreed": N_("agreed"),
        "superseded": N_("superseded"),
    },
    ParticipantRole: {
        "client": N_("client"),
        "caseworker": N_("caseworker"),
        "parent": N_("parent with custody"),
        "child": N_("child or young person"),
        "guardian": N_("legal guardian"),
        "provider": N_("provider"),
        "interpreter": N_("interpreter"),
        "trusted_person": N_("person of trust"),
        "other": N_("other"),
    },
    AgreedHow: {
        "pending": N_("not yet"),
        "signature": N_("signed"),
        "textform": N_("received in text form"),
        "oral": N_("agreed orally (noted)"),
        "declined": N_("declined"),
    },
})

# The legal basis and the words of each type (Kooperationsplan § 15 SGB II, Hilfeplan § 36
# SGB VIII, Vereinbarung § 12 Abs. 2 SGB XII, …) live in data/legal/plan_types.json
# (core.legal_terms, read by caseterm.legal), so an office can adapt them when the law changes.

# Longest review interval in months. Kooperationsplan: law (§ 15 (3) SGB II). Hilfeplan:
# practice (half-yearly Hilfeplangespräch). Others: our default [design].
MAX_REVIEW_MONTHS = {
    AgreementType.kooperationsplan: 6,
    AgreementType.hilfeplan: 6,
    AgreementType.vereinbarung_sgb12: 12,
    AgreementType.gesamtplan_sgb12: 12,
    AgreementType.foerderplan: 12,
    AgreementType.generic: 12,
}
DEFAULT_REVIEW_MONTHS = {
    AgreementType.kooperationsplan: 6,
    AgreementType.hilfeplan: 6,
    AgreementType.vereinbarung_sgb12: 6,
    AgreementType.gesamtplan_sgb12: 6,
    AgreementType.foerderplan: 6,
    AgreementType.generic: 6,
}
LEGAL_AREA_TYPE = {
    "sgb2": AgreementType.kooperationsplan,
    "sgb8": AgreementType.hilfeplan,
    "sgb12": AgreementType.vereinbarung_sgb12,
    "integration": AgreementType.foerderplan,
}






def type_for_legal_area(legal_area: str) -> AgreementType:
    return LEGAL_AREA_TYPE.get(str(legal_area), AgreementType.generic)


def latest_review_date(kind: AgreementType, start: date) -> date:
    return add_months(start, MAX_REVIEW_MONTHS[kind])


def default_review_date(kind: AgreementType, start: date) -> date:
    return add_months(start, DEFAULT_REVIEW_MONTHS[kind])


def can_edit(status: VersionStatus | str) -> bool:
    return VersionStatus(status) is VersionStatus.draft


class FrozenVersionError(InputError):
    """An agreed version cannot be changed; a new version must be made."""

    def __init__(self) -> None:
        super().__init__({"version": _("This version is agreed and cannot be changed. Press "
                                       "“New version” to make a change.")})


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    role: ParticipantRole
    agreed_how: AgreedHow = AgreedHow.pending
    agreed_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class VersionInput:
    review_date: date
    duties_client: str = ""
    duties_agency: str = ""
    notes: str = ""
    language: str = ""
    interpreter_used: bool = False


def check_version(raw: dict, kind: AgreementType, start: date) -> VersionInput:
    """Review date required, not in the past, not beyond the maximum for the type."""
    e = Errors()
    review = e.date("review_date", raw.get("review_date"), required=True, not_past=True)
    if review is not None and "review_date" not in e.errors:
        limit = latest_review_date(kind, start)
        if review > limit:
            e.add("review_date", _("For this kind of plan the review is due within {n} "
                                   "months, at the latest on {date}.").format(
                                       n=MAX_REVIEW_MONTHS[kind], date=fmt_date(limit)))
    duties_client = e.text("duties_client", raw.get("duties_client"), maximum=4000)
    duties_agency = e.text("duties_agency", raw.get("duties_agency"), maximum=4000)
    notes = e.text("notes", raw.get("notes"), maximum=4000)
    language = e.text("language", raw.get("language"), maximum=40)
    e.raise_if_any()
    return VersionInput(
        review_date=e.valid(review), duties_client=duties_client, duties_agency=duties_agency,
        notes=notes, language=language,
        interpreter_used=bool(raw.get("interpreter_used", False)),
    )


def check_participant(raw: dict) -> ParticipantInput:
    e = Errors()
    name = e.name("name", raw.get("name"))
    role = e.choice("role", raw.get("role") or ParticipantRole.client.value, ParticipantRole)
    how = e.choice("agreed_how", raw.get("agreed_how") or AgreedHow.pending.value, AgreedHow)
    on = e.date("agreed_on", raw.get("agreed_on"), not_future=True)
    if how in AGREED_FORMS and on is None:
        from caseterm.core import clock

        on = clock.today()
    note = e.text("note", raw.get("note"), maximum=500)
    if how is AgreedHow.oral and not note:
        e.add("note", _("Oral agreement: note when and how it was given."))
    e.raise_if_any()
    return ParticipantInput(name=name, role=e.valid(role), agreed_how=e.valid(how),
                            agreed_on=on, note=note)


def agreement_problems(participants: list[dict], goals: list[dict]) -> list[str]:
    """What stands in the way of agreeing a version (empty = it can be agreed)."""
    problems: list[str] = []
    if not goals:
        problems.append(_("The plan has no goals yet."))
    clients = [p for p in participants if p.get("role") in (ParticipantRole.client.value,
                                                             ParticipantRole.parent.value,
                                                             ParticipantRole.child.value,
                                                             ParticipantRole.guardian.value)]
    if not clients:
        problems.append(_("Add the client as a participant."))
    elif not any(p.get("agreed_how") in {h.value for h in AGREED_FORMS} for p in clients):
        problems.append(_("Record how the client agreed (signed, text form or orally)."))
    for g in goals:
        if g.get("level") == "massnahme" and not g.get("responsible"):
            problems.append(_("A measure has no one responsible: {text}").format(
                text=g.get("text_client", "")[:60]))
    return problems


# -- comparing versions -----------------------------------------------------------------------
GOAL_FIELDS = ("level", "text_client", "text_professional", "indicator", "target", "due_date",
               "weight", "status", "responsible", "responsible_name", "approval_state")


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "changed", "added", "removed"
    section: str  # "goal", "participant", "field"
    label: str
    left: str
    right: str


def _day(value) -> str:
    if not value:
        return ""
    try:
        return fmt_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _goal_line(g: dict) -> str:
    from caseterm.core.goals import GoalStatus, Responsible

    parts = [g.get("text_client", "")]
    if g.get("due_date"):
        parts.append("→ " + _day(g["due_date"]))
    who = g.get("responsible_name") or (label(g["responsible"], Responsible)
                                        if g.get("responsible") else "")
    if who:
        parts.append(f"({who})")
    if g.get("status"):
        parts.append("[" + label(g["status"], GoalStatus) + "]")
    return " ".join(p for p in parts if p)


def _participant_line(p: dict) -> str:
    how = label(p.get("agreed_how", ""), AgreedHow)
    if p.get("agreed_on"):
        how += " " + _day(p["agreed_on"])
    return f"{p['name']} ({label(p.get('role', ''), ParticipantRole)}: {how})"


def diff(left: dict[str, Any], right: dict[str, Any]) -> list[DiffRow]:
    """Side-by-side comparison of two version snapshots (as stored: JSON dicts)."""
    rows: list[DiffRow] = []
    for key, lbl in (("review_date", N_("Review date")),
                     ("duties_client", N_("What the client does")),
                     ("duties_agency", N_("What the service does"))):
        a, b = str(left.get(key) or ""), str(right.get(key) or "")
        if key == "review_date":
            a, b = _day(a), _day(b)
        rows.append(DiffRow("same" if a == b else "changed", "field", lbl, a, b))
    lg = {g["id"]: g for g in left.get("goals", [])}
    rg = {g["id"]: g for g in right.get("goals", [])}
    order = [g["id"] for g in left.get("goals", [])] + [
        g["id"] for g in right.get("goals", []) if g["id"] not in lg]
    for gid in order:
        ga, gb = lg.get(gid), rg.get(gid)
        lvl = (ga or gb or {}).get("level", "")
        if ga is not None and gb is not None:
            changed = any(ga.get(f) != gb.get(f) for f in GOAL_FIELDS)
            rows.append(DiffRow("changed" if changed else "same", "goal", lvl, _goal_line(ga),
                                _goal_line(gb)))
        elif gb is not None:
            rows.append(DiffRow("added", "goal", lvl, "", _goal_line(gb)))
        elif ga is not None:
            rows.append(DiffRow("removed", "goal", lvl, _goal_line(ga), ""))
    lp = {p["name"]: p for p in left.get("participants", [])}
    rp = {p["name"]: p for p in right.get("participants", [])}
    for name in list(lp) + [n for n in rp if n not in lp]:
        pa, pb = lp.get(name), rp.get(name)
        line = _participant_line
        if pa is not None and pb is not None:
            rows.append(DiffRow("same" if line(pa) == line(pb) else "changed", "participant",
                                "", line(pa), line(pb)))
        elif pb is not None:
            rows.append(DiffRow("added", "participant", "", "", line(pb)))
        elif pa is not None:
            rows.append(DiffRow("removed", "participant", "", line(pa), ""))
    return rows


def changed_only(rows: list[DiffRow]) -> list[DiffRow]:
    return [r for r in rows if r.kind != "same"]

