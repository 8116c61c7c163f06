"""The merge rules of sync, pure (no SQL, no clock of its own).

The centre is the ordering authority: it takes each laptop's changes in the device's sequence
order, gives every change it accepts a server version, and decides here what happens to it.
Replicas then apply the centre's decisions in server-version order, so every replica ends in
the same state. Wall clocks never order anything: a hybrid logical clock (HLC) only labels a
change for display ("changed on … by …"), so a laptop clock that is 30 days wrong or jumps
backwards changes no outcome.

Rules for one incoming change, given what the receiving side has for that field:
- **insert** of an item id that already exists: union by item id, nothing to do (`same`).
  An item inserted on two sides (notes, contacts, documents, follow-ups) is kept once each.
- **delete**: a tombstone. The item is removed and stays removed: later edits to it become a
  conflict (kept, not lost), a re-insert of the same id is not applied.
- **update** of a field:
  - made from the field's current change (base == current): applied;
  - otherwise, the same value as now: `same` (no conflict);
  - otherwise the field was changed on both sides from the same base: `conflict`. Both values
    are kept in a conflict record; the value first in server order stays until a caseworker
    decides. Edits of *different* fields of one record never meet here: each field has its own
    base, so they are both applied (and marked parallel: the record changed on two sides).
- **A closed case is never reopened by a sync**: on a closed case (phase `closure`), an update
  of `phase`, `closed_on` or `closure_reason` that would make it open again is applied only
  when its base is the field's current change (the editor saw the closure and reopened the
  case deliberately). Otherwise it becomes a conflict (reason `closed`) and the case stays
  closed. Every other change to a closed case (a note written offline) is applied as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    applied = "applied"
    same = "same"
    conflict = "conflict"
    ignored = "ignored"


class Reason(StrEnum):
    none = ""
    same_field = "same_field"
    closed = "closed"
    deleted = "deleted"


CLOSURE_FIELDS = frozenset({"phase", "closed_on", "closure_reason"})
CLOSED_PHASE = "closure"


@dataclass(frozen=True)
class Incoming:
    op: str                 # insert | update | delete
    field: str | None
    base: str | None        # change id the editor's field was at (None: check-out state)
    value: Any


@dataclass(frozen=True)
class Here:
    """What the receiving side has for the record and field."""

    exists: bool
    deleted: bool               # a tombstone for the item
    current: str | None         # the field's last change id (None: never changed since check-out)
    value: Any                  # the field's current value
    closed_case: bool = False   # the record is a case whose phase is closed


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: Reason = Reason.none


def decide(change: Incoming, here: Here,
           accepts: Callable[[str | None, str | None], bool] | None = None) -> Decision:
    """What the centre does with one incoming change. `accepts(base, current)` may widen
    "base == current" (a base that met the current change as `same` is as good as it)."""
    same_base = (accepts or (lambda b, c: b == c))(change.base, here.current)
    if change.op == "insert":
        if here.deleted:
            return Decision(Verdict.ignored, Reason.deleted)
        return Decision(Verdict.same if here.exists else Verdict.applied)
    if change.op == "delete":
        return Decision(Verdict.applied if here.exists else Verdict.same)
    # update of one field
    if here.deleted or not here.exists:
        return Decision(Verdict.conflict if here.deleted else Verdict.ignored,
                        Reason.deleted if here.deleted else Reason.none)
    if (here.closed_case and change.field in CLOSURE_FIELDS
            and reopens(change.field, change.value) and not same_base):
        return Decision(Verdict.conflict, Reason.closed)
    if same_base:
        return Decision(Verdict.applied)
    if change.value == here.value:
        return Decision(Verdict.same)
    return Decision(Verdict.conflict, Reason.same_field)


def reopens(field: str | None, value: Any) -> bool:
    """Would setting `field` to `value` make a closed case open again?"""
    if field == "phase":
        return value != CLOSED_PHASE
    if field == "closed_on":
        return value is None
    return False


def parallel(fields_here: set[str], fields_incoming: set[str]) -> bool:
    """Two edits of one record from the same base are *parallel* (merged silently, marked)
    when they touched different fields; any shared field is a conflict instead."""
    return bool(fields_here) and bool(fields_incoming) and not (fields_here & fields_incoming)


def union(mine: dict[str, Any], theirs: dict[str, Any],
          tombstones: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Child items (notes, contacts, documents, follow-ups) by item id: every item of both
    sides once, minus the deleted ones. Where both sides hold an item, mine is kept (item
    fields merge field by field through `decide`, not here)."""
    out = {k: v for k, v in theirs.items() if k not in tombstones}
    out.update({k: v for k, v in mine.items() if k not in tombstones})
    return out


# -- hybrid logical clock (display only) ---------------------------------------------------

@dataclass(frozen=True, order=True)
class HLC:
    """Kulkarni et al. 2014: wall milliseconds, a counter, the node. Monotonic per device even
    when the wall clock jumps backwards; used to label changes, never to order them."""

    wall: int
    counter: int = 0
    node: str = ""

    def text(self) -> str:
        return f"{self.wall:015d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> HLC:
        if not text:
            return cls(0, 0, "")
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter), node)

    def tick(self, now_ms: int) -> HLC:
        """The clock for a local event at wall time `now_ms`."""
        if now_ms > self.wall:
            return HLC(now_ms, 0, self.node)
        return HLC(self.wall, self.counter + 1, self.node)

    def receive(self, other: HLC, now_ms: int) -> HLC:
        """The clock after seeing a remote label `other` at wall time `now_ms`."""
        wall = max(self.wall, other.wall, now_ms)
        if wall == self.wall == other.wall:
            counter = max(self.counter, other.counter) + 1
        elif wall == self.wall:
            counter = self.counter + 1
        elif wall == other.wall:
            counter = other.counter + 1
        else:
            counter = 0
        return HLC(wall, counter, self.node)
