"""Issue 13, the office's people: absence windows and the deputy's summary, what the deputy
did, hand-over of a case with acceptance and the previous owner's read period, referrals
answered by the receiving worker, and the team lead's desk (caseload, approvals, bulk
reassignment in one transaction) — rules, the door, and the CLI twins."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core import clock
from caseterm.core.access import (
    AbsenceWindow,
    Actor,
    CaseScope,
    Need,
    Share,
    check_absence,
    check_handover,
    covered_workers,
    decide,
    handover_read_until,
    may_accept_handover,
)
from caseterm.core.inputs import FollowUpInput, NoteInput
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, LegalArea, NoteKind, Role
from caseterm.db.repo import followups as followups_repo
from caseterm.db.repo import workers
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.models.office import AuditEntry, CaseShare
from caseterm.models.people import CaseHandover
from caseterm.services import AccessDenied, cases, people, referrals, team
from caseterm.services import workers as workers_svc
from tests.conftest import TODAY, ctx_for

A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


# -- rules --
def test_absence_window_covers_its_first_and_last_day_only():
    w = AbsenceWindow(A, B, date(2026, 12, 1), date(2026, 12, 3))
    assert not w.active(date(2026, 11, 30))
    assert w.active(date(2026, 12, 1)) and w.active(date(2026, 12, 3))
    assert not w.active(date(2026, 12, 4))
    assert covered_workers(B, Role.caseworker, [w], [], date(2026, 12, 2)) == {A}
    assert covered_workers(B, Role.caseworker, [w], [], date(2026, 12, 4)) == frozenset()


def test_absence_errors_by_field():
    assert "ends_on" in check_absence(A, B, date(2026, 12, 3), date(2026, 12, 1), [])
    assert "deputy" in check_absence(A, A, date(2026, 12, 1), date(2026, 12, 3), [])
    overlapping = [AbsenceWindow(B, C, date(2026, 12, 3), date(2026, 12, 10))]
    assert "deputy" in check_absence(A, B, date(2026, 12, 1), date(2026, 12, 3), overlapping)
    # touching is not overlapping: the deputy is back the day after
    assert check_absence(A, B, date(2026, 12, 11), date(2026, 12, 12), overlapping) == {}


def test_handover_rules():
    assert "to" in check_handover(A, None, "", False)
    assert "to" in check_handover(A, None, "Nowhere", False)
    assert "to" in check_handover(A, A, "", True)
    assert "to" in check_handover(A, B, "", True, receiver_active=False)
    assert check_handover(A, B, "", True) == {}
    assert handover_read_until(TODAY, 30) == TODAY + timedelta(days=30)
    assert handover_read_until(TODAY, 0) is None
    me = Actor(B, "b", "B", Role.caseworker)
    assert may_accept_handover(me, B, "", "")
    assert not may_accept_handover(me, C, "", "")
    assert may_accept_handover(me, None, "Jugendamt", "jugendamt")
    assert not may_accept_handover(Actor(B, "b", "B", Role.admin), B, "", "")


def test_previous_owner_reads_until_the_period_ends_and_never_writes():
    scope = CaseScope(uuid.uuid4(), "X", LegalArea.sgb2, B, None,
                      shares=(Share(A, "read", TODAY + timedelta(days=30)),))
    old = Actor(A, "a", "A", Role.caseworker)
    assert decide(old, scope, Need.read, TODAY).allowed
    assert not decide(old, scope, Need.write, TODAY).allowed
    assert not decide(old, scope, Need.read, TODAY + timedelta(days=31)).allowed


# -- an office --
def _fu(db, case_id, due, assignee, text, kind=FollowUpKind.wiedervorlage):
    with db.write() as s:
        return followups_repo.add_in(s, case_id, FollowUpInput(due_date=due, next_step=text,
                                                               kind=kind), assignee).id


@pytest.fixture
def office(db, worker, make_case):
    """Anna (caseworker, SGB II), Bea (caseworker), Jana (youth office, SGB VIII), Lena (team
    lead of Team Nord), Carl (Team Süd)."""
    with db.write() as s:
        ids = {}
        for name, display, role, team_name, office_name in [
                ("bea", "Bea Brandt", "caseworker", "Team Nord", "Rathaus"),
                ("jana", "Jana Jugend", "caseworker", "ASD", "Jugendamt"),
                ("lena", "Lena Lang", "team_lead", "Team Nord", "Rathaus"),
                ("carl", "Carl Clasen", "caseworker", "Team Süd", "Rathaus")]:
            ids[name] = workers.add(s, username=name, display_name=display, role=role,
                                    team=team_name, office=office_name, land="NW").id
    ids["anna"] = worker.id
    ids["case"] = make_case("Jürgen", "Müller", child_protection=True)
    ids["case2"] = make_case("Mia", "Kaya")
    _fu(db, ids["case"], date(2026, 11, 18), worker.id, "Überfälliger Anruf")
    _fu(db, ids["case"], date(2026, 11, 26), worker.id, "Widerspruchsfrist", FollowUpKind.frist)
    _fu(db, ids["case2"], date(2026, 11, 27), worker.id, "Termin im Amt", FollowUpKind.termin)
    return ids


def _ctx(db, wid):
    from caseterm.db.repo.workers import get

    return ctx_for(db, get(db, wid))


def _number(db, case_id):
    with db.read() as s:
        return s.get(Case, case_id).case_number


def _entries(db, action):
    with db.read() as s:
        return [(e.entity, e.record_id, e.detail) for e in
                s.exec(select(AuditEntry).where(AuditEntry.action == action))]


def test_deputy_sees_cases_and_summary_only_during_the_absence(db, office):
    anna = _ctx(db, office["anna"])
    workers_svc.set_absence(anna, None, "bea", TODAY, TODAY + timedelta(days=4))
    bea = _ctx(db, office["bea"])
    cases.open_record(bea, office["case"])  # during the absence: allowed
    [(absence_id, summary)] = people.deputy_summaries(bea, unseen_only=True)
    assert [c.case_number for c in summary.child_protection] == [_number(db, office["case"])]
    assert [i.text for i in summary.overdue] == ["Überfälliger Anruf"]
    assert [i.text for i in summary.deadlines] == ["Widerspruchsfrist"]
    assert [i.text for i in summary.appointments] == ["Termin im Amt"]
    people.mark_seen(bea, "summary", absence_id)
    assert people.deputy_summaries(bea, unseen_only=True) == []
    # the day after the absence everything is back with Anna: Bea is refused (audited)
    clock.set_today(TODAY + timedelta(days=5))
    bea = _ctx(db, office["bea"])
    with pytest.raises(AccessDenied):
        cases.open_record(bea, office["case"])
    assert people.deputy_summaries(bea) == []
    assert any(d and "open" in d for _e, _r, d in _entries(db, "refuse"))


def test_a_deputy_absent_herself_is_refused_and_nothing_is_saved(db, office):
    bea = _ctx(db, office["bea"])
    workers_svc.set_absence(bea, None, "carl", TODAY, TODAY + timedelta(days=2))
    anna = _ctx(db, office["anna"])
    with pytest.raises(InputError) as err:
        workers_svc.set_absence(anna, None, "bea", TODAY + timedelta(days=1),
                                TODAY + timedelta(days=3))
    assert "deputy" in err.value.errors
    with pytest.raises(InputError) as err:
        workers_svc.set_absence(anna, None, "carl", TODAY + timedelta(days=3), TODAY)
    assert "ends_on" in err.value.errors
    assert len(workers_svc.absences(anna)) == 1


def test_returning_worker_sees_what_the_deputy_did(db, office):
    from datetime import UTC, datetime

    # the audit trail keeps real time: this test runs on the real today
    today = datetime.now(UTC).date()
    clock.set_today(today)
    anna = _ctx(db, office["anna"])
    workers_svc.set_absence(anna, None, "bea", today, today + timedelta(days=2))
    bea = _ctx(db, office["bea"])
    cases.add_note(bea, office["case"], NoteInput(kind=NoteKind.phone, text="Rückruf Mutter",
                                                  participants=""))
    clock.set_today(today + timedelta(days=3))
    anna = _ctx(db, office["anna"])
    found = people.report_unseen(anna)
    assert found is not None
    absence_id, deputy, actions = found
    assert deputy == "Bea Brandt"
    assert any(a.entity == "contact_note" and a.case_number == _number(db, office["case"])
               for a in actions)
    people.mark_seen(anna, "report", absence_id)
    assert people.report_unseen(anna) is None
    with pytest.raises(AccessDenied):  # only the returning worker reads it
        people.deputy_report(_ctx(db, office["bea"]), absence_id)


def test_escalation_reaches_the_standing_deputy_then_the_team_lead(db, office):
    from caseterm.services import followups

    with db.write() as s:
        from caseterm.models.worker import Worker

        anna_w = s.get(Worker, office["anna"])
        anna_w.deputy_id = office["bea"]
        anna_w.team_lead_id = office["lena"]
    late6 = _fu(db, office["case2"], TODAY - timedelta(days=10), office["anna"], "6 Tage")
    late12 = _fu(db, office["case2"], TODAY - timedelta(days=20), office["anna"], "14 Tage")
    # escalated items show only on cases the receiver may read: Bea is the case's deputy
    with db.write() as s:
        s.get(Case, office["case2"]).deputy_worker_id = office["bea"]
    bea = _ctx(db, office["bea"])
    rows = followups.all_rows(bea, followups.queue_filter(bea))
    assert {r.id for r in rows} >= {late6, late12}
    lena = _ctx(db, office["lena"])
    lena_rows = {r.id for r in followups.all_rows(lena, followups.queue_filter(lena))}
    assert late12 in lena_rows and late6 not in lena_rows


# -- hand-over --
def test_handover_accept_moves_case_and_keeps_previous_owner_reading(db, office):
    anna = _ctx(db, office["anna"])
    for bad, field in [("", "to"), ("nobody", "to"), ("anna", "to")]:
        with pytest.raises(InputError) as err:
            people.handover(anna, office["case"], bad, "Notiz")
        assert field in err.value.errors
    with pytest.raises(InputError) as err:
        people.handover(anna, office["case"], "bea", "  ")
    assert "note" in err.value.errors
    with db.read() as s:
        assert s.exec(select(CaseHandover)).first() is None  # nothing changed
    row = people.handover(anna, office["case"], "bea", "Mutter kooperativ, Frist beachten")
    assert row.to_worker == "Bea Brandt"
    carl = _ctx(db, office["carl"])
    with pytest.raises(AccessDenied):
        people.accept_handover(carl, row.id)
    bea = _ctx(db, office["bea"])
    assert [h.id for h in people.incoming_handovers(bea)] == [row.id]
    summary = people.accept_handover(bea, row.id)
    assert [i.text for i in summary.overdue] == ["Überfälliger Anruf"]
    with db.read() as s:
        case = s.get(Case, office["case"])
        assert case.lead_worker_id == office["bea"]
        assert {f.assignee_id for f in s.exec(select(FollowUp).where(
            FollowUp.case_id == office["case"]))} == {office["bea"]}
    anna = _ctx(db, office["anna"])
    cases.open_record(anna, office["case"])  # reads during the period
    with pytest.raises(AccessDenied):
        cases.add_note(anna, office["case"], NoteInput(kind=NoteKind.phone, text="x",
                                                       participants=""))
    history = cases.history(_ctx(db, office["bea"]), office["case"])
    assert any(e.entity == "case_handover" for e in history)
    clock.set_today(TODAY + timedelta(days=31))
    with pytest.raises(AccessDenied):
        cases.open_record(_ctx(db, office["anna"]), office["case"])


def test_handover_read_period_is_the_offices_setting(db, office):
    lena = _ctx(db, office["lena"])
    with pytest.raises(AccessDenied):
        people.set_handover_read_days(_ctx(db, office["anna"]), 0)
    with pytest.raises(InputError):
        people.set_handover_read_days(lena, -1)
    people.set_handover_read_days(lena, 0)
    anna = _ctx(db, office["anna"])
    row = people.handover(anna, office["case2"], "bea", "Übergabe")
    people.accept_handover(_ctx(db, office["bea"]), row.id)
    with pytest.raises(AccessDenied):
        cases.open_record(_ctx(db, office["anna"]), office["case2"])


def test_handover_to_an_office_is_accepted_by_a_worker_there(db, office):
    anna = _ctx(db, office["anna"])
    row = people.handover(anna, office["case2"], "Jugendamt", "Zuständigkeit SGB VIII")
    assert row.to_office == "Jugendamt"
    assert people.incoming_handovers(_ctx(db, office["bea"])) == []
    jana = _ctx(db, office["jana"])
    people.accept_handover(jana, people.pending_handover_of(jana, row.case_number))
    with db.read() as s:
        assert s.get(Case, office["case2"]).lead_worker_id == office["jana"]


# -- referrals answered --
def _refer(db, office, **extra):
    anna = _ctx(db, office["anna"])
    raw = {"target": "specialist", "recipient": "ASD Jugendamt", "target_legal_area": "sgb8",
           "purpose": "Erziehungshilfe prüfen", "recipient_worker": "jana", **extra}
    return referrals.create(anna, office["case2"], raw)


def test_child_protection_referral_is_never_held_back_by_missing_consent(db, office):
    with pytest.raises(InputError):  # without consent and without concern: refused
        _refer(db, office)
    rid = _refer(db, office, child_protection_concern=True)
    row = referrals.get(_ctx(db, office["anna"]), rid)
    assert row.legal_exception.value == "child_protection"
    assert "8a" in row.exception_reason


def test_receiver_answers_and_sender_followup_closes(db, office):
    rid = _refer(db, office, child_protection_concern=True)
    jana = _ctx(db, office["jana"])
    [incoming] = people.incoming_referrals(jana)
    assert incoming.child_protection_concern and incoming.sender == "Anna Becker"
    # she sees what the referral shares, not the sender's case
    with pytest.raises(AccessDenied):
        cases.open_record(jana, office["case2"])
    with pytest.raises(AccessDenied):
        referrals.get(jana, rid)
    with pytest.raises(InputError) as err:
        people.answer_referral(jana, rid, "declined", "")
    assert "reason" in err.value.errors
    with pytest.raises(AccessDenied):  # only the named receiver answers
        people.answer_referral(_ctx(db, office["bea"]), rid, "contact_made")
    people.answer_referral(jana, rid, "contact_made", "Hausbesuch vereinbart")
    with db.read() as s:
        fu = s.exec(select(FollowUp).where(FollowUp.source_type == "referral",
                                           FollowUp.source_id == rid)).one()
        assert fu.status == "done" and "Jana Jugend" in fu.outcome_note
        # neither side takes over the other's tasks: Jana had only her own "answer" row,
        # closed by the answer
        [mine] = s.exec(select(FollowUp).where(FollowUp.assignee_id == office["jana"])).all()
        assert mine.source_type == "referral_answer" and mine.status == "done"
    assert people.incoming_referrals(jana)[0].status.value == "contact_made"
    people.answer_referral(jana, rid, "feedback_received", "Hilfe läuft")
    assert people.incoming_referrals(jana) == []


def _jana_queue(db, office):
    from caseterm.services import followups

    jana = _ctx(db, office["jana"])
    return followups.page(jana, followups.queue_filter(jana))


def test_received_referral_is_a_row_of_the_receivers_queue(db, office):
    from caseterm.services import followups

    # a referral without a child-protection concern, due today, sent first ...
    other = _refer(db, office, legal_exception="sgb_x_69", feedback_due=TODAY,
                   exception_reason="Eigene Aufgabe der Jugendhilfe")
    # ... comes after the child-protection concern
    anna = _ctx(db, office["anna"])
    rid = referrals.create(anna, office["case"], {
        "target": "specialist", "recipient": "ASD Jugendamt", "target_legal_area": "sgb8",
        "purpose": "Erziehungshilfe prüfen", "recipient_worker": "jana",
        "child_protection_concern": True})
    rows = _jana_queue(db, office)
    assert [r.referral_id for r in rows] == [rid, other]
    assert rows[0].child_protection and not rows[1].child_protection
    assert rows[0].case_number == _number(db, office["case"])
    assert "Anna Becker" in rows[0].next_step and "Erziehungshilfe" in rows[0].next_step
    assert rows[0].due_date == TODAY  # a child-protection concern is due at once
    jana = _ctx(db, office["jana"])
    counts = followups.counts(jana, followups.queue_filter(jana))
    assert sum(counts.values()) == len(rows)
    # the row is answered, not done: the sender's case stays hers (refused, audited)
    before = len(_entries(db, "refuse"))
    with pytest.raises(AccessDenied):
        followups.done(jana, rows[0].id, "erledigt")
    assert len(_entries(db, "refuse")) == before + 1
    # nobody else has it in her queue
    bea = _ctx(db, office["bea"])
    assert all(r.referral_id != rid for r in followups.page(bea, followups.queue_filter(bea)))
    people.answer_referral(jana, rid, "help_started", "")
    assert all(r.referral_id != rid for r in _jana_queue(db, office))
    with db.read() as s:
        assert {f.status for f in s.exec(select(FollowUp).where(
            FollowUp.source_id == rid))} == {"done"}


def test_receivers_row_closes_when_the_sender_closes_the_referral(db, office):
    rid = _refer(db, office, child_protection_concern=True)
    assert _jana_queue(db, office)[0].referral_id == rid
    referrals.set_status(_ctx(db, office["anna"]), rid, "closed", note="erledigt")
    assert all(r.referral_id != rid for r in _jana_queue(db, office))


# -- the team lead's desk --
def test_desk_is_for_the_team_lead_only(db, office):
    anna = _ctx(db, office["anna"])
    for call in (team.caseload, team.approvals):
        with pytest.raises(AccessDenied):
            call(anna)
    assert any(d and "caseload" in d for _e, _r, d in _entries(db, "refuse"))


def test_caseload_per_worker_with_absence(db, office):
    workers_svc.set_absence(_ctx(db, office["anna"]), None, "bea", TODAY, TODAY)
    rows = {r.worker: r for r in team.caseload(_ctx(db, office["lena"]))}
    assert "Carl Clasen" not in rows  # another team
    anna = rows["Anna Becker"]
    assert anna.open_cases == 2 and anna.child_protection == 1 and anna.overdue == 1
    assert anna.by_area == {"sgb2": 2} and anna.deputy == "Bea Brandt"
    assert anna.absent_until == TODAY


def _measure(db, case_id, text="Schuldnerberatung"):
    from caseterm.core.goals import GoalInput, GoalLevel
    from caseterm.db.repo import goals as goals_repo

    goal = goals_repo.add_goal(db, case_id, GoalInput(level=GoalLevel.handlungsziel,
                                                      text_client="Schulden ordnen"))
    data = GoalInput(level=GoalLevel.massnahme, text_client=text,
                     responsible_name="Diakonie", cost_bearer="Kommune", needs_approval=True)
    return goals_repo.add_goal(db, case_id, data, parent_id=goal)


def test_approvals_inbox_approve_and_decline_with_reason(db, office):
    gid = _measure(db, office["case2"])
    lena = _ctx(db, office["lena"])
    [row] = team.approvals(lena)
    assert (row.goal, row.measure, row.provider, row.cost) == (
        "Schulden ordnen", "Schuldnerberatung", "Diakonie", "Kommune")
    with pytest.raises(InputError) as err:
        team.decide(lena, gid, False, "  ")
    assert "reason" in err.value.errors
    with db.read() as s:
        assert s.get(Goal, gid).approval_state == "pending"
    team.decide(lena, gid, False, "Erst Budgetberatung")
    assert team.approvals(lena) == []
    with db.read() as s:
        goal = s.get(Goal, gid)
        assert goal.approval_state == "rejected"
        assert goal.decision_reason == "Erst Budgetberatung"
        fu = s.exec(select(FollowUp).where(FollowUp.source_type == "approval")).one()
        assert fu.assignee_id == office["anna"] and "Erst Budgetberatung" in fu.next_step


def test_bulk_reassignment_is_one_transaction(db, office):
    lena = _ctx(db, office["lena"])
    n1, n2 = _number(db, office["case"]), _number(db, office["case2"])
    with pytest.raises(InputError):
        team.reassign(lena, [n1, "XX-0000-99"], "bea", "Umverteilung")
    with pytest.raises(InputError) as err:
        team.reassign(lena, [n1], "carl", "Umverteilung")  # not her team
    assert "to" in err.value.errors
    with pytest.raises(InputError) as err:
        team.reassign(lena, [n1], "bea", "")
    assert "note" in err.value.errors
    with db.read() as s:
        assert s.get(Case, office["case"]).lead_worker_id == office["anna"]
    report = team.reassign(lena, [n1, n2], "bea", "Umverteilung wegen Elternzeit")
    assert [(m.case_number, m.to_worker) for m in report] == [(n1, "Bea Brandt"),
                                                              (n2, "Bea Brandt")]
    assert report[0].followups == 2
    with db.read() as s:
        assert s.get(Case, office["case2"]).lead_worker_id == office["bea"]
        shares = s.exec(select(CaseShare).where(CaseShare.worker_id == office["anna"])).all()
        assert len(shares) == 2 and all(x.mode == "read" for x in shares)
    with pytest.raises(AccessDenied):
        team.reassign(_ctx(db, office["anna"]), [n1], "anna", "zurück")


# -- the CLI twins --
def _cli(tmp_path, who, *args):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), *args],
                              env={"CASETERM_WORKER": who, "COLUMNS": "220"})


def test_cli_handover_and_accept(db, office, tmp_path):
    number = _number(db, office["case2"])
    r = _cli(tmp_path, "anna", "case", "handover", number, "--to", "anna", "--note", "x")
    assert r.exit_code == 1 and "to:" in r.output
    r = _cli(tmp_path, "carl", "case", "handover", number, "--to", "bea", "--note", "x")
    assert r.exit_code == 3
    r = _cli(tmp_path, "anna", "case", "handover", number, "--to", "bea", "--note", "Bitte")
    assert r.exit_code == 0, r.output
    r = _cli(tmp_path, "bea", "case", "accept", number, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["title"]


def test_cli_referral_answer(db, office, tmp_path):
    rid = _refer(db, office, child_protection_concern=True)
    number = _number(db, office["case2"])
    r = _cli(tmp_path, "jana", "referral", "inbox", "--json")
    assert r.exit_code == 0 and json.loads(r.output)[0]["case_number"] == number
    r = _cli(tmp_path, "jana", "referral", "answer", number, "declined")
    assert r.exit_code == 1 and "reason" in r.output
    r = _cli(tmp_path, "bea", "referral", "answer", str(rid), "contact_made")
    assert r.exit_code == 3
    r = _cli(tmp_path, "jana", "referral", "answer", number, "declined", "--reason",
             "Nicht zuständig: Wohnort außerhalb")
    assert r.exit_code == 0, r.output


def test_cli_queue_shows_the_received_referral(db, office, tmp_path):
    rid = _refer(db, office, child_protection_concern=True)
    number = _number(db, office["case2"])
    r = _cli(tmp_path, "jana", "queue", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    [row] = [x for x in rows if x["received_referral"] == str(rid)]
    assert row["case_number"] == number and row["child_protection"] is True
    r = _cli(tmp_path, "jana", "--lang", "de", "queue")
    assert r.exit_code == 0 and "erhaltene Vermittlung" in r.output, r.output
    r = _cli(tmp_path, "jana", "referral", "answer", number, "contact_made")
    assert r.exit_code == 0, r.output
    r = _cli(tmp_path, "jana", "queue", "--json")
    rows = json.loads(r.output)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert all(x["received_referral"] != str(rid) for x in rows)


def test_cli_german_help_of_people_team_and_referral_answer(tmp_path):
    for args, words in ((["team", "--help"], "Teamleitung"),
                        (["team", "reassign", "--help"], "Übergabenotiz"),
                        (["case", "handover", "--help"], "Zuständigkeitswechsel"),
                        (["absence", "report", "--help"], "Vertretung"),
                        (["referral", "answer", "--help"], "sendenden Stelle")):
        r = CliRunner().invoke(app, ["--lang", "de", *args], env={"COLUMNS": "200"})
        assert r.exit_code == 0 and words in r.output, (args, r.output)


def test_cli_team(db, office, tmp_path):
    _measure(db, office["case2"])
    r = _cli(tmp_path, "anna", "team", "caseload")
    assert r.exit_code == 3
    r = _cli(tmp_path, "lena", "team", "caseload", "--json")
    assert r.exit_code == 0, r.output
    assert {row["worker"] for row in json.loads(r.output)} >= {"Anna Becker", "Bea Brandt"}
    r = _cli(tmp_path, "lena", "team", "approvals", "--json")
    [item] = json.loads(r.output)
    r = _cli(tmp_path, "lena", "team", "decline", item["id"])
    assert r.exit_code == 1 and "reason" in r.output
    r = _cli(tmp_path, "lena", "team", "approve", item["id"], "--reason", "passt")
    assert r.exit_code == 0, r.output
    n1 = _number(db, office["case"])
    r = _cli(tmp_path, "lena", "team", "reassign", n1, "--to", "bea", "--note", "Urlaub",
             "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["to"] == "Bea Brandt"
