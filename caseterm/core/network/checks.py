"""Input checks of the network map: a person, a tie between two people, the whole map's
problems; the intake's household as the first people of a new map."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from caseterm.core.network.model import (
    CLOSENESS_MAX,
    CLOSENESS_MIN,
    SUPPORT_QUALITIES,
    ClientTie,
    Person,
    Sector,
    Tie,
    name_key,
)
from caseterm.core.safe_text import normalize_input
from caseterm.core.validate import Errors
from caseterm.i18n import _

# -- input checks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonInput:
    name: str
    sector: Sector
    closeness: int
    tie: ClientTie = ClientTie.normal
    conflict: bool = False
    deceased: bool = False
    human: bool = True
    role: str = ""
    support: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    note: str = ""
    offering_id: uuid.UUID | None = None


def _int(e: Errors, name: str, value, lo: int, hi: int, message: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        e.add(name, _("Please enter a number from {lo} to {hi}.").format(lo=lo, hi=hi))
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        e.add(name, _("Please enter a number from {lo} to {hi}.").format(lo=lo, hi=hi))
        return None
    if not lo <= number <= hi:
        e.add(name, message)
        return None
    return number


def check_person(raw: dict, *, other_names: Iterable[str] = ()) -> PersonInput:
    """Check a person typed for the map. `other_names`: the names of the *other* people on the
    same map (a name may appear only once per map, compared without case and spacing)."""
    e = Errors()
    name = e.name("name", raw.get("name"))
    if name and name_key(name) in {name_key(n) for n in other_names}:
        e.add("name", _("“{name}” is already on this map; add a distinguishing word (e.g. "
                        "“Tante Maria”).").format(name=name))
    sector = e.choice("sector", raw.get("sector"), Sector)
    closeness = _int(e, "closeness", raw.get("closeness"), CLOSENESS_MIN, CLOSENESS_MAX,
                     _("Closeness lies inside the three rings: 1 (outer) to 9 (closest)."))
    tie = e.choice("tie", raw.get("tie") or ClientTie.normal.value, ClientTie)
    conflict = bool(raw.get("conflict", False))
    if conflict and tie is ClientTie.none:
        e.add("conflict", _("A conflict can only be marked where there is a tie to the client."))
    support: list[int] = []
    for quality in SUPPORT_QUALITIES:
        value = raw.get(quality, 0)
        got = _int(e, quality, 0 if value in (None, "") else value, 0, 3,
                   _("Support is 0 (none) to 3 (mutual)."))
        support.append(got or 0)
    role = e.text("role", raw.get("role"), maximum=100)
    note = e.text("note", raw.get("note"), maximum=2000)
    e.raise_if_any()
    s0, s1, s2, s3, s4 = support  # one value per quality in SUPPORT_QUALITIES
    return PersonInput(
        name=name, sector=e.valid(sector), closeness=e.valid(closeness),
        tie=e.valid(tie), conflict=conflict,
        deceased=bool(raw.get("deceased", False)), human=bool(raw.get("human", True)),
        role=role, support=(s0, s1, s2, s3, s4),
        note=note, offering_id=raw.get("offering_id"),
    )


def check_tie(a: uuid.UUID, b: uuid.UUID, people: Sequence[Person],
              ties: Iterable[Tie] = ()) -> Tie:
    """A tie between two people on one map: not to oneself, not to a deleted (unknown),
    deceased or non-human entry, and not twice."""
    e = Errors()
    by_id = {p.id: p for p in people}
    if a == b:
        e.add("other", _("A person cannot have a tie to themselves."))
    elif a not in by_id or b not in by_id:
        e.add("other", _("That person is no longer on the map (deleted)."))
    else:
        for pid in (a, b):
            p = by_id[pid]
            if p.deceased:
                e.add("other", _("{name} is marked as deceased; ties are drawn only between "
                                 "living people.").format(name=p.name))
            elif not p.human:
                e.add("other", _("{name} is not a person; ties are drawn only between "
                                 "people.").format(name=p.name))
        if Tie.of(a, b) in set(ties):
            e.add("other", _("These two are already tied."))
    e.raise_if_any()
    return Tie.of(a, b)


def map_problems(people: Sequence[Person], ties: Iterable[Tie]) -> list[str]:
    """Everything wrong with a whole map (used when importing or copying maps)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for p in people:
        key = name_key(p.name)
        if key in seen:
            problems.append(_("“{name}” is on the map twice.").format(name=p.name))
        seen[key] = p.name
        if not CLOSENESS_MIN <= p.closeness <= CLOSENESS_MAX:
            problems.append(_("{name}: closeness {n} lies outside the rings.").format(
                name=p.name, n=p.closeness))
    by_id = {p.id: p for p in people}
    for t in ties:
        if t.a == t.b:
            problems.append(_("A person cannot have a tie to themselves."))
        elif t.a not in by_id or t.b not in by_id:
            problems.append(_("A tie points to a person no longer on the map."))
    return problems


def household_persons(household: Iterable[tuple[str, str, object, bool]]) -> list[PersonInput]:
    """The household recorded at the intake as the first people of a new network map:
    family, in the close ring, the relation as their role (names once each)."""
    out: list[PersonInput] = []
    seen: set[str] = set()
    for name, relation, _born, _in_unit in household:
        name = normalize_input(name or "").strip()
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        out.append(PersonInput(name=name[:80], sector=Sector.family, closeness=8,
                               role=normalize_input(relation or "").strip()[:80]))
    return out
