"""Erasure reaches the sync tables (issue 17 with the data-protection issue): a laptop that has
captured changes and holds a change set, and a centre holding changes for a case that never
arrived, erase a case; a byte search finds nothing afterwards; the tombstone travels with the
next sync, and no later sync (nor a bundle still on a stick) brings the data back."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from caseterm.core.inputs import check_note
from caseterm.db.repo import workers as workers_repo
from caseterm.services import cases, intake, privacy, sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin, pull, push

MARKER_LAST = "Zyxwvumeier"
MARKER_NOTE = "Vertraulich-QXZ-4711"
MARKER_HELD = "Gehalten-QXZ-0815"


@pytest.fixture
def world(db, worker, tmp_path):
    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    with db.write() as s:
        dpo = workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo",
                               team="", office="Rathaus", land="NW")
    sync.init_central(admin, "Zentrale")
    yield SimpleNamespace(db=db, admin=admin, worker=worker, dpo=dpo, tmp=tmp_path,
                          centre=ctx_for(db, worker))


def _laptop(world):
    ldb = checkout(world.admin, world.tmp / "laptop.db", "anna")
    return ldb, ctx_for(ldb, world.worker), ctx_for(ldb, world.dpo)


def _dump(db) -> str:
    """Every row of every table, as text (what a search of the database's content finds)."""
    out = []
    with db.engine.connect() as conn:
        for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            for row in conn.execute(text(f'SELECT * FROM "{name}"')).fetchall():
                out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def _files_with(db, marker: str) -> list[str]:
    path = db.path
    return [p.name for p in path.parent.iterdir() if p.name.startswith(path.stem)
            and p.is_file() and marker.encode() in p.read_bytes()]


def _number(db, case_id) -> str:
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).case_number


def _intake(last):
    from caseterm.core.intake import check_intake

    return check_intake({"client": {"first_name": "Olga", "last_name": last,
                                    "birth_date": "01.01.1970"},
                         "case": {"legal_area": "sgb2"},
                         "referral": {"urgency": "routine"}})


def _held_at_laptop(lap, centre_device: str, case_id) -> None:
    """A change set from the centre that arrived after a gap: held in the laptop's inbox."""
    change = {"change_id": str(uuid.uuid4()), "device_id": centre_device, "seq": 900,
              "entity": "casefile", "record_id": str(case_id), "field": "title",
              "op": "update", "base": None, "value": MARKER_HELD, "author_id": None,
              "author_name": "Zentrale", "hlc": "", "case_id": str(case_id),
              "server_version": 900, "outcome": "applied", "against": None}
    cs = {"format": "caseterm-sync", "version": 1, "schema": "0014_sync",
          "source": centre_device, "source_role": "central", "target": None,
          "first": 900, "last": 900, "since": 899, "pulled": None, "counts": {},
          "changes": [change], "rows": []}
    assert sync.apply_incoming(lap, cs).held


def test_laptop_erasure_leaves_nothing_in_sync_tables_and_the_centre_follows(world):
    from tests.test_sync_held import _split

    ldb, lap, ldpo = _laptop(world)
    saved = intake.save(lap, _intake(MARKER_LAST), confirm_new=True)
    cases.add_note(lap, saved.case_id, check_note({"text": f"Gespräch {MARKER_NOTE}"}))
    first, late = _split(sync.collect_outgoing(lap))
    got = sync.apply_incoming(world.centre, first)  # the note waits at the centre (held)
    assert got.waiting
    centre_device = sync.sync_status(world.admin).device_id
    _held_at_laptop(lap, centre_device, saved.case_id)
    # before: the markers are in both databases (the test can fail)
    assert MARKER_LAST in _dump(ldb) and MARKER_NOTE in _dump(ldb)
    assert MARKER_HELD in _dump(ldb)
    assert MARKER_NOTE in _dump(world.db)  # sync_held at the centre

    privacy.erase_case(ldpo, _number(ldb, saved.case_id), "Antrag nach Art. 17",
                       before_period_end=True)

    for marker in (MARKER_LAST, MARKER_NOTE, MARKER_HELD):
        assert marker not in _dump(ldb), marker
        assert _files_with(ldb, marker) == [], marker  # file, WAL: not even free pages
    # the tombstone waits to be sent: ids only
    out = sync.collect_outgoing(lap)
    assert [c["field"] for c in out["changes"]] == ["erased"]
    assert str(saved.case_id) in out["changes"][0]["value"]["cases"]
    # the centre takes it: its held changes of the case are gone
    push(lap, world.centre)
    assert MARKER_NOTE not in _dump(world.db) and MARKER_LAST not in _dump(world.db)
    # the rest of the old change set (a bundle still on a stick) comes late: dropped
    got = sync.apply_incoming(world.centre, late)
    assert got.applied == 0
    for marker in (MARKER_LAST, MARKER_NOTE):
        assert marker not in _dump(world.db), marker
    # and nothing comes back to the laptop
    pull(lap, world.centre)
    push(lap, world.centre)
    pull(lap, world.centre)
    for marker in (MARKER_LAST, MARKER_NOTE, MARKER_HELD):
        assert marker not in _dump(ldb), marker
        assert marker not in _dump(world.db), marker
    assert sync.sync_status(lap).unsent == 0
    ldb.dispose()


