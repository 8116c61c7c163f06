"""Pure rule tests of who may see what (core/access.py) and of the audit chain (core/audit.py),
at their boundaries; no database, no Textual."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest

from caseterm.core import audit as chain
from caseterm.core.access import (
    AbsenceWindow,
    Actor,
    CaseScope,
    Decision,
    Need,
    Reason,
    Share,
    active_share,
    check_absence,
    covered_workers,
    decide,
    visible_leads,
)
from caseterm.core.vocab import LegalArea, Role

DAY = date(2026, 11, 23)
# sha256 of the entry in test_the_hash_of_an_entry_is_pinned…, written as UTF-8 JSON
PINNED = "10c711c681656cc8c640fb2d86cdeafb94edd2568dba03f047f46639d7a033c9"
A, B, C = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)


def actor(wid=A, role=Role.caseworker, covers=()):
    return Actor(wid, "u", "U", role, "T", frozenset(covers))


def scope(lead=A, deputy=None, shares=()):
    return CaseScope(uuid.UUID(int=9), "JC-2026-00001", LegalArea.sgb2, lead, deputy, False,
                     tuple(shares))


@pytest.mark.parametrize("role, content, manages, audit", [
    (Role.caseworker, True, False, False),
    (Role.team_lead, True, True, True),
    (Role.trainer, True, False, False),
    (Role.admin, False, True, True),
    (Role.dpo, False, False, True),
])
def test_what_each_role_may_do(role, content, manages, audit):
    a = actor(role=role)
    assert (a.sees_case_content, a.manages_workers, a.reads_audit) == (content, manages, audit)


def test_visible_leads_are_oneself_and_those_covered_or_nobody_without_content():
    assert visible_leads(actor(covers={B})) == {A, B}
    assert visible_leads(actor()) == {A}
    assert visible_leads(actor(role=Role.admin, covers={B})) == frozenset()


def test_a_share_ends_after_its_last_day_and_write_beats_read():
    read_until = Share(B, "read", DAY)
    assert active_share(scope(shares=[read_until]), B, DAY) == read_until
    assert active_share(scope(shares=[read_until]), B, DAY + timedelta(days=1)) is None
    assert active_share(scope(shares=[read_until]), C, DAY) is None
    write = Share(B, "write", None)
    assert active_share(scope(shares=[read_until, write]), B, DAY) == write
    assert active_share(scope(shares=[write, read_until]), B, DAY) == write


def test_decisions_name_their_reason():
    assert decide(actor(), scope(), Need.write, DAY) == Decision(True, Reason.ok)
    assert decide(actor(B), scope(deputy=B), Need.write, DAY).allowed
    assert decide(actor(B), scope(), Need.read, DAY).reason is Reason.not_in_caseload
    assert decide(actor(B), scope(shares=[Share(B, "read", None)]), Need.write,
                  DAY).reason is Reason.read_only
    assert decide(actor(B), scope(shares=[Share(B, "read", None)]), Need.read, DAY).allowed
    assert decide(actor(role=Role.dpo), scope(), Need.read, DAY).reason is \
        Reason.no_case_content


def test_refusal_messages_name_the_case():
    number = "JA-2026-00012"
    assert Decision(False, Reason.not_in_caseload).message(number) == \
        "Fall JA-2026-00012 gehört nicht zu Ihren Fällen."
    assert "nur zum Lesen" in Decision(False, Reason.read_only).message(number)
    assert "Fallinhalte" in Decision(False, Reason.no_case_content).message(number)


def test_an_absence_counts_on_its_first_and_last_day_only():
    away = AbsenceWindow(A, B, DAY, DAY + timedelta(days=2))
    assert [away.active(DAY + timedelta(days=n)) for n in (-1, 0, 2, 3)] == \
        [False, True, True, False]
    assert covered_workers(B, Role.caseworker, [away], [C], DAY) == {A}
    assert covered_workers(C, Role.caseworker, [away], [], DAY) == frozenset()
    assert covered_workers(B, Role.trainer, [], [A, B, C], DAY) == {A, C}
    assert covered_workers(B, Role.team_lead, [away], [C], DAY) == {A, C}


def test_absence_checks_at_their_edges():
    busy = [AbsenceWindow(B, C, DAY + timedelta(days=5), DAY + timedelta(days=6))]
    assert check_absence(A, B, DAY, DAY + timedelta(days=4), busy) == {}
    assert set(check_absence(A, B, DAY, DAY + timedelta(days=5), busy)) == {"deputy"}
    assert set(check_absence(A, B, DAY + timedelta(days=6), DAY + timedelta(days=9),
                             busy)) == {"deputy"}
    assert check_absence(A, B, DAY + timedelta(days=7), DAY + timedelta(days=9), busy) == {}
    assert set(check_absence(A, B, DAY, DAY - timedelta(days=1), [])) == {"ends_on"}
    assert check_absence(A, B, DAY, DAY, []) == {}
    both = check_absence(A, A, DAY, DAY - timedelta(days=1), busy)
    assert set(both) == {"ends_on", "deputy"}


# -- the audit chain ---------------------------------------------------------------------------

def _chain(n=4):
    entries, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        e = chain.EntryFacts(seq, f"2026-11-23T09:0{seq}:00.000000", "a", "Anna", "open",
                             "casefile", "r", "c", "", prev)
        e = replace(e, hash=chain.entry_hash(e))
        entries.append(e)
        prev = e.hash
    return entries


def test_an_intact_chain_has_no_problems_and_the_hash_covers_every_field():
    entries = _chain()
    assert chain.verify(entries, 4, entries[-1].hash) == []
    assert chain.verify([], 0, "") == []
    base = entries[0]
    for name in ("seq", "at", "actor_id", "actor_name", "action", "entity", "record_id",
                 "case_id", "detail", "prev_hash"):
        value = getattr(base, name)
        changed = replace(base, **{name: value + 1 if isinstance(value, int) else value + "x"})
        assert chain.entry_hash(changed) != base.hash, name


def test_verify_names_a_changed_a_missing_an_inserted_and_a_replaced_entry():
    e = _chain()
    head = e[-1].hash
    assert chain.verify([e[0], replace(e[1], actor_name="M"), e[2], e[3]], 4, head) == [
        chain.Problem(2, "changed")]
    assert chain.verify([e[0], e[2], e[3]], 4, head) == [chain.Problem(2, "missing")]
    forged = replace(e[1], actor_name="M")
    forged = replace(forged, hash=chain.entry_hash(forged))
    assert chain.verify([e[0], forged, e[2], e[3]], 4, head) == [chain.Problem(3, "chain")]
    extra = chain.EntryFacts(5, "2026-11-23T10:00:00.000000", "", "M", "open", "", "", "", "",
                             head)
    extra = replace(extra, hash=chain.entry_hash(extra))
    assert chain.verify([*e, extra], 4, head) == [chain.Problem(5, "inserted")]
    assert chain.verify(e[:3], 4, head) == [chain.Problem(4, "missing")]
    assert chain.verify(e, 4, "0" * 64) == [chain.Problem(4, "head")]
    assert chain.verify([e[1], e[0]], 2, e[1].hash) == [  # reordered rows
        chain.Problem(1, "missing"), chain.Problem(1, "inserted"), chain.Problem(2, "missing")]


def test_refusals_are_not_allowed():
    for d in (decide(actor(role=Role.admin), scope(), Need.read, DAY),
              decide(actor(B), scope(), Need.read, DAY),
              decide(actor(B), scope(shares=[Share(B, "read", None)]), Need.write, DAY)):
        assert d.allowed is False


def test_a_share_is_found_behind_others_that_do_not_count():
    mine = Share(B, "read", None)
    others = [Share(C, "write", None), Share(B, "write", DAY - timedelta(days=1)), mine]
    assert active_share(scope(shares=others), B, DAY) == mine


def test_the_hash_of_an_entry_is_pinned_umlauts_included():
    e = chain.EntryFacts(1, "2026-11-23T09:00:00.000000", "a", "Jürgen Weiß", "open",
                         "casefile", "r", "c", "", chain.GENESIS)
    assert chain.entry_hash(e) == PINNED


def test_a_long_gap_names_at_most_50_missing_entries():
    e = _chain(1)
    far = chain.EntryFacts(200, "2026-11-23T10:00:00.000000", "", "", "open", "", "", "", "",
                           e[0].hash)
    far = replace(far, hash=chain.entry_hash(far))
    problems = chain.verify([e[0], far], 200, far.hash)
    assert [p.seq for p in problems] == list(range(2, 52))
    problems = chain.verify(e, 200, "x")
    assert [p.seq for p in problems] == list(range(2, 52))


def test_an_entry_reads_content_first_and_names_its_record_in_words():
    detail = {"fields": {"case_id": [None, "c1"], "occurred_at": [None, "2026-11-23T09:00"],
                         "kind": [None, "phone"], "text": [None, "Rückruf Vermieterin"],
                         "author_id": [None, "w1"]}}
    assert chain.summary(detail) == ("text: Rückruf Vermieterin; kind: phone; "
                                     "occurred_at: 2026-11-23T09:00; author_id: w1")
    changed = {"fields": {"child_protection": [False, True], "title": ["a" * 40, None]}}
    assert chain.summary(changed) == f"child_protection: False → True; title: {'a' * 30} → —"
    assert chain.summary({"what": "open", "reason": "not_in_caseload"}) == \
        "what=open, reason=not_in_caseload"
    assert chain.summary({}) == ""
    assert chain.record_label("contact_note") == "Kontaktnotiz"
    assert chain.record_label("casefile") == "Fall"
    assert chain.record_label("no_such_table") == "no_such_table"


def test_an_entry_summary_is_cut_at_its_limits():
    new = "n" * 45
    assert chain.summary({"fields": {"text": [None, new]}}) == f"text: {'n' * 40}"
    long = {"k": "v" * 200}
    assert chain.summary(long) == f"k={'v' * 98}"  # 100 characters in all
    assert chain.summary(None) == "" and chain.summary("raw") == ""  # unreadable: nothing
