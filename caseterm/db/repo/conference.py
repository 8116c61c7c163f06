"""Case conferences, closures with evaluation, costs and personal budgets: the SQL side."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from caseterm.core.conference import (
    BudgetInput,
    ConferenceInput,
    ConferenceStatus,
    CostInput,
    DecisionInput,
    DecisionKind,
    from_cents,
    to_cents,
)
from caseterm.core.goals import GoalLevel, GoalStatus
from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpKind, FollowUpStatus, Priority
from caseterm.db.engine import Database
from caseterm.db.repo import followups as followups_repo
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.models.referral import Referral
from caseterm.models.steering import (
    CaseClosure,
    Conference,
    ConferenceDecision,
    ConferenceParticipant,
    CostItem,
    PersonalBudget,
)
from caseterm.models.worker import Worker

SOURCE = "conference"


@dataclass(frozen=True)
class ParticipantRow:
    id: uuid.UUID
    name: str
    organisation: str
    external: bool
    worker_id: uuid.UUID | None
    attended: bool | None
    disclosure_ok: bool
    disclosure_note: str


@dataclass(frozen=True)
class DecisionRow:
    id: uuid.UUID
    text: str
    kind: str
    owner_id: uuid.UUID
    owner: str
    due_date: date
    follow_up_id: uuid.UUID | None
    goal_id: uuid.UUID | None
    follow_up_status: str | None


@dataclass
class ConferenceRow:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    kind: str
    status: str
    held_on: date
    title: str
    protocol: str
    row_version: int
    participants: list[ParticipantRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)


def case_of(db: Database, conference_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        c = s.get(Conference, conference_id)
        return c.case_id if c else None


def create(db: Database, case_id: uuid.UUID, data: ConferenceInput,
           worker_id: uuid.UUID) -> uuid.UUID:
    with db.write() as s:
        c = Conference(case_id=case_id, kind=data.kind.value, held_on=data.held_on,
                       title=data.title, created_by_id=worker_id)
        s.add(c)
        s.flush()
        return c.id


def add_participant(db: Database, conference_id: uuid.UUID, *, name: str, organisation: str,
                    external: bool, worker_id: uuid.UUID | None, disclosure_ok: bool,
                    disclosure_note: str) -> uuid.UUID:
    with db.write() as s:
        p = ConferenceParticipant(conference_id=conference_id, name=name,
                                  organisation=organisation, external=external,
                                  worker_id=worker_id, disclosure_ok=disclosure_ok,
                                  disclosure_note=disclosure_note[:500])
        s.add(p)
        s.flush()
        return p.id


def participant_conference(db: Database, participant_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        p = s.get(ConferenceParticipant, participant_id)
        return p.conference_id if p else None


def set_attendance(db: Database, conference_id: uuid.UUID,
                   attended: dict[uuid.UUID, bool]) -> None:
    with db.write() as s:
        for p in s.exec(select(ConferenceParticipant).where(
                ConferenceParticipant.conference_id == conference_id)):
            if p.id in attended:
                p.attended = attended[p.id]


def record_protocol(db: Database, conference_id: uuid.UUID, protocol: str) -> None:
    with db.write() as s:
        c = s.get(Conference, conference_id)
        c.protocol = protocol
        c.status = ConferenceStatus.held.value


def add_decision(db: Database, conference_id: uuid.UUID, data: DecisionInput,
                 owner_id: uuid.UUID, worker_id: uuid.UUID, owner_name: str = ""
                 ) -> uuid.UUID:
    """The decision, and what it becomes: a follow-up in the owner's queue; a measure
    decision also becomes a measure (Maßnahme) in the case's plan."""
    with db.write() as s:
        conf = s.get(Conference, conference_id)
        goal_id = None
        if data.kind is DecisionKind.measure:
            count = len(s.exec(select(Goal.id).where(Goal.case_id == conf.case_id,
                                                     col(Goal.parent_id).is_(None))).all())
            g = Goal(case_id=conf.case_id, level=GoalLevel.massnahme.value, position=count,
                     text_client=data.text, status=GoalStatus.draft.value,
                     due_date=data.due_date, created_by_id=worker_id,
                     responsible="worker", responsible_name=owner_name[:200])
            s.add(g)
            s.flush()
            goal_id = g.id
        kind = {DecisionKind.measure: FollowUpKind.measure,
                DecisionKind.referral: FollowUpKind.referral}.get(data.kind,
                                                                  FollowUpKind.wiedervorlage)
        d = ConferenceDecision(conference_id=conference_id, case_id=conf.case_id,
                               text=data.text, kind=data.kind.value, owner_id=owner_id,
                               due_date=data.due_date, goal_id=goal_id)
        s.add(d)
        s.flush()
        fu = followups_repo.add_in(
            s, conf.case_id, FollowUpInput(due_date=data.due_date, next_step=data.text[:500],
                                           kind=kind, priority=Priority.normal),
            owner_id, created_by_id=worker_id, source_type=SOURCE, source_id=d.id, roll=False)
        d.follow_up_id = fu.id
        return d.id


