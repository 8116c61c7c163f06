"""Several laptops syncing at once against a real PostgreSQL centre (issue 17): the centre
takes their change sets one after another (db/sync_lock.serialise_apply). Two laptops push
from threads, each over connections of its own, while a third pulls: nothing is lost or
doubled, a same-field edit from the same base is always a conflict, the server versions stay
gapless, and after a further sync every laptop is equal to the centre."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from caseterm.core.inputs import check_case, check_client, check_note
from caseterm.db.engine import Database
from caseterm.services import cases, record, sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, full, make_admin, pull, push

pytestmark = pytest.mark.postgres

NOTES = 40    # notes per laptop and round: a batch big enough to overlap the other one
ROUNDS = 3


@pytest.fixture
def world(pg_db, tmp_path):
    from caseterm.db.repo import cases as case_repo
    from caseterm.db.repo import workers

    with pg_db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna", role="caseworker",
                           team="Team Nord", office="Rathaus", land="NW")
        client = case_repo.add_client(s, check_client(
            {"first_name": "Jürgen", "last_name": "Müller", "birth_date": "1980-04-12"}))
        case_id = case_repo.add_case(s, client.id, check_case({"legal_area": "sgb2"}),
                                     anna.id).id
    admin = ctx_for(pg_db, SimpleNamespace(id=make_admin(pg_db)))
    sync.init_central(admin, "Zentrale")
    laptops = [checkout(admin, tmp_path / f"{name}.db", "anna") for name in "abc"]
    yield SimpleNamespace(db=pg_db, anna=anna, case=case_id, laptops=laptops)
    for laptop in laptops:
        laptop.dispose()


def _notes(db, case_id) -> list[str]:
    from sqlmodel import select

    from caseterm.models.note import ContactNote

    with db.read() as s:
        return sorted(n.text for n in s.exec(select(ContactNote).where(
            ContactNote.case_id == case_id)))


def _title(db, case_id) -> str | None:
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).title


def _versions(db) -> list[int]:
    with db.engine.connect() as conn:
        return [int(v) for v in conn.execute(text(
            "SELECT server_version FROM sync_change WHERE server_version IS NOT NULL "
            "ORDER BY server_version")).scalars()]


def _run_together(jobs) -> list:
    """Run the jobs in threads that start at the same moment; re-raise the first failure."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(i, job):
        try:
            start.wait(timeout=60)
            results[i] = job()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a sync did not finish"
    if errors:
        raise errors[0]
    return results


@pytest.mark.slow
def test_two_laptops_pushing_at_once_are_taken_one_after_another(world):
    url = world.db.url
    # every thread its own engine (its own connections) to the centre, as two processes
    centres = [Database(url) for _ in range(3)]
    try:
        a, b, c = (ctx_for(laptop, world.anna) for laptop in world.laptops)
        ca, cb, cc = (ctx_for(centre, world.anna) for centre in centres)
        for round_no in range(ROUNDS):
            record.edit_case(a, world.case, {"title": f"A{round_no}"})
            record.edit_case(b, world.case, {"title": f"B{round_no}"})
            for i in range(NOTES):
                cases.add_note(a, world.case, check_note({"text": f"a{round_no}-{i:02}"}))
                cases.add_note(b, world.case, check_note({"text": f"b{round_no}-{i:02}"}))
            before = len(sync.list_conflicts(ca, include_decided=True))
            # a third laptop pulls "everything newer than what I have" again and again while
            # the two push: a change numbered below what it saw but committed later would be
            # missed for good
            stop = threading.Event()
            watcher_errors: list[BaseException] = []

            def watch(stop=stop, watcher_errors=watcher_errors):
                try:
                    while not stop.is_set():
                        pull(c, cc)
                except BaseException as exc:
                    watcher_errors.append(exc)

            watcher = threading.Thread(target=watch)
            watcher.start()
            try:
                got_a, got_b = _run_together([lambda: push(a, ca), lambda: push(b, cb)])
            finally:
                stop.set()
                watcher.join(timeout=120)
            assert not watcher_errors, watcher_errors
            assert got_a.applied + got_a.conflicts == NOTES + 1
            assert got_b.applied + got_b.conflicts == NOTES + 1
            assert got_a.conflicts + got_b.conflicts == 1  # the title, never unseen
            assert len(sync.list_conflicts(ca, include_decided=True)) == before + 1
            versions = _versions(world.db)
            assert versions == list(range(versions[0], versions[0] + len(versions)))
            for lap in (a, b):
                full(lap, ca)
            pull(c, cc)
        expected = sorted(f"{who}{r}-{i:02}" for who in "ab" for r in range(ROUNDS)
                          for i in range(NOTES))
        assert _notes(world.db, world.case) == expected  # none lost, none twice
        for laptop in world.laptops:
            assert _notes(laptop, world.case) == expected
            assert _title(laptop, world.case) == _title(world.db, world.case)
        for lap in (a, b, c):
            assert sync.sync_status(lap).unsent == 0
            assert len(sync.list_conflicts(lap)) == len(sync.list_conflicts(ca))
    finally:
        for centre in centres:
            centre.dispose()
