"""The client's network map (Pantuček's Netzwerkkarte, as easyNWK models it): vocabulary,
validation rules and the indicators. Pure: no UI, no database.

- Four fixed sectors (family, friends/acquaintances, colleagues/school/work, professional
  help) and three rings (close, middle, distant).
- Closeness (Nähe) is a score 1–9, 9 = closest: 7–9 lie in the inner ring, 4–6 in the
  middle ring, 1–3 in the outer ring (easyNWK: ``naehe = 9 − floor(distance·9/100)``).
- Each person has a tie to the client (none / normal / multiplex), a conflict flag (only with
  a tie), the five support qualities (none / client supports / supports client / mutual),
  deceased and human flags. Ties between people are undirected and stored once.
- Only *connectable* people (human, living) take part in ties and in the indicators
  (reference/methods.md §4.1).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from caseterm.core.safe_text import normalize_input
from caseterm.core.validate import Errors
from caseterm.core.vocab import LABELS, label
from caseterm.i18n import N_, NP_, _
from caseterm.i18n import fmt_number as i18n_number

CLOSENESS_MIN = 1
CLOSENESS_MAX = 9


class Sector(StrEnum):
    family = "family"
    friends = "friends"
    colleagues = "colleagues"
    professional = "professional"


class Ring(StrEnum):
    close = "close"
    middle = "middle"
    distant = "distant"


class ClientTie(StrEnum):
    none = "none"
    normal = "normal"
    multiplex = "multiplex"


class Support(IntEnum):
    none = 0
    client_gives = 1  # the client supports this person
    client_gets = 2  # this person supports the client
    mutual = 3


SUPPORT_QUALITIES = ("emotional", "practical", "informational", "social", "linking")

LABELS.update({
    Sector: {
        "family": N_("Family"),
        "friends": N_("Friends/acquaintances"),
        "colleagues": N_("Colleagues/school/work"),
        "professional": N_("Professional help"),
    },
    Ring: {
        "close": N_("close"),
        "middle": N_("middle"),
        "distant": N_("distant"),
    },
    ClientTie: {
        "none": N_("no tie at present"),
        "normal": N_("tie"),
        "multiplex": N_("multiplex tie"),
    },
})

SUPPORT_LABELS = {
    "emotional": N_("emotional"),
    "practical": N_("practical"),
    "informational": N_("informational"),
    "social": N_("social company"),
    "linking": N_("linking"),
}
SUPPORT_VALUE_LABELS = {
    0: NP_("support", "none"),
    1: N_("client supports"),
    2: N_("supports client"),
    3: N_("mutual"),
}


def ring_of(closeness: int) -> Ring:
    if closeness >= 7:
        return Ring.close
    if closeness >= 4:
        return Ring.middle
    return Ring.distant


RING_RANGES = {Ring.close: (7, 9), Ring.middle: (4, 6), Ring.distant: (1, 3)}


# -- the data the rules look at ---------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: uuid.UUID
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
    # The stored version this was read at (an edit started from it; see services.door).
    row_version: int = field(default=0, compare=False)

    @property
    def connectable(self) -> bool:
        return self.human and not self.deceased

    @property
    def ring(self) -> Ring:
        return ring_of(self.closeness)

    @property
    def has_tie(self) -> bool:
        return self.tie is not ClientTie.none

    def support_of(self, quality: str) -> int:
        return self.support[SUPPORT_QUALITIES.index(quality)]


@dataclass(frozen=True)
class Tie:
    a: uuid.UUID
    b: uuid.UUID

    @staticmethod
    def of(a: uuid.UUID, b: uuid.UUID) -> Tie:
        """The tie in its stored (ordered) form."""
        return Tie(a, b) if str(a) < str(b) else Tie(b, a)


def name_key(name: str) -> str:
    return " ".join(normalize_input(name).casefold().split())


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


# -- indicators -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Indicators:
    size: int  # connectable people with a tie to the client
    size_all: int  # connectable people, with or without tie
    by_sector: dict[Sector, int]
    by_ring: dict[Ring, int]
    mean_closeness: float | None
    sd_closeness: float | None
    weight: int  # sum of closeness scores (Beziehungsgewicht)
    ties: int  # ties between people on the map
    density: float
    density_by_sector: dict[Sector, float]
    degree: dict[uuid.UUID, int] = field(repr=False)
    mean_degree: float
    stars: list[uuid.UUID]
    isolated: list[uuid.UUID]
    without_tie: list[uuid.UUID]
    professional_share: float | None
    sector_balance: float | None
    multiplex: int
    conflicts: list[uuid.UUID]
    deceased: int
    support_received: dict[str, int]  # per quality: people who support the client
    support_given: dict[str, int]  # per quality: people the client supports


def _density(members: set[uuid.UUID], ties: Iterable[Tie]) -> float:
    n = len(members)
    if n < 2:
        return 0.0
    inside = sum(1 for t in ties if t.a in members and t.b in members)
    return inside / (n * (n - 1) / 2)


def indicators(people: Sequence[Person], ties: Iterable[Tie]) -> Indicators:
    """The indicators of one map (reference/methods.md §4.1 and the [design] additions).

    Density counts the ties among *connectable* people, over n·(n−1)/2 with n = connectable
    people (with or without a tie to the client); the client's own ties are not counted."""
    living = [p for p in people if p.connectable]
    members = {p.id for p in living}
    ties = [t for t in set(ties) if t.a in members and t.b in members and t.a != t.b]
    tied = [p for p in living if p.has_tie]
    degree = {p.id: 0 for p in living}
    for t in ties:
        degree[t.a] += 1
        degree[t.b] += 1
    by_sector = {s: sum(1 for p in tied if p.sector is s) for s in Sector}
    by_ring = {r: sum(1 for p in tied if p.ring is r) for r in Ring}
    scores = [p.closeness for p in tied]
    mean = sum(scores) / len(scores) if scores else None
    sd = (math.sqrt(sum((x - mean) ** 2 for x in scores) / len(scores))
          if mean is not None else None)
    top = max(degree.values(), default=0)
    names = {p.id: name_key(p.name) for p in living}
    stars = sorted((pid for pid, d in degree.items() if d == top and top > 0),
                   key=lambda pid: (names[pid], str(pid)))
    n = len(tied)
    if n:
        shares = [c / n for c in by_sector.values() if c]
        h = -sum(x * math.log(x) for x in shares)
        balance = h / math.log(len(Sector))
    else:
        balance = None
    received = {q: sum(1 for p in tied if p.support_of(q) in (2, 3)) for q in SUPPORT_QUALITIES}
    given = {q: sum(1 for p in tied if p.support_of(q) in (1, 3)) for q in SUPPORT_QUALITIES}
    return Indicators(
        size=n, size_all=len(living), by_sector=by_sector, by_ring=by_ring,
        mean_closeness=mean, sd_closeness=sd, weight=sum(scores), ties=len(ties),
        density=_density(members, ties),
        density_by_sector={s: _density({p.id for p in living if p.sector is s}, ties)
                           for s in Sector},
        degree=degree,
        mean_degree=(sum(degree.values()) / len(degree)) if degree else 0.0,
        stars=stars,
        isolated=[p.id for p in tied if degree[p.id] == 0],
        without_tie=[p.id for p in living if not p.has_tie],
        professional_share=(by_sector[Sector.professional] / n) if n else None,
        sector_balance=balance,
        multiplex=sum(1 for p in tied if p.tie is ClientTie.multiplex),
        conflicts=[p.id for p in tied if p.conflict],
        deceased=sum(1 for p in people if p.deceased),
        support_received=received, support_given=given,
    )


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


