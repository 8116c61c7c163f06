"""The indicators of a network map (reference/methods.md §4.1), and the same in words beside
the map and in `caseterm network show`."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from caseterm.core.network.model import (
    SUPPORT_LABELS,
    SUPPORT_QUALITIES,
    ClientTie,
    Person,
    Ring,
    Sector,
    Tie,
    name_key,
)
from caseterm.core.vocab import label
from caseterm.i18n import _
from caseterm.i18n import fmt_number as i18n_number

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
