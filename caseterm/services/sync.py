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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from caseterm.core.access import Need
from caseterm.core.sync_facts import (
    ApplyResult,
    CheckoutSummary,
    ConflictRow,
    DuplicateRow,
    SyncStatus,
)
from caseterm.core.vocab import Role
from caseterm.db.repo.sync import ChangeSetError
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Conflict, Ctx, NotFound, check_case, record

CHOICES = ("local", "remote", "combined")
Sink = Callable[[str, Any], None]  # (list name, item): a change set's items one by one

if TYPE_CHECKING:
    from caseterm.db.engine import Database

__all__ = ["FORMAT", "VERSION", "ApplyResult", "ChangeSetError", "CheckoutSummary",
           "ConflictRow", "DuplicateRow", "SyncStatus"]

FORMAT = "caseterm-sync"
VERSION = 1


def collect_outgoing(ctx: Ctx, sink: Sink | None = None) -> dict:
    """This laptop's changes the centre has not numbered yet, as a change set; resending is
    harmless (the centre skips what it has). Raises ChangeSetError on a non-replica. With
    `sink(key, item)` the changes go there one by one (a bundle being written) and the
    change set returned has empty lists."""
    from caseterm.db.repo import sync as repo

    return repo.collect_outgoing(ctx.db, sink)


def apply_incoming(ctx: Ctx, changeset: dict) -> ApplyResult:
    """Apply a change set in one transaction: at the centre a laptop's changes (numbered,
    merged by field, conflicts recorded, duplicates looked for), at a laptop the centre's
    (in server order). Idempotent: a change id seen before is skipped. A change set that
    starts after a gap is held (ApplyResult.held) and applied when the gap is filled.
    Audited (one entry for the set, and field by field what it changed). Raises
    ChangeSetError (a message) for another format, a newer version, a wrong device."""
    from caseterm.db.repo import sync as repo

    with ctx.acting():
        return repo.apply_incoming(ctx.db, ctx.actor, changeset)


def export_for_device(ctx: Ctx, device_id: str, since: int | None = None,
                      limit: int | None = None, sink: Sink | None = None) -> dict:
    """Centre: the changes newer than what `device_id` acknowledged (or `since`) for the
    cases checked out to it, plus the rows of cases newly assigned to it (sent again until
    the device acknowledges them). `limit`: at most that many changes (a batch). `sink`: as
    for collect_outgoing."""
    from caseterm.db.repo import sync as repo

    with ctx.acting():
        return repo.export_for_device(ctx.db, uuid.UUID(str(device_id)), since, limit, sink)


def sync_status(ctx: Ctx) -> SyncStatus:
    """Role, unsent changes, last sync, days since, stale (more than the configured days);
    open conflicts and duplicate candidates of the cases the actor may read only; changes
    held back (as `services.sync_held.overview` lists them for the actor)."""
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.db.repo import sync as repo

    return repo.status(ctx.db, clock.today(), access.visible_cases(ctx.actor, clock.today()),
                       all_held=ctx.actor.role in (Role.admin, Role.team_lead))


def pull_position(ctx: Ctx) -> tuple[str, int]:
    """This laptop's device id and the last server version it took from the centre: what a
    sync needs before each pull (one read of the state row; `sync_status` also counts).
    Raises ChangeSetError on a database that is not a laptop."""
    from caseterm.db.repo import sync as repo

    return repo.pull_position(ctx.db)


def list_conflicts(ctx: Ctx, case_id: uuid.UUID | None = None,
                   include_decided: bool = False) -> list[ConflictRow]:
    """Open conflicts of the cases the actor may read (of one case with `case_id`)."""
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.db.repo import sync as repo

    if case_id is not None:
        check_case(ctx, case_id, Need.read, "sync_conflicts")
    return repo.conflicts(ctx.db, access.visible_cases(ctx.actor, clock.today()), case_id,
                          include_decided)


