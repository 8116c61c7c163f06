"""Hand-over summaries (for a deputy or a new owner) and what a deputy did in an absence;
how long a hand-over stays readable."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.followup_text import render
from caseterm.core.referrals import FEEDBACK_DONE
from caseterm.core.vocab import FollowUpKind, FollowUpStatus
from caseterm.db.repo import settings
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.office import Absence, AuditEntry
from caseterm.models.referral import Referral
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
