"""The office's people in SQL: hand-over summaries (deputy, new owner), what a deputy did,
hand-over of cases (propose, accept, reassign in bulk), referrals received from another
legal area and their answers, and the team lead's caseload and approvals inbox.

Access is the door's business (services/people.py, services/team.py); these functions take
the facts the door established (whose cases, which case condition)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text
from caseterm.core.access import HandoverStatus, check_handover, handover_read_until
from caseterm.core.followup_text import render
from caseterm.core.inputs import FollowUpInput
from caseterm.core.referrals import FEEDBACK_DONE, ReferralStatus
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, FollowUpStatus, Priority
from caseterm.db.repo import settings
from caseterm.db.repo.followups import add_in
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.models.office import Absence, AuditEntry, CaseShare
from caseterm.models.people import CaseHandover
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.worker import Worker

READ_DAYS_KEY = "handover.read_days"
CLOSED_PHASES = ("closure",)


def handover_read_days(session: Session) -> int:
    from caseterm.core.access import DEFAULT_HANDOVER_READ_DAYS
    from caseterm.models.setting import Setting

    row = session.get(Setting, READ_DAYS_KEY)
    if row is not None and row.value.isdigit():
        return int(row.value)
    return DEFAULT_HANDOVER_READ_DAYS


def set_handover_read_days(session: Session, days: int) -> None:
    settings.put(session, READ_DAYS_KEY, str(days))


# -- summaries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryCase:
    case_id: uuid.UUID
    case_number: str
    client_name: str
    lead: str


@dataclass(frozen=True)
class SummaryItem:
    case_number: str
    client_name: str
    due_date: date
    text: str
    lead: str


@dataclass(frozen=True)
class Summary:
    """A generated hand-over summary (deputy's first day, new owner of a case)."""

    title: str
    child_protection: list[SummaryCase] = field(default_factory=list)
    deadlines: list[SummaryItem] = field(default_factory=list)
    overdue: list[SummaryItem] = field(default_factory=list)
    referrals: list[SummaryItem] = field(default_factory=list)
    appointments: list[SummaryItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.child_protection or self.deadlines or self.overdue or self.referrals
                    or self.appointments)

    def as_dict(self) -> dict:
        def items(rows):
            return [{"case_number": r.case_number, "client": r.client_name,
                     "due": r.due_date.isoformat(), "text": r.text, "lead": r.lead}
                    for r in rows]

        return {"title": self.title,
                "child_protection": [{"case_number": c.case_number, "client": c.client_name,
                                      "lead": c.lead} for c in self.child_protection],
                "legal_deadlines": items(self.deadlines), "overdue": items(self.overdue),
                "open_referrals": items(self.referrals),
                "next_appointments": items(self.appointments)}


def build_summary(session: Session, title: str, *, lead_ids: list[uuid.UUID] | None = None,
                  case_ids: list[uuid.UUID] | None = None, today: date | None = None,
                  days_ahead: int = 14) -> Summary:
    today = today or clock.today()
    case_cond = (col(Case.lead_worker_id).in_(lead_ids or []) if case_ids is None
                 else col(Case.id).in_(case_ids))
    open_case = Case.closed_on.is_(None)  # type: ignore[union-attr]
    lead = Worker.display_name
    cp = [SummaryCase(cid, number, f"{last}, {first}", name) for cid, number, first, last, name
          in session.exec(select(Case.id, Case.case_number, Client.first_name, Client.last_name,
                                 lead).join(Client, Client.id == Case.client_id)
                          .join(Worker, Worker.id == Case.lead_worker_id)
                          .where(case_cond, open_case, col(Case.child_protection).is_(True))
                          .order_by(Case.case_number))]

    def followups(*conds) -> list[SummaryItem]:
        stmt = (select(Case.case_number, Client.first_name, Client.last_name,
                       FollowUp.due_date, FollowUp.next_step, lead, FollowUp.text_key,
                       FollowUp.text_data)
                .join(Case, Case.id == FollowUp.case_id)
                .join(Client, Client.id == Case.client_id)
                .join(Worker, Worker.id == Case.lead_worker_id)
                .where(case_cond, FollowUp.status == FollowUpStatus.open.value, *conds)
                .order_by(FollowUp.due_date, Case.case_number).limit(50))
        return [SummaryItem(n, f"{last}, {first}", due, render(key, data, text), who)
                for n, first, last, due, text, who, key, data in session.exec(stmt)]

    horizon = today + timedelta(days=days_ahead)
    deadlines = followups(FollowUp.kind == FollowUpKind.frist.value, FollowUp.due_date <= horizon)
    overdue = followups(FollowUp.due_date < today, FollowUp.kind != FollowUpKind.frist.value)
    appts = followups(FollowUp.kind == FollowUpKind.termin.value, FollowUp.due_date >= today,
                      FollowUp.due_date <= horizon)
    done = [s.value for s in FEEDBACK_DONE]
    refs = [SummaryItem(n, f"{last}, {first}", due, f"{recipient} ({status})", who)
            for n, first, last, due, recipient, status, who in session.exec(
                select(Case.case_number, Client.first_name, Client.last_name,
                       Referral.feedback_due, Referral.recipient, Referral.status, lead)
                .join(Case, Case.id == Referral.case_id)
                .join(Client, Client.id == Case.client_id)
                .join(Worker, Worker.id == Case.lead_worker_id)
                .where(case_cond, col(Referral.status).not_in(done))
                .order_by(Referral.feedback_due).limit(50))]
    return Summary(title, cp, deadlines, overdue, refs, appts)


def active_absences_covered(session: Session, deputy_id: uuid.UUID, today: date
                            ) -> list[tuple[Absence, str]]:
    return list(session.exec(
        select(Absence, Worker.display_name).join(Worker, Worker.id == Absence.worker_id)
        .where(Absence.deputy_id == deputy_id, Absence.starts_on <= today,
               Absence.ends_on >= today).order_by(Absence.starts_on)))


def seen(session: Session, actor_id: uuid.UUID, action: str, entity: str,
         record_id: uuid.UUID) -> bool:
    return session.exec(select(AuditEntry.seq).where(
        AuditEntry.actor_id == actor_id, AuditEntry.action == action,
        AuditEntry.entity == entity, AuditEntry.record_id == str(record_id))).first() is not None


# -- what the deputy did --------------------------------------------------------------------

@dataclass(frozen=True)
class DeputyAction:
    at: datetime
    case_number: str
    action: str
    entity: str
    detail: dict


def deputy_actions(session: Session, absence: Absence, limit: int = 500) -> list[DeputyAction]:
    """The deputy's entries in the audit trail during the absence, on the absent worker's
    cases (and on cases that were hers then: lead now or recorded in the entry)."""
    start = datetime.combine(absence.starts_on, time.min, tzinfo=UTC)
    end = datetime.combine(absence.ends_on + timedelta(days=1), time.min, tzinfo=UTC)
    cases = dict(session.exec(select(Case.id, Case.case_number).where(
        Case.lead_worker_id == absence.worker_id)).all())
    if not cases:
        return []
    rows = session.exec(select(AuditEntry).where(
        AuditEntry.actor_id == absence.deputy_id, AuditEntry.at >= start, AuditEntry.at < end,
        col(AuditEntry.case_id).in_(list(cases)),
        col(AuditEntry.action).in_(["create", "update", "delete", "export", "print"]))
        .order_by(AuditEntry.seq).limit(limit)).all()
    out = []
    for e in rows:
        try:
            detail = json.loads(e.detail) if e.detail else {}
        except ValueError:
            detail = {}
        out.append(DeputyAction(e.at, cases.get(e.case_id, ""), e.action, e.entity, detail))
    return out


# -- hand-over of a case ----------------------------------------------------------------------

@dataclass(frozen=True)
class HandoverRow:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    from_worker: str
    to_worker: str
    to_office: str
    note: str
    status: HandoverStatus
    created_at: datetime
    child_protection: bool = False


def _resolve_receiver(session: Session, to: str) -> tuple[Worker | None, str, bool]:
    """(worker, office, found) for a receiver given as user name or office name."""
    text = (to or "").strip()
    if not text:
        return None, "", False
    w = session.exec(select(Worker).where(Worker.username == text)).first()
    if w is not None:
        return w, "", True
    office = session.exec(select(Worker.office).where(
        func.lower(Worker.office) == text.lower(), Worker.active.is_(True))).first()  # type: ignore[attr-defined]
    if office:
        return None, office, True
    return None, text, False


def propose(session: Session, case: Case, to: str, note: str, actor_id: uuid.UUID
            ) -> CaseHandover:
    receiver, office, found = _resolve_receiver(session, to)
    errors = check_handover(case.lead_worker_id, receiver.id if receiver else None,
                            office if receiver is None else "", found or not (to or "").strip(),
                            receiver.active if receiver else True)
    if not (to or "").strip():
        errors = {"to": check_handover(case.lead_worker_id, None, "", False)["to"]}
    if not (note or "").strip():
        errors["note"] = _("Write a hand-over note for the new owner.")
    if errors:
        raise InputError(errors)
    pending = session.exec(select(CaseHandover.id).where(
        CaseHandover.case_id == case.id,
        CaseHandover.status == HandoverStatus.pending.value)).first()
    if pending is not None:
        raise InputError({"to": _("A hand-over of this case is already waiting to be "
                                  "accepted.")})
    h = CaseHandover(case_id=case.id, from_worker_id=case.lead_worker_id,
                     to_worker_id=receiver.id if receiver else None,
                     to_office=office if receiver is None else "", note=note.strip()[:4000],
                     status=HandoverStatus.pending.value)
    session.add(h)
    session.flush()
    return h


def transfer(session: Session, case: Case, new_lead: uuid.UUID, today: date) -> int:
    """The case changes hands: lead, her open follow-ups on it, and the previous owner's read
    access for the allowed period. Returns the number of follow-ups moved."""
    previous = case.lead_worker_id
    case.lead_worker_id = new_lead
    if case.deputy_worker_id == new_lead:
        case.deputy_worker_id = None
    moved = 0
    for fu in session.exec(select(FollowUp).where(
            FollowUp.case_id == case.id, FollowUp.assignee_id == previous,
            FollowUp.status == FollowUpStatus.open.value)):
        fu.assignee_id = new_lead
        moved += 1
    until = handover_read_until(today, handover_read_days(session))
    if until is not None and previous != new_lead:
        session.add(CaseShare(case_id=case.id, worker_id=previous, mode="read", until=until,
                              reason=_("Previous owner after a hand-over")))
    return moved


def accept(session: Session, h: CaseHandover, actor_id: uuid.UUID) -> int:
    if h.status != HandoverStatus.pending.value:
        raise InputError({"handover": _("This hand-over is no longer waiting.")})
    case = session.get(Case, h.case_id)
    moved = transfer(session, case, actor_id, clock.today())
    h.status = HandoverStatus.accepted.value
    h.accepted_by = actor_id
    h.decided_at = clock.now()
    return moved


def handover_rows(session: Session, *conds, limit: int = 200) -> list[HandoverRow]:
    giver = Worker.__table__.alias("giver")
    taker = Worker.__table__.alias("taker")
    stmt = (select(CaseHandover, Case.case_number, Client.first_name, Client.last_name,
                   giver.c.display_name, taker.c.display_name, Case.child_protection)
            .join(Case, Case.id == CaseHandover.case_id)
            .join(Client, Client.id == Case.client_id)
            .join(giver, giver.c.id == CaseHandover.from_worker_id)
            .join(taker, taker.c.id == CaseHandover.to_worker_id, isouter=True)
            .where(*conds).order_by(col(Case.child_protection).desc(), CaseHandover.created_at)
            .limit(limit))
    return [HandoverRow(h.id, h.case_id, number, f"{last}, {first}", g or "", t or "",
                        h.to_office, h.note, HandoverStatus(h.status), h.created_at, bool(cp))
            for h, number, first, last, g, t, cp in session.exec(stmt)]


def incoming_handovers(session: Session, worker: Worker) -> list[HandoverRow]:
    conds = [CaseHandover.to_worker_id == worker.id]
    if worker.office:
        conds.append(func.lower(CaseHandover.to_office) == worker.office.lower())
    return handover_rows(session, or_(*conds),
                         CaseHandover.status == HandoverStatus.pending.value)


# -- referrals received -------------------------------------------------------------------------

@dataclass(frozen=True)
class IncomingReferral:
    """What the receiving worker sees of a referral: what it shares, not the sender's case."""

    id: uuid.UUID
    case_number: str
    client_name: str
    sender: str
    sender_area: str
    purpose: str
    contact: str
    status: ReferralStatus
    sent_on: date
    feedback_due: date
    consent_basis: str
    legal_exception: str | None
    exception_reason: str
    child_protection_concern: bool
    row_version: int = 0


def incoming_referrals(session: Session, worker_id: uuid.UUID, *, open_only: bool = True
                       ) -> list[IncomingReferral]:
    stmt = (select(Referral, Case.case_number, Case.legal_area, Client.first_name,
                   Client.last_name, Worker.display_name)
            .join(Case, Case.id == Referral.case_id)
            .join(Client, Client.id == Case.client_id)
            .join(Worker, Worker.id == Case.lead_worker_id)
            .where(Referral.recipient_worker_id == worker_id))
    if open_only:
        stmt = stmt.where(col(Referral.status).not_in([s.value for s in FEEDBACK_DONE]))
    stmt = stmt.order_by(col(Referral.child_protection_concern).desc(), Referral.sent_on)
    return [IncomingReferral(r.id, number, f"{last}, {first}", sender, area, r.purpose,
                             r.contact, ReferralStatus(r.status), r.sent_on, r.feedback_due,
                             r.consent_basis, r.legal_exception, r.exception_reason,
                             r.child_protection_concern, r.row_version)
            for r, number, area, first, last, sender in session.exec(stmt)]


ANSWERS = (ReferralStatus.contact_made, ReferralStatus.help_started,
           ReferralStatus.feedback_received, ReferralStatus.declined)


def answer(session: Session, ref: Referral, worker: Worker, status: ReferralStatus,
           note: str) -> None:
    """The receiver's answer: the referral moves on, its history keeps the answer, and the
    sender's follow-up "feedback from …" closes with the answer as its outcome."""
    note = (note or "").strip()
    if status not in ANSWERS:
        raise InputError({"answer": _("Answer with: contact made, help started, feedback or "
                                      "declined.")})
    if status is ReferralStatus.declined and not note:
        raise InputError({"reason": _("Say why you decline the referral.")})
    if status is ReferralStatus.feedback_received and not note:
        raise InputError({"note": _("Write down what the feedback was.")})
    if ReferralStatus(ref.status) in FEEDBACK_DONE:
        raise InputError({"answer": _("This referral is already answered and closed.")})
    ref.status = status.value
    if status is ReferralStatus.feedback_received:
        ref.feedback = note
    session.add(ReferralEvent(referral_id=ref.id, status=status.value, at=clock.now(),
                              worker_id=worker.id, note=note))
    from caseterm.core.referrals import status_label

    outcome = _("Answer from {name}: {answer}").format(name=worker.display_name,
                                                       answer=status_label(status.value))
    if note:
        outcome += f" — {note}"
    # the sender's follow-up "feedback from …" and the receiver's row "answer the referral"
    for fu in session.exec(select(FollowUp).where(
            col(FollowUp.source_type).in_(("referral", "referral_answer")),
            FollowUp.source_id == ref.id, FollowUp.status == FollowUpStatus.open.value)):
        fu.status = FollowUpStatus.done.value
        fu.done_at = clock.now()
        fu.done_by_id = worker.id
        fu.outcome_note = outcome[:4000]


# -- the team lead's desk -------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseloadRow:
    worker_id: uuid.UUID
    worker: str
    open_cases: int
    by_phase: dict[str, int]
    by_area: dict[str, int]
    child_protection: int
    overdue: int
    postponed: int
    absent_until: date | None
    deputy: str

    def as_dict(self) -> dict:
        return {"worker": self.worker, "open_cases": self.open_cases,
                "by_phase": self.by_phase, "by_legal_area": self.by_area,
                "child_protection": self.child_protection, "overdue": self.overdue,
                "postponed": self.postponed,
                "absent_until": self.absent_until.isoformat() if self.absent_until else None,
                "deputy": self.deputy}


def caseload(session: Session, worker_ids: list[uuid.UUID], today: date) -> list[CaseloadRow]:
    names = dict(session.exec(select(Worker.id, Worker.display_name)
                              .where(col(Worker.id).in_(worker_ids))).all())
    phases: dict[uuid.UUID, Counter] = {w: Counter() for w in names}
    areas: dict[uuid.UUID, Counter] = {w: Counter() for w in names}
    cps: Counter = Counter()
    for lead, phase, area, cp, n in session.exec(
            select(Case.lead_worker_id, Case.phase, Case.legal_area, Case.child_protection,
                   func.count()).where(col(Case.lead_worker_id).in_(list(names)),
                                       Case.closed_on.is_(None))  # type: ignore[union-attr]
            .group_by(Case.lead_worker_id, Case.phase, Case.legal_area, Case.child_protection)):
        phases[lead][phase] += n
        areas[lead][area] += n
        if cp:
            cps[lead] += n
    overdue = dict(session.exec(select(FollowUp.assignee_id, func.count()).where(
        col(FollowUp.assignee_id).in_(list(names)), FollowUp.status == FollowUpStatus.open.value,
        FollowUp.due_date < today).group_by(FollowUp.assignee_id)).all())
    postponed = dict(session.exec(select(FollowUp.assignee_id, func.count()).where(
        col(FollowUp.assignee_id).in_(list(names)), FollowUp.status == FollowUpStatus.open.value,
        FollowUp.postpone_count > 0).group_by(FollowUp.assignee_id)).all())
    deputy = Worker.__table__.alias("dep")
    away = {wid: (ends, dep) for wid, ends, dep in session.exec(
        select(Absence.worker_id, Absence.ends_on, deputy.c.display_name)
        .join(deputy, deputy.c.id == Absence.deputy_id)
        .where(col(Absence.worker_id).in_(list(names)), Absence.starts_on <= today,
               Absence.ends_on >= today))}
    rows = [CaseloadRow(w, names[w], sum(phases[w].values()), dict(phases[w]), dict(areas[w]),
                        cps[w], overdue.get(w, 0), postponed.get(w, 0),
                        away.get(w, (None, ""))[0], away.get(w, (None, ""))[1])
            for w in names]
    return sorted(rows, key=lambda r: r.worker.casefold())


@dataclass(frozen=True)
class ApprovalRow:
    goal_id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    worker: str
    goal: str
    measure: str
    provider: str
    cost: str
    due_date: date | None
    row_version: int = 0

    def as_dict(self) -> dict:
        return {"id": str(self.goal_id), "case_number": self.case_number,
                "client": self.client_name, "worker": self.worker, "goal": self.goal,
                "measure": self.measure, "provider": self.provider, "cost": self.cost,
                "due": self.due_date.isoformat() if self.due_date else None}


def pending_approvals(session: Session, visible, limit: int = 500) -> list[ApprovalRow]:
    parent = Goal.__table__.alias("parent")
    stmt = (select(Goal, Case.case_number, Client.first_name, Client.last_name,
                   Worker.display_name, parent.c.text_client)
            .join(Case, Case.id == Goal.case_id)
            .join(Client, Client.id == Case.client_id)
            .join(Worker, Worker.id == Case.lead_worker_id)
            .join(parent, parent.c.id == Goal.parent_id, isouter=True)
            .where(Goal.level == "massnahme", col(Goal.needs_approval).is_(True),
                   Goal.approval_state == "pending")
            .order_by(col(Case.child_protection).desc(), Goal.created_at).limit(limit))
    if visible is not None:
        stmt = stmt.where(visible)
    return [ApprovalRow(g.id, g.case_id, number, f"{last}, {first}", who, goal or "",
                        g.text_client, g.responsible_name, g.cost_bearer, g.due_date,
                        g.row_version)
            for g, number, first, last, who, goal in session.exec(stmt)]


def notify_decision(session: Session, goal: Goal, approve: bool, reason: str,
                    lead_name: str) -> None:
    """The caseworker sees the team lead's decision and reason in her queue today."""
    case = session.get(Case, goal.case_id)
    gen = followup_text.make("measure_approved" if approve else "measure_declined",
                             name=lead_name, measure=goal.text_client[:150],
                             suffix=(" — " + reason) if reason else "")
    add_in(session, case.id, FollowUpInput(due_date=clock.today(), next_step=gen.text,
                                           priority=Priority.normal if approve
                                           else Priority.high),
           case.lead_worker_id, source_type="approval", source_id=goal.id, gen=gen)


def open_case_numbers(session: Session, worker_id: uuid.UUID) -> list[str]:
    return list(session.exec(select(Case.case_number).where(
        Case.lead_worker_id == worker_id, Case.closed_on.is_(None))  # type: ignore[union-attr]
        .order_by(Case.case_number)).all())