def resolve_conflict(ctx: Ctx, conflict_id: uuid.UUID, choice: str, value: Any = None,
                     expected_version: int | None = None) -> None:
    """Decide a conflict: `local` (keep the value the centre kept), `remote` (take the other
    one) or `combined` (`value`). Needs write access to the case; audited field by field; the
    decision travels to every side with the next sync. NotFound for an unknown id;
    ChangeSetError for a wrong choice; Conflict when it was decided meanwhile."""
    from caseterm.db.repo import sync as repo

    if choice not in CHOICES:
        raise ChangeSetError(_("Choose local, remote or combined."))
    if choice == "combined" and value is None:
        raise ChangeSetError(_("A combined value is needed (--value)."))
    found = repo.conflict_case(ctx.db, conflict_id)
    if found is None:
        raise NotFound(_("No such conflict."))
    case_id, version = found
    if case_id is not None:
        check_case(ctx, case_id, Need.write, "sync_resolve")
    elif ctx.actor.role not in (Role.admin, Role.team_lead):
        raise AccessDenied(_("Only a team lead or an administrator decides this conflict."))
    with ctx.acting():
        outcome = repo.resolve(ctx.db, ctx.actor, conflict_id, choice, value,
                               expected_version)
    if outcome == "stale":
        raise Conflict("sync_conflict", conflict_id, expected_version or version, version + 1,
                       [], "")
    if outcome == "missing":
        raise NotFound(_("No such conflict."))


def list_duplicates(ctx: Ctx, include_decided: bool = False) -> list[DuplicateRow]:
    """Cross-site duplicate candidates of the actor's cases (the person who arrived by sync);
    the other person's name is shown only where this database holds her."""
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.db.repo import sync as repo

    return repo.duplicates(ctx.db, access.visible_cases(ctx.actor, clock.today()),
                           include_decided)


def decide_duplicate(ctx: Ctx, dup_id: uuid.UUID, choice: str,
                     expected_version: int | None = None) -> None:
    """`merge`: the second person's cases move to the first, both records and their history
    are kept; `different`: two people. Never automatic. Needs write access to every case
    that moves (or to the candidate's case for `different`); audited."""
    from caseterm.db.repo import sync as repo

    if choice not in ("merge", "different"):
        raise ChangeSetError(_("Choose merge or different."))
    found = repo.duplicate_cases(ctx.db, dup_id)
    if found is None:
        raise NotFound(_("No such duplicate candidate."))
    dup, cases = found
    for case_id in (cases if choice == "merge" else []) or [c for c in [dup.case_id] if c]:
        check_case(ctx, case_id, Need.write, "sync_duplicate")
    with ctx.acting():
        outcome = repo.decide_dup(ctx.db, ctx.actor, dup_id, choice, expected_version)
    if outcome == "stale":
        raise Conflict("sync_duplicate", dup_id, expected_version or dup.row_version,
                       dup.row_version + 1, [], "")
    if outcome == "absent":
        raise ChangeSetError(_("The other person is not on this database; merge at the "
                               "centre."))


def record_unsent(ctx: Ctx, record_ids: set[uuid.UUID] | list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these records (cases, clients, notes …) have local changes not yet sent: the
    "nicht übertragen" mark. A case id counts when anything of that case is unsent."""
    from caseterm.db.repo import sync as repo

    return repo.record_unsent(ctx.db, set(record_ids))


def init_central(ctx: Ctx, name: str = "") -> str:
    """Make this database the centre (the ordering authority); returns its device id.
    Administrators only; audited. Running it again changes nothing."""
    from caseterm.db.repo import sync as repo

    _admin(ctx, "sync_init")
    with ctx.acting():
        return repo.init_central(ctx.db, ctx.actor, name)


def checkout(ctx: Ctx, replica: Database | None, *, worker: str | None = None,
             office: str | None = None, name: str = "") -> CheckoutSummary:
    """Centre side (`ctx` on the central database): register a device and fill `replica`
    (a new, migrated, encrypted SQLite database) with the open cases led or deputised by
    `worker` (user name) or the workers of `office`, the shared reference data, and the
    duplicate-check index (name keys and birth dates) of everyone else. `replica` None: only
    say what would go with the laptop. Administrators and team leads; audited."""
    from caseterm.db.repo import sync as repo

    if ctx.actor.role not in (Role.admin, Role.team_lead):
        _admin(ctx, "sync_checkout")
    with ctx.acting():
        return repo.checkout(ctx.db, ctx.actor, replica, worker=worker, office=office,
                             name=name)


def set_stale_days(ctx: Ctx, days: int) -> None:
    """After how many days without a sync the laptop warns (1..365)."""
    from caseterm.db.repo import sync as repo

    if not 1 <= days <= 365:
        raise ChangeSetError(_("Days must be between 1 and 365."))
    with ctx.acting():
        repo.set_stale_days(ctx.db, days)


def is_central(ctx: Ctx) -> bool:
    from caseterm.db.repo import sync as repo

    return repo.is_role(ctx.db, "central")


def _admin(ctx: Ctx, what: str) -> None:
    if ctx.actor.role != Role.admin:
        record(ctx, "refuse", "sync_state", "", None, {"what": what, "reason": "role"})
        raise AccessDenied(_("Only an administrator may do this."))
