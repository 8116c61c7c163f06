"""Who may see and change which case: the need-to-know rules of § 35 SGB I and §§ 67 ff. SGB X.

Pure rules over plain data; the service layer (caseterm/services) loads an `Actor` and a
`CaseScope` and asks here. Lists and searches use the same facts as SQL conditions
(db/repo/access.py), so the two never disagree: `visible_leads()` is the one definition.

- A caseworker sees the cases she leads, the cases where she is named deputy, the cases of a
  colleague she deputises for while that colleague's absence lasts, and cases shared with her
  (a hand-over or a referral from another legal area), for as long as the share runs.
- A team lead (and a trainer, for her trainees) sees the cases of her team.
- An administrator manages workers and settings, a data-protection officer reads the audit
  trail; neither sees case content.
- A read-only share (the previous owner after a hand-over) allows reading, not writing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from caseterm.core.vocab import LegalArea, Role
from caseterm.i18n import _


@dataclass(frozen=True)
class Actor:
    """Who is asking: the worker, her role and team, and whom she deputises for today."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    team: str = ""
    # Workers whose cases she sees today: her team (team lead) or the absent colleagues she
    # deputises for (caseworker). Computed by the service layer for the current day.
    covers: frozenset[uuid.UUID] = field(default_factory=frozenset)

    @property
    def sees_case_content(self) -> bool:
        return self.role not in (Role.admin, Role.dpo)

    @property
    def manages_workers(self) -> bool:
        return self.role in (Role.admin, Role.team_lead)

    @property
    def reads_audit(self) -> bool:
        return self.role in (Role.dpo, Role.team_lead, Role.admin)


@dataclass(frozen=True)
class Share:
    worker_id: uuid.UUID
    mode: str  # "read" | "write"
    until: date | None


@dataclass(frozen=True)
class CaseScope:
    """The facts about one case that decide access."""

    case_id: uuid.UUID
    case_number: str
    legal_area: LegalArea
    lead_worker_id: uuid.UUID
    deputy_worker_id: uuid.UUID | None
    child_protection: bool = False
    shares: tuple[Share, ...] = ()
    restricted: bool = False  # Sperrung: kept for its legal purpose, hidden from normal work


class Need(StrEnum):
    read = "read"
    write = "write"


class Reason(StrEnum):
    ok = "ok"
    not_in_caseload = "not_in_caseload"
    no_case_content = "no_case_content"
    read_only = "read_only"
    restricted = "restricted"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason

    def message(self, case_number: str) -> str:
        if self.reason is Reason.no_case_content:
            return _("Case {number}: your role does not give access to case content.").format(
                number=case_number)
        if self.reason is Reason.restricted:
            return _("Case {number} is restricted (gesperrt): it is kept for its legal "
                     "purpose only and closed to normal work.").format(number=case_number)
        if self.reason is Reason.read_only:
            return _("Case {number} is shared with you for reading only; nothing was "
                     "changed.").format(number=case_number)
        return _("Case {number} is not one of your cases.").format(number=case_number)


ALLOWED = Decision(True, Reason.ok)


def visible_leads(actor: Actor) -> frozenset[uuid.UUID]:
    """Lead workers whose cases `actor` sees (besides shares and named deputyships)."""
    if not actor.sees_case_content:
        return frozenset()
    return frozenset({actor.id}) | actor.covers


def active_share(scope: CaseScope, worker_id: uuid.UUID, today: date) -> Share | None:
    best: Share | None = None
    for share in scope.shares:
        if share.worker_id != worker_id:
            continue
        if share.until is not None and share.until < today:
            continue
        if best is None or share.mode == "write":
            best = share
    return best


def decide(actor: Actor, scope: CaseScope, need: Need, today: date) -> Decision:
    if not actor.sees_case_content:
        return Decision(False, Reason.no_case_content)
    if scope.restricted:
        return Decision(False, Reason.restricted)
    if scope.lead_worker_id in visible_leads(actor) or scope.deputy_worker_id == actor.id:
        return ALLOWED
    share = active_share(scope, actor.id, today)
    if share is None:
        return Decision(False, Reason.not_in_caseload)
    if need is Need.write and share.mode != "write":
        return Decision(False, Reason.read_only)
    return ALLOWED


class PrivacyAct(StrEnum):
    """The data-protection tasks (Art. 15, 17, 18, 30 DSGVO; §§ 83, 84 SGB X)."""

    access = "access"  # Auskunft: everything stored about a person
    restrict = "restrict"  # Sperrung, and lifting it
    hold = "hold"  # legal hold on, off
    erase = "erase"  # erasure of a case or a person, a retention run
    register = "register"  # the record of processing (Art. 30)


