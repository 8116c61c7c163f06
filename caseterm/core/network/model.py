"""The vocabulary of the network map (sectors, rings, the client tie, support qualities and
their labels, closeness and its ring) and the data the rules look at (Person, Tie)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from caseterm.core.safe_text import normalize_input
from caseterm.core.vocab import LABELS
from caseterm.i18n import N_, NP_

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
