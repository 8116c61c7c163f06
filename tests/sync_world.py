"""A centre and laptops for sync tests, in-process: the centre is the test's database
(SQLite or PostgreSQL), each laptop a SQLite file checked out from it."""

from __future__ import annotations

from pathlib import Path

from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from caseterm.services import sync


def make_admin(db):
    from caseterm.db.repo import workers

    with db.write() as s:
        return workers.add(s, username="admin", display_name="Admin", role="admin",
                           team="", office="Rathaus", land="NW").id


def checkout(centre_ctx, path: Path, worker: str, template: bytes | None = None) -> Database:
    if template is not None:
        path.write_bytes(template)
    replica = Database(str(path))
    if template is None:
        upgrade(replica, make_backup=False)
    sync.checkout(centre_ctx, replica, worker=worker, name=path.stem)
    return replica


def push(laptop_ctx, centre_ctx) -> sync.ApplyResult:
    return sync.apply_incoming(centre_ctx, sync.collect_outgoing(laptop_ctx))


def pull(laptop_ctx, centre_ctx, limit: int | None = None) -> sync.ApplyResult:
    device = sync.sync_status(laptop_ctx).device_id
    since = sync.sync_status(laptop_ctx).last_pulled
    return sync.apply_incoming(laptop_ctx, sync.export_for_device(centre_ctx, device, since,
                                                                  limit))


def full(laptop_ctx, centre_ctx) -> None:
    push(laptop_ctx, centre_ctx)
    pull(laptop_ctx, centre_ctx)
