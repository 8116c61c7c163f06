"""Plain results of sync (shared by the data layer, the door, the CLI and the screens)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class ApplyResult:
    """What one `apply_incoming` did. `held`: gaps (source device, first missing, last
    missing) whose later changes are kept until the missing ones arrive."""

    received: int = 0
    applied: int = 0
    same: int = 0
    conflicts: int = 0
    ignored: int = 0
    already: int = 0            # seen before (idempotent re-apply) or our own, acknowledged
    rows: int = 0               # snapshot rows of newly checked-out cases
    duplicates: int = 0         # cross-site duplicate candidates found
    held: list[tuple[str, int, int]] = field(default_factory=list)
    last: int = 0               # the highest seq / server version now taken from the source
    refused: list[str] = field(default_factory=list)  # changes held back, with the reason
    released: int = 0           # held changes applied now that their record arrived
    waiting: list[str] = field(default_factory=list)  # changes still held, and for what

    def add(self, other: ApplyResult) -> None:
        for name in ("received", "applied", "same", "conflicts", "ignored", "already",
                     "rows", "duplicates", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.held = other.held
        self.refused = self.refused + other.refused
        self.waiting = other.waiting
        self.last = max(self.last, other.last)


@dataclass(frozen=True)
class SyncStatus:
    role: str                    # none | central | replica
    device_id: str
    device_name: str
    central_url: str
    unsent: int                  # local changes the centre has not numbered yet
    last_sync_at: datetime | None
    days_since: int | None
    stale: bool                  # replica not synced for more than stale_days
    stale_days: int
    open_conflicts: int
    open_duplicates: int
    last_pulled: int
    held: int = 0                # held back here until what they wait for arrives


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    case_id: uuid.UUID | None
    case_number: str
    entity: str
    record_id: uuid.UUID
    field: str
    reason: str                  # same_field | closed | deleted
    local_value: Any
    local_author: str
    local_at: str                # the change's HLC label as a time (display only)
    remote_value: Any
    remote_author: str
    remote_at: str
    state: str
    decision: str
    row_version: int


@dataclass(frozen=True)
class DuplicateRow:
    id: uuid.UUID
    person_a: uuid.UUID
    person_b: uuid.UUID
    name_a: str                  # "" when that person is not on this database
    name_b: str
    birth_a: date | None
    birth_b: date | None
    score: int
    reason: str                  # a key of core.duplicates.REASONS
    state: str
    case_id: uuid.UUID | None
    row_version: int


@dataclass(frozen=True)
class CheckoutSummary:
    device_id: str
    cases: int
    clients: int
    rows: int
    index_people: int            # people in the duplicate-check index (not checked out)
    case_numbers: list[str]


@dataclass(frozen=True)
class HeldItem:
    """Something that arrived and is held back until something else arrives (README
    "Außenstelle und Zentrale", held changes): `kind` "gap" is a change set (a bundle or a
    sync batch) whose device's earlier changes `missing` (sequence ranges) have not come yet;
    "record" is one change whose case or person (`waits_for`, `waits_for_id`) is not here."""

    kind: str                    # gap | record
    device: str                  # the sending device's name
    seq_from: int
    seq_to: int
    missing: tuple[tuple[int, int], ...]
    entity: str                  # record: the held change's table ("" for a gap)
    record_id: uuid.UUID | None
    case_number: str
    author: str
    waits_for: str               # record: the parent's table
    waits_for_id: uuid.UUID | None
    since: datetime
