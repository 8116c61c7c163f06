"""Referrals received from another legal area, and the receiving side's answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.referrals import FEEDBACK_DONE, ReferralStatus
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpStatus
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.worker import Worker

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
