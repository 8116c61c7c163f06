"""Input models of the foundation: what a client, a case, a note and a follow-up need.

Each `check_*` takes what was typed (strings, or already-typed values from the CLI's JSON) and
returns a clean, typed value object, or raises `InputError` naming every bad field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from caseterm.core import clock
from caseterm.core.followup_text import GenText
from caseterm.core.validate import Errors, InputError, shorten
from caseterm.core.vocab import (
    Bundesland,
    CasePhase,
    ClosureReason,
    FollowUpKind,
    LegalArea,
    NoteKind,
    Priority,
)
from caseterm.i18n import N_, _

# Case numbers as caseterm makes them: prefix, year, sequence (JC-2026-00001); typed in any case.
_CASE_NUMBER = re.compile(r"[A-Za-z]{2}-\d{4}-\d{5,7}", re.ASCII)


def check_case_number(text: object) -> str:
    """A typed case number, upper-cased; InputError({"case_number": …}) if it cannot be one."""
    raw = text.strip() if isinstance(text, str) else ""
    if not _CASE_NUMBER.fullmatch(raw):
        raise InputError({"case_number": _("“{text}” is not a case number; case numbers look "
                                           "like JC-2026-00001.").format(
                                               text=shorten(str(text)))})
    return raw.upper()


@dataclass(frozen=True)
class ClientInput:
    first_name: str
    last_name: str
    birth_date: date | None = None
    gender: str = ""
    languages: str = ""
    interpreter_needed: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""
    district: str = ""


def check_client(raw: dict, errors: Errors | None = None) -> ClientInput:
    own = errors is None
    e = errors if errors is not None else Errors()
    value = ClientInput(
        first_name=e.name("first_name", raw.get("first_name")),
        last_name=e.name("last_name", raw.get("last_name")),
        birth_date=e.birth_date("birth_date", raw.get("birth_date")),
        gender=e.text("gender", raw.get("gender"), maximum=20),
        languages=e.text("languages", raw.get("languages"), maximum=200),
        interpreter_needed=bool(e.flag("interpreter_needed", raw.get("interpreter_needed"))),
        phone=e.text("phone", raw.get("phone"), maximum=60),
        email=e.email("email", raw.get("email")),
        address=e.text("address", raw.get("address"), maximum=500),
        district=e.text("district", raw.get("district"), maximum=120),
    )
    if own:
        e.raise_if_any()
    return value


@dataclass(frozen=True)
class CaseInput:
    legal_area: LegalArea
    title: str = ""
    child_protection: bool = False
    opened_on: date | None = None
    phase: CasePhase = CasePhase.intake


def check_case(raw: dict, errors: Errors | None = None) -> CaseInput:
    own = errors is None
    e = errors if errors is not None else Errors()
    legal_area = e.choice("legal_area", raw.get("legal_area"), LegalArea)
    phase = e.choice("phase", raw.get("phase") or CasePhase.intake.value, CasePhase)
    value = CaseInput(
        legal_area=legal_area or LegalArea.other,
        title=e.text("title", raw.get("title"), maximum=200),
        child_protection=bool(e.flag("child_protection", raw.get("child_protection"))),
        opened_on=e.date("opened_on", raw.get("opened_on"), not_future=True) or clock.today(),
        phase=phase or CasePhase.intake,
    )
    if own:
        e.raise_if_any()
    return value


@dataclass(frozen=True)
class NoteInput:
    kind: NoteKind
    text: str
    participants: str = ""
    occurred_at: datetime | None = None


def check_note(raw: dict) -> NoteInput:
    e = Errors()
    kind = e.choice("kind", raw.get("kind") or NoteKind.conversation.value, NoteKind)
    text = e.text("text", raw.get("text"), required=True, maximum=20000)
    participants = e.text("participants", raw.get("participants"), maximum=300)
    occurred = raw.get("occurred_at")
    if occurred is not None and not isinstance(occurred, datetime):
        day = e.date("occurred_at", occurred, not_future=True)
        occurred = datetime.combine(day, clock.now().timetz()) if day else None
    e.raise_if_any()
    return NoteInput(kind=e.valid(kind), text=text, participants=participants,
                     occurred_at=occurred)


@dataclass(frozen=True)
class FollowUpInput:
    due_date: date
    next_step: str
    kind: FollowUpKind = FollowUpKind.wiedervorlage
    priority: Priority = Priority.normal
    gen: GenText | None = None  # a text caseterm writes itself (core.followup_text)
    due_time: time | None = None  # an appointment's time of day; None: all day


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:h|uhr)?\s*$", re.IGNORECASE)


def parse_time(value: str | time | None) -> time | None:
    """A time of day from "9:30", "09.30", "14" or "14 Uhr"; None for an empty value.
    Raises ValueError for anything else (hours 0..23, minutes 0..59)."""
    if value is None or isinstance(value, time):
        return value
    if not value.strip():
        return None
    m = _TIME.match(value)
    if not m:
        raise ValueError(value)
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(value)
    return time(hour, minute)


def check_time(raw: str | time | None, field: str = "due_time") -> time | None:
    """The time of day of an appointment, or InputError naming `field`."""
    try:
        return parse_time(raw)
    except ValueError:
        raise InputError({field: _("“{text}” is not a time of day; write HH:MM, e.g. "
                                   "09:30.").format(text=str(raw).strip()[:20])}) from None


def check_followup(raw: dict, *, allow_past: bool = False) -> FollowUpInput:
    e = Errors()
    due = e.date("due_date", raw.get("due_date"), required=True, not_past=not allow_past)
    next_step = e.text("next_step", raw.get("next_step"), required=True, maximum=500)
    kind = e.choice("kind", raw.get("kind") or FollowUpKind.wiedervorlage.value, FollowUpKind)
    priority = e.choice("priority", raw.get("priority") or Priority.normal.value, Priority)
    due_time = None
    try:
        due_time = parse_time(raw.get("due_time"))
    except ValueError:
        e.add("due_time", _("“{text}” is not a time of day; write HH:MM, e.g. 09:30.").format(
            text=str(raw.get("due_time")).strip()[:20]))
    e.raise_if_any()
    return FollowUpInput(due_date=e.valid(due), next_step=next_step, kind=e.valid(kind),
                         priority=e.valid(priority), due_time=due_time)


@dataclass(frozen=True)
class PhaseChangeInput:
    target: CasePhase
    reason: str
    closure_reason: ClosureReason | None


PHASE_REASON_MISSING = N_("Give a reason for the phase change (it goes into the phase "
                          "history).")


def check_phase_reason(change: PhaseChangeInput) -> None:
    """A phase change needs a reason, except a closure, whose reason is the closure reason
    from the fixed list. Raises InputError naming `reason`."""
    if change.closure_reason is None and not change.reason.strip():
        raise InputError({"reason": _(PHASE_REASON_MISSING)})


def check_phase_change(raw: dict) -> PhaseChangeInput:
    e = Errors()
    target = e.choice("target", raw.get("target"), CasePhase)
    reason = e.text("reason", raw.get("reason"), maximum=2000)
    closure = e.choice("closure_reason", raw.get("closure_reason"), ClosureReason,
                       required=target is CasePhase.closure)
    if not reason and closure is None and target is not None \
            and target is not CasePhase.closure and "reason" not in e.errors:
        e.add("reason", _(PHASE_REASON_MISSING))
    e.raise_if_any()
    return PhaseChangeInput(target=e.valid(target), reason=reason,
                            closure_reason=closure)


@dataclass(frozen=True)
class ProfileInput:
    display_name: str
    team: str
    office: str
    land: Bundesland
    catholic_municipality: bool = False
    augsburg: bool = False


def check_profile(raw: dict) -> ProfileInput:
    e = Errors()
    name = e.name("display_name", raw.get("display_name"))
    team = e.text("team", raw.get("team"), maximum=120)
    office = e.text("office", raw.get("office"), maximum=120)
    land = e.choice("land", raw.get("land"), Bundesland)
    catholic = bool(raw.get("catholic_municipality"))
    augsburg = bool(raw.get("augsburg"))
    if augsburg and land is not Bundesland.BY:
        e.add("augsburg", _("Augsburg lies in Bavaria (BY)."))
    if catholic and land not in (Bundesland.BY, Bundesland.SN, Bundesland.TH):
        e.add("catholic_municipality",
              _("This only matters in Bavaria, Saxony and Thuringia."))
    e.raise_if_any()
    return ProfileInput(name, team, office, e.valid(land), catholic, augsburg)


def check_worker(raw: dict) -> dict:
    """A new worker's fields (CLI `worker add` and the workers screen), checked; the
    database columns as keys."""
    from caseterm.core.vocab import Role

    e = Errors()
    username = e.text("username", raw.get("username"), required=True, maximum=64)
    if username and any(c.isspace() for c in username):
        e.add("username", _("A user name: 1 to 64 characters, no spaces."))
    fields = {
        "username": username,
        "display_name": e.name("name", raw.get("display_name")),
        "role": (e.choice("role", raw.get("role") or "caseworker", Role)
                 or Role.caseworker).value,
        "team": e.text("team", raw.get("team"), maximum=120),
        "office": e.text("office", raw.get("office"), maximum=120),
        "land": (e.choice("land", str(raw.get("land") or "NW").upper(), Bundesland)
                 or Bundesland.NW).value,
        "catholic_municipality": raw.get("catholic_municipality") is True,
        "augsburg": raw.get("augsburg") is True,
        "db_role": e.text("db_role", raw.get("db_role"), maximum=64) or None,
    }
    e.raise_if_any()
    return fields
