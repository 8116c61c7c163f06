"""Sync defects of issue 17 on a real PostgreSQL centre: an intake on the laptop travels with
its follow-ups, one bad change is held without stopping the rest."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import text

from caseterm.services import sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, full, make_admin

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(pg_db, tmp_path):
    from caseterm.db.repo import workers

    db = pg_db
    with db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna", role="caseworker",
                           team="Team Nord", office="Rathaus", land="NW")
    centre = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(centre, "Zentrale")
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, anna)
    yield SimpleNamespace(db=db, ldb=laptop, lap=lap, centre=ctx_for(db, anna), admin=centre,
                          anna=anna)
    laptop.dispose()


def _intake(last="Berg"):
    from caseterm.core.intake import check_intake

    return check_intake({"client": {"first_name": "Olga", "last_name": last,
                                    "birth_date": "01.01.1970"},
                         "case": {"legal_area": "sgb2"},
                         "referral": {"urgency": "routine"}})


def _count(db, table, where="", **params):
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table} {where}"), params).scalar()


def _followups(db, case_id):
    from sqlmodel import select

    from caseterm.models.followup import FollowUp

    with db.read() as s:
        return sorted(str(f.id) for f in s.exec(select(FollowUp).where(
            FollowUp.case_id == case_id)))


def test_a_laptop_intake_reaches_the_centre_with_its_follow_ups(world):
    from caseterm.services import followups, intake

    saved = intake.save(world.lap, _intake(), confirm_new=True)
    followups.refresh(world.lap)
    assert _followups(world.ldb, saved.case_id)
    assert sync.sync_status(world.lap).unsent > 0
    full(world.lap, world.centre)
    assert _count(world.db, "casefile", "WHERE id = :i", i=saved.case_id) == 1
    assert _count(world.db, "client", "WHERE id = :i", i=saved.client_id) == 1
    assert _followups(world.db, saved.case_id) == _followups(world.ldb, saved.case_id)
    assert sync.sync_status(world.lap).unsent == 0


def _case(pg_db, anna):
    from caseterm.core.inputs import check_case, check_client
    from caseterm.db.repo import cases

    with pg_db.write() as s:
        client = cases.add_client(s, check_client(
            {"first_name": "Jürgen", "last_name": "Müller", "birth_date": "1980-04-12"}))
        return cases.add_case(s, client.id, check_case({"legal_area": "sgb2"}), anna.id).id


@pytest.mark.parametrize("edit", ["case", "client"])
def test_a_conflict_reaches_the_laptop_through_the_cli(pg_db, tmp_path, monkeypatch, edit):
    import json

    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.db.repo import workers
    from caseterm.services import record

    runner = CliRunner()

    def run(*args):
        monkeypatch.setenv("CASETERM_WORKER", "anna")
        return runner.invoke(app, list(args), catch_exceptions=False)

    with pg_db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna", role="caseworker",
                           team="Team Nord", office="Rathaus", land="NW", db_role="caseterm")
    case_id = _case(pg_db, anna)
    centre = ctx_for(pg_db, SimpleNamespace(id=make_admin(pg_db)))
    sync.init_central(centre, "Zentrale")
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    change = record.edit_case if edit == "case" else record.edit_client
    field = "title" if edit == "case" else "phone"
    change(ctx_for(laptop, anna), case_id, {field: "Laptop"})
    change(ctx_for(pg_db, anna), case_id, {field: "Zentrale"})
    laptop.dispose()
    r = run("--db", str(tmp_path / "laptop.db"), "sync", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["open_conflicts"] == 1
    r = run("--db", str(tmp_path / "laptop.db"), "sync", "conflicts", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["remote_value"] == "Laptop", r.output
    r = run("--db", str(tmp_path / "laptop.db"), "sync", "resolve", rows[0]["id"][:8],
            "--keep", "remote")
    assert r.exit_code == 0, r.output
    r = run("--db", str(tmp_path / "laptop.db"), "sync")
    assert r.exit_code == 0, r.output
    assert sync.list_conflicts(ctx_for(pg_db, anna)) == []
    from caseterm.models.case import Case
    from caseterm.models.client import Client

    with pg_db.read() as s:
        case = s.get(Case, case_id)
        row = case if edit == "case" else s.get(Client, case.client_id)
        assert getattr(row, field) == "Laptop"


def test_checkout_with_workers_naming_each_other_as_deputy(pg_db, tmp_path):
    from caseterm.db.repo import workers
    from caseterm.models.worker import Worker

    with pg_db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna", role="caseworker",
                           team="Team Nord", office="Rathaus", land="NW")
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="team_lead",
                            team="Team Nord", office="Rathaus", land="NW")
        anna.deputy_id, anna.team_lead_id = bernd.id, bernd.id
        bernd.deputy_id = anna.id
        anna_id, bernd_id = anna.id, bernd.id
    _case(pg_db, anna)
    centre = ctx_for(pg_db, SimpleNamespace(id=make_admin(pg_db)))
    sync.init_central(centre, "Zentrale")
    laptop = checkout(centre, tmp_path / "laptop.db", "anna")
    with laptop.read() as s:
        assert s.get(Worker, anna_id).deputy_id == bernd_id
        assert s.get(Worker, anna_id).team_lead_id == bernd_id
        assert s.get(Worker, bernd_id).deputy_id == anna_id
    laptop.dispose()


def test_one_bad_change_is_held_and_the_rest_goes_through(world):
    """A laptop whose case never reached the centre (the lost intake of issue 17): its
    follow-ups are held with a message; an edit of another case in the same sync applies."""
    from sqlalchemy import update

    from caseterm.models.sync import SyncChange
    from caseterm.services import followups, intake, record

    other = _case(world.db, world.anna)
    world.ldb.dispose()
    world.ldb = checkout(world.admin, world.ldb.path.with_name("second.db"), "anna")
    world.lap = ctx_for(world.ldb, world.anna)
    saved = intake.save(world.lap, _intake(), confirm_new=True)
    followups.refresh(world.lap)
    assert _followups(world.ldb, saved.case_id)
    with world.ldb.write() as s:  # the case and its person were never logged
        s.execute(update(SyncChange).where(SyncChange.entity.in_(("casefile", "client")))
                  .values(entity="lost"))
    record.edit_case(world.lap, other, {"title": "geht durch"})
    result = sync.apply_incoming(world.centre, sync.collect_outgoing(world.lap))
    assert result.refused and "casefile" in result.refused[0]
    assert _followups(world.db, saved.case_id) == []
    from caseterm.models.case import Case

    with world.db.read() as s:
        assert s.get(Case, other).title == "geht durch"



def test_status_counts_only_the_readers_conflicts(world):
    from caseterm.db.repo import workers
    from caseterm.services import record

    case_id = _case(world.db, world.anna)
    world.ldb.dispose()
    world.ldb = checkout(world.admin, world.ldb.path.with_name("third.db"), "anna")
    world.lap = ctx_for(world.ldb, world.anna)
    record.edit_case(world.lap, case_id, {"title": "A"})
    record.edit_case(world.centre, case_id, {"title": "B"})
    full(world.lap, world.centre)
    with world.db.write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    assert sync.sync_status(world.centre).open_conflicts == 1
    assert sync.sync_status(world.lap).open_conflicts == 1
    assert sync.sync_status(ctx_for(world.db, bernd)).open_conflicts == 0
    assert sync.sync_status(world.admin).open_conflicts == 0  # no case content


def test_the_laptop_ends_with_the_centres_value_when_its_own_change_came_later(world):
    """The centre orders: its own edit first, then the laptop's two edits (the first the same
    value, the second built on it). The laptop must not keep the centre's value."""
    from caseterm.models.case import Case
    from caseterm.services import record

    case_id = _case(world.db, world.anna)
    world.ldb.dispose()
    world.ldb = checkout(world.admin, world.ldb.path.with_name("fourth.db"), "anna")
    world.lap = ctx_for(world.ldb, world.anna)
    record.edit_case(world.lap, case_id, {"title": "Zwischenstand"})
    record.edit_case(world.lap, case_id, {"title": "Laptop zuletzt"})
    record.edit_case(world.centre, case_id, {"title": "Zwischenstand"})
    full(world.lap, world.centre)
    titles = []
    for db in (world.db, world.ldb):
        with db.read() as s:
            titles.append(s.get(Case, case_id).title)
    assert titles[0] == titles[1]
