"""An edit made at a PostgreSQL centre while a laptop's change set is being applied waits for
the apply's turn (db/sync_lock.serialise_apply, taken by the change capture): it cannot slip
between the apply's reading of a field and its writing, where a laptop's change from the old
base would overwrite it without a conflict."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from caseterm.db.engine import Database, acting
from caseterm.db.sync_lock import PG_APPLY_KEY, serialise_apply
from caseterm.services import record, sync
from tests.conftest import ctx_for
from tests.sync_world import full
from tests.test_sync_concurrent_pg import _title, world  # noqa: F401 - the fixture
from tests.waiting import await_for

pytestmark = pytest.mark.postgres


def _waiting_for_the_turn(db) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND ((classid::bigint << 32) | objid::bigint) = :k"), {"k": PG_APPLY_KEY}).scalar())


def _device_then_case(db, case_id, anna):
    """A write at the centre that first flushes a row logged to no laptop (a device's row,
    audited: the chain's head is locked then), then a case field."""
    import uuid

    from caseterm.models.case import Case
    from caseterm.models.sync import SyncPeer

    with acting(anna), db.write() as s:
        s.add(SyncPeer(device_id=uuid.uuid4(), name="Ersatzgerät"))
        s.flush()
        s.get(Case, case_id).title = "Zentrale"


@pytest.mark.parametrize("how", ["edit", "device first"])
def test_a_centre_edit_waits_while_a_change_set_is_applied(world, how):  # noqa: F811
    import asyncio

    other = Database(world.db.url)  # the edit's own connections, as another desk's process
    try:
        centre = ctx_for(other, world.anna)
        done = threading.Event()
        errors: list[BaseException] = []

        def edit():
            try:
                if how == "edit":
                    record.edit_case(centre, world.case, {"title": "Zentrale"})
                else:
                    _device_then_case(other, world.case, world.anna)
                done.set()
            except BaseException as exc:
                errors.append(exc)

        with acting(world.anna), world.db.write() as s:  # an apply in progress
            serialise_apply(s)
            thread = threading.Thread(target=edit)
            thread.start()

            asyncio.run(await_for(lambda: _waiting_for_the_turn(world.db) == 1, timeout=30,
                                  what="the edit waiting for the apply's turn"))
            assert not done.is_set()
            # the apply ends as one does: its audit entry appended (the chain's head locked)
            # while the edit waits: the edit holds nothing the apply needs
            from caseterm.db.repo import audit_log

            audit_log.append(s, world.anna, [audit_log.Pending(
                "sync_apply", "sync_change", "test", None, {})])
        thread.join(timeout=60)
        assert not errors, errors
        assert done.is_set()
        assert _title(world.db, world.case) == "Zentrale"
    finally:
        other.dispose()


def test_a_laptop_edit_from_the_old_base_conflicts_with_the_centre_edit(world):  # noqa: F811
    laptop = ctx_for(world.laptops[0], world.anna)
    centre = ctx_for(world.db, world.anna)
    record.edit_case(laptop, world.case, {"title": "Laptop"})
    record.edit_case(centre, world.case, {"title": "Zentrale"})
    full(laptop, centre)
    conflicts = sync.list_conflicts(centre)
    assert [(c.field, c.local_value, c.remote_value) for c in conflicts] == [
        ("title", "Zentrale", "Laptop")]
