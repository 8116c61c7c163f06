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

from caseterm.core.network.checks import (
    PersonInput,
    check_person,
    check_tie,
    household_persons,
    map_problems,
)
from caseterm.core.network.comparison import Change, Comparison, compare
from caseterm.core.network.measures import (
    IndicatorLine,
    Indicators,
    fmt_number,
    fmt_share,
    indicator_lines,
    indicators,
)
from caseterm.core.network.model import (
    CLOSENESS_MAX,
    CLOSENESS_MIN,
    RING_RANGES,
    SUPPORT_LABELS,
    SUPPORT_QUALITIES,
    SUPPORT_VALUE_LABELS,
    ClientTie,
    Person,
    Ring,
    Sector,
    Support,
    Tie,
    name_key,
    ring_of,
)

__all__ = [
    "CLOSENESS_MAX",
    "CLOSENESS_MIN",
    "RING_RANGES",
    "SUPPORT_LABELS",
    "SUPPORT_QUALITIES",
    "SUPPORT_VALUE_LABELS",
    "Change",
    "ClientTie",
    "Comparison",
    "IndicatorLine",
    "Indicators",
    "Person",
    "PersonInput",
    "Ring",
    "Sector",
    "Support",
    "Tie",
    "check_person",
    "check_tie",
    "compare",
    "fmt_number",
    "fmt_share",
    "household_persons",
    "indicator_lines",
    "indicators",
    "map_problems",
    "name_key",
    "ring_of",
]
