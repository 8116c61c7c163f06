"""Automatic follow-ups kept in step with what they watch.

Sources handled here (each keeps at most one open follow-up, through
`followups.sync_source`, so a refresh never duplicates):

- `no_contact` (source id = case id): no contact note for N weeks (N per legal area,
  configurable in the settings as `followups.no_contact_weeks.<area>`);
- `stalled_phase` (source id = case id): the case has stayed in its phase longer than usual;
- `referral`: a referral's expected feedback (see repo.referrals);
- `consent_expiry`: a consent's end date (`sync_consent_expiry`, called when a consent is
  recorded or withdrawn, and by the refresh for every consent of the cases), due
  `followups.consent_weeks_ahead` weeks before the end (default in core.queue).

- `sync_conflict` (source id = case id): the case has open sync conflicts (a field changed
  at the centre and on a laptop from the same state); one follow-up per case until every
  conflict is decided, then it is marked done. Its id is derived from the oldest open
  conflict, so the centre and a laptop that both refresh make the same follow-up, not two.

Measures and agreements call `followups.sync_source` themselves (the goals part).
A refresh after something changed moves each due date along; a closed case loses them.
An automatic follow-up that was marked done is not made again for the same date.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text
from caseterm.core.followup_text import GenText
from caseterm.core.queue import (
    DEFAULT_CONSENT_WEEKS_AHEAD,
    DEFAULT_NO_CONTACT_WEEKS,
    DEFAULT_STALL_WEEKS,
    consent_reminder_due,
    no_contact_due,
    stalled_due,
)
from caseterm.core.vocab import CasePhase, FollowUpKind, FollowUpStatus, Priority
from caseterm.core.workdays import calendar_for
from caseterm.db.engine import Database
from caseterm.db.repo.followups import cancel_source, sync_source
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.note import ContactNote
from caseterm.models.referral import FEEDBACK_DONE, Referral
from caseterm.models.setting import Setting
from caseterm.models.worker import Worker

NO_CONTACT = "no_contact"
STALLED = "stalled_phase"
CONSENT = "consent"
SETTING_PREFIX = "followups.no_contact_weeks."
CONSENT_WEEKS_KEY = "followups.consent_weeks_ahead"


def no_contact_weeks(session: Session) -> dict[str, int]:
    weeks = dict(DEFAULT_NO_CONTACT_WEEKS)
    for row in session.exec(select(Setting).where(col(Setting.key).startswith(SETTING_PREFIX))):
        area = row.key[len(SETTING_PREFIX):]
        try:
            weeks[area] = max(0, int(row.value))
        except ValueError:
            continue
    return weeks


def set_no_contact_weeks(db: Database, area: str, weeks: int) -> None:
    """0 switches the rule off for that legal area."""
    from caseterm.db.repo import settings

    if weeks < 0:
        raise ValueError("weeks must not be negative")
    settings.set(db, SETTING_PREFIX + area, str(weeks))


def consent_weeks_ahead(session: Session) -> int:
    """Weeks before a consent ends that its follow-up falls due (setting, else the default)."""
    from caseterm.db.repo import settings

    raw = settings.get_in(session, CONSENT_WEEKS_KEY)
    try:
        return max(0, int(raw)) if raw is not None else DEFAULT_CONSENT_WEEKS_AHEAD
    except ValueError:
        return DEFAULT_CONSENT_WEEKS_AHEAD


def set_consent_weeks_ahead(db: Database, weeks: int) -> None:
    from caseterm.db.repo import settings

    if weeks < 0:
        raise ValueError("weeks must not be negative")
    settings.set(db, CONSENT_WEEKS_KEY, str(weeks))


def _already_done(session: Session, source_type: str, source_id: uuid.UUID,
                  due: date) -> bool:
    """A follow-up of this source for this very date was done or cancelled already."""
    return session.exec(select(FollowUp.id).where(
        FollowUp.source_type == source_type, FollowUp.source_id == source_id,
        FollowUp.status != FollowUpStatus.open.value, FollowUp.due_date >= due,
    ).limit(1)).first() is not None


def _sync(session: Session, *, case: Case, source_type: str, source_id: uuid.UUID,
          due: date, text: GenText, kind: FollowUpKind, priority: Priority = Priority.normal
          ) -> None:
    if _already_done(session, source_type, source_id, due):
        return
    sync_source(session, case_id=case.id, source_type=source_type, source_id=source_id,
                due_date=due, next_step=text, assignee_id=case.lead_worker_id, kind=kind,
                priority=priority)


def refresh_cases_in(session: Session, case_ids: Iterable[uuid.UUID]) -> int:
    """Bring the automatic follow-ups of these cases in step; returns how many follow-ups
    were created, moved or cancelled (0: nothing changed). Works in chunks with a few
    queries per chunk, and writes only what changed."""
    ids = list(case_ids)
    if not ids:
        return 0
    weeks = no_contact_weeks(session)
    changed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cases = session.exec(select(Case).where(col(Case.id).in_(chunk))).all()
        last_contact = dict(session.exec(
            select(ContactNote.case_id, func.max(ContactNote.occurred_at))
            .where(col(ContactNote.case_id).in_(chunk)).group_by(ContactNote.case_id)).all())
        leads = {c.lead_worker_id for c in cases}
        cals = {w.id: calendar_for(w.land, w.catholic_municipality, w.augsburg)
                for w in session.exec(select(Worker).where(col(Worker.id).in_(leads)))}
        auto_rows = session.exec(select(FollowUp).where(
            col(FollowUp.case_id).in_(chunk),
            col(FollowUp.source_type).in_((NO_CONTACT, STALLED)))).all()
        open_by: dict[tuple[str, uuid.UUID], FollowUp] = {}
        closed_max: dict[tuple[str, uuid.UUID], date] = {}
        for fu in auto_rows:
            key = (fu.source_type, fu.source_id)
            if fu.status == FollowUpStatus.open.value:
                open_by[key] = fu
            elif key not in closed_max or fu.due_date > closed_max[key]:
                closed_max[key] = fu.due_date
        for case in cases:
            cal = cals.get(case.lead_worker_id) or calendar_for("NW")
            closed = case.phase == CasePhase.closure.value or case.closed_on is not None
            wanted: dict[str, tuple[date, GenText, FollowUpKind] | None] = {
                NO_CONTACT: None, STALLED: None}
            if not closed:
                n = weeks.get(case.legal_area, 0)
                if n > 0:
                    last = last_contact.get(case.id)
                    last_day = _as_date(last) if last is not None else case.opened_on
                    wanted[NO_CONTACT] = (
                        no_contact_due(last_day, n, cal),
                        followup_text.make("no_contact", date=last_day),
                        FollowUpKind.no_contact)
                stall = DEFAULT_STALL_WEEKS.get(case.phase)
                if stall:
                    since = _as_date(case.phase_since) if case.phase_since else case.opened_on
                    wanted[STALLED] = (
                        stalled_due(since, stall, cal),
                        followup_text.make("stalled_phase", date=since),
                        FollowUpKind.stalled_phase)
            for source, want in wanted.items():
                key = (source, case.id)
                existing = open_by.get(key)
                if want is None:
                    if existing is not None:
                        existing.status = FollowUpStatus.cancelled.value
                        existing.outcome_note = _("Case closed.") if closed else ""
                        changed += 1
                    continue
                due, gen, kind = want
                if existing is not None:
                    # key and data, not the sentence: a refresh in another language is no change
                    if (existing.due_date, existing.text_key, existing.text_data,
                            existing.assignee_id) != (due, gen.key, gen.data,
                                                      case.lead_worker_id):
                        existing.due_date, existing.next_step = due, gen.text
                        existing.text_key, existing.text_data = gen.key, gen.data
                        existing.assignee_id = case.lead_worker_id
                        changed += 1
                elif closed_max.get(key, date.min) < due:
                    session.add(FollowUp(case_id=case.id, kind=kind.value, due_date=due,
                                         next_step=gen.text, text_key=gen.key,
                                         text_data=gen.data, assignee_id=case.lead_worker_id,
                                         source_type=source, source_id=case.id))
                    changed += 1
        # referral feedback
        by_case = {c.id: c for c in cases}
        referrals = session.exec(select(Referral).where(
            col(Referral.case_id).in_(chunk),
            col(Referral.status).not_in([s.value for s in FEEDBACK_DONE]))).all()
        if referrals:
            from caseterm.db.repo.referrals import _sync_followup

            for ref in referrals:
                case = by_case[ref.case_id]
                if case.closed_on is not None:
                    changed += cancel_source(session, "referral", ref.id, "")
                else:
                    _sync_followup(session, case, ref)
        _refresh_consents(session, by_case)
        changed += refresh_sync_conflicts(session, by_case)
        session.flush()
    return changed


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def refresh_cases(db: Database, case_ids: Iterable[uuid.UUID]) -> int:
    with db.write() as s:
        return refresh_cases_in(s, case_ids)


def refresh_for_worker(db: Database, worker_id: uuid.UUID) -> int:
    """Refresh the open cases a worker leads (run when the queue opens); then keep the mark
    that lets the next refresh be skipped while nothing it reads has changed
    (db/repo/refresh_mark.py), in the same transaction."""
    from caseterm.db.repo import refresh_mark

    with db.write() as s:
        ids = s.exec(select(Case.id).where(Case.lead_worker_id == worker_id,
                                           col(Case.closed_on).is_(None))).all()
        changed = refresh_cases_in(s, ids)
        s.flush()  # the audit entries of this refresh move the trail's head first
        refresh_mark.store(s, worker_id, refresh_mark.current(s, clock.today()))
        return changed


def refresh_all(db: Database) -> int:
    with db.read() as s:
        ids = s.exec(select(Case.id)).all()
    return refresh_cases(db, ids)


# -- consents -----------------------------------------------------------------------------
def sync_consent_expiry(session: Session, *, case_id: uuid.UUID, consent_id: uuid.UUID,
                        expires_on: date | None, active: bool = True,
                        recipient: str = "", weeks_ahead: int | None = None) -> None:
    """Keep the follow-up "consent expires" of one consent in step: a consent with an end
    date that is in force gets a follow-up `weeks_ahead` weeks before (to renew it in time;
    None: the setting); a withdrawn or changed one has its follow-up cancelled or moved."""
    case = session.get(Case, case_id)
    if case is None:
        return
    if not active or expires_on is None or case.closed_on is not None:
        cancel_source(session, CONSENT, consent_id, "")
        return
    if weeks_ahead is None:
        weeks_ahead = consent_weeks_ahead(session)
    remind = consent_reminder_due(expires_on, clock.today(), weeks_ahead)
    text = followup_text.make("consent_expiry", date=expires_on,
                              suffix=f" ({recipient})" if recipient else "")
    _sync(session, case=case, source_type=CONSENT, source_id=consent_id, due=remind,
          text=text, kind=FollowUpKind.consent_expiry)


def _refresh_consents(session: Session, cases: dict[uuid.UUID, Case]) -> None:
    """Every consent of these cases: its expiry follow-up in step."""
    from caseterm.models.intake import Consent

    if not cases:
        return
    weeks = consent_weeks_ahead(session)
    for row in session.exec(select(Consent).where(col(Consent.case_id).in_(list(cases)))):
        sync_consent_expiry(session, case_id=row.case_id, consent_id=row.id,
                            expires_on=row.valid_until, active=row.withdrawn_on is None,
                            weeks_ahead=weeks)


# -- sync conflicts ---------------------------------------------------------------------------
SYNC_CONFLICT = "sync_conflict"
_SYNC_NS = uuid.UUID("6f1d3c1e-5b7a-4d0e-9a51-3c2f0b8e7d14")


def refresh_sync_conflicts(session: Session, cases: dict[uuid.UUID, Case]) -> int:
    """Open sync conflicts of these cases are in the queue (one follow-up per case, due the
    day the first one came), until each is decided; returns how many follow-ups changed."""
    from caseterm.models.sync import ConflictState, SyncConflict

    if not cases:
        return 0
    ids = list(cases)
    open_conflicts: dict[uuid.UUID, list[SyncConflict]] = {}
    for c in session.exec(select(SyncConflict).where(
            col(SyncConflict.case_id).in_(ids),
            SyncConflict.state == ConflictState.open.value)):
        open_conflicts.setdefault(c.case_id, []).append(c)  # type: ignore[arg-type]
    existing = {fu.source_id: fu for fu in session.exec(select(FollowUp).where(
        col(FollowUp.case_id).in_(ids), FollowUp.source_type == SYNC_CONFLICT,
        FollowUp.status == FollowUpStatus.open.value))}
    changed = 0
    for case_id, case in cases.items():
        found = open_conflicts.get(case_id, [])
        fu = existing.get(case_id)
        if not found or case.closed_on is not None:
            if fu is not None:
                fu.status = FollowUpStatus.done.value
                fu.done_at = clock.now()
                fu.outcome_note = _("Every sync conflict of the case was decided.")
                changed += 1
            continue
        n = len(found)
        text = (_("Sync conflict: decide which value counts (K opens the review).") if n == 1
                else _("Sync conflicts: decide {n} fields (K opens the review).").format(n=n))
        if fu is not None:
            if fu.next_step != text:
                fu.next_step = text
                changed += 1
            continue
        first = min(found, key=lambda c: (c.created_at, str(c.id)))
        fu_id = uuid.uuid5(_SYNC_NS, f"{case_id}:{first.id}")
        if session.get(FollowUp, fu_id) is not None:
            continue  # made here or arrived from the other side, and done meanwhile
        session.add(FollowUp(id=fu_id, case_id=case_id, kind=FollowUpKind.wiedervorlage.value,
                             due_date=_as_date(first.created_at), next_step=text,
                             assignee_id=case.lead_worker_id, priority=Priority.high.value,
                             source_type=SYNC_CONFLICT, source_id=case_id))
        changed += 1
    return changed
