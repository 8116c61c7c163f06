"""Cases: creation, the worker's list, the overview, phase changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func
from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.inputs import CaseInput, ClientInput, PhaseChangeInput
from caseterm.core.names import match_key
from caseterm.core.phases import CaseFacts, GateLevel, GateResult, allowed_targets, check_transition
from caseterm.core.vocab import CasePhase, ClosureReason, FollowUpStatus, LegalArea
from caseterm.db.engine import Database
from caseterm.db.repo import facts as facts_repo
from caseterm.db.repo.followups import FollowUpRow, followup_rows
from caseterm.db.repo.notes import NoteRow, note_rows
from caseterm.models.case import Case, PhaseChange
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.worker import Worker

CASE_PREFIX = {
    LegalArea.sgb2: "JC",
    LegalArea.sgb8: "JA",
    LegalArea.sgb12: "SH",
    LegalArea.integration: "IM",
    LegalArea.other: "FM",
}


class GateError(Exception):
    """A phase change was refused (blocked) or needs the worker's confirmation."""

    def __init__(self, result: GateResult) -> None:
        self.result = result
        super().__init__(result.message)


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class CaseListRow:
    id: uuid.UUID
    case_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    legal_area: LegalArea
    phase: CasePhase
    child_protection: bool
    next_due: date | None
    overdue: int


@dataclass(frozen=True)
class PhaseRow:
    from_phase: CasePhase | None
    to_phase: CasePhase
    at: datetime
    worker: str
    reason: str


@dataclass(frozen=True)
class CaseDetail:
    id: uuid.UUID
    case_number: str
    legal_area: LegalArea
    title: str
    phase: CasePhase
    phase_since: datetime | None
    opened_on: date
    closed_on: date | None
    closure_reason: ClosureReason | None
    child_protection: bool
    lead_worker_id: uuid.UUID
    lead_worker: str
    deputy_worker: str
    client_id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: date | None
    languages: str
    interpreter_needed: bool
    phone: str
    email: str
    address: str
    district: str


@dataclass(frozen=True)
class CaseOverview:
    case: CaseDetail
    history: list[PhaseRow]
    followups: list[FollowUpRow]
    notes: list[NoteRow]
    facts: CaseFacts
    targets: list[CasePhase]


# -- writing ------------------------------------------------------------------------------

def next_case_number(session: Session, legal_area: LegalArea, year: int) -> str:
    prefix = f"{CASE_PREFIX[legal_area]}-{year}-"
    # A range on the unique index, not LIKE 'prefix%' (SQLite's LIKE is case-insensitive
    # and cannot use the index: it scanned every case on each new case).
    last = session.exec(
        select(func.max(Case.case_number)).where(
            Case.case_number >= prefix, Case.case_number < prefix[:-1] + chr(ord("-") + 1))
    ).one()
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def add_client(session: Session, data: ClientInput) -> Client:
    client = Client(
        first_name=data.first_name, last_name=data.last_name,
        name_key=match_key(data.first_name, data.last_name), birth_date=data.birth_date,
        gender=data.gender, languages=data.languages,
        interpreter_needed=data.interpreter_needed, phone=data.phone, email=data.email,
        address=data.address, district=data.district,
    )
    session.add(client)
    session.flush()
    return client


def add_case(
    session: Session, client_id: uuid.UUID, data: CaseInput, lead_worker_id: uuid.UUID,
    *, deputy_worker_id: uuid.UUID | None = None, case_number: str | None = None,
) -> Case:
    opened = data.opened_on or clock.today()
    now = clock.now()
    # A case entered after the fact starts its history on the day it was opened.
    started = now if opened >= now.date() else datetime.combine(opened, now.timetz())
    case = Case(
        case_number=case_number or next_case_number(session, data.legal_area, opened.year),
        client_id=client_id, legal_area=data.legal_area.value, title=data.title,
        lead_worker_id=lead_worker_id, deputy_worker_id=deputy_worker_id,
        phase=data.phase.value, phase_since=started, opened_on=opened,
        child_protection=data.child_protection,
    )
    session.add(case)
    session.flush()
    session.add(PhaseChange(case_id=case.id, from_phase=None, to_phase=case.phase,
                            at=started, worker_id=lead_worker_id, reason=""))
    return case


def change_phase(
    db: Database, case_id: uuid.UUID, change: PhaseChangeInput, worker_id: uuid.UUID,
    *, confirmed: bool = False,
) -> CasePhase:
    """Move the case; raises GateError when blocked, or when confirmation is needed and not
    given. Closing cancels the case's open follow-ups; re-opening clears the closure."""
    with db.write() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(str(case_id))
        current = CasePhase(case.phase)
        result = check_transition(
            current, change.target, facts_repo.case_facts(s, case_id),
            reason=change.reason, closure_reason=change.closure_reason,
        )
        if result.level is GateLevel.blocked or (
            result.level is GateLevel.confirm and not confirmed
        ):
            raise GateError(result)
        now = clock.now()
        case.phase = change.target.value
        case.phase_since = now
        if change.target is CasePhase.closure:
            case.closed_on = max(clock.today(), case.opened_on)
            case.closure_reason = change.closure_reason.value  # type: ignore[union-attr]
            for fu in s.exec(select(FollowUp).where(
                FollowUp.case_id == case_id, FollowUp.status == FollowUpStatus.open.value,
            )):
                fu.status = FollowUpStatus.cancelled.value
                fu.outcome_note = "case closed"
        elif current is CasePhase.closure:
            case.closed_on = None
            case.closure_reason = None
        reason = change.reason
        if change.closure_reason is not None and not reason:
            reason = change.closure_reason.value
        s.add(PhaseChange(case_id=case_id, from_phase=current.value,
                          to_phase=change.target.value, at=now, worker_id=worker_id,
                          reason=reason))
        return change.target


