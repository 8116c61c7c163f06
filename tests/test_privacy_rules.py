"""Rules of data protection (pure): the retention schedule with its German defaults across leap
years and 30th birthdays, the disclosure rule, who may do which task, and the audit chain's
acceptance of a documented redaction (and nothing else)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest

from caseterm.core import audit as chain
from caseterm.core import retention as r
from caseterm.core.access import Actor, CaseScope, Need, PrivacyAct, Reason, decide, may_privacy
from caseterm.core.consent import ConsentFacts, ConsentPurpose
from caseterm.core.disclosure import decide as disclose
from caseterm.core.referrals import LegalException
from caseterm.core.vocab import LegalArea, Role

RULES = {rule.id: rule for rule in r.load_rules()}


def facts(area: str, closed: date | None = None, birth: date | None = None, hold=False,
          restricted=False) -> r.CaseFacts:
    return r.CaseFacts(uuid.uuid4(), f"X-{area}", area, closed, birth, hold, restricted)


# -- retention ----------------------------------------------------------------------------

def test_default_schedule_has_one_rule_per_legal_area():
    assert {rule.legal_area for rule in RULES.values()} == {a.value for a in LegalArea}


@pytest.mark.parametrize("day,years,expected", [
    (date(2016, 2, 29), 10, date(2026, 2, 28)),   # leap day into a common year (§ 188 (3) BGB)
    (date(2016, 2, 29), 8, date(2024, 2, 29)),    # leap day into a leap year
    (date(2015, 3, 1), 1, date(2016, 3, 1)),
    (date(2023, 12, 31), 10, date(2033, 12, 31)),
])
def test_add_years(day, years, expected):
    assert r.add_years(day, years) == expected


def test_sgb2_ten_years_after_closing_across_a_leap_day():
    rule = RULES["sgb2_case"]
    f = facts("sgb2", closed=date(2016, 2, 29))
    assert r.due_on(rule, f) == date(2026, 2, 28)
    assert r.evaluate([rule], [f], date(2026, 2, 27)) == []
    assert [d.due_on for d in r.evaluate([rule], [f], date(2026, 2, 28))] == [date(2026, 2, 28)]
    assert r.due_on(rule, facts("sgb2")) is None  # open case: the period has not started


def test_sgb8_seventy_years_after_the_30th_birthday():
    rule = RULES["sgb8_case"]
    assert r.due_on(rule, facts("sgb8", birth=date(2002, 2, 11))) == date(2102, 2, 11)
    # born on a leap day: 30th birthday in a common year is 28 February (§ 188 (3) BGB) …
    leap = facts("sgb8", birth=date(1996, 2, 29))
    assert r.trigger_date(rule, leap) == date(2026, 2, 28)
    # … and 70 years on, 2096 is a leap year, but the period runs from 28 February
    assert r.due_on(rule, leap) == date(2096, 2, 28)
    assert r.evaluate([rule], [leap], date(2096, 2, 27)) == []
    assert len(r.evaluate([rule], [leap], date(2096, 2, 28))) == 1
    # without a date of birth the rule cannot start
    assert r.due_on(rule, facts("sgb8")) is None
    # closing the case does not start § 9b SGB VIII
    assert r.due_on(rule, facts("sgb8", closed=date(2000, 1, 1))) is None


@pytest.mark.parametrize("rule_id", ["sgb12_case", "integration_case", "other_case"])
def test_rules_from_the_end_of_the_closing_year(rule_id):
    rule = RULES[rule_id]
    area = rule.legal_area
    assert r.due_on(rule, facts(area, closed=date(2016, 2, 29))) == date(2026, 12, 31)
    assert r.due_on(rule, facts(area, closed=date(2016, 12, 31))) == date(2026, 12, 31)
    assert r.due_on(rule, facts(area, closed=date(2017, 1, 1))) == date(2027, 12, 31)


def test_actions_and_holds():
    rules = list(RULES.values())
    old = date(2000, 6, 1)
    cases = [facts("sgb2", closed=old), facts("sgb2", closed=old, hold=True),
             facts("integration", closed=old), facts("integration", closed=old,
                                                     restricted=True)]
    due = r.evaluate(rules, cases, date(2026, 11, 23))
    assert [(d.facts.legal_area, d.action.value, d.held) for d in due] == [
        ("sgb2", "delete", False), ("sgb2", "delete", True), ("integration", "restrict", False)]


def test_a_bad_schedule_is_refused_with_the_rule_named():
    with pytest.raises(r.ScheduleError, match="2"):
        r.parse_rules({"rules": [
            {"id": "a", "legal_area": "sgb2", "trigger": "case_closed", "years": 10,
             "action": "delete"},
            {"id": "b", "legal_area": "sgb8", "trigger": "someday", "years": 1,
             "action": "delete"}]})
    with pytest.raises(r.ScheduleError):
        r.parse_rules({"rules": [{"id": "a", "legal_area": "sgb2", "trigger": "birth",
                                  "years": 0, "action": "delete"}]})
    with pytest.raises(r.ScheduleError):
        r.parse_rules({"rules": [{"id": "a", "legal_area": "sgb2", "trigger": "birth",
                                  "years": 3, "action": "delete"}] * 2})


# -- disclosure ---------------------------------------------------------------------------

DAY = date(2026, 11, 23)
EXCHANGE = frozenset({ConsentPurpose.data_exchange})


def test_consent_naming_the_recipient_allows():
    c = ConsentFacts(EXCHANGE, date(2026, 1, 1), recipients=("Caritas Schuldnerberatung",))
    v = disclose([c], "Schuldnerberatung der Caritas Köln", ConsentPurpose.data_exchange, DAY)
    assert v.allowed and v.basis == "consent" and v.consent_index == 0


def test_withdrawal_stops_disclosures_from_that_day():
    c = ConsentFacts(EXCHANGE, date(2026, 1, 1), withdrawn_on=date(2026, 11, 23),
                     recipients=("Caritas",))
    assert disclose([c], "Caritas", ConsentPurpose.data_exchange, date(2026, 11, 22)).allowed
    v = disclose([c], "Caritas", ConsentPurpose.data_exchange, DAY)
    assert not v.allowed
    assert "Caritas" in v.message and "23.11.2026" in v.message


def test_refusals_name_what_is_missing():
    other = ConsentFacts(EXCHANGE, date(2026, 1, 1), recipients=("Jobcenter",))
    v = disclose([other], "Jugendamt", ConsentPurpose.data_exchange, DAY)
    assert not v.allowed and "Jugendamt" in v.message
    expired = ConsentFacts(EXCHANGE, date(2025, 1, 1), valid_until=date(2025, 12, 31),
                           recipients=("Jugendamt",))
    assert "31.12.2025" in disclose([expired], "Jugendamt", ConsentPurpose.data_exchange,
                                    DAY).message
    purpose_only = ConsentFacts(frozenset({ConsentPurpose.case_management}), date(2026, 1, 1),
                                recipients=("Jugendamt",))
    assert not disclose([purpose_only], "Jugendamt", ConsentPurpose.data_exchange,
                        DAY).allowed
    assert not disclose([], "", ConsentPurpose.data_exchange, DAY).allowed


def test_a_legal_basis_needs_a_reason():
    v = disclose([], "Familiengericht", ConsentPurpose.data_exchange, DAY,
                 LegalException.child_protection, "")
    assert not v.allowed
    v = disclose([], "Familiengericht", ConsentPurpose.data_exchange, DAY,
                 LegalException.child_protection, "Gefährdung § 8a")
    assert v.allowed and v.basis == "legal_exception"


# -- who may ----------------------------------------------------------------------------

def actor(role: Role, covers=frozenset()) -> Actor:
    return Actor(uuid.uuid4(), role.value, role.value, role, covers=covers)


def scope(lead: uuid.UUID, restricted=False) -> CaseScope:
    return CaseScope(uuid.uuid4(), "X-1", LegalArea.sgb2, lead, None, restricted=restricted)


def test_privacy_roles():
    dpo, admin, cw = actor(Role.dpo), actor(Role.admin), actor(Role.caseworker)
    member = uuid.uuid4()
    lead = actor(Role.team_lead, frozenset({member}))
    assert all(may_privacy(dpo, act, scope(member)) for act in PrivacyAct)
    assert not any(may_privacy(cw, act) for act in PrivacyAct)
    assert may_privacy(admin, PrivacyAct.register) and not may_privacy(admin, PrivacyAct.erase)
    assert may_privacy(lead, PrivacyAct.access, scope(member))
    assert not may_privacy(lead, PrivacyAct.access, scope(uuid.uuid4()))  # not her team
    assert not may_privacy(lead, PrivacyAct.erase, scope(member))


def test_restricted_case_is_closed_to_normal_work():
    cw = actor(Role.caseworker)
    assert decide(cw, scope(cw.id), Need.read, DAY).allowed
    d = decide(cw, scope(cw.id, restricted=True), Need.read, DAY)
    assert not d.allowed and d.reason is Reason.restricted and "X-1" in d.message("X-1")


# -- audit redaction ----------------------------------------------------------------------

def _chain(n: int) -> list[chain.EntryFacts]:
    out, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        e = chain.EntryFacts(seq, f"2026-11-23T10:00:0{seq}.000000", "a", "Anna", "update",
                             "client", "r1", "c1",
                             json.dumps({"fields": {"last_name": ["Müller", "Meyer"]}}), prev)
        e = chain.EntryFacts(**{**e.__dict__, "hash": chain.entry_hash(e)})
        out.append(e)
        prev = e.hash
    return out


def _redact(e: chain.EntryFacts, by: int, **change) -> chain.EntryFacts:
    return chain.EntryFacts(**{**e.__dict__, "detail": chain.redaction_marker(by), **change})


def test_a_documented_redaction_keeps_the_chain_valid():
    entries = _chain(3)
    digest = chain.skeleton_digest(entries[1])
    red = [entries[0], _redact(entries[1], 4), entries[2]]
    head = (3, entries[2].hash)
    assert chain.verify(red, *head, {2: digest}) == []
    # without the erasure's record the same redaction is a change
    assert [p.kind for p in chain.verify(red, *head, {})] == ["changed"]
    # a redaction that also changes who acted is found
    forged = [entries[0], _redact(entries[1], 4, actor_name="Eve"), entries[2]]
    assert [p.seq for p in chain.verify(forged, *head, {2: digest})] == [2]
    # a content change that is not a redaction is found as before
    changed = [entries[0], chain.EntryFacts(**{**entries[1].__dict__, "detail": "{}"}),
               entries[2]]
    assert [p.seq for p in chain.verify(changed, *head, {2: digest})] == [2]
