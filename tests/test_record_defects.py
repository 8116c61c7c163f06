"""Regressions of issue 14 item 4, each through the service layer: the consent-expiry
follow-up, an outcome required for "done", a reason required for a phase change, and an
.ics without client names unless asked."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from caseterm.core import clock
from caseterm.core.vocab import FollowUpKind, FollowUpStatus
from caseterm.models.followup import FollowUp
from caseterm.models.intake import Consent
from caseterm.services import consents, followups
from tests.conftest import ctx_for


def _consent_followups(db, case_id) -> list[FollowUp]:
    with db.read() as s:
        rows = list(s.exec(select(FollowUp).where(
            FollowUp.case_id == case_id, FollowUp.kind == FollowUpKind.consent_expiry.value)))
        for r in rows:
            s.expunge(r)
        return rows


def _raw_consent(until: date) -> dict:
    return {"purposes": ["case_management"], "given_on": clock.today().strftime("%d.%m.%Y"),
            "valid_until": until.strftime("%d.%m.%Y"), "information_given": True}


# -- 1. consent expiry -------------------------------------------------------------------
def test_consent_ending_in_three_weeks_reaches_the_queue(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    consents.record(ctx, case_id, _raw_consent(clock.today() + timedelta(weeks=3)))
    rows = _consent_followups(db, case_id)
    assert len(rows) == 1
    assert rows[0].status == FollowUpStatus.open.value
    assert rows[0].due_date == clock.today()  # inside the four weeks ahead: due now
    assert rows[0].assignee_id == worker.id
    flt = followups.queue_filter(ctx)
    assert [r.kind for r in followups.all_rows(ctx, flt)] == [FollowUpKind.consent_expiry]


def test_refresh_creates_the_consent_followup_of_a_stored_consent(db, worker, make_case):
    """A consent stored without the follow-up (as before the fix) gets it on refresh."""
    case_id = make_case()
    with db.write() as s:
        s.add(Consent(case_id=case_id, purposes="case_management", given_on=clock.today(),
                      valid_until=clock.today() + timedelta(weeks=3)))
    assert _consent_followups(db, case_id) == []
    followups.refresh(ctx_for(db, worker))
    rows = _consent_followups(db, case_id)
    assert [r.due_date for r in rows] == [clock.today()]
    followups.refresh(ctx_for(db, worker))
    assert len(_consent_followups(db, case_id)) == 1  # no duplicate


def test_consent_weeks_ahead_is_configurable(db, worker, make_case):
    from caseterm.db.repo import workers

    with db.write() as s:
        lena = workers.add(s, username="lena", display_name="Lena Lang", role="team_lead",
                           team="Team Nord", land="NW")
    lead_ctx = ctx_for(db, lena)
    assert followups.consent_weeks_ahead(lead_ctx) == 4
    assert followups.set_consent_weeks_ahead(lead_ctx, 8) == 8
    case_id = make_case()
    until = clock.today() + timedelta(weeks=10)
    consents.record(ctx_for(db, worker), case_id, _raw_consent(until))
    assert [r.due_date for r in _consent_followups(db, case_id)] == [
        until - timedelta(weeks=8)]


def test_withdrawn_consent_cancels_its_followup(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    cid = consents.record(ctx, case_id, _raw_consent(clock.today() + timedelta(weeks=3)))
    consents.withdraw(ctx, cid, {"withdrawn_on": clock.today().strftime("%d.%m.%Y")})
    assert [r.status for r in _consent_followups(db, case_id)] == [
        FollowUpStatus.cancelled.value]
