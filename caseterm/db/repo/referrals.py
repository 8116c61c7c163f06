"""Referrals (Vermittlungen) with the consent check and the feedback loop.

- No referral without a consent covering that recipient
  (`consents.covers_recipient(session, case_id, recipient, on)`), or a recorded legal ground
  with its reason (e.g. § 8a SGB VIII in child protection).
- Every referral keeps one open follow-up "feedback from …" until feedback is recorded
  (or the referral is closed or declined).
- A child-protection concern raised on a referral marks the case.
- Every status change is kept in the referral's history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text
from caseterm.core.followup_text import GenText
from caseterm.core.referrals import (
    FEEDBACK_DONE,
    ConsentBasis,
    LegalException,
    ReferralStatus,
    ReferralTarget,
)
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import FollowUpKind, LegalArea, Priority
from caseterm.db.engine import Database
from caseterm.db.repo import consents
from caseterm.db.repo.followups import cancel_source, sync_source, working_due
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.worker import Worker

SOURCE = "referral"
# The receiving worker's row in her own queue: "answer this referral" (services.people).
ANSWER_SOURCE = "referral_answer"
DEFAULT_FEEDBACK_DAYS = 14


@dataclass(frozen=True)
class ReferralInput:
    target: ReferralTarget
    recipient: str
    target_legal_area: LegalArea | None
    offering_id: uuid.UUID | None
    contact: str
    purpose: str
    sent_on: date
    feedback_due: date | None
    legal_exception: LegalException | None
    exception_reason: str
    child_protection_concern: bool
    # The receiving worker in another legal area / internal service (she answers it).
    recipient_worker_id: uuid.UUID | None = None


def check_referral(raw: dict) -> ReferralInput:
    e = Errors()
    target = e.choice("target", raw.get("target") or ReferralTarget.offering.value,
                      ReferralTarget)
    recipient = e.text("recipient", raw.get("recipient"), required=True, maximum=200)
    area = None
    if raw.get("target_legal_area"):
        area = e.choice("target_legal_area", raw.get("target_legal_area"), LegalArea)
    elif target is ReferralTarget.specialist:
        e.add("target_legal_area", _("Which legal area does the specialist work in?"))
    sent_on = e.date("sent_on", raw.get("sent_on") or clock.today(), not_future=True)
    feedback_due = e.date("feedback_due", raw.get("feedback_due"))
    if sent_on and feedback_due and feedback_due < sent_on:
        e.add("feedback_due", _("Feedback cannot be due before the referral was sent."))
    exception = None
    if raw.get("legal_exception"):
        exception = e.choice("legal_exception", raw.get("legal_exception"), LegalException)
    reason = e.text("exception_reason", raw.get("exception_reason"), maximum=2000)
    offering = raw.get("offering_id")
    contact = e.text("contact", raw.get("contact"), maximum=200)
    purpose = e.text("purpose", raw.get("purpose"), maximum=4000)
    e.raise_if_any()
    return ReferralInput(
        target=target,  # type: ignore[arg-type]
        recipient=recipient, target_legal_area=area, offering_id=offering,
        contact=contact, purpose=purpose,
        sent_on=sent_on or clock.today(), feedback_due=feedback_due,
        legal_exception=exception, exception_reason=reason,
        child_protection_concern=bool(raw.get("child_protection_concern", False)),
        recipient_worker_id=raw.get("recipient_worker_id"),
    )


def _followup_text(recipient: str) -> GenText:
    return followup_text.make("referral_feedback", recipient=recipient)


def create_in(session: Session, case_id: uuid.UUID, data: ReferralInput,
              worker_id: uuid.UUID | None) -> Referral:
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(str(case_id))
    covered = consents.covers_recipient(session, case_id, data.recipient, data.sent_on)
    if covered:
        basis, exception, reason = ConsentBasis.consent, None, ""
    elif data.child_protection_concern and data.legal_exception in (
            None, LegalException.child_protection):
        # Child protection goes first and is never held back by a missing consent: the
        # legal basis (§ 8a SGB VIII, § 4 KKG) is recorded with the referral.
        basis, exception = ConsentBasis.legal_exception, LegalException.child_protection
        reason = data.exception_reason or _(
            "Child-protection concern: passed on without consent under § 8a SGB VIII "
            "and § 4 KKG.")
    else:
        errors: dict[str, str] = {}
        if data.legal_exception is None:
            errors["consent"] = _(
                "No consent of the client covers passing data to {recipient}. Record a "
                "consent first, or state the legal ground that allows the referral without "
                "consent.").format(recipient=data.recipient)
        elif not data.exception_reason:
            errors["exception_reason"] = _(
                "State why the law allows this referral without consent.")
        if errors:
            raise InputError(errors)
        basis, exception, reason = (ConsentBasis.legal_exception, data.legal_exception,
                                    data.exception_reason)
    due = data.feedback_due or data.sent_on + timedelta(days=DEFAULT_FEEDBACK_DAYS)
    ref = Referral(
        case_id=case_id, target=data.target.value,
        offering_id=data.offering_id, recipient=data.recipient,
        target_legal_area=data.target_legal_area.value if data.target_legal_area else None,
        contact=data.contact, purpose=data.purpose, status=ReferralStatus.sent.value,
        sent_on=data.sent_on, feedback_due=due, consent_basis=basis.value,
        legal_exception=exception.value if exception else None, exception_reason=reason,
        child_protection_concern=data.child_protection_concern, worker_id=worker_id,
        recipient_worker_id=data.recipient_worker_id,
    )
    session.add(ref)
    session.flush()
    session.add(ReferralEvent(referral_id=ref.id, status=ReferralStatus.sent.value,
                              at=clock.now(), worker_id=worker_id, note=""))
    if data.child_protection_concern:
        case.child_protection = True
    _sync_followup(session, case, ref)
    _answer_followup(session, case, ref)
    return ref


def _answer_followup(session: Session, case: Case, ref: Referral) -> None:
    """A referral addressed to a worker is a row of her queue until she answers it: kind
    "referral", source "referral_answer"; a child-protection concern is due at once."""
    if ref.recipient_worker_id is None:
        return
    sender_row = session.get(Worker, ref.worker_id) if ref.worker_id else None
    sender = sender_row.display_name if sender_row is not None else ""
    text = followup_text.make("referral_answer", sender=sender or "?",
                              purpose=ref.purpose or ref.recipient)
    cp = ref.child_protection_concern or case.child_protection
    sync_source(session, case_id=case.id, source_type=ANSWER_SOURCE, source_id=ref.id,
                due_date=ref.sent_on if cp else ref.feedback_due, next_step=text,
                assignee_id=ref.recipient_worker_id, kind=FollowUpKind.referral,
                priority=Priority.high if cp else Priority.normal)


def _sync_followup(session: Session, case: Case, ref: Referral) -> None:
    if ReferralStatus(ref.status) in FEEDBACK_DONE:
        return
    from caseterm.core.vocab import FollowUpStatus

    existing = session.exec(select(FollowUp.next_step, FollowUp.text_key).where(
        FollowUp.source_type == SOURCE, FollowUp.source_id == ref.id,
        FollowUp.status == FollowUpStatus.open.value)).first()
    # a text changed by hand stays; an older generated one without a key stays as it was
    keep = existing is not None and not existing[1]
    sync_source(session, case_id=case.id, source_type=SOURCE, source_id=ref.id,
                due_date=ref.feedback_due,
                next_step=existing[0] if keep else _followup_text(ref.recipient),
                assignee_id=case.lead_worker_id, kind=FollowUpKind.referral,
                priority=Priority.high if (ref.child_protection_concern or case.child_protection)
                else Priority.normal)


def create(db: Database, case_id: uuid.UUID, raw: dict, worker_id: uuid.UUID | None
           ) -> uuid.UUID:
    data = check_referral(raw)
    with db.write() as s:
        return create_in(s, case_id, data, worker_id).id


def set_status(db: Database, referral_id: uuid.UUID, status: ReferralStatus | str,
               worker_id: uuid.UUID | None, *, note: str = "",
               feedback_due: date | None = None, child_protection_concern: bool = False,
               check: Callable[[Referral], None] | None = None) -> None:
    """Record the next step of a referral. Feedback received / closed / declined completes
    its follow-up (the note is kept as the outcome); a new feedback date moves it. `check`
    sees the stored referral first (the door's version check) and may refuse."""
    status = ReferralStatus(status)
    note = (note or "").strip()
    with db.write() as s:
        ref = s.get(Referral, referral_id)
        if ref is None:
            raise LookupError(str(referral_id))
        if check is not None:
            check(ref)
        if ReferralStatus(ref.status) in (ReferralStatus.closed, ReferralStatus.declined):
            raise InputError({"status": _("This referral is already closed.")})
        if status is ReferralStatus.feedback_received and not note:
            raise InputError({"note": _("Write down what the feedback was.")})
        if feedback_due is not None and feedback_due < clock.today():
            raise InputError({"feedback_due": _("The date cannot be in the past.")})
        ref.status = status.value
        if status is ReferralStatus.feedback_received:
            ref.feedback = note
        if feedback_due is not None:
            ref.feedback_due = feedback_due
        s.add(ReferralEvent(referral_id=ref.id, status=status.value, at=clock.now(),
                            worker_id=worker_id, note=note))
        case = s.get(Case, ref.case_id)
        if child_protection_concern:
            ref.child_protection_concern = True
            case.child_protection = True
        if status in FEEDBACK_DONE:
            _finish_followup(s, ref, worker_id, note or _("Referral {status}.").format(
                status=status.value))
        else:
            _sync_followup(s, case, ref)


def _finish_followup(session: Session, ref: Referral, worker_id: uuid.UUID | None,
                     note: str) -> None:
    from caseterm.core.vocab import FollowUpStatus

    for fu in session.exec(select(FollowUp).where(
            col(FollowUp.source_type).in_((SOURCE, ANSWER_SOURCE)),
            FollowUp.source_id == ref.id, FollowUp.status == FollowUpStatus.open.value)):
        fu.status = FollowUpStatus.done.value
        fu.done_at = clock.now()
        fu.done_by_id = worker_id
        fu.outcome_note = note[:4000]


def cancel(db: Database, referral_id: uuid.UUID, note: str = "") -> int:
    with db.write() as s:
        return (cancel_source(s, SOURCE, referral_id, note)
                + cancel_source(s, ANSWER_SOURCE, referral_id, note))


@dataclass(frozen=True)
class EventRow:
    status: ReferralStatus
    at: datetime
    worker: str
    note: str


@dataclass(frozen=True)
class ReferralRow:
    id: uuid.UUID
    case_id: uuid.UUID
    target: ReferralTarget
    recipient: str
    target_legal_area: LegalArea | None
    contact: str
    purpose: str
    status: ReferralStatus
    sent_on: date
    feedback_due: date
    consent_basis: ConsentBasis
    legal_exception: LegalException | None
    exception_reason: str
    child_protection_concern: bool
    feedback: str
    history: tuple[EventRow, ...]
    row_version: int = 0

    @property
    def awaiting_feedback(self) -> bool:
        return self.status not in FEEDBACK_DONE


def _row(ref: Referral, history: list[EventRow]) -> ReferralRow:
    return ReferralRow(
        id=ref.id, case_id=ref.case_id, target=ReferralTarget(ref.target),
        recipient=ref.recipient,
        target_legal_area=LegalArea(ref.target_legal_area) if ref.target_legal_area else None,
        contact=ref.contact, purpose=ref.purpose, status=ReferralStatus(ref.status),
        sent_on=ref.sent_on, feedback_due=ref.feedback_due,
        consent_basis=ConsentBasis(ref.consent_basis),
        legal_exception=LegalException(ref.legal_exception) if ref.legal_exception else None,
        exception_reason=ref.exception_reason,
        child_protection_concern=ref.child_protection_concern, feedback=ref.feedback,
        history=tuple(history), row_version=ref.row_version,
    )


def referral_rows(session: Session, case_id: uuid.UUID) -> list[ReferralRow]:
    refs = session.exec(select(Referral).where(Referral.case_id == case_id)
                        .order_by(col(Referral.sent_on).desc(), Referral.created_at)).all()
    if not refs:
        return []
    events: dict[uuid.UUID, list[EventRow]] = {r.id: [] for r in refs}
    stmt = (select(ReferralEvent, Worker.display_name)
            .join(Worker, Worker.id == ReferralEvent.worker_id, isouter=True)
            .where(col(ReferralEvent.referral_id).in_(list(events)))
            .order_by(ReferralEvent.at))
    for ev, name in session.exec(stmt):
        events[ev.referral_id].append(EventRow(ReferralStatus(ev.status), ev.at, name or "",
                                               ev.note))
    return [_row(r, events[r.id]) for r in refs]


def list_for_case(db: Database, case_id: uuid.UUID) -> list[ReferralRow]:
    with db.read() as s:
        return referral_rows(s, case_id)


def case_of(db: Database, referral_id: uuid.UUID) -> uuid.UUID | None:
    """The case a referral belongs to (for the door's access check)."""
    with db.read() as s:
        return s.exec(select(Referral.case_id).where(Referral.id == referral_id)).first()


def get(db: Database, referral_id: uuid.UUID) -> ReferralRow | None:
    with db.read() as s:
        ref = s.get(Referral, referral_id)
        if ref is None:
            return None
        return next(r for r in referral_rows(s, ref.case_id) if r.id == referral_id)


def default_feedback_due(db: Database, worker_id: uuid.UUID, sent_on: date) -> date:
    with db.read() as s:
        return working_due(s, worker_id, FollowUpKind.referral,
                           sent_on + timedelta(days=DEFAULT_FEEDBACK_DAYS))
