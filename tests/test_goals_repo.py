"""Goals and agreements on a real SQLite file: tree editing, follow-ups kept in step,
versioning (agreed versions frozen), GAS reviews, approval of measures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseterm.core.agreement import (
    AgreedHow,
    FrozenVersionError,
    VersionStatus,
    changed_only,
    check_participant,
    check_version,
    diff,
)
from caseterm.core.goals import (
    ApprovalState,
    GoalLevel,
    GoalStatus,
    check_gas_levels,
    check_gas_review,
    check_goal,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpStatus
from caseterm.db.repo import agreements, followups
from caseterm.db.repo import goals as goals_repo
from tests.conftest import TODAY


def _goal(level, text, **kw):
    return check_goal({"level": level, "text_client": text, **kw})


def _build(db, case_id, worker):
    leit = goals_repo.add_goal(db, case_id, _goal("leitziel", "Ich lebe in einer eigenen Wohnung."))
    hz = goals_repo.add_goal(db, case_id, _goal(
        "handlungsziel", "Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.",
        due_date="31.01.2027", weight="4"), parent_id=leit)
    m = goals_repo.add_goal(db, case_id, _goal(
        "massnahme", "Wohnberechtigungsschein beantragen", due_date="15.12.2026",
        responsible="client"), parent_id=hz)
    return leit, hz, m


def _followups(db, case_id, status=FollowUpStatus.open):
    with db.read() as s:
        return followups.followup_rows(s, case_id=case_id, status=status)


def test_tree_order_levels_and_measure_followup(db, worker, make_case):
    case_id = make_case(phase="planning")
    _leit, _hz, m = _build(db, case_id, worker)
    tree = goals_repo.load_tree(db, case_id)
    assert [(g.level, g.depth) for g in tree.goals] == [
        (GoalLevel.leitziel, 0), (GoalLevel.handlungsziel, 1), (GoalLevel.massnahme, 2)]
    fu = _followups(db, case_id)
    assert len(fu) == 1 and fu[0].due_date == date(2026, 12, 15)
    assert "Wohnberechtigungsschein" in fu[0].next_step

    # moving the due date moves the follow-up; nothing is duplicated
    goals_repo.update_goal(db, m, _goal("massnahme", "Wohnberechtigungsschein beantragen",
                                        due_date="18.12.2026", responsible="client"))
    fu = _followups(db, case_id)
    assert [f.due_date for f in fu] == [date(2026, 12, 18)]

    # dropping the measure cancels its follow-up
    goals_repo.drop(db, m)
    assert _followups(db, case_id) == []
    assert len(_followups(db, case_id, FollowUpStatus.cancelled)) == 1
    assert goals_repo.load_tree(db, case_id).get(m).status is GoalStatus.dropped


def test_add_sibling_move_indent_outdent(db, worker, make_case):
    case_id = make_case()
    a = goals_repo.add_goal(db, case_id, _goal("leitziel", "Ziel A"))
    b = goals_repo.add_goal(db, case_id, _goal("leitziel", "Ziel B"))
    c = goals_repo.add_goal(db, case_id, _goal("leitziel", "Ziel C"), after_id=a)
    assert [g.text_client for g in goals_repo.load_tree(db, case_id).goals] == [
        "Ziel A", "Ziel C", "Ziel B"]
    assert goals_repo.move(db, b, -1)
    assert [g.text_client for g in goals_repo.load_tree(db, case_id).goals] == [
        "Ziel A", "Ziel B", "Ziel C"]
    assert not goals_repo.move(db, a, -1)
    # indent B under A: it becomes a Rahmenziel
    assert goals_repo.indent(db, b)
    tree = goals_repo.load_tree(db, case_id)
    assert tree.get(b).parent_id == a and tree.get(b).level is GoalLevel.rahmenziel
    assert not goals_repo.indent(db, a)
    assert goals_repo.outdent(db, b)
    tree = goals_repo.load_tree(db, case_id)
    assert tree.get(b).parent_id is None
    assert [g.text_client for g in tree.goals] == ["Ziel A", "Ziel B", "Ziel C"]
    assert c


def test_bad_goal_input_is_refused():
    with pytest.raises(InputError) as exc:
        check_goal({"level": "handlungsziel", "text_client": "x", "due_date": "01.01.2020",
                    "weight": "12"})
    assert set(exc.value.errors) == {"due_date", "weight"}
    with pytest.raises(InputError) as exc:
        check_goal({"level": "massnahme", "text_client": "Antrag stellen"})
    assert "responsible" in exc.value.errors
    with pytest.raises(InputError) as exc:
        check_gas_levels({"level_0": "3 Bewerbungen", "baseline_level": "-3"})
    assert "baseline_level" in exc.value.errors
    with pytest.raises(InputError):
        check_gas_review({"level": "3", "review_date": "heute"})


def test_nothing_under_a_measure(db, worker, make_case):
    case_id = make_case()
    _leit, _hz, m = _build(db, case_id, worker)
    with pytest.raises(InputError):
        goals_repo.add_goal(db, case_id, _goal("handlungsziel", "darunter"), parent_id=m)


def _agreeable(db, case_id):
    v = agreements.ensure_draft(db, case_id)
    view = agreements.view(db, case_id)
    client = next(p for p in view.latest.participants if p.role.value == "client")
    agreements.update_participant(db, client.id, check_participant(
        {"name": client.name, "role": "client", "agreed_how": "signature"}))
    return v


def test_agreement_versions_are_frozen_and_compared(db, worker, make_case):
    case_id = make_case(phase="planning", legal_area="sgb2")
    with db.read() as s:
        assert not agreements.has_agreed(s, case_id)
    _leit, hz, _m = _build(db, case_id, worker)
    v1 = _agreeable(db, case_id)
    # review date beyond six months is refused for a Kooperationsplan
    view = agreements.view(db, case_id)
    with pytest.raises(InputError) as exc:
        check_version({"review_date": "01.07.2027"}, view.agreement_type, TODAY)
    assert "review_date" in exc.value.errors
    agreements.update_version(db, v1, check_version(
        {"review_date": "20.05.2027", "duties_client": "Termine wahrnehmen"},
        view.agreement_type, TODAY))
    agreements.agree(db, v1, worker.id)
    with db.read() as s:
        assert agreements.has_agreed(s, case_id)
    view = agreements.view(db, case_id)
    assert view.latest.status is VersionStatus.agreed
    assert [g["level"] for g in view.latest.content["goals"]] == [
        "leitziel", "handlungsziel", "massnahme"]
    assert goals_repo.load_tree(db, case_id).get(hz).status is GoalStatus.agreed
    review_fu = [f for f in _followups(db, case_id) if f.kind.value == "review"]
    assert [f.due_date for f in review_fu] == [date(2027, 5, 20)]

    # the agreed version cannot be edited
    with pytest.raises(FrozenVersionError):
        agreements.update_version(db, v1, check_version({"review_date": "01.05.2027"},
                                                        view.agreement_type, TODAY))
    with pytest.raises(FrozenVersionError):
        agreements.update_participant(db, view.latest.participants[0].id, check_participant(
            {"name": "X", "role": "client"}))

    # a change: new draft version; the frozen snapshot stays as it was
    goals_repo.add_goal(db, case_id, _goal("massnahme", "Termin beim Wohnungsamt",
                                           due_date="10.12.2026", responsible="worker"),
                        parent_id=hz)
    v2 = _agreeable(db, case_id)
    assert v2 != v1
    view = agreements.view(db, case_id)
    assert [v.number for v in view.versions] == [2, 1]
    assert len(view.version(1).content["goals"]) == 3
    assert view.version(2).participants[0].agreed_how is AgreedHow.signature
    agreements.update_version(db, v2, check_version({"review_date": "01.04.2027"},
                                                    view.agreement_type, TODAY))
    agreements.agree(db, v2, worker.id)
    view = agreements.view(db, case_id)
    assert [v.status for v in view.versions] == [VersionStatus.agreed, VersionStatus.superseded]
    rows = changed_only(diff(view.version(1).content, view.version(2).content))
    kinds = {(r.section, r.kind) for r in rows}
    assert ("goal", "added") in kinds and ("field", "changed") in kinds
    # the one review follow-up moved with the new version
    review_fu = [f for f in _followups(db, case_id) if f.kind.value == "review"]
    assert [f.due_date for f in review_fu] == [date(2027, 4, 1)]


def test_agree_needs_client_consent_and_goals(db, worker, make_case):
    case_id = make_case(phase="planning")
    v = agreements.ensure_draft(db, case_id)
    with pytest.raises(InputError) as exc:
        agreements.agree(db, v, worker.id)
    assert "agree" in exc.value.errors
    view = agreements.view(db, case_id)
    assert view.latest.status is VersionStatus.draft


def test_gas_review_changes_t(db, worker, make_case):
    case_id = make_case(phase="monitoring")
    _leit, hz, _m = _build(db, case_id, worker)
    hz2 = goals_repo.add_goal(db, case_id, _goal("handlungsziel",
                                                 "Bis 28.02.2027 habe ich ein Konto eröffnet."))
    for g in (hz, hz2):
        goals_repo.set_gas(db, g, check_gas_levels({
            "level_-2": "nichts", "level_-1": "begonnen", "level_0": "erreicht",
            "level_1": "mehr", "level_2": "viel mehr", "baseline_level": "-1",
            "importance": "2", "difficulty": "1"}))
    tree = goals_repo.load_tree(db, case_id)
    hist = goals_repo.gas_history(tree)
    # baseline: both at -1, weight 2 each: 50 + 10·(-4)/sqrt(0.7·8 + 0.3·16) = 37.60
    assert len(hist) == 1 and hist[0].t == pytest.approx(37.60, abs=0.01)
    goals_repo.add_review(db, hz, check_gas_review({"level": "+1", "review_date": "heute"}),
                          worker.id)
    tree = goals_repo.load_tree(db, case_id)
    hist = goals_repo.gas_history(tree)
    assert len(hist) == 2 and hist[1].t > hist[0].t
    assert hist[1].levels[hz] == 1 and hist[1].levels[hz2] == -1
    assert tree.get(hz).status is GoalStatus.in_progress


def test_measure_approval_by_team_lead_only(db, worker, make_case):
    from caseterm.db.repo import workers

    case_id = make_case()
    _leit, hz, _m = _build(db, case_id, worker)
    m = goals_repo.add_goal(db, case_id, _goal("massnahme", "Bewerbungstraining bei Träger Y",
                                               responsible="provider",
                                               responsible_name="Träger Y",
                                               cost_bearer="Jobcenter", needs_approval=True),
                            parent_id=hz)
    assert goals_repo.load_tree(db, case_id).get(m).approval_state is ApprovalState.pending
    with pytest.raises(InputError):
        goals_repo.decide(db, m, worker.id, True)
    with db.write() as s:
        lead = workers.add(s, username="tl", display_name="Tanja Lead", role="team_lead")
    goals_repo.decide(db, m, lead.id, True)
    assert goals_repo.load_tree(db, case_id).get(m).approval_state is ApprovalState.approved


def test_due_date_in_past_ok_when_unchanged():
    old = TODAY - timedelta(days=3)
    g = check_goal({"level": "handlungsziel", "text_client": "x y z", "due_date": old},
                   is_new=False, old_due=old)
    assert g.due_date == old


def test_changes_since_agreed_count_rewording_not_progress(db, worker, make_case):
    case_id = make_case(phase="planning")
    _leit, hz, m = _build(db, case_id, worker)
    v = _agreeable(db, case_id)
    agreements.agree(db, v, worker.id)
    assert agreements.changes_since_agreed(db, case_id) == 0
    goals_repo.add_review(db, hz, check_gas_review({"level": "0", "review_date": "heute"}))
    assert agreements.changes_since_agreed(db, case_id) == 0  # progress is no change
    goals_repo.update_goal(db, m, _goal("massnahme", "WBS-Antrag beim Wohnungsamt abgeben",
                                        due_date="15.12.2026", responsible="client"))
    goals_repo.add_goal(db, case_id, _goal("handlungsziel", "Neues Ziel mit 2 Terminen"))
    assert agreements.changes_since_agreed(db, case_id) == 2


def test_agreed_plan_opens_the_gate_to_linking(db, worker, make_case):
    from caseterm.db.repo import cases

    case_id = make_case(phase="planning")
    assert not cases.overview(db, case_id).facts.plan_agreed
    _build(db, case_id, worker)
    agreements.agree(db, _agreeable(db, case_id), worker.id)
    assert cases.overview(db, case_id).facts.plan_agreed
