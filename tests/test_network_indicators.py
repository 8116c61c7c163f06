"""Indicators of the network map against small networks computed by hand, and the
validation rules (closeness, self-ties, deleted people, duplicate names)."""

from __future__ import annotations

import math
import uuid

import pytest

from caseterm.core.network import (
    ClientTie,
    Person,
    Ring,
    Sector,
    Tie,
    check_person,
    check_tie,
    compare,
    indicators,
    map_problems,
    ring_of,
)
from caseterm.core.validate import InputError


def P(name, sector=Sector.family, closeness=5, **kw) -> Person:
    return Person(uuid.uuid5(uuid.NAMESPACE_DNS, name), name, sector, closeness, **kw)


def test_empty_map():
    ind = indicators([], [])
    assert ind.size == 0 and ind.size_all == 0
    assert ind.mean_closeness is None and ind.sd_closeness is None
    assert ind.density == 0.0 and ind.ties == 0
    assert ind.stars == [] and ind.isolated == []
    assert ind.professional_share is None and ind.sector_balance is None
    assert all(v == 0 for v in ind.by_sector.values())


def test_single_person():
    a = P("Mutter", closeness=8)
    ind = indicators([a], [])
    assert ind.size == 1
    assert ind.by_sector[Sector.family] == 1 and ind.by_ring[Ring.close] == 1
    assert ind.mean_closeness == 8 and ind.sd_closeness == 0
    assert ind.density == 0.0  # n < 2
    assert ind.isolated == [a.id]
    assert ind.stars == []  # nobody has a tie to another
    assert ind.professional_share == 0
    assert ind.sector_balance == 0.0  # all in one sector


def test_fully_connected_four_people_in_four_sectors():
    people = [P("A", Sector.family, 9), P("B", Sector.friends, 6),
              P("C", Sector.colleagues, 3), P("D", Sector.professional, 6)]
    ties = [Tie.of(x.id, y.id) for i, x in enumerate(people) for y in people[i + 1:]]
    ind = indicators(people, ties)
    assert ind.ties == 6
    assert ind.density == 1.0
    assert ind.isolated == []
    assert sorted(ind.stars, key=str) == sorted((p.id for p in people), key=str)
    assert all(d == 3 for d in ind.degree.values()) and ind.mean_degree == 3
    assert ind.mean_closeness == 6  # (9+6+3+6)/4
    assert ind.sd_closeness == pytest.approx(math.sqrt((9 + 0 + 9 + 0) / 4))  # population SD
    assert ind.weight == 24
    assert ind.professional_share == 0.25
    assert ind.sector_balance == pytest.approx(1.0)  # perfectly even
    assert ind.by_ring == {Ring.close: 1, Ring.middle: 2, Ring.distant: 1}


def test_hand_computed_mixed_network():
    # A–B tied, C alone, D without tie to the client, E deceased, F conflict + multiplex
    a, b = P("A", Sector.family, 7), P("B", Sector.family, 4)
    c = P("C", Sector.professional, 2)
    d = P("D", Sector.friends, 5, tie=ClientTie.none)
    e = P("E", Sector.family, 9, deceased=True)
    f = P("F", Sector.friends, 8, tie=ClientTie.multiplex, conflict=True,
          support=(2, 3, 0, 1, 0))
    ties = [Tie.of(a.id, b.id), Tie.of(b.id, f.id), Tie.of(a.id, e.id)]  # tie to deceased ignored
    ind = indicators([a, b, c, d, e, f], ties)
    assert ind.size == 4  # A, B, C, F (D has no tie, E is deceased)
    assert ind.size_all == 5
    assert ind.ties == 2
    # density over the 5 connectable people: 2 / (5·4/2) = 0.2
    assert ind.density == pytest.approx(0.2)
    assert ind.density_by_sector[Sector.family] == 1.0  # A–B among the living family
    assert ind.stars == [b.id]  # degree 2
    assert set(ind.isolated) == {c.id}
    assert ind.without_tie == [d.id]
    assert ind.conflicts == [f.id] and ind.multiplex == 1
    assert ind.deceased == 1
    assert ind.professional_share == pytest.approx(1 / 4)
    # sectors among the 4 with tie: family 2, friends 1, professional 1
    shares = [0.5, 0.25, 0.25]
    h = -sum(x * math.log(x) for x in shares)
    assert ind.sector_balance == pytest.approx(h / math.log(4))
    assert ind.mean_closeness == pytest.approx((7 + 4 + 2 + 8) / 4)
    assert ind.support_received["emotional"] == 1 and ind.support_received["practical"] == 1
    assert ind.support_given["practical"] == 1 and ind.support_given["social"] == 1


def test_rings_from_closeness():
    assert [ring_of(n) for n in (9, 7, 6, 4, 3, 1)] == [
        Ring.close, Ring.close, Ring.middle, Ring.middle, Ring.distant, Ring.distant]


@pytest.mark.parametrize("closeness", ["0", "10", "-1", "x", ""])
def test_closeness_outside_the_rings_is_rejected(closeness):
    with pytest.raises(InputError) as exc:
        check_person({"name": "Tante", "sector": "family", "closeness": closeness})
    assert "closeness" in exc.value.errors


def test_duplicate_names_on_one_map_are_rejected():
    with pytest.raises(InputError) as exc:
        check_person({"name": "  tante   MARIA ", "sector": "family", "closeness": 5},
                     other_names=["Tante Maria"])
    assert "name" in exc.value.errors
    ok = check_person({"name": "Tante Maria", "sector": "family", "closeness": 5},
                      other_names=["Tante Eva"])
    assert ok.name == "Tante Maria"


def test_conflict_needs_a_tie_and_support_range():
    with pytest.raises(InputError) as exc:
        check_person({"name": "X", "sector": "friends", "closeness": 5, "tie": "none",
                      "conflict": True, "emotional": 4})
    assert set(exc.value.errors) == {"conflict", "emotional"}


def test_tie_rules():
    a, b = P("A"), P("B")
    dead = P("Opa", deceased=True)
    with pytest.raises(InputError):
        check_tie(a.id, a.id, [a, b])  # to oneself
    with pytest.raises(InputError):
        check_tie(a.id, uuid.uuid4(), [a, b])  # deleted person
    with pytest.raises(InputError):
        check_tie(a.id, dead.id, [a, b, dead])  # deceased
    with pytest.raises(InputError):
        check_tie(a.id, b.id, [a, b], [Tie.of(b.id, a.id)])  # twice
    assert check_tie(b.id, a.id, [a, b]) == Tie.of(a.id, b.id)


def test_map_problems():
    a, b = P("Anna"), Person(uuid.uuid4(), "anna", Sector.friends, 12)
    problems = map_problems([a, b], [Tie(a.id, a.id), Tie(a.id, uuid.uuid4())])
    assert len(problems) == 4


def test_compare_versions():
    old = [P("Bruder", closeness=3), P("Ex-Partner", Sector.friends, 6)]
    new = [P("Bruder", closeness=8), P("Nachbar", Sector.friends, 5)]
    cmp = compare(old, [], new, [])
    kinds = {(c.name, c.what) for c in cmp.changes}
    assert kinds == {("Bruder", "closer"), ("Nachbar", "added"), ("Ex-Partner", "removed")}
    assert cmp.before.size == 2 and cmp.after.size == 2