# -- the indicators in words (beside the map, in `caseterm network show`) ---------------------

def fmt_number(value: float | None, digits: int = 1) -> str:
    """A figure with the decimal separator of the language (0,27 in German)."""
    return "—" if value is None else i18n_number(value, digits)


def fmt_share(value: float | None) -> str:
    return "—" if value is None else i18n_number(value * 100, 0, unit="%")


@dataclass(frozen=True)
class IndicatorLine:
    title: str
    value: str  # may hold client-given names: shown literally by whoever renders it
    alert: bool = False


def indicator_lines(ind: Indicators, people: Sequence[Person]) -> list[IndicatorLine]:
    """The indicators in words, one line each; the screen and the CLI render the same lines."""
    names = {p.id: p.name for p in people}

    def who(ids: list[uuid.UUID], limit: int = 4) -> str:
        if not ids:
            return "—"
        text = ", ".join(names.get(i, "?") for i in ids[:limit])
        return text + (f" +{len(ids) - limit}" if len(ids) > limit else "")

    stars = who(ind.stars)
    if ind.stars:
        stars += f" ({ind.degree[ind.stars[0]]})"
    return [
        IndicatorLine(_("Network size"), _("{n} with a tie ({m} in all)").format(
            n=ind.size, m=ind.size_all)),
        IndicatorLine(_("By sector"), " · ".join(f"{label(s)} {ind.by_sector[s]}"
                                                 for s in Sector)),
        IndicatorLine(_("By ring"), " · ".join(f"{label(r)} {ind.by_ring[r]}" for r in Ring)),
        IndicatorLine(_("Average closeness"), _("{mean} (SD {sd}; 9 = closest)").format(
            mean=fmt_number(ind.mean_closeness), sd=fmt_number(ind.sd_closeness))),
        IndicatorLine(_("Ties between people"), str(ind.ties)),
        IndicatorLine(_("Density"), fmt_number(ind.density, 2)),
        IndicatorLine(_("Most connected"), stars),
        IndicatorLine(_("Isolated"), who(ind.isolated)),
        IndicatorLine(_("Without tie to the client"), who(ind.without_tie)),
        IndicatorLine(_("Share of professionals"), fmt_share(ind.professional_share)),
        IndicatorLine(_("Sector balance"), _("{value} (1 = even over all four)").format(
            value=fmt_number(ind.sector_balance, 2))),
        IndicatorLine(_("Conflictual ties"),
                      f"{len(ind.conflicts)} {who(ind.conflicts)}" if ind.conflicts else "0",
                      alert=bool(ind.conflicts)),
        IndicatorLine(_("Multiplex ties"), str(ind.multiplex)),
        IndicatorLine(_("Support received"), " · ".join(
            f"{_(SUPPORT_LABELS[q])} {ind.support_received[q]}" for q in SUPPORT_QUALITIES)),
    ]


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
