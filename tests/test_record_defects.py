"""Regressions of issue 14 item 4, each through the service layer: the consent-expiry
follow-up, an outcome required for "done", a reason required for a phase change, and an
.ics without client names unless asked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select
from textual.widgets import TextArea

from caseterm.core import clock
from caseterm.core.inputs import FollowUpInput
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, FollowUpStatus
from caseterm.db.repo import followups as followups_repo
from caseterm.db.repo import notes as notes_repo
from caseterm.models.followup import FollowUp
from caseterm.models.intake import Consent
from caseterm.services import consents, followups
from tests.conftest import ctx_for, make_app, wait_idle


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


# -- 2. done needs an outcome --------------------------------------------------------------
def _fu(db, case_id, worker_id, text="Unterlagen anfordern") :
    with db.write() as s:
        return followups_repo.add_in(s, case_id, FollowUpInput(
            due_date=date(2026, 11, 20), next_step=text, kind=FollowUpKind.wiedervorlage),
            worker_id).id


def _status(db, fid) -> str:
    with db.read() as s:
        return s.get(FollowUp, fid).status


@pytest.mark.parametrize("outcome", ["", "   \n  "])
def test_done_without_an_outcome_is_refused(db, worker, make_case, outcome):
    case_id = make_case()
    fid = _fu(db, case_id, worker.id)
    with pytest.raises(InputError) as err:
        followups.done(ctx_for(db, worker), fid, outcome)
    assert "outcome" in err.value.errors
    assert _status(db, fid) == FollowUpStatus.open.value
    assert notes_repo.list_notes(db, case_id) == []


def test_done_with_an_outcome_becomes_a_contact_note(db, worker, make_case):
    case_id = make_case()
    fid = _fu(db, case_id, worker.id)
    followups.done(ctx_for(db, worker), fid, "  Unterlagen liegen vor.  ")
    assert _status(db, fid) == FollowUpStatus.done.value
    assert [n.text for n in notes_repo.list_notes(db, case_id)] == ["Unterlagen liegen vor."]


async def test_done_dialog_keeps_an_empty_outcome_open(db, worker, make_case):
    from caseterm.screens.queue import DoneDialog

    case_id = make_case()
    fid = _fu(db, case_id, worker.id)
    app = make_app(db, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("d")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DoneDialog)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DoneDialog)  # not closed
        assert _status(db, fid) == FollowUpStatus.open.value
        app.screen.query_one("#done-note", TextArea).text = "Erledigt mit Ergebnis."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, DoneDialog)
    assert _status(db, fid) == FollowUpStatus.done.value


# -- 3. a phase change needs a reason; the stepper shows the real state -------------------
def _phase(db, case_id) -> str:
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).phase


@pytest.mark.parametrize("reason", ["", "  "])
def test_phase_change_without_a_reason_is_refused(db, worker, make_case, reason):
    from caseterm.core.inputs import PhaseChangeInput, check_phase_change
    from caseterm.core.vocab import CasePhase
    from caseterm.services import cases

    case_id = make_case(phase="assessment")
    with pytest.raises(InputError) as err:
        check_phase_change({"target": "planning", "reason": reason})
    assert "reason" in err.value.errors
    with pytest.raises(InputError) as err:
        cases.change_phase(ctx_for(db, worker), case_id,
                           PhaseChangeInput(CasePhase.planning, reason, None), confirmed=True)
    assert "reason" in err.value.errors
    assert _phase(db, case_id) == "assessment"


def test_phase_change_with_a_reason_or_a_closure_reason(db, worker, make_case):
    from caseterm.core.inputs import check_phase_change
    from caseterm.services import cases

    case_id = make_case(phase="assessment")
    ctx = ctx_for(db, worker)
    cases.change_phase(ctx, case_id, check_phase_change(
        {"target": "planning", "reason": "Ziele erarbeiten"}), confirmed=True)
    assert _phase(db, case_id) == "planning"
    # a closure needs no extra text: its reason is the closure reason
    cases.change_phase(ctx, case_id, check_phase_change(
        {"target": "closure", "closure_reason": "goals_achieved"}))
    assert _phase(db, case_id) == "closure"


def test_cli_phase_change_needs_a_reason(db, worker, make_case):
    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.models.case import Case

    case_id = make_case(phase="assessment")
    with db.read() as s:
        number = s.get(Case, case_id).case_number
    result = CliRunner().invoke(app, ["--db", db.url, "case", "phase", number, "planning",
                                      "--yes"])
    assert result.exit_code == 1
    assert "reason" in result.output
    assert _phase(db, case_id) == "assessment"


def test_stepper_after_skipping_ahead_shows_the_assessment_not_complete():
    from caseterm.core.phases import CaseFacts, StepState, step_states
    from caseterm.core.vocab import CasePhase, label
    from caseterm.screens.case import phase_stepper

    states = dict(step_states(CasePhase.linking, CaseFacts(has_consent=True)))
    assert states[CasePhase.intake] is StepState.done
    assert states[CasePhase.assessment] is StepState.incomplete
    assert states[CasePhase.planning] is StepState.incomplete
    assert states[CasePhase.linking] is StepState.current
    assert states[CasePhase.monitoring] is StepState.ahead
    text = phase_stepper(CasePhase.linking, CaseFacts(has_consent=True)).plain
    assert "✓ Assessment" not in text
    assert "✗ Assessment (nicht abgeschlossen)" in text
    done = phase_stepper(CasePhase.linking, CaseFacts(True, True, True)).plain
    assert "✓ " + label(CasePhase.assessment) in done
    assert "✓ " + label(CasePhase.planning) in done


# -- 4. .ics without --with-names: case numbers and kinds only ------------------------------
def test_ics_without_names_carries_no_client_name(db, worker, make_case, tmp_path):
    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.models.case import Case

    case_id = make_case("Hans", "Große-Wortmann")
    with db.read() as s:
        number = s.get(Case, case_id).case_number
    fid = _fu(db, case_id, worker.id, "Termin: Hausbesuch bei Herrn Große-Wortmann")
    out = tmp_path / "wv.ics"
    result = CliRunner().invoke(app, ["--db", db.url, "queue", "--ics", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "Große-Wortmann" not in unfolded and "Hausbesuch" not in unfolded
    assert f"SUMMARY:Wiedervorlage — {number}" in unfolded
    assert f"UID:{fid}@caseterm" in unfolded

    named = tmp_path / "named.ics"
    from tests.test_ics_consent import calendar_consent

    calendar_consent(db, worker, case_id)  # names go to the calendar only with a consent
    result = CliRunner().invoke(app, ["--db", db.url, "queue", "--ics", str(named),
                                      "--with-names"])
    assert result.exit_code == 0, result.output
    assert "Große-Wortmann" in named.read_text(encoding="utf-8").replace("\r\n ", "")


def test_calendar_text_without_names_is_case_number_and_kind():
    from caseterm.core.queue import calendar_text

    t = calendar_text(kind_label="Termin", case_number="2026-0001", next_step="bei Frau Kaya",
                      client_name="Mia Kaya", assignee="Anna", legal=True,
                      child_protection=False, with_names=False)
    assert t.summary == "§ Termin — 2026-0001"
    assert "Kaya" not in t.summary + t.description + t.alarm


# -- 5. opening the assessment writes nothing; the first entry starts it -------------------
async def test_opening_the_assessment_writes_no_record(db, worker, make_case):
    from caseterm.core.schemes import DomainEntry
    from caseterm.models.assessment import Assessment
    from caseterm.services import assessment

    def count() -> int:
        with db.read() as s:
            return len(list(s.exec(select(Assessment).where(Assessment.case_id == case_id))))

    case_id = make_case(phase="assessment")
    ctx = ctx_for(db, worker)
    assert assessment.view(ctx, case_id).chosen is None
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert type(app.screen).__name__ == "AssessmentScreen"
        await pilot.press("escape")
        await wait_idle(pilot, app)
    assert count() == 0
    assessment.save_entry(ctx, case_id, None, DomainEntry("wohnen", problems="Mietschulden"))
    assert count() == 1
