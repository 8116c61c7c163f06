"""Comparing two versions of a network map: who came, went or moved, and how the indicators
changed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from caseterm.core.network.measures import Indicators, indicators
from caseterm.core.network.model import Person, Tie, name_key

# -- comparing two versions -------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    name: str
    what: str  # "added", "removed", "closer", "further", "sector", "tie", "conflict"
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Comparison:
    changes: list[Change]
    before: Indicators
    after: Indicators


def compare(old: Sequence[Person], old_ties: Iterable[Tie], new: Sequence[Person],
            new_ties: Iterable[Tie]) -> Comparison:
    """What changed between two versions of a map; people are matched by name."""
    old_by = {name_key(p.name): p for p in old}
    new_by = {name_key(p.name): p for p in new}
    changes: list[Change] = []
    for key, p in new_by.items():
        q = old_by.get(key)
        if q is None:
            changes.append(Change(p.name, "added", after=str(p.closeness)))
            continue
        if p.closeness != q.closeness:
            changes.append(Change(p.name, "closer" if p.closeness > q.closeness else "further",
                                  str(q.closeness), str(p.closeness)))
        if p.sector is not q.sector:
            changes.append(Change(p.name, "sector", q.sector.value, p.sector.value))
        if p.tie is not q.tie:
            changes.append(Change(p.name, "tie", q.tie.value, p.tie.value))
        if p.conflict != q.conflict:
            changes.append(Change(p.name, "conflict", str(q.conflict), str(p.conflict)))
        if p.deceased and not q.deceased:
            changes.append(Change(p.name, "deceased"))
    for key, q in old_by.items():
        if key not in new_by:
            changes.append(Change(q.name, "removed", before=str(q.closeness)))
    return Comparison(changes=changes, before=indicators(old, old_ties),
                      after=indicators(new, new_ties))
