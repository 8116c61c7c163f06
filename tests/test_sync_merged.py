"""Merged duplicates keep a "merged into" link (issue 17, gap 2): the person merged away in the
duplicate review points to the survivor, both records stay, and reading the old id answers
with the survivor („Zusammengeführt in …“), at the centre and, after a sync, on the laptop."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import AccessDenied, merged, sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, full, make_admin, push


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    case_id = make_case(first="Olga", last="Berg", birth="1970-01-01")
    sync.init_central(admin, "Zentrale")
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    yield SimpleNamespace(db=db, ldb=laptop, lap=ctx_for(laptop, worker),
                          centre=ctx_for(db, worker), admin=admin, case=case_id)
    laptop.dispose()


def _client_of(db, case_id):
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).client_id


def _merged_into(db, client_id):
    from caseterm.models.client import Client

    with db.read() as s:
        person = s.get(Client, client_id)
        return None if person is None else person.merged_into


def _merge(world):
    from caseterm.core.intake import check_intake
    from caseterm.services import intake

    saved = intake.save(world.lap, check_intake({
        "client": {"first_name": "Olga", "last_name": "Berg", "birth_date": "01.01.1970"},
        "case": {"legal_area": "sgb2"}, "referral": {"urgency": "routine"}}),
        confirm_new=True)
    assert push(world.lap, world.centre).duplicates == 1
    dup = sync.list_duplicates(world.centre)[0]
    sync.decide_duplicate(world.centre, dup.id, "merge")
    return _client_of(world.db, world.case), _client_of(world.ldb, saved.case_id), saved


def test_the_merged_away_person_points_to_the_survivor_everywhere(world):
    survivor, gone, _saved = _merge(world)
    assert survivor != gone
    assert _merged_into(world.db, gone) == survivor
    assert _merged_into(world.db, survivor) is None  # both records stay
    who = merged.person(world.centre, gone)
    assert who.merged and who.person_id == survivor and who.name == "Olga Berg"
    assert who.case_number and who.case_number in who.note()
    assert who.note().startswith(("Merged into", "Zusammengeführt in"))
    assert not merged.person(world.centre, survivor).merged
    # the link reaches the laptop with the next sync
    full(world.lap, world.centre)
    assert _merged_into(world.ldb, gone) == survivor
    on_laptop = merged.person(world.lap, gone)
    assert on_laptop.merged and on_laptop.person_id == survivor
    # the intake's duplicate check offers the survivor, not the merged-away record
    from caseterm.services import intake

    found = intake.duplicates(world.centre, "Olga", "Berg", date(1970, 1, 1))
    assert [c.client_id for c in found] == [survivor]


def test_the_link_is_audited(world):
    from caseterm.models.office import AuditEntry

    _survivor, gone, _saved = _merge(world)
    with world.db.read() as s:
        rows = s.exec(select(AuditEntry.detail).where(
            AuditEntry.entity == "client", AuditEntry.record_id == str(gone))).scalars().all()
    assert any("merged_into" in d for d in rows)


def test_client_show_by_the_old_id_says_merged_into(world, monkeypatch):
    survivor, gone, _saved = _merge(world)
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    runner = CliRunner()
    r = runner.invoke(app, ["--db", str(world.db.path), "--lang", "de", "client", "show",
                            str(gone)])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("Zusammengeführt in Olga Berg (")
    r = runner.invoke(app, ["--db", str(world.db.path), "client", "show", str(gone),
                            "--json"])
    data = json.loads(r.stdout)
    assert data["merged_into"]["id"] == str(survivor)
    assert data["client"]["last_name"] == "Berg"
    r = runner.invoke(app, ["--db", str(world.db.path), "client", "show", str(survivor),
                            "--json"])
    assert json.loads(r.stdout)["merged_into"] is None


def test_someone_without_access_learns_nothing(world, monkeypatch):
    from caseterm.db.repo import workers

    _survivor, gone, _saved = _merge(world)
    with world.db.write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    with pytest.raises(AccessDenied):
        merged.person(ctx_for(world.db, bernd), gone)
    monkeypatch.setenv("CASETERM_WORKER", "bernd")
    r = CliRunner().invoke(app, ["--db", str(world.db.path), "client", "show", str(gone)])
    assert r.exit_code == 3 and "Berg" not in r.output
