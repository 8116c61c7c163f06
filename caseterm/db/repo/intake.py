"""Saving an intake: person, household, case, intake record, concerns, consents and the
working agreement in ONE unit of work (`db.write()`): all of it or nothing.

The duplicate check runs inside the same transaction (BEGIN IMMEDIATE), so two workers saving
the same person at once cannot both slip past it. Without `confirm_new` any candidate stops the
save with `DuplicatesFound`; nothing is ever merged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core import indication as ind
from caseterm.core.access import Actor
from caseterm.core.indication import Alternative, ConcernDomain, Decision, ReferralSource, Urgency
from caseterm.core.inputs import PhaseChangeInput
from caseterm.core.intake import IntakeInput
from caseterm.core.phases import GateLevel, check_transition
from caseterm.core.vocab import CasePhase
from caseterm.db.engine import Database
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import clients as clients_repo
from caseterm.db.repo import consents as consents_repo
from caseterm.db.repo import facts as facts_repo
from caseterm.db.repo.clients import DuplicateCandidate
from caseterm.models.case import Case, PhaseChange
from caseterm.models.client import Client
from caseterm.models.intake import (
    HouseholdMember,
    IntakeConcern,
    IntakeRecord,
    WorkingAgreement,
)


class DuplicatesFound(Exception):
    """The person may exist already; the worker must open it or confirm a new one."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        self.candidates = candidates
        super().__init__(f"{len(candidates)} possible duplicate(s)")


@dataclass(frozen=True)
class IntakeSaved:
    case_id: uuid.UUID
    client_id: uuid.UUID
    case_number: str
    phase: CasePhase


@dataclass(frozen=True)
class IntakeSummary:
    referral_source: ReferralSource
    referring_agency: str
    urgency: Urgency
    criteria: dict[str, bool]
    domain_count: int
    decision: Decision
    alternative: Alternative | None
    alternative_note: str
    concerns: dict[ConcernDomain, str]
    household: list[tuple[str, str, date | None, bool]]
    agreement_on: date | None
    phase: CasePhase = CasePhase.intake


def save_intake(
    db: Database, data: IntakeInput, worker_id: uuid.UUID, *, confirm_new: bool = False,
    existing_client_id: uuid.UUID | None = None, viewer: Actor | None = None,
) -> IntakeSaved:
    """`viewer` (default: the worker) decides which candidates' cases may be shown."""
    with db.write() as s:
        if viewer is None:
            from caseterm.db.repo.access import actor_for
            from caseterm.models.worker import Worker

            viewer = actor_for(s, s.get(Worker, worker_id), clock.today())
        return _save(s, data, worker_id, confirm_new=confirm_new,
                     existing_client_id=existing_client_id, viewer=viewer)


