"""Open sync conflicts are in the queue (one automatic follow-up per case) until decided."""

from __future__ import annotations

import uuid

from sqlmodel import select

from caseterm.core.vocab import FollowUpStatus
from caseterm.db.repo import auto_followups as auto
from caseterm.db.repo import queue as q
from caseterm.models.followup import FollowUp
from caseterm.models.sync import ConflictState, SyncConflict


def _conflict(db, case_id, field="title") -> uuid.UUID:
    with db.write() as s:
        c = SyncConflict(case_id=case_id, entity="casefile", record_id=case_id, field=field,
                         local_value='"A"', local_author="Anna", remote_value='"B"',
                         remote_author="Ben", remote_change=uuid.uuid4())
        s.add(c)
        s.flush()
        return c.id


def _decide(db, conflict_id) -> None:
    with db.write() as s:
        s.get(SyncConflict, conflict_id).state = ConflictState.decided.value


def _rows(db, case_id):
    with db.read() as s:
        return [(r.id, r.status, r.next_step) for r in s.exec(select(FollowUp).where(
            FollowUp.case_id == case_id, FollowUp.source_type == auto.SYNC_CONFLICT))]


def test_open_conflicts_are_one_queue_item_per_case_until_decided(db, worker, make_case):
    case = make_case()
    other = make_case(first="Eva", last="Klein")
    first = _conflict(db, case, "title")
    second = _conflict(db, case, "phone")
    auto.refresh_for_worker(db, worker.id)
    auto.refresh_for_worker(db, worker.id)  # nothing duplicated
    (row,) = _rows(db, case)
    assert row[1] == FollowUpStatus.open.value and "2" in row[2]
    assert _rows(db, other) == []
    flt = q.QueueFilter(viewer_id=worker.id, scope="mine")
    assert any(r.id == row[0] for r in q.all_rows(db, flt))

    _decide(db, first)
    auto.refresh_for_worker(db, worker.id)
    (row,) = _rows(db, case)
    assert row[1] == FollowUpStatus.open.value and "2" not in row[2]  # one left

    _decide(db, second)
    auto.refresh_for_worker(db, worker.id)
    (row,) = _rows(db, case)
    assert row[1] == FollowUpStatus.done.value
    assert not any(r.id == row[0] for r in q.all_rows(db, flt))


def test_the_follow_up_id_comes_from_the_conflict(db, worker, make_case):
    """Centre and laptop refreshing the same conflict make the same follow-up, not two."""
    case = make_case()
    conflict = _conflict(db, case)
    auto.refresh_for_worker(db, worker.id)
    (row,) = _rows(db, case)
    assert row[0] == uuid.uuid5(auto._SYNC_NS, f"{case}:{conflict}")


# -- with the engine: a centre and a laptop ------------------------------------------------
def _world(db, worker, make_case, tmp_path):
    from types import SimpleNamespace

    from caseterm.db.repo import workers
    from caseterm.services import sync
    from tests.conftest import ctx_for
    from tests.sync_world import checkout, make_admin

    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(admin, "Zentrale")
    case_id = make_case()
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    return ctx_for(db, worker), ctx_for(laptop, workers.current(db)), case_id, laptop


def _open_items(db, case_id):
    return [r for r in _rows(db, case_id) if r[1] == FollowUpStatus.open.value]


def test_a_real_conflict_is_one_queue_item_on_both_sides_and_leaves_when_decided(
        db, worker, make_case, tmp_path):
    from caseterm.services import followups, record, sync
    from tests.sync_world import full

    centre, lap, case_id, laptop = _world(db, worker, make_case, tmp_path)
    try:
        record.edit_case(lap, case_id, {"title": "Laptop"})
        record.edit_case(centre, case_id, {"title": "Zentrale"})
        full(lap, centre)
        assert len(sync.list_conflicts(lap)) == 1
        followups.refresh(lap)  # the queue opens on the laptop
        followups.refresh(centre)  # and at the centre (a deputy, the office PC)
        full(lap, centre)
        full(lap, centre)
        mine, theirs = _open_items(laptop, case_id), _open_items(db, case_id)
        assert len(mine) == 1 and len(theirs) == 1 and mine[0][0] == theirs[0][0]

        (row,) = sync.list_conflicts(lap)
        sync.resolve_conflict(lap, row.id, "remote", expected_version=row.row_version)
        followups.refresh(lap)
        assert _open_items(laptop, case_id) == []
        full(lap, centre)
        followups.refresh(centre)
        assert _open_items(db, case_id) == []
        assert sync.list_conflicts(centre) == []
    finally:
        laptop.dispose()
