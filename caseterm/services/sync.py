"""Sync through the one door: what a laptop sends, what the centre applies, what a caseworker
decides. Every function takes the caller's `Ctx` first; applying, resolving and deciding are
writes through `ctx.acting()`, so the audit trail records them field by field.

A change set (what `collect_outgoing` and `export_for_device` return and `apply_incoming`
takes, also the payload of a bundle) is a JSON-able dict:

    {"format": "caseterm-sync", "version": 1, "schema": "0014_sync",
     "source": <device id>, "source_role": "replica"|"central", "target": <device id>|None,
     "first": <first seq or server version>, "last": <last …>,
     "since": <server version the centre counted from>, "pulled": <replica: last pulled>,
     "counts": {"changes": n, "insert": …, "update": …, "delete": …, "rows": …},
     "changes": [{change_id, device_id, seq, entity, record_id, field, op, base, value,
                  author_id, author_name, hlc, case_id, server_version, outcome, against}],
     "rows": [{"table": name, "row": {column: value}}]}   # check-out snapshot of new cases

From a replica, `first`/`last` are its own sequence numbers; from the centre, server versions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from caseterm.services.door import Ctx

FORMAT = "caseterm-sync"
VERSION = 1


@dataclass
class ApplyResult:
    """What one `apply_incoming` did. `held`: gaps (source device, first missing, last
    missing) whose later changes are kept until the missing ones arrive."""

    received: int = 0
    applied: int = 0
    same: int = 0
    conflicts: int = 0
    ignored: int = 0
    already: int = 0            # seen before (idempotent re-apply)
    rows: int = 0               # snapshot rows of newly checked-out cases
    duplicates: int = 0         # cross-site duplicate candidates found
    held: list[tuple[str, int, int]] = field(default_factory=list)
    last: int = 0               # the highest seq / server version now taken from the source


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


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    case_id: uuid.UUID | None
    case_number: str
    entity: str
    record_id: uuid.UUID
    field: str
    label: str                   # the field's name for people
    reason: str                  # same_field | closed | deleted
    local_value: Any
    local_author: str
    local_at: str                # HLC label shown as a time
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
    name_a: str
    name_b: str
    birth_a: date | None
    birth_b: date | None
    score: int
    reason: str                  # a key of core.duplicates.REASONS
    state: str
    row_version: int


@dataclass(frozen=True)
class CheckoutSummary:
    device_id: str
    path: str
    cases: int
    clients: int
    rows: int
    index_people: int            # people in the duplicate-check index (not checked out)
    case_numbers: list[str]


def collect_outgoing(ctx: Ctx) -> dict:
    """This database's changes the centre has not numbered yet, as a change set (replica);
    resending is harmless (the centre skips what it has)."""
    from caseterm.db.repo import sync as repo

    return repo.collect_outgoing(ctx.db)


def apply_incoming(ctx: Ctx, changeset: dict) -> ApplyResult:
    """Apply a change set in one transaction: at the centre a laptop's changes (numbered,
    merged by field, conflicts recorded, duplicates looked for), at a laptop the centre's
    (in server order). Idempotent: a change id seen before is skipped. A change set that
    starts after a gap is held (ApplyResult.held) and applied when the gap is filled.
    Raises ValueError with a message for a change set of another format or newer version."""
    from caseterm.db.repo import sync as repo

    with ctx.acting():
        return repo.apply_incoming(ctx.db, ctx.actor, changeset)


def export_for_device(ctx: Ctx, device_id: str, since: int | None = None,
                      limit: int | None = None) -> dict:
    """Centre: the changes newer than what `device_id` acknowledged (or `since`) for the
    cases checked out to it, plus snapshot rows of cases newly assigned to it."""
    from caseterm.db.repo import sync as repo

    return repo.export_for_device(ctx.db, uuid.UUID(str(device_id)), since, limit)


def sync_status(ctx: Ctx) -> SyncStatus:
    from caseterm.db.repo import sync as repo

    return repo.status(ctx.db)


def list_conflicts(ctx: Ctx, case_id: uuid.UUID | None = None,
                   include_decided: bool = False) -> list[ConflictRow]:
    """Open conflicts of the cases the actor may read (of one case with `case_id`)."""
    from caseterm.db.repo import sync as repo

    return repo.list_conflicts(ctx, case_id, include_decided)


def resolve_conflict(ctx: Ctx, conflict_id: uuid.UUID, choice: str, value: Any = None,
                     expected_version: int | None = None) -> None:
    """Decide a conflict: `local` (keep the value the centre kept), `remote` (take the other
    one) or `combined` (`value`). Needs write access to the case; audited; the decision
    travels to every side with the next sync. Conflict if it was decided meanwhile."""
    from caseterm.db.repo import sync as repo

    repo.resolve_conflict(ctx, conflict_id, choice, value, expected_version)


def list_duplicates(ctx: Ctx, include_decided: bool = False) -> list[DuplicateRow]:
    from caseterm.db.repo import sync as repo

    return repo.list_duplicates(ctx, include_decided)


def decide_duplicate(ctx: Ctx, dup_id: uuid.UUID, choice: str,
                     expected_version: int | None = None) -> None:
    """`merge`: the second person's cases move to the first, both records and their history
    are kept (the second is marked as merged); `different`: two people. Never automatic."""
    from caseterm.db.repo import sync as repo

    repo.decide_duplicate(ctx, dup_id, choice, expected_version)


def record_unsent(ctx: Ctx, record_ids: set[uuid.UUID] | list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these records (cases, clients, notes …) have local changes not yet sent: the
    "nicht übertragen" mark. A case counts when anything of it is unsent."""
    from caseterm.db.repo import sync as repo

    return repo.record_unsent(ctx.db, set(record_ids))


def init_central(ctx: Ctx, name: str = "") -> str:
    """Make this (PostgreSQL) database the centre; returns its device id. Admin only."""
    from caseterm.db.repo import sync as repo

    return repo.init_central(ctx, name)


def checkout(ctx: Ctx, path: str, *, worker: str | None = None, office: str | None = None,
             key: Any = None, name: str = "", dry_run: bool = False) -> CheckoutSummary:
    """Centre side (ctx on the central database): create the encrypted SQLite replica at
    `path` with the cases assigned to `worker` (user name) or `office`, the workers, and the
    duplicate-check index of everyone else; registers the device. `dry_run`: only say what
    would go with the laptop."""
    from caseterm.db.repo import sync as repo

    return repo.checkout(ctx, path, worker=worker, office=office, key=key, name=name,
                         dry_run=dry_run)


def set_stale_days(ctx: Ctx, days: int) -> None:
    from caseterm.db.repo import sync as repo

    with ctx.acting():
        repo.set_stale_days(ctx.db, days)
