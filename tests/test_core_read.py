"""`Database.read()` (caseterm.db.engine.CoreRead): Core statements run on the connection, the
ORM session is opened only for what needs it, on the same transaction; results are the same."""

from __future__ import annotations

from sqlalchemy import select

from caseterm.db import tables
from caseterm.models.worker import Worker


def test_core_statements_open_no_orm_session(db, worker):
    with db.read() as s:
        name = s.scalar(select(tables.worker.c.username).where(tables.worker.c.id == worker.id))
        rows = s.execute(select(tables.worker.c.id)).all()
        ids = s.scalars(select(tables.worker.c.id)).all()
        assert s._orm is None
    assert name == worker.username
    assert [r[0] for r in rows] == ids and worker.id in ids


def test_model_statements_go_to_the_orm_and_give_objects(db, worker):
    with db.read() as s:
        first = s.scalar(select(tables.worker.c.username))  # Core first, then the ORM
        found = s.scalars(select(Worker).where(Worker.id == worker.id)).one()
        got = s.get(Worker, worker.id)
        after = s.scalar(select(tables.worker.c.username))  # after the ORM: on its session
        assert s._orm is not None
    assert isinstance(found, Worker) and found is got
    assert found.username == worker.username and first == after


def test_a_read_sees_one_snapshot_and_writes_nothing(db, worker):
    with db.read() as s:
        before = s.scalar(select(tables.worker.c.display_name)
                          .where(tables.worker.c.id == worker.id))
        with db.write() as w:  # another unit of work changes the row meanwhile
            w.get(Worker, worker.id).display_name = "Changed Name"
        orm_view = s.get(Worker, worker.id).display_name
    assert orm_view == before  # the ORM joined the read's transaction (WAL snapshot)
    with db.read() as s:
        assert s.get(Worker, worker.id).display_name == "Changed Name"