# Who may do what. The data-protection officer acts office-wide (she is the one who approves
# erasures); a team lead answers access requests and restricts or holds the cases of her team;
# an administrator prints the register. Caseworkers and trainers do none of these.
PRIVACY_ROLES: dict[PrivacyAct, frozenset[Role]] = {
    PrivacyAct.access: frozenset({Role.dpo, Role.team_lead}),
    PrivacyAct.restrict: frozenset({Role.dpo, Role.team_lead}),
    PrivacyAct.hold: frozenset({Role.dpo, Role.team_lead}),
    PrivacyAct.erase: frozenset({Role.dpo}),
    PrivacyAct.register: frozenset({Role.dpo, Role.admin, Role.team_lead}),
}


def may_privacy(actor: Actor, act: PrivacyAct, scope: CaseScope | None = None) -> bool:
    """May `actor` do `act` (on the case `scope`, when one is named)? A team lead only for
    the cases of her team; a restriction does not stop these tasks."""
    if actor.role not in PRIVACY_ROLES[act]:
        return False
    if scope is None or actor.role is Role.dpo:
        return True
    return scope.lead_worker_id in visible_leads(actor) or scope.deputy_worker_id == actor.id


@dataclass(frozen=True)
class AbsenceWindow:
    worker_id: uuid.UUID
    deputy_id: uuid.UUID
    starts_on: date
    ends_on: date

    def active(self, today: date) -> bool:
        return self.starts_on <= today <= self.ends_on


def covered_workers(actor_id: uuid.UUID, role: Role, absences: list[AbsenceWindow],
                    team_members: list[uuid.UUID], today: date) -> frozenset[uuid.UUID]:
    """Whose cases `actor_id` sees besides her own: her team (team lead, trainer) and the
    colleagues whose absence she covers today."""
    covered = {a.worker_id for a in absences if a.deputy_id == actor_id and a.active(today)}
    if role in (Role.team_lead, Role.trainer):
        covered |= set(team_members)
    covered.discard(actor_id)
    return frozenset(covered)


def check_absence(worker_id: uuid.UUID, deputy_id: uuid.UUID, starts_on: date, ends_on: date,
                  deputy_absences: list[AbsenceWindow]) -> dict[str, str]:
    """Errors by field for a new absence; empty when it may be saved."""
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The absence ends before it starts.")
    if deputy_id == worker_id:
        errors["deputy"] = _("A worker cannot deputise for herself.")
    elif any(a.starts_on <= ends_on and starts_on <= a.ends_on for a in deputy_absences):
        errors["deputy"] = _("The deputy is away herself during that time.")
    return errors


# -- hand-over of a case (Zuständigkeitswechsel) --------------------------------------------

class HandoverStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    withdrawn = "withdrawn"


# Days the previous owner may still read a case after its hand-over was accepted (to answer a
# question of the new owner); the office's setting `handover.read_days`, 0 = not at all.
DEFAULT_HANDOVER_READ_DAYS = 30
HANDOVER_READ_DAYS_MAX = 365


def handover_read_until(accepted_on: date, read_days: int) -> date | None:
    """The last day the previous owner may read a handed-over case; None: no access at all."""
    from datetime import timedelta

    if read_days <= 0:
        return None
    return accepted_on + timedelta(days=read_days)


def check_handover(from_id: uuid.UUID, to_id: uuid.UUID | None, to_office: str,
                   receiver_found: bool, receiver_active: bool = True) -> dict[str, str]:
    """Errors by field for a new hand-over; empty when it may be proposed."""
    errors: dict[str, str] = {}
    if to_id is None and not to_office.strip():
        errors["to"] = _("Name the worker or the office that takes the case over.")
    elif not receiver_found:
        errors["to"] = _("There is no such worker or office.")
    elif to_id is not None and to_id == from_id:
        errors["to"] = _("You cannot hand a case over to yourself.")
    elif not receiver_active:
        errors["to"] = _("This worker is no longer active.")
    return errors


def may_accept_handover(actor: Actor, to_id: uuid.UUID | None, to_office: str,
                        actor_office: str) -> bool:
    """The named receiver, or (hand-over to an office) any caseworker of that office."""
    if not actor.sees_case_content:
        return False
    if to_id is not None:
        return to_id == actor.id
    return bool(to_office) and to_office.strip().casefold() == actor_office.strip().casefold()