def set_child_protection(db: Database, case_id: uuid.UUID, flag: bool) -> None:
    with db.write() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(str(case_id))
        case.child_protection = flag


# -- reading ------------------------------------------------------------------------------

def _due_subqueries(today: date):
    open_fu = and_(FollowUp.case_id == Case.id, FollowUp.status == FollowUpStatus.open.value)
    next_due = select(func.min(FollowUp.due_date)).where(open_fu).scalar_subquery()
    overdue = (
        select(func.count()).select_from(FollowUp)
        .where(open_fu, FollowUp.due_date < today).scalar_subquery()
    )
    return next_due, overdue


def _worker_case_ids(lead_ids: list[uuid.UUID], deputy_id: uuid.UUID):
    """Ids of the cases led by `lead_ids` or naming `deputy_id` as deputy, each side read
    through its own index (an OR over the two columns would scan the whole table).
    Restricted cases (Sperrung, 0011_privacy) are not part of normal work."""
    open_ = col(Case.restricted_on).is_(None)
    return (
        select(Case.id).where(col(Case.lead_worker_id).in_(lead_ids), open_)
        .union(select(Case.id).where(Case.deputy_worker_id == deputy_id, open_))
    )


def list_for_workers(
    db: Database, lead_ids: list[uuid.UUID], deputy_id: uuid.UUID, *, limit: int = 200,
    offset: int = 0,
) -> list[CaseListRow]:
    """Open cases led by `lead_ids` or deputised by `deputy_id`: child protection first,
    then by next due."""
    next_due, overdue = _due_subqueries(clock.today())
    stmt = (
        select(Case.id, Case.case_number, Client.first_name, Client.last_name,
               Client.birth_date, Case.legal_area, Case.phase, Case.child_protection,
               next_due.label("next_due"), overdue.label("overdue"))
        .join(Client, Client.id == Case.client_id)
        .where(col(Case.id).in_(_worker_case_ids(lead_ids, deputy_id)),
               Case.phase != CasePhase.closure.value)
        .order_by(col(Case.child_protection).desc(),
                  sql_case((next_due.is_(None), 1), else_=0), next_due, Case.case_number)
        .limit(limit).offset(offset)
    )
    with db.read() as s:
        return [
            CaseListRow(r.id, r.case_number, r.first_name, r.last_name, r.birth_date,
                        LegalArea(r.legal_area), CasePhase(r.phase), r.child_protection,
                        r.next_due, r.overdue or 0)
            for r in s.exec(stmt)
        ]


def count_for_workers(db: Database, lead_ids: list[uuid.UUID], deputy_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(Case).where(
        col(Case.id).in_(_worker_case_ids(lead_ids, deputy_id)),
        Case.phase != CasePhase.closure.value)
    with db.read() as s:
        return s.exec(stmt).one()


def find_by_number(db: Database, case_number: str) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Case.id).where(Case.case_number == case_number.strip())).first()


def overview(db: Database, case_id: uuid.UUID, *, notes: int = 20, followups: int = 10,
             ) -> CaseOverview:
    with db.read() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(str(case_id))
        client = s.get(Client, case.client_id)
        names = dict(s.exec(select(Worker.id, Worker.display_name).where(
            col(Worker.id).in_([w for w in (case.lead_worker_id, case.deputy_worker_id) if w])
        )).all())
        detail = CaseDetail(
            id=case.id, case_number=case.case_number, legal_area=LegalArea(case.legal_area),
            title=case.title, phase=CasePhase(case.phase), phase_since=case.phase_since,
            opened_on=case.opened_on, closed_on=case.closed_on,
            closure_reason=ClosureReason(case.closure_reason) if case.closure_reason else None,
            child_protection=case.child_protection, lead_worker_id=case.lead_worker_id,
            lead_worker=names.get(case.lead_worker_id, ""),
            deputy_worker=names.get(case.deputy_worker_id, "") if case.deputy_worker_id else "",
            client_id=client.id, first_name=client.first_name, last_name=client.last_name,
            birth_date=client.birth_date, languages=client.languages,
            interpreter_needed=client.interpreter_needed, phone=client.phone,
            email=client.email, address=client.address, district=client.district,
        )
        history = [
            PhaseRow(CasePhase(p.from_phase) if p.from_phase else None, CasePhase(p.to_phase),
                     p.at, name or "", p.reason)
            for p, name in s.exec(
                select(PhaseChange, Worker.display_name)
                .join(Worker, Worker.id == PhaseChange.worker_id, isouter=True)
                .where(PhaseChange.case_id == case_id)
                .order_by(col(PhaseChange.at).desc())
            )
        ]
        facts = facts_repo.case_facts(s, case_id)
        return CaseOverview(
            case=detail, history=history,
            followups=followup_rows(s, case_id=case_id, limit=followups),
            notes=note_rows(s, case_id, limit=notes), facts=facts,
            targets=allowed_targets(detail.phase),
        )
