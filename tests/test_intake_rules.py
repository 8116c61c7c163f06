"""Pure rules: consent validity and withdrawal, the indication check, the intake input, and the
case lifecycle gates."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core import consent as c
from caseterm.core import indication as ind
from caseterm.core.intake import check_intake, parse_household_lines
from caseterm.core.phases import CaseFacts, GateLevel, check_transition
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import CasePhase, ClosureReason

CM = frozenset({c.ConsentPurpose.case_management})


# -- consent ---------------------------------------------------------------------------------

def test_consent_is_valid_from_given_on_to_valid_until():
    f = c.ConsentFacts(CM, date(2026, 1, 10), valid_until=date(2026, 12, 31))
    assert c.status(f, date(2026, 1, 9)) is c.ConsentStatus.not_yet
    assert c.is_valid(f, date(2026, 1, 10))
    assert c.is_valid(f, date(2026, 12, 31))
    assert c.status(f, date(2027, 1, 1)) is c.ConsentStatus.expired


def test_withdrawal_takes_effect_from_its_date_not_retroactively():
    f = c.ConsentFacts(CM, date(2026, 1, 10), withdrawn_on=date(2026, 6, 1))
    assert c.is_valid(f, date(2026, 5, 31))  # before: still valid (no retroactive effect)
    assert c.status(f, date(2026, 6, 1)) is c.ConsentStatus.withdrawn
    assert not c.covers_purpose(f, c.ConsentPurpose.case_management, date(2026, 7, 1))


def test_check_withdrawal_rejects_bad_dates_and_double_withdrawal():
    f = c.ConsentFacts(CM, date(2026, 11, 1))
    with pytest.raises(InputError) as exc:
        c.check_withdrawal({"withdrawn_on": "31.10.2026"}, f)
    assert "withdrawn_on" in exc.value.errors
    with pytest.raises(InputError):
        c.check_withdrawal({"withdrawn_on": "+3"}, f)  # future
    done = c.ConsentFacts(CM, date(2026, 11, 1), withdrawn_on=date(2026, 11, 20))
    with pytest.raises(InputError):
        c.check_withdrawal({"withdrawn_on": "heute"}, done)
    ok = c.check_withdrawal({"withdrawn_on": "heute", "channel": "Brief"}, f)
    assert ok.on == date(2026, 11, 23) and ok.channel == "Brief"


def test_covers_recipient_is_strict_and_needs_a_data_purpose():
    f = c.ConsentFacts(frozenset({c.ConsentPurpose.case_management,
                                  c.ConsentPurpose.data_exchange}), date(2026, 1, 1),
                       recipients=("Schuldnerberatung Caritas", "Jobcenter Köln"))
    day = date(2026, 11, 23)
    assert c.covers_recipient(f, "Caritas Schuldnerberatung Köln-Nord", day)
    assert c.covers_recipient(f, "JOBCENTER KOELN", day)
    assert not c.covers_recipient(f, "Jugendamt Köln", day)
    assert not c.covers_recipient(f, "Caritas", day)  # narrower name: not covered
    only_cm = c.ConsentFacts(CM, date(2026, 1, 1), recipients=("Jobcenter Köln",))
    assert not c.covers_recipient(only_cm, "Jobcenter Köln", day)


def test_consent_input_rules():
    e = Errors()
    c.check_consent({"given_on": "10.11.2026", "valid_until": "01.11.2026",
                     "purposes": ["data_exchange"], "form": "oral_recorded"}, e)
    assert set(e.errors) >= {"consent_valid_until", "consent_recipients", "consent_note"}
    e = Errors()
    c.check_consent({"given_on": "30.02.2026", "purposes": []}, e)
    assert {"consent_given_on", "consent_purposes"} <= set(e.errors)
    # a 12-year-old cannot consent alone
    e = Errors()
    c.check_consent({"given_on": "heute", "purposes": ["case_management"]}, e,
                    birth_date=date(2014, 5, 1))
    assert "consent_given_by" in e.errors
    e = Errors()
    c.check_consent({"given_on": "heute", "purposes": ["case_management"],
                     "given_by": "custody_holders", "given_by_name": "Sabine Kurz",
                     "information_given": True}, e,
                    birth_date=date(2014, 5, 1))
    assert not e.errors


# -- indication ------------------------------------------------------------------------------

ALL4 = {"complex_need", "many_actors", "standard_path_fails", "insufficient_own_resources"}


def test_indication_needs_all_criteria_enough_domains_and_consent():
    assert ind.evaluate(ALL4, 3, True).all_met
    r = ind.evaluate(ALL4, 2, True)
    assert r.missing == [ind.Criterion.complex_need]
    assert ind.evaluate(ALL4, 5, False).missing == [ind.Criterion.client_consent]


def test_decision_checks():
    e = Errors()
    ind.check_decision(ind.Decision.indicated, ind.evaluate(ALL4, 3, False), None, "", e)
    assert "consent_given_on" in e.errors and "decision" not in e.errors
    e = Errors()
    ind.check_decision(ind.Decision.indicated, ind.evaluate({"many_actors"}, 1, True), None,
                       "", e)
    assert "decision" in e.errors and "concerns" in e.errors
    e = Errors()
    ind.check_decision(ind.Decision.not_indicated, ind.evaluate(set(), 0, False), None, "", e)
    assert "alternative" in e.errors
    assert ind.outcome(ind.Decision.not_indicated) == (CasePhase.closure,
                                                      ClosureReason.not_indicated)
    assert ind.outcome(ind.Decision.pending) == (CasePhase.intake, None)


# -- the whole intake ------------------------------------------------------------------------

def _raw(**over):
    raw = {"client": {"first_name": "Petra", "last_name": "Schulz", "birth_date": "02.03.1985"},
           "case": {"legal_area": "sgb2"}}
    raw.update(over)
    return raw


def test_check_intake_minimal_and_errors():
    data = check_intake(_raw())
    assert data.decision is ind.Decision.pending and data.consents == ()
    with pytest.raises(InputError) as exc:
        check_intake({"client": {"first_name": " ", "last_name": "X",
                                 "birth_date": "01.01.2030", "email": "no-at"},
                      "case": {"legal_area": "nope"}})
    assert {"first_name", "birth_date", "email", "legal_area"} <= set(exc.value.errors)


def test_check_intake_referral_needs_agency_and_agreement_needs_date():
    with pytest.raises(InputError) as exc:
        check_intake(_raw(referral={"source": "school"}, agreement={"roles": "x"}))
    assert {"referring_agency", "agreement_agreed_on"} <= set(exc.value.errors)


def test_household_lines_are_parsed_and_checked():
    members, _ = parse_household_lines("Lea Schulz; Tochter; 03.05.2015; BG\n\nTom; Sohn")
    data = check_intake(_raw(household=members))
    assert [(m.name, m.in_benefit_unit) for m in data.household] == [("Lea Schulz", True),
                                                                      ("Tom", False)]
    members, _ = parse_household_lines("Lea; Tochter; 31.04.2015")
    with pytest.raises(InputError) as exc:
        check_intake(_raw(household=members))
    assert "household" in exc.value.errors


def test_control_characters_and_markup_are_kept_as_typed():
    data = check_intake(_raw(client={"first_name": "[b]Anna[/b]", "last_name": "Ku\x07rz",
                                     "birth_date": "02.03.1985"}))
    assert data.client.first_name == "[b]Anna[/b]" and data.client.last_name == "Ku\x07rz"


# -- lifecycle gates -------------------------------------------------------------------------

def test_no_assessment_without_consent():
    r = check_transition(CasePhase.intake, CasePhase.assessment, CaseFacts(has_consent=False))
    assert r.level is GateLevel.blocked
    r = check_transition(CasePhase.intake, CasePhase.assessment, CaseFacts(has_consent=True))
    assert r.level is GateLevel.ok


def test_planning_without_assessment_asks_for_confirmation():
    r = check_transition(CasePhase.assessment, CasePhase.planning, CaseFacts(has_consent=True))
    assert r.level is GateLevel.confirm


def test_closure_needs_a_reason_and_reopening_is_allowed_with_a_reason():
    assert check_transition(CasePhase.intake, CasePhase.closure, CaseFacts()).level \
        is GateLevel.blocked
    assert check_transition(CasePhase.intake, CasePhase.closure, CaseFacts(),
                            closure_reason=ClosureReason.not_indicated).allowed
    assert check_transition(CasePhase.closure, CasePhase.intake, CaseFacts()).level \
        is GateLevel.blocked
    assert check_transition(CasePhase.closure, CasePhase.intake, CaseFacts(),
                            reason="Klientin meldet sich erneut").allowed


def test_birth_date_may_be_unknown():
    data = check_intake({"client": {"first_name": "Amina", "last_name": "Yusuf"},
                         "case": {"legal_area": "integration"}})
    assert data.client.birth_date is None
