"""The pure merge rules of sync (caseterm/core/merge.py), with Hypothesis properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from caseterm.core.merge import (
    HLC,
    Here,
    Incoming,
    Reason,
    Verdict,
    decide,
    parallel,
    reopens,
    union,
)


def here(current="c1", value="x", **kw):
    return Here(exists=kw.get("exists", True), deleted=kw.get("deleted", False),
                current=current, value=value, closed_case=kw.get("closed", False))


def test_update_from_the_current_change_is_applied():
    assert decide(Incoming("update", "title", "c1", "y"), here()).verdict == Verdict.applied


def test_same_field_from_an_old_base_is_a_conflict_unless_the_same_value():
    d = decide(Incoming("update", "title", "c0", "y"), here())
    assert d.verdict == Verdict.conflict and d.reason == Reason.same_field
    assert decide(Incoming("update", "title", "c0", "x"), here()).verdict == Verdict.same


def test_never_changed_field_takes_an_edit_from_the_check_out_state():
    assert decide(Incoming("update", "title", None, "y"), here(current=None)).verdict \
        == Verdict.applied


def test_inserts_are_a_union_and_tombstones_stay():
    assert decide(Incoming("insert", None, None, {}), here(exists=False)).verdict \
        == Verdict.applied
    assert decide(Incoming("insert", None, None, {}), here()).verdict == Verdict.same
    assert decide(Incoming("insert", None, None, {}),
                  here(exists=False, deleted=True)).verdict == Verdict.ignored
    d = decide(Incoming("update", "text", "c1", "y"), here(exists=False, deleted=True))
    assert d.verdict == Verdict.conflict and d.reason == Reason.deleted


def test_a_closed_case_is_not_reopened_by_a_sync():
    closed = here(current="close", value="closure", closed=True)
    d = decide(Incoming("update", "phase", "before", "planning"), closed)
    assert d.verdict == Verdict.conflict and d.reason == Reason.closed
    # the editor saw the closure and reopened deliberately: applied
    assert decide(Incoming("update", "phase", "close", "planning"), closed).verdict \
        == Verdict.applied
    # other fields of a closed case merge as usual
    assert decide(Incoming("update", "title", None, "t"), here(current=None, closed=True)
                  ).verdict == Verdict.applied
    assert reopens("closed_on", None) and not reopens("closed_on", "2026-01-01")
    assert not reopens("title", "x")


def test_accepts_widens_the_base():
    d = decide(Incoming("update", "title", "old", "y"), here(),
               accepts=lambda b, c: b in ("old", c))
    assert d.verdict == Verdict.applied


FIELDS = st.sets(st.sampled_from(["title", "phone", "phase", "district", "email"]),
                 min_size=1)


@given(FIELDS, FIELDS)
def test_parallel_exactly_when_no_field_is_shared(a, b):
    assert parallel(a, b) == (not (a & b))


@given(FIELDS, FIELDS, st.data())
def test_two_edits_from_one_base_conflict_exactly_on_shared_fields(a, b, data):
    """Side A's edits are applied first (server order), then side B's, all from base c0."""
    values_a = {f: data.draw(st.sampled_from(["1", "2"])) for f in a}
    values_b = {f: data.draw(st.sampled_from(["1", "2"])) for f in b}
    store = {f: ("c0", "0") for f in a | b}
    for f, v in values_a.items():
        assert decide(Incoming("update", f, "c0", v),
                      here(*store[f])).verdict == Verdict.applied
        store[f] = ("a:" + f, v)
    for f, v in values_b.items():
        verdict = decide(Incoming("update", f, "c0", v), here(*store[f])).verdict
        if f not in a:
            assert verdict == Verdict.applied
        elif values_a[f] == v:
            assert verdict == Verdict.same
        else:
            assert verdict == Verdict.conflict


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=40))
def test_hlc_labels_rise_even_when_the_wall_clock_jumps_back(walls):
    clock, labels = HLC(0, 0, "n"), []
    for wall in walls:
        clock = clock.tick(wall)
        labels.append(clock)
    assert labels == sorted(labels) and len(set(labels)) == len(labels)
    assert all(HLC.parse(x.text()) == x for x in labels)


@given(st.integers(0, 10**12), st.integers(0, 10**12), st.integers(-30, 30))
def test_hlc_receive_is_after_both(mine, theirs, skew_days):
    a = HLC(mine, 3, "a")
    b = HLC(theirs, 1, "b")
    after = a.receive(b, mine + skew_days * 86_400_000)
    assert (after.wall, after.counter) > (a.wall, a.counter)
    assert (after.wall, after.counter) > (b.wall, b.counter)


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers()),
       st.dictionaries(st.sampled_from("abcdef"), st.integers()),
       st.frozensets(st.sampled_from("abcdef")))
def test_union_by_item_id(mine, theirs, gone):
    merged = union(mine, theirs, gone)
    assert set(merged) == (set(mine) | set(theirs)) - gone
    assert set(union(theirs, mine, gone)) == set(merged)
