"""What a sync costs when there is little or nothing to move: the statements each call sends
to the database. A laptop syncs often (and the status bar asks for the status), and the sync
model test runs these calls thousands of times; a call that grows by a query shows here."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import event

from caseterm.services import sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, full, make_admin


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    from caseterm.db.repo import workers

    centre = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(centre, "Zentrale")
    make_case()
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, workers.current(db))
    full(lap, ctx_for(db, worker))
    yield SimpleNamespace(centre=ctx_for(db, worker), laptop=lap)
    laptop.dispose()


def _statements(ctxs, fn) -> int:
    """How many statements `fn` sends to the databases of `ctxs` (BEGIN included)."""
    count = [0]

    def on_execute(*_args):
        count[0] += 1

    for ctx in ctxs:
        event.listen(ctx.db.engine, "before_cursor_execute", on_execute)
    try:
        fn()
    finally:
        for ctx in ctxs:
            event.remove(ctx.db.engine, "before_cursor_execute", on_execute)
    return count[0]


def test_a_sync_with_nothing_to_move_sends_few_statements(world):
    both = (world.centre, world.laptop)
    outgoing = sync.collect_outgoing(world.laptop)
    assert outgoing["changes"] == []
    # the centre takes an empty set: the state, the device, held sets and changes (none),
    # the device's last contact (one UPDATE), the audit entries of the apply (one append)
    assert _statements(both, lambda: sync.apply_incoming(world.centre, outgoing)) <= 9
    status = sync.sync_status(world.laptop)
    incoming = sync.export_for_device(world.centre, status.device_id, status.last_pulled)
    assert incoming["changes"] == []
    assert _statements(both, lambda: sync.apply_incoming(world.laptop, incoming)) <= 7
    # what a sync asks before each pull: the state row alone
    assert sync.pull_position(world.laptop) == (status.device_id, status.last_pulled)
    assert _statements(both, lambda: sync.pull_position(world.laptop)) <= 2
    # the status: the state row, then the unsent changes, open conflicts and open duplicate
    # candidates counted in one statement, and everything held in another
    assert _statements(both, lambda: sync.sync_status(world.laptop)) <= 4


def test_a_sync_with_one_change_audits_in_one_append(world):
    """A change set's flushes and its own entry are one append to the audit chain (the head
    read and written once), the counters reserved in one statement, in the same order."""
    from sqlmodel import select

    from caseterm.db.engine import acting
    from caseterm.db.repo.audit import latest, verify
    from caseterm.models.case import Case

    with world.laptop.db.read() as s:
        case_id = s.exec(select(Case.id)).first()
    with acting(world.laptop.actor), world.laptop.db.write() as s:
        s.get(Case, case_id).title = "Wohnung"
    outgoing = sync.collect_outgoing(world.laptop)
    heads = [0]

    def on_execute(_conn, _cursor, statement, *_args):
        heads[0] += statement.lstrip().upper().startswith("UPDATE AUDIT_HEAD")

    from sqlalchemy import event

    event.listen(world.centre.db.engine, "before_cursor_execute", on_execute)
    try:
        count = _statements((world.centre,), lambda: sync.apply_incoming(world.centre,
                                                                         outgoing))
    finally:
        event.remove(world.centre.db.engine, "before_cursor_execute", on_execute)
    assert heads[0] == 1
    assert count <= 18
    # the case's field change, the device's contact, then the apply's own entry, chained
    last = latest(world.centre.db, limit=3)
    assert [(e.action, e.entity) for e in last] == [
        ("sync_apply", "sync_change"), ("update", "sync_peer"), ("update", "casefile")]
    assert last[2].detail["fields"]["title"][1] == "Wohnung"
    assert verify(world.centre.db)[1] == []


def test_the_status_counts_in_one_statement_still_count(world):
    from sqlmodel import select

    from caseterm.db.engine import acting
    from caseterm.models.case import Case

    status = sync.sync_status(world.laptop)
    assert (status.unsent, status.open_conflicts, status.open_duplicates) == (0, 0, 0)
    with world.laptop.db.read() as s:
        case_id = s.exec(select(Case.id)).first()
    for ctx, title in ((world.laptop, "Wohnung"), (world.centre, "Arbeit")):
        with acting(ctx.actor), ctx.db.write() as s:
            s.get(Case, case_id).title = title
    assert sync.sync_status(world.laptop).unsent == 1
    full(world.laptop, world.centre)
    assert sync.sync_status(world.laptop).unsent == 0
    assert sync.sync_status(world.centre).open_conflicts == 1
    assert sync.sync_status(world.laptop).open_conflicts == 1
