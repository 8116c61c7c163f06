"""Hand-over of a case: proposing it to a colleague, accepting it, transferring (also in bulk),
and the lists of hand-overs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.access import HandoverStatus, check_handover, handover_read_until
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpStatus
from caseterm.db.repo.people.summaries import handover_read_days
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.office import CaseShare
from caseterm.models.people import CaseHandover
from caseterm.models.worker import Worker

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