def get(db: Database, conference_id: uuid.UUID) -> ConferenceRow | None:
    with db.read() as s:
        c = s.get(Conference, conference_id)
        if c is None:
            return None
        case = s.get(Case, c.case_id)
        client = s.get(Client, case.client_id)
        row = ConferenceRow(c.id, c.case_id, case.case_number,
                            f"{client.first_name} {client.last_name}", c.kind, c.status,
                            c.held_on, c.title, c.protocol, c.row_version)
        for p in s.exec(select(ConferenceParticipant).where(
                ConferenceParticipant.conference_id == c.id).order_by(
                ConferenceParticipant.external, ConferenceParticipant.name)):
            row.participants.append(ParticipantRow(p.id, p.name, p.organisation, p.external,
                                                   p.worker_id, p.attended, p.disclosure_ok,
                                                   p.disclosure_note))
        for d, owner, status in s.exec(
                select(ConferenceDecision, Worker.display_name, FollowUp.status)
                .join(Worker, Worker.id == ConferenceDecision.owner_id)
                .outerjoin(FollowUp, FollowUp.id == ConferenceDecision.follow_up_id)
                .where(ConferenceDecision.conference_id == c.id)
                .order_by(ConferenceDecision.created_at)):
            row.decisions.append(DecisionRow(d.id, d.text, d.kind, d.owner_id, owner,
                                             d.due_date, d.follow_up_id, d.goal_id, status))
        return row


def list_for_case(db: Database, case_id: uuid.UUID) -> list[tuple[uuid.UUID, date, str, str,
                                                                    str]]:
    """(id, held_on, kind, status, title), newest first."""
    with db.read() as s:
        return [(c.id, c.held_on, c.kind, c.status, c.title) for c in s.exec(
            select(Conference).where(Conference.case_id == case_id)
            .order_by(col(Conference.held_on).desc()))]


def agenda_facts(db: Database, case_id: uuid.UUID) -> dict:
    """What the agenda is drawn from: open goals, open referrals."""
    with db.read() as s:
        goals = [g.text_client for g in s.exec(
            select(Goal).where(Goal.case_id == case_id,
                               col(Goal.status).in_([GoalStatus.draft.value,
                                                     GoalStatus.agreed.value,
                                                     GoalStatus.in_progress.value]))
            .order_by(Goal.position))]
        refs = [(r.recipient, r.status, r.sent_on) for r in s.exec(
            select(Referral).where(Referral.case_id == case_id,
                                   col(Referral.status).not_in(["closed", "declined"]))
            .order_by(Referral.sent_on))]
        return {"goals": goals, "referrals": refs}


# -- costs ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CostRow:
    id: uuid.UUID
    goal_id: uuid.UUID | None
    referral_id: uuid.UUID | None
    subject: str
    provider: str
    cost_bearer: str
    legal_basis: str
    planned: Decimal | None
    actual: Decimal | None


def subject_case(db: Database, *, goal_id: uuid.UUID | None,
                 referral_id: uuid.UUID | None) -> uuid.UUID | None:
    with db.read() as s:
        obj = s.get(Goal, goal_id) if goal_id else s.get(Referral, referral_id)
        return obj.case_id if obj else None


def set_cost(db: Database, case_id: uuid.UUID, data: CostInput, *,
             goal_id: uuid.UUID | None, referral_id: uuid.UUID | None,
             offering_id: uuid.UUID | None) -> uuid.UUID:
    with db.write() as s:
        q = select(CostItem).where(CostItem.goal_id == goal_id) if goal_id else \
            select(CostItem).where(CostItem.referral_id == referral_id)
        item = s.exec(q).first()
        if item is None:
            item = CostItem(case_id=case_id, goal_id=goal_id, referral_id=referral_id,
                            cost_bearer=data.cost_bearer)
            s.add(item)
        item.offering_id = offering_id
        item.provider = data.provider
        item.cost_bearer = data.cost_bearer
        item.legal_basis = data.legal_basis
        item.planned_cents = to_cents(data.planned)
        item.actual_cents = to_cents(data.actual)
        if goal_id:  # the measure's own cost-bearer field shows the same
            g = s.get(Goal, goal_id)
            g.cost_bearer = data.cost_bearer
        s.flush()
        return item.id


def costs_for_case(db: Database, case_id: uuid.UUID) -> list[CostRow]:
    with db.read() as s:
        out = []
        for item, gtext, rtext in s.exec(
                select(CostItem, Goal.text_client, Referral.recipient)
                .outerjoin(Goal, Goal.id == CostItem.goal_id)
                .outerjoin(Referral, Referral.id == CostItem.referral_id)
                .where(CostItem.case_id == case_id).order_by(CostItem.created_at)):
            out.append(CostRow(item.id, item.goal_id, item.referral_id, gtext or rtext or "",
                               item.provider, item.cost_bearer, item.legal_basis,
                               from_cents(item.planned_cents), from_cents(item.actual_cents)))
        return out