def _save(s: Session, data: IntakeInput, worker_id: uuid.UUID, *, confirm_new: bool,
          existing_client_id: uuid.UUID | None, viewer: Actor | None) -> IntakeSaved:
    c = data.client
    if existing_client_id is not None:
        client = s.get(Client, existing_client_id)
        if client is None:
            raise cases_repo.NotFound(str(existing_client_id))
    else:
        if not confirm_new:
            found = clients_repo.candidates(s, c.first_name, c.last_name, c.birth_date,
                                            viewer=viewer)
            if found:
                raise DuplicatesFound(found)
        client = cases_repo.add_client(s, c)
    for m in data.household:
        s.add(HouseholdMember(client_id=client.id, name=m.name, relation=m.relation,
                              birth_date=m.birth_date, in_benefit_unit=m.in_benefit_unit))
    case = cases_repo.add_case(s, client.id, data.case, worker_id)
    today = clock.today()
    s.add(IntakeRecord(
        case_id=case.id, referral_source=data.referral_source.value,
        referring_agency=data.referring_agency, urgency=data.urgency.value,
        complex_need="complex_need" in data.criteria, many_actors="many_actors" in data.criteria,
        standard_path_fails="standard_path_fails" in data.criteria,
        insufficient_own_resources="insufficient_own_resources" in data.criteria,
        domain_count=len(data.concerns), decision=data.decision.value,
        alternative=data.alternative.value if data.alternative else None,
        alternative_note=data.alternative_note,
        decided_on=today if data.decision is not Decision.pending else None,
    ))
    for domain, text in data.concerns.items():
        s.add(IntakeConcern(case_id=case.id, domain=domain.value, text=text))
    for consent in data.consents:
        consents_repo.add(s, case.id, consent, worker_id)
    if data.agreement is not None:
        a = data.agreement
        s.add(WorkingAgreement(case_id=case.id, roles=a.roles, client_tasks=a.client_tasks,
                               worker_tasks=a.worker_tasks, contact=a.contact,
                               frequency=a.frequency, privacy_info_on=a.privacy_info_on,
                               agreed_on=a.agreed_on or today, worker_id=worker_id))
    s.flush()
    target, closure = ind.outcome(data.decision)
    if target is not CasePhase(case.phase):
        # The same gates as every other phase change (consent for assessment, a reason for
        # closure); a refusal rolls the whole intake back.
        reason = ind.closure_text(data.alternative, data.alternative_note) \
            if closure is not None else ""
        result = check_transition(CasePhase(case.phase), target,
                                  facts_repo.case_facts(s, case.id),
                                  reason=reason, closure_reason=closure)
        if result.level is not GateLevel.ok:
            raise cases_repo.GateError(result)
        _move(s, case, PhaseChangeInput(target, reason, closure), worker_id)
    return IntakeSaved(case_id=case.id, client_id=client.id, case_number=case.case_number,
                       phase=CasePhase(case.phase))


def _move(s: Session, case: Case, change: PhaseChangeInput, worker_id: uuid.UUID) -> None:
    now = clock.now()
    current = case.phase
    case.phase = change.target.value
    case.phase_since = now
    if change.closure_reason is not None:
        case.closed_on = max(clock.today(), case.opened_on)
        case.closure_reason = change.closure_reason.value
    s.add(PhaseChange(case_id=case.id, from_phase=current, to_phase=change.target.value,
                      at=now, worker_id=worker_id,
                      reason=change.reason or (change.closure_reason.value
                                               if change.closure_reason else "")))


def summary(db: Database, case_id: uuid.UUID) -> IntakeSummary | None:
    """What the intake recorded for a case (None for cases made without an intake)."""
    with db.read() as s:
        rec = s.exec(select(IntakeRecord).where(IntakeRecord.case_id == case_id)).first()
        if rec is None:
            return None
        concerns = {ConcernDomain(c.domain): c.text for c in s.exec(
            select(IntakeConcern).where(IntakeConcern.case_id == case_id))}
        client_id, phase = s.exec(select(Case.client_id, Case.phase)
                                  .where(Case.id == case_id)).one()
        household = [(m.name, m.relation, m.birth_date, m.in_benefit_unit) for m in s.exec(
            select(HouseholdMember).where(HouseholdMember.client_id == client_id)
            .order_by(col(HouseholdMember.created_at)))]
        agreed = s.exec(select(WorkingAgreement.agreed_on)
                        .where(WorkingAgreement.case_id == case_id)
                        .order_by(col(WorkingAgreement.agreed_on).desc())).first()
        return IntakeSummary(
            referral_source=ReferralSource(rec.referral_source),
            referring_agency=rec.referring_agency, urgency=Urgency(rec.urgency),
            criteria={"complex_need": rec.complex_need, "many_actors": rec.many_actors,
                      "standard_path_fails": rec.standard_path_fails,
                      "insufficient_own_resources": rec.insufficient_own_resources},
            domain_count=rec.domain_count, decision=Decision(rec.decision),
            alternative=Alternative(rec.alternative) if rec.alternative else None,
            alternative_note=rec.alternative_note, concerns=concerns, household=household,
            agreement_on=agreed, phase=CasePhase(phase),
        )
