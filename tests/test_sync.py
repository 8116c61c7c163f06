"""Sync end to end, in-process: a centre (SQLite here, PostgreSQL in test_sync_pg.py) and
laptops checked out from it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from caseterm.core.inputs import check_note
from caseterm.services import cases, record, sync
from caseterm.services.door import AccessDenied
from tests.conftest import ctx_for
from tests.sync_world import checkout, full, make_admin, pull, push


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    from types import SimpleNamespace

    from caseterm.db.repo import workers

    centre = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(centre, "Zentrale")
    case_id = make_case()
    centre_anna = ctx_for(db, worker)
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, workers.current(db))
    yield {"centre": centre_anna, "admin": centre, "laptop": lap, "case": case_id,
           "db": db, "ldb": laptop}
    laptop.dispose()


def _title(ctx, case_id):
    return cases.overview(ctx, case_id).title if hasattr(cases.overview(ctx, case_id),
                                                          "title") else None


def _case_field(db, case_id, field):
    from caseterm.models.case import Case

    with db.read() as s:
        return getattr(s.get(Case, case_id), field)


def test_checkout_takes_the_workers_cases(world):
    assert _case_field(world["ldb"], world["case"], "case_number") \
        == _case_field(world["db"], world["case"], "case_number")
    st = sync.sync_status(world["laptop"])
    assert st.role == "replica" and st.unsent == 0


def test_a_laptop_edit_reaches_the_centre(world):
    record.edit_case(world["laptop"], world["case"], {"title": "vom Laptop"})
    assert sync.sync_status(world["laptop"]).unsent == 1
    assert sync.record_unsent(world["laptop"], {world["case"]}) == {world["case"]}
    r = push(world["laptop"], world["centre"])
    assert r.applied == 1
    assert _case_field(world["db"], world["case"], "title") == "vom Laptop"
    again = push(world["laptop"], world["centre"])
    assert again.applied == 0 and again.already == 1
    pull(world["laptop"], world["centre"])
    assert sync.sync_status(world["laptop"]).unsent == 0


def test_different_fields_merge_same_field_conflicts(world):
    lap, cen, cid = world["laptop"], world["centre"], world["case"]
    record.edit_case(lap, cid, {"title": "Laptop"})
    record.edit_case(cen, cid, {"child_protection": True})
    full(lap, cen)
    for db in (world["db"], world["ldb"]):
        assert _case_field(db, cid, "title") == "Laptop"
        assert _case_field(db, cid, "child_protection") is True
    assert sync.list_conflicts(cen) == []
    record.edit_case(lap, cid, {"title": "A"})
    record.edit_case(cen, cid, {"title": "B"})
    full(lap, cen)
    found = sync.list_conflicts(cen)
    assert len(found) == 1 and found[0].local_value == "B" and found[0].remote_value == "A"
    assert _case_field(world["db"], cid, "title") == "B"
    assert _case_field(world["ldb"], cid, "title") == "B"
    assert len(sync.list_conflicts(lap)) == 1
    sync.resolve_conflict(lap, found[0].id, "remote", expected_version=found[0].row_version)
    full(lap, cen)
    assert _case_field(world["db"], cid, "title") == "A"
    assert sync.list_conflicts(cen) == [] and sync.list_conflicts(lap) == []


def test_notes_are_a_union(world):
    lap, cen, cid = world["laptop"], world["centre"], world["case"]
    cases.add_note(lap, cid, check_note({"text": "offline"}))
    cases.add_note(cen, cid, check_note({"text": "zentral"}))
    full(lap, cen)
    full(lap, cen)
    from caseterm.models.note import ContactNote

    for db in (world["db"], world["ldb"]):
        with db.read() as s:
            rows = s.exec(select(ContactNote).where(ContactNote.case_id == cid))
            texts = sorted(n.text for n in rows)
        assert texts == ["offline", "zentral"]


def test_resolving_a_conflict_outside_ones_cases_is_refused_and_audited(world):
    from caseterm.db.repo import workers

    lap, cen, cid = world["laptop"], world["centre"], world["case"]
    record.edit_case(lap, cid, {"title": "A"})
    record.edit_case(cen, cid, {"title": "B"})
    full(lap, cen)
    conflict = sync.list_conflicts(cen)[0]
    with world["db"].write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    other = ctx_for(world["db"], bernd)
    assert sync.list_conflicts(other) == []
    with pytest.raises(AccessDenied):
        sync.resolve_conflict(other, conflict.id, "remote")
    from caseterm.db.repo import audit

    assert any(e.action == "refuse" and e.detail.get("what") == "sync_resolve"
               for e in audit.latest(world["db"], limit=20))
    assert sync.list_conflicts(cen)[0].state == "open"


def test_a_laptop_warns_when_it_has_not_synced_for_days(world):
    from datetime import date, timedelta

    from caseterm.core import clock

    assert not sync.sync_status(world["laptop"]).stale
    clock.set_today(date.today() + timedelta(days=8))
    st = sync.sync_status(world["laptop"])
    assert st.stale and st.days_since >= 8
    sync.set_stale_days(world["laptop"], 30)
    assert not sync.sync_status(world["laptop"]).stale


def test_a_newer_format_is_refused_and_nothing_applied(world):
    cs = sync.collect_outgoing(world["laptop"])
    with pytest.raises(sync.ChangeSetError):
        sync.apply_incoming(world["centre"], {**cs, "version": 99})
    with pytest.raises(sync.ChangeSetError):
        sync.apply_incoming(world["centre"], {"format": "other"})


def test_a_gap_is_held_and_filled(world):
    lap, cen, cid = world["laptop"], world["centre"], world["case"]
    record.edit_case(lap, cid, {"title": "eins"})
    first = sync.collect_outgoing(lap)
    cases.add_note(lap, cid, check_note({"text": "zwei"}))
    both = sync.collect_outgoing(lap)
    second = {**both, "changes": both["changes"][1:], "first": both["changes"][1]["seq"]}
    held = sync.apply_incoming(cen, second)
    assert held.applied == 0 and held.held and held.held[0][1:] == (1, 1)
    done = sync.apply_incoming(cen, first)
    assert done.applied == 2 and not done.held
    assert _case_field(world["db"], cid, "title") == "eins"


def test_the_laptop_warns_of_a_centre_person_that_did_not_go_with_it(db, worker, make_case,
                                                                     tmp_path):
    from types import SimpleNamespace

    from caseterm.db.repo import workers
    from caseterm.services import intake

    with db.write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    make_case(first="Olga", last="Petrowa", birth="1975-03-02", lead=bernd.id)
    centre = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(centre, "Zentrale")
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, worker)
    found = intake.duplicates(lap, "Olga", "Petrowa", __import__("datetime").date(1975, 3, 2))
    assert len(found) == 1 and not found[0].visible and not found[0].case_numbers
    from caseterm.models.client import Client

    with laptop.read() as s:  # her record itself stayed at the centre
        assert s.exec(select(Client).where(Client.last_name == "Petrowa")).first() is None
    laptop.dispose()


def test_renumbers_that_swap_two_case_numbers_apply_in_one_batch(db, make_case):
    """The centre renumbers offline cases whose numbers another site took; a laptop may get
    two cases' new numbers in one change set, one taking the other's number (a swap). One
    flush at the end would write them in key order and collide on the way (CI, session 4)."""
    from caseterm.db.repo import sync as engine
    from caseterm.models.case import Case

    x, y = make_case(), make_case()
    with db.write() as s:
        nx, ny = s.get(Case, x).case_number, s.get(Case, y).case_number
        for rid, number in ((x, ny), (y, nx)):
            engine._write(s, Case, s.get(Case, rid), {"op": "update", "field": "case_number",
                                                      "value": number})
        s.flush()
    assert (_case_field(db, x, "case_number"), _case_field(db, y, "case_number")) == (ny, nx)