def cost_of_goal(db: Database, goal_id: uuid.UUID) -> CostRow | None:
    with db.read() as s:
        item = s.exec(select(CostItem).where(CostItem.goal_id == goal_id)).first()
        if item is None:
            return None
        return CostRow(item.id, item.goal_id, None, "", item.provider, item.cost_bearer,
                       item.legal_basis, from_cents(item.planned_cents),
                       from_cents(item.actual_cents))


@dataclass(frozen=True)
class BudgetRow:
    id: uuid.UUID
    amount: Decimal
    period_from: date
    period_to: date
    purpose: str
    cost_bearer: str


def add_budget(db: Database, case_id: uuid.UUID, data: BudgetInput) -> uuid.UUID:
    with db.write() as s:
        b = PersonalBudget(case_id=case_id, amount_cents=to_cents(data.amount),
                           period_from=data.period_from, period_to=data.period_to,
                           purpose=data.purpose, cost_bearer=data.cost_bearer)
        s.add(b)
        s.flush()
        return b.id


def budgets_for_case(db: Database, case_id: uuid.UUID) -> list[BudgetRow]:
    with db.read() as s:
        return [BudgetRow(b.id, from_cents(b.amount_cents), b.period_from, b.period_to,
                          b.purpose, b.cost_bearer)
                for b in s.exec(select(PersonalBudget).where(PersonalBudget.case_id == case_id)
                                .order_by(PersonalBudget.period_from))]


# -- closure -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClosureRow:
    id: uuid.UUID
    closed_on: date
    closure_reason: str
    client_view: str
    no_evaluation_reason: str
    gas_start: float | None
    gas_final: float | None
    goals_total: int
    goals_achieved: int
    integrated_on: date | None
    aftercare_due: date | None
    aftercare_on: date | None
    aftercare_lasted: bool | None
    reopened_on: date | None


def add_closure(db: Database, case_id: uuid.UUID, values: dict, worker_id: uuid.UUID,
                aftercare: FollowUpInput | None, assignee_id: uuid.UUID) -> uuid.UUID:
    with db.write() as s:
        return add_closure_in(s, case_id, values, worker_id, aftercare, assignee_id)


def add_closure_in(s, case_id: uuid.UUID, values: dict, worker_id: uuid.UUID,
                   aftercare: FollowUpInput | None, assignee_id: uuid.UUID) -> uuid.UUID:
    """The closure record and its after-care follow-up, in the caller's unit of work (the
    closure service, the demo loader)."""
    row = CaseClosure(case_id=case_id, worker_id=worker_id, **values)
    s.add(row)
    s.flush()
    if aftercare is not None:
        fu = followups_repo.add_in(s, case_id, aftercare, assignee_id,
                                   created_by_id=worker_id, source_type="aftercare",
                                   source_id=row.id)
        row.aftercare_due = fu.due_date
        row.aftercare_follow_up_id = fu.id
    return row.id


def closures(db: Database, case_id: uuid.UUID) -> list[ClosureRow]:
    with db.read() as s:
        return [ClosureRow(c.id, c.closed_on, c.closure_reason, c.client_view,
                           c.no_evaluation_reason, c.gas_start, c.gas_final, c.goals_total,
                           c.goals_achieved, c.integrated_on, c.aftercare_due, c.aftercare_on,
                           c.aftercare_lasted, c.reopened_on)
                for c in s.exec(select(CaseClosure).where(CaseClosure.case_id == case_id)
                                .order_by(col(CaseClosure.closed_on).desc(),
                                          col(CaseClosure.created_at).desc()))]


def mark_reopened(db: Database, case_id: uuid.UUID, day: date) -> None:
    with db.write() as s:
        last = s.exec(select(CaseClosure).where(CaseClosure.case_id == case_id,
                                                col(CaseClosure.reopened_on).is_(None))
                      .order_by(col(CaseClosure.created_at).desc())).first()
        if last is not None:
            last.reopened_on = day
            if last.aftercare_follow_up_id:
                fu = s.get(FollowUp, last.aftercare_follow_up_id)
                if fu is not None and fu.status == FollowUpStatus.open.value:
                    fu.status = FollowUpStatus.cancelled.value
                    fu.outcome_note = "case reopened"


def record_aftercare(db: Database, case_id: uuid.UUID, lasted: bool, day: date) -> bool:
    with db.write() as s:
        last = s.exec(select(CaseClosure).where(CaseClosure.case_id == case_id)
                      .order_by(col(CaseClosure.created_at).desc())).first()
        if last is None:
            return False
        last.aftercare_lasted = lasted
        last.aftercare_on = day
        return True


def lead_of(db: Database, case_id: uuid.UUID) -> uuid.UUID:
    with db.read() as s:
        return s.get(Case, case_id).lead_worker_id