def test_centre_erasure_reaches_the_laptop_and_its_late_changes_are_dropped(world, db):
    from caseterm.db.repo import cases as cases_repo
    from caseterm.db.repo import privacy as privacy_repo
    from tests.conftest import check_case, check_client

    with db.write() as s:
        client = cases_repo.add_client(s, check_client(
            {"first_name": "Olga", "last_name": MARKER_LAST, "birth_date": "1970-01-01"}))
        case_id = cases_repo.add_case(s, client.id, check_case(
            {"legal_area": "sgb2", "phase": "intake", "title": "",
             "child_protection": False}), world.worker.id).id
    ldb, lap, _ldpo = _laptop(world)
    assert MARKER_LAST in _dump(ldb)
    cases.add_note(lap, case_id, check_note({"text": f"Offline {MARKER_NOTE}"}))
    stick = sync.collect_outgoing(lap)  # made before the laptop hears of the erasure

    privacy.erase_case(ctx_for(db, world.dpo), _number(db, case_id), "Art. 17",
                       before_period_end=True)
    assert MARKER_LAST not in _dump(db)

    got = sync.apply_incoming(world.centre, stick)
    assert got.applied == 0 and not got.waiting
    assert MARKER_NOTE not in _dump(db) and MARKER_LAST not in _dump(db)
    pull(lap, world.centre)  # the tombstone: the laptop erases the case too
    assert privacy_repo.count_case_rows(ldb, [case_id]) == 0
    for marker in (MARKER_LAST, MARKER_NOTE):
        assert marker not in _dump(ldb), marker
    push(lap, world.centre)
    pull(lap, world.centre)
    for marker in (MARKER_LAST, MARKER_NOTE):
        assert marker not in _dump(ldb) and marker not in _dump(db), marker
    assert sync.sync_status(lap).unsent == 0
    ldb.dispose()


def test_a_legal_hold_at_the_centre_stops_an_erasure_from_a_laptop(world, db):
    from caseterm.db.repo import cases as cases_repo
    from caseterm.db.repo import privacy as privacy_repo
    from tests.conftest import check_case, check_client

    with db.write() as s:
        client = cases_repo.add_client(s, check_client(
            {"first_name": "Olga", "last_name": MARKER_LAST, "birth_date": "1970-01-01"}))
        case_id = cases_repo.add_case(s, client.id, check_case(
            {"legal_area": "sgb2", "phase": "intake", "title": "",
             "child_protection": False}), world.worker.id).id
    ldb, lap, ldpo = _laptop(world)
    # the hold is set at the centre after the laptop went offline
    privacy.hold(ctx_for(db, world.dpo), _number(db, case_id), "Klage anhängig")
    privacy.erase_case(ldpo, _number(ldb, case_id), "Art. 17", before_period_end=True)
    got = push(lap, world.centre)
    assert any("legal hold" in r or "Löschsperre" in r for r in got.refused)
    assert privacy_repo.count_case_rows(db, [case_id]) > 0  # kept at the centre
    assert MARKER_LAST in _dump(db)
    ldb.dispose()
