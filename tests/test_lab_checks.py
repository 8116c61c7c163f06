"""Training-lab checks (core.lab_checks): one solution passes every check; each check fails
on its own with the right hint."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from caseterm.core.lab_checks import CHECKS, CaseFacts, GoalFacts, ReferralFacts, evaluate

TODAY = date(2027, 3, 10)  # a Wednesday
T0 = datetime(2027, 3, 8, 9, tzinfo=UTC)
T1 = datetime(2027, 3, 9, 9, tzinfo=UTC)

GOOD_GOALS = (
    GoalFacts("Ich bewerbe mich bis 31.03. bei drei Pflegediensten", "handlungsziel", 5,
              created_at=T1, has_gas=True),
    GoalFacts("Ich gehe ab April zweimal pro Woche schwimmen", "handlungsziel", 4,
              created_at=T1),
)

SOLUTION = CaseFacts(
    phase="evaluation", working_agreement_on=date(2027, 3, 1),
    assessment_completed_on=date(2027, 3, 8), assessment_completed_at=T0,
    assessment_domains=4, strengths_noted=3, goals=GOOD_GOALS, plan_agreed_on=date(2027, 3, 9),
    network_people=5, resources=3,
    referrals=(ReferralFacts("Jugendamt Lindenau", date(2027, 3, 5), child_protection=True),
               ReferralFacts("Schuldnerberatung Caritas", date(2027, 3, 2))),
    consent_recipients=("Jugendamt Lindenau (ASD)", "Schuldnerberatung Caritas"),
    postponement_reasons=("Klientin ist krank, Termin neu vereinbart",),
    notes=("Fallkonferenz mit Pflegedienst und Tochter", "Übergabe an Frau Krüger",
           "Coaching: drei Fälle ohne Wiedervorlage"),
    concern_on=date(2027, 3, 4), overdue_followups=0, caseload_without_followup=0,
)

PARAMS = {
    "assessment_complete": {"min_domains": 3},
    "notes_written": {"min": 1, "containing": "Fallkonferenz"},
    "phase_reached": {"phase": "evaluation"},
}

# check -> (facts that fail it, a word its first hint must contain, is a gate violation)
FAILS = {
    "working_agreement": (dict(working_agreement_on=None), "Arbeitsbündnis", False),
    "assessment_complete": (dict(assessment_completed_on=None, assessment_completed_at=None),
                            "assessment", False),
    "assessment_before_planning": (
        dict(assessment_completed_at=datetime(2027, 3, 10, tzinfo=UTC)), "before", True),
    "strengths_first": (dict(strengths_noted=1), "Strengths", False),
    "resource_map": (dict(resources=2), "resources", False),
    "network_map": (dict(network_people=3), "network map", False),
    "smart_goals": (dict(goals=(GOOD_GOALS[0], replace(GOOD_GOALS[1], smart_passed=3,
                                                        hints=("Add a date",)))),
                    "SMART", False),
    "plan_agreed": (dict(plan_agreed_on=None), "not agreed", False),
    "gas_scaled": (dict(goals=(replace(GOOD_GOALS[0], has_gas=False),)), "GAS", False),
    "referral_sent": (dict(referrals=()), "No referral", False),
    "child_protection_referral": (
        dict(referrals=(ReferralFacts("Jugendamt", date(2027, 3, 8), child_protection=True),)),
        "next working day", True),
    "postponements_have_reason": (dict(postponement_reasons=("krank",)), "reason", True),
    "consent_covers_referrals": (
        dict(consent_recipients=("Schuldnerberatung Caritas",)), "Jugendamt Lindenau", True),
    "notes_written": (dict(notes=("Telefonat",)), "Fallkonferenz", False),
    "no_overdue": (dict(overdue_followups=2), "overdue", False),
    "caseload_next_steps": (dict(caseload_without_followup=3), "next step", False),
    "phase_reached": (dict(phase="planning"), "evaluation", False),
}


@pytest.fixture(autouse=True)
def _english():
    from caseterm.i18n import set_language

    set_language("en")  # the hints asserted below are the English source texts


def test_every_check_has_a_failing_case():
    assert set(FAILS) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_the_solution_passes(check):
    result = evaluate(check, PARAMS.get(check, {}), SOLUTION, TODAY)
    assert result.done and not result.hints and not result.gate_violation


@pytest.mark.parametrize("check", sorted(FAILS))
def test_each_check_fails_with_its_hint(check):
    changes, word, gate = FAILS[check]
    result = evaluate(check, PARAMS.get(check, {}), replace(SOLUTION, **changes), TODAY)
    assert not result.done
    assert word.casefold() in result.hints[0].casefold(), result.hints
    assert result.gate_violation is gate


def test_smart_hint_names_the_weak_goal():
    facts = replace(SOLUTION, goals=(replace(GOOD_GOALS[1], smart_passed=2,
                                             hints=("Wann genau?",)),))
    result = evaluate("smart_goals", {"min": 2}, facts, TODAY)
    assert any("schwimmen" in h and "2/5" in h and "Wann genau?" in h for h in result.hints)


def test_child_protection_over_a_weekend():
    # a concern on Friday: the next working day is Monday
    facts = replace(SOLUTION, concern_on=date(2027, 3, 5), referrals=(
        ReferralFacts("Jugendamt", date(2027, 3, 8), child_protection=True),))
    assert evaluate("child_protection_referral", {}, facts, TODAY).done
    no_concern = replace(SOLUTION, concern_on=None)
    assert not evaluate("child_protection_referral", {}, no_concern, TODAY).done


def test_missing_case_and_unknown_check():
    assert not evaluate("referral_sent", {}, CaseFacts(exists=False), TODAY).done
    with pytest.raises(ValueError):
        evaluate("no_such_check", {}, SOLUTION, TODAY)
