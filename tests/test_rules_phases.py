"""Pure rules of core.phases: the Regelkreis's allowed moves and its gates, at every edge."""

from __future__ import annotations

from caseterm.core.phases import (
    CaseFacts,
    GateLevel,
    GateResult,
    allowed_targets,
    check_transition,
    next_phase,
)
from caseterm.core.vocab import CasePhase as P
from caseterm.core.vocab import ClosureReason, label
from caseterm.i18n import _

ALL = CaseFacts(has_consent=True, assessment_complete=True, plan_agreed=True)


def test_next_phase_follows_the_main_line_and_ends_after_closure():
    assert [next_phase(p) for p in P] == [P.intake, P.assessment, P.planning, P.linking,
                                          P.monitoring, P.evaluation, P.closure, None]


def test_allowed_targets_include_loops_the_next_phase_and_closure_in_cycle_order():
    assert allowed_targets(P.access) == [P.intake, P.closure]
    assert allowed_targets(P.intake) == [P.assessment, P.closure]
    assert allowed_targets(P.planning) == [P.assessment, P.linking, P.closure]
    assert allowed_targets(P.monitoring) == [P.assessment, P.planning, P.evaluation, P.closure]
    assert allowed_targets(P.evaluation) == [P.planning, P.monitoring, P.closure]
    assert allowed_targets(P.closure) == [P.intake]


def test_same_phase_move_is_blocked_as_already_in_this_phase():
    r = check_transition(P.planning, P.planning, ALL)
    assert r == GateResult(GateLevel.blocked, _("The case is already in this phase."))
    assert not r.allowed


def test_jump_the_cycle_forbids_is_blocked_naming_both_phases():
    r = check_transition(P.intake, P.monitoring, ALL)
    assert r.level is GateLevel.blocked
    assert r.message == _("A case in phase “{current}” cannot move to “{target}”.").format(
        current=label(P.intake), target=label(P.monitoring))
    assert label(P.intake) and label(P.intake) in r.message


def test_closed_case_can_only_be_reopened_into_intake():
    assert check_transition(P.closure, P.assessment, ALL, reason="x").level is GateLevel.blocked
    assert check_transition(P.closure, P.intake, ALL, reason="wieder da").allowed
    assert check_transition(P.closure, P.intake, ALL, reason="   ").message == _(
        "Re-opening a case needs a reason.")


def test_closure_needs_a_reason_from_the_list():
    r = check_transition(P.monitoring, P.closure, ALL)
    assert r == GateResult(GateLevel.blocked, _("Closing a case needs a closure reason."))
    assert check_transition(P.monitoring, P.closure, ALL,
                            closure_reason=ClosureReason.goals_achieved).allowed


def test_linking_without_an_agreed_plan_asks_for_confirmation():
    r = check_transition(P.planning, P.linking, CaseFacts(has_consent=True,
                                                          assessment_complete=True))
    assert r == GateResult(GateLevel.confirm, _("No agreed plan yet. Start linking anyway?"))
    assert not r.allowed


def test_linking_with_an_agreed_plan_is_allowed():
    r = check_transition(P.planning, P.linking, CaseFacts(plan_agreed=True))
    assert r == GateResult(GateLevel.ok)
    assert r.allowed


def test_planning_with_a_complete_assessment_is_allowed_without_it_asks():
    assert check_transition(P.assessment, P.planning, CaseFacts(assessment_complete=True)).allowed
    assert check_transition(P.monitoring, P.planning, CaseFacts()).level is GateLevel.confirm


def test_case_facts_default_to_nothing_known():
    assert CaseFacts() == CaseFacts(has_consent=False, assessment_complete=False,
                                    plan_agreed=False)
    assert check_transition(P.intake, P.assessment, CaseFacts()).level is GateLevel.blocked
    assert check_transition(P.planning, P.linking, CaseFacts()).level is GateLevel.confirm


def test_consent_gate_applies_from_access_and_intake_only():
    assert check_transition(P.access, P.intake, CaseFacts()).allowed
    assert check_transition(P.monitoring, P.assessment, CaseFacts()).allowed
    r = check_transition(P.intake, P.assessment, CaseFacts())
    assert r.message == _("No assessment without the client's consent: record the consent first.")
