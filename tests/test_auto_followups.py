"""Automatic follow-ups follow their sources and are never duplicated."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import select

from caseterm.core.inputs import NoteInput
from caseterm.core.vocab import FollowUpStatus, NoteKind
from caseterm.db.repo import auto_followups as auto
from caseterm.db.repo import followups, notes
from caseterm.db.repo import queue as q
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp


def _open(db, source_type, source_id):
    with db.read() as s:
        rows = s.exec(select(FollowUp).where(
            FollowUp.source_type == source_type, FollowUp.source_id == source_id,
            FollowUp.status == FollowUpStatus.open.value)).all()
        return [(r.id, r.due_date, r.next_step) for r in rows]


def test_no_contact_follows_the_last_note_and_is_not_duplicated(db, worker, make_case):
    case = make_case(legal_area="sgb2")
    with db.write() as s:
        s.get(Case, case).opened_on = date(2026, 10, 1)
    auto.refresh_cases(db, [case])
    auto.refresh_cases(db, [case])
    (first,) = _open(db, auto.NO_CONTACT, case)
    assert first[1] == date(2026, 11, 12)  # 1.10. + 6 weeks
    notes.add_note(db, case, NoteInput(kind=NoteKind.phone, text="Telefonat",
                                       occurred_at=datetime(2026, 11, 20, 9, tzinfo=UTC)),
                   worker.id)
    auto.refresh_for_worker(db, worker.id)
    (moved,) = _open(db, auto.NO_CONTACT, case)
    assert moved[0] == first[0] and moved[1] == date(2027, 1, 4)  # 1.1. holiday, weekend


def test_no_contact_weeks_per_legal_area(db, worker, make_case):
    case = make_case(legal_area="sgb8")
    auto.set_no_contact_weeks(db, "sgb8", 2)
    auto.refresh_cases(db, [case])
    (row,) = _open(db, auto.NO_CONTACT, case)
    assert row[1] == date(2026, 12, 7)
    auto.set_no_contact_weeks(db, "sgb8", 0)  # switched off
    auto.refresh_cases(db, [case])
    assert _open(db, auto.NO_CONTACT, case) == []


def test_stalled_phase_follows_the_phase_and_closure_cancels(db, worker, make_case):
    case = make_case(phase="assessment")
    with db.write() as s:
        c = s.get(Case, case)
        c.phase_since = datetime(2026, 9, 1, 8, tzinfo=UTC)
    auto.refresh_cases(db, [case])
    (row,) = _open(db, auto.STALLED, case)
    assert row[1] == date(2026, 10, 13)  # 6 weeks after 1.9.
    with db.write() as s:
        c = s.get(Case, case)
        c.phase, c.phase_since = "planning", datetime(2026, 11, 20, 8, tzinfo=UTC)
    auto.refresh_cases(db, [case])
    (moved,) = _open(db, auto.STALLED, case)
    assert moved[0] == row[0] and moved[1] == date(2027, 1, 4)
    with db.write() as s:
        c = s.get(Case, case)
        c.phase, c.closed_on = "closure", date(2026, 11, 23)
    auto.refresh_cases(db, [case])
    assert _open(db, auto.STALLED, case) == [] and _open(db, auto.NO_CONTACT, case) == []


def test_done_automatic_follow_up_is_not_recreated_for_the_same_date(db, worker, make_case):
    case = make_case()
    auto.refresh_cases(db, [case])
    (row,) = _open(db, auto.NO_CONTACT, case)
    q.done(db, row[0], worker.id, "")  # done without a note: no new contact
    auto.refresh_cases(db, [case])
    assert _open(db, auto.NO_CONTACT, case) == []


def test_consent_expiry_follows_the_consent(db, worker, make_case):
    case = make_case()
    consent = uuid.uuid4()
    with db.write() as s:
        auto.sync_consent_expiry(s, case_id=case, consent_id=consent,
                                 expires_on=date(2027, 3, 31))
    (row,) = _open(db, auto.CONSENT, consent)
    assert row[1] == date(2027, 3, 3)
    with db.write() as s:
        auto.sync_consent_expiry(s, case_id=case, consent_id=consent,
                                 expires_on=date(2027, 6, 30))
    (moved,) = _open(db, auto.CONSENT, consent)
    assert moved[0] == row[0] and moved[1] == date(2027, 6, 2)
    with db.write() as s:
        auto.sync_consent_expiry(s, case_id=case, consent_id=consent,
                                 expires_on=date(2027, 6, 30), active=False)
    assert _open(db, auto.CONSENT, consent) == []


def test_measure_dropped_cancels_its_follow_up(db, worker, make_case):
    case = make_case()
    measure = uuid.uuid4()
    with db.write() as s:
        followups.sync_source(s, case_id=case, source_type="measure", source_id=measure,
                              due_date=date(2026, 12, 1), next_step="Kurs prüfen",
                              assignee_id=worker.id)
    with db.write() as s:
        assert followups.cancel_source(s, "measure", measure, "Maßnahme entfallen") == 1
    assert _open(db, "measure", measure) == []
