"""Goals and measures: vocabularies and input checks (no UI, no database).

The goal hierarchy of reference/methods.md §2.2: Leitziel → Rahmenziel → Handlungsziel →
Maßnahme. Levels are chosen by the worker, never inferred. Measures are goals of the level
`massnahme` with the extra fields who / by when / cost bearer / approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caseterm.core.validate import Errors
from caseterm.core.vocab import LABELS, Role
from caseterm.i18n import N_, _


class GoalLevel(StrEnum):
    leitziel = "leitziel"
    rahmenziel = "rahmenziel"
    handlungsziel = "handlungsziel"
    massnahme = "massnahme"


class GoalStatus(StrEnum):
    draft = "draft"
    agreed = "agreed"
    in_progress = "in_progress"
    achieved = "achieved"
    partly_achieved = "partly_achieved"
    not_achieved = "not_achieved"
    dropped = "dropped"
    revised = "revised"


CLOSED_STATUSES = frozenset({GoalStatus.achieved, GoalStatus.partly_achieved,
                             GoalStatus.not_achieved, GoalStatus.dropped, GoalStatus.revised})


class LifeDomain(StrEnum):
    """Default life-domain scheme (reference/methods.md §5.1)."""

    wirtschaftlich = "wirtschaftlich"
    beruflich = "beruflich"
    wohnen = "wohnen"
    gesundheitlich = "gesundheitlich"
    familiaer = "familiaer"
    sozial = "sozial"
    persoenlich = "persoenlich"
    aufenthalt_sprache = "aufenthalt_sprache"
    rechtlich = "rechtlich"


class GoalOwner(StrEnum):
    client = "client"
    worker = "worker"
    third = "third"


class Responsible(StrEnum):
    """Who carries out a measure."""

    client = "client"
    worker = "worker"
    provider = "provider"
    network = "network"
    other = "other"


class ApprovalState(StrEnum):
    not_needed = "not_needed"
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


LABELS.update({
    GoalLevel: {
        "leitziel": N_("Guiding goal (Leitziel)"),
        "rahmenziel": N_("Framework goal (Rahmenziel)"),
        "handlungsziel": N_("Action goal (Handlungsziel)"),
        "massnahme": N_("Measure (Maßnahme)"),
    },
    GoalStatus: {
        "draft": N_("draft"),
        "agreed": N_("agreed"),
        "in_progress": N_("in progress"),
        "achieved": N_("achieved"),
        "partly_achieved": N_("partly achieved"),
        "not_achieved": N_("not achieved"),
        "dropped": N_("dropped"),
        "revised": N_("revised"),
    },
    LifeDomain: {
        "wirtschaftlich": N_("Money and benefits"),
        "beruflich": N_("Education and work"),
        "wohnen": N_("Housing"),
        "gesundheitlich": N_("Health"),
        "familiaer": N_("Family"),
        "sozial": N_("Social contacts and leisure"),
        "persoenlich": N_("Personal and everyday skills"),
        "aufenthalt_sprache": N_("Residence and language"),
        "rechtlich": N_("Legal matters"),
    },
    GoalOwner: {
        "client": N_("the client"),
        "worker": N_("the caseworker"),
        "third": N_("a third party"),
    },
    Responsible: {
        "client": N_("the client"),
        "worker": N_("the caseworker"),
        "provider": N_("a provider"),
        "network": N_("a person from the network"),
        "other": N_("someone else"),
    },
    ApprovalState: {
        "not_needed": N_("no approval needed"),
        "pending": N_("awaiting the team lead's approval"),
        "approved": N_("approved by the team lead"),
        "rejected": N_("not approved by the team lead"),
    },
})

SHORT_LEVEL = {
    GoalLevel.leitziel: N_("Guiding goal"),
    GoalLevel.rahmenziel: N_("Framework goal"),
    GoalLevel.handlungsziel: N_("Action goal"),
    GoalLevel.massnahme: N_("Measure"),
}






# The levels in order and which level a child of each level gets by default.
LEVEL_ORDER = (GoalLevel.leitziel, GoalLevel.rahmenziel, GoalLevel.handlungsziel,
               GoalLevel.massnahme)


def child_level(parent: GoalLevel | None) -> GoalLevel:
    if parent is None:
        return GoalLevel.leitziel
    i = LEVEL_ORDER.index(parent)
    return LEVEL_ORDER[min(i + 1, len(LEVEL_ORDER) - 1)]


def level_allowed_under(level: GoalLevel, parent: GoalLevel | None) -> bool:
    """A goal sits below a goal of a higher level (a measure may hang under any goal; nothing
    hangs under a measure)."""
    if parent is None:
        return True
    if parent is GoalLevel.massnahme:
        return False
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(parent)


def approval_refusal(role: Role | str, level: GoalLevel, needs_approval: bool) -> str | None:
    """Why this person may not decide on this measure's approval; None when she may. The team
    lead decides (her team's cases; which cases she sees is the door's rule, core/access.py)."""
    if level is not GoalLevel.massnahme or not needs_approval:
        return _("Only measures that need the team lead's approval are decided here.")
    if Role(role) is not Role.team_lead:
        return _("Only the team lead decides on this measure.")
    return None


# -- input ----------------------------------------------------------------------------------
WEIGHT_MAX = 9
FACTOR_MAX = 3  # importance and difficulty 0..3 each (Turner-Stokes)
GAS_MIN, GAS_MAX = -2, 2


@dataclass(frozen=True)
class GoalInput:
    level: GoalLevel
    text_client: str
    text_professional: str = ""
    life_domain: LifeDomain | None = None
    indicator: str = ""
    baseline: str = ""
    target: str = ""
    due_date: date | None = None
    importance: int | None = None
    difficulty: int | None = None
    weight: int | None = None
    owner: GoalOwner = GoalOwner.client
    resources: str = ""
    status: GoalStatus = GoalStatus.draft
    confidence: int | None = None
    # measure fields
    responsible: Responsible | None = None
    responsible_name: str = ""
    cost_bearer: str = ""
    needs_approval: bool = False


def _int(e: Errors, field: str, value, lo: int, hi: int, message: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        e.add(field, message)
        return None
    if not lo <= number <= hi:
        e.add(field, message)
        return None
    return number


def check_gas_level(e: Errors, field: str, value) -> int | None:
    return _int(e, field, value, GAS_MIN, GAS_MAX,
                _("A GAS level is a whole number from -2 to +2."))


def check_goal(raw: dict, *, is_new: bool = True, old_due: date | None = None) -> GoalInput:
    """Check a goal or measure as typed. A due date in the past is refused for a new goal (and
    for a changed due date); an unchanged old due date is kept."""
    e = Errors()
    level = e.choice("level", raw.get("level") or GoalLevel.handlungsziel.value, GoalLevel)
    text_client = e.text("text_client", raw.get("text_client"), required=True, maximum=1000)
    due_raw = raw.get("due_date")
    due = e.date("due_date", due_raw)
    if due is not None and (is_new or due != old_due):
        from caseterm.core import clock

        if due < clock.today():
            e.errors.pop("due_date", None)
            e.add("due_date", _("The due date cannot be in the past for a new or moved goal."))
    importance = _int(e, "importance", raw.get("importance"), 0, FACTOR_MAX,
                      _("Importance is rated 0 to 3."))
    difficulty = _int(e, "difficulty", raw.get("difficulty"), 0, FACTOR_MAX,
                      _("Difficulty is rated 0 to 3."))
    weight = _int(e, "weight", raw.get("weight"), 0, WEIGHT_MAX,
                  _("The weight is a whole number from 0 to 9."))
    if weight is None and importance is not None and difficulty is not None:
        weight = importance * difficulty
    confidence = _int(e, "confidence", raw.get("confidence"), 0, 10,
                      _("Confidence is a whole number from 0 to 10."))
    domain = e.choice("life_domain", raw.get("life_domain") or None, LifeDomain, required=False)
    owner = e.choice("owner", raw.get("owner") or GoalOwner.client.value, GoalOwner)
    status = e.choice("status", raw.get("status") or GoalStatus.draft.value, GoalStatus)
    responsible = e.choice("responsible", raw.get("responsible") or None, Responsible,
                           required=False)
    responsible_name = e.text("responsible_name", raw.get("responsible_name"), maximum=200)
    if level is GoalLevel.massnahme and responsible is None:
        e.add("responsible", _("A measure needs someone responsible: who does it?"))
    if responsible in (Responsible.provider, Responsible.network, Responsible.other) \
            and not responsible_name:
        e.add("responsible_name", _("Name the provider or person who does it."))
    value = GoalInput(
        level=level or GoalLevel.handlungsziel,
        text_client=text_client,
        text_professional=e.text("text_professional", raw.get("text_professional"),
                                 maximum=1000),
        life_domain=domain,
        indicator=e.text("indicator", raw.get("indicator"), maximum=500),
        baseline=e.text("baseline", raw.get("baseline"), maximum=300),
        target=e.text("target", raw.get("target"), maximum=300),
        due_date=due,
        importance=importance,
        difficulty=difficulty,
        weight=weight,
        owner=owner or GoalOwner.client,
        resources=e.text("resources", raw.get("resources"), maximum=500),
        status=status or GoalStatus.draft,
        confidence=confidence,
        responsible=responsible,
        responsible_name=responsible_name,
        cost_bearer=e.text("cost_bearer", raw.get("cost_bearer"), maximum=200),
        needs_approval=bool(raw.get("needs_approval", False)),
    )
    e.raise_if_any()
    return value


@dataclass(frozen=True)
class GasLevelsInput:
    descriptions: dict[int, str]
    baseline_level: int | None
    importance: int | None
    difficulty: int | None
    weight: int | None


def check_gas_levels(raw: dict) -> GasLevelsInput:
    """raw: {"level_-2": text, …, "level_2": text, "baseline_level", "importance",
    "difficulty", "weight"}. Level 0 (the expected outcome = the SMART target) is required."""
    e = Errors()
    descriptions: dict[int, str] = {}
    for lvl in range(GAS_MIN, GAS_MAX + 1):
        text = e.text(f"level_{lvl}", raw.get(f"level_{lvl}"), maximum=500)
        if text:
            descriptions[lvl] = text
    if 0 not in descriptions and descriptions:
        e.add("level_0", _("Describe level 0, the expected outcome (the SMART target)."))
    baseline = check_gas_level(e, "baseline_level", raw.get("baseline_level"))
    importance = _int(e, "importance", raw.get("importance"), 0, FACTOR_MAX,
                      _("Importance is rated 0 to 3."))
    difficulty = _int(e, "difficulty", raw.get("difficulty"), 0, FACTOR_MAX,
                      _("Difficulty is rated 0 to 3."))
    weight = _int(e, "weight", raw.get("weight"), 0, WEIGHT_MAX,
                  _("The weight is a whole number from 0 to 9."))
    if importance is not None and difficulty is not None:
        weight = importance * difficulty
    e.raise_if_any()
    return GasLevelsInput(descriptions, baseline, importance, difficulty, weight)


@dataclass(frozen=True)
class GasReviewInput:
    level: int
    review_date: date
    note: str = ""


def check_gas_review(raw: dict) -> GasReviewInput:
    e = Errors()
    raw_level = raw.get("level")
    if raw_level is None or str(raw_level).strip() == "":
        e.add("level", _("Choose the level reached, from -2 to +2."))
        level = None
    else:
        level = check_gas_level(e, "level", str(raw_level).replace("+", ""))
    day = e.date("review_date", raw.get("review_date"), required=True, not_future=True)
    note = e.text("note", raw.get("note"), maximum=2000)
    e.raise_if_any()
    return GasReviewInput(level=e.valid(level), review_date=e.valid(day), note=note)

