"""`caseterm sync …` end to end: init-central, checkout, sync, status, conflicts, resolve,
duplicates, decide; refusals with their exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import record, sync
from tests.conftest import ctx_for
from tests.sync_world import make_admin

runner = CliRunner()


def run(monkeypatch, who: str, *args: str):
    monkeypatch.setenv("CASETERM_WORKER", who)
    return runner.invoke(app, list(args), catch_exceptions=False)


def _setup(db, worker, make_case, tmp_path, monkeypatch):
    make_admin(db)
    case_id = make_case()
    centre = str(db.path)
    r = run(monkeypatch, "anna", "--db", centre, "sync", "init-central")
    assert r.exit_code == 3, r.output  # a caseworker may not
    r = run(monkeypatch, "admin", "--db", centre, "sync", "init-central", "--name", "Zentrale")
    assert r.exit_code == 0, r.output
    laptop = tmp_path / "laptop.db"
    r = run(monkeypatch, "admin", "sync", "checkout", "--central", centre, "--worker", "anna",
            "--dry-run")
    assert r.exit_code == 0 and not laptop.exists() and "1" in r.stdout
    r = run(monkeypatch, "admin", "sync", "checkout", "--central", centre, "--worker", "anna",
            "--to", str(laptop))
    assert r.exit_code == 0, r.output
    return case_id, centre, laptop


def test_checkout_sync_conflict_resolve(db, worker, make_case, tmp_path, monkeypatch):
    case_id, centre, laptop = _setup(db, worker, make_case, tmp_path, monkeypatch)
    from caseterm.db.engine import Database

    ldb = Database(str(laptop))
    record.edit_case(ctx_for(ldb, worker), case_id, {"title": "Laptop"})
    record.edit_case(ctx_for(db, worker), case_id, {"title": "Zentrale"})
    ldb.dispose()
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "status", "--json")
    assert json.loads(r.stdout)["unsent"] == 1
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync")
    assert r.exit_code == 0, r.output
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "--json")
    assert json.loads(r.stdout)["unsent"] == 0
    assert json.loads(r.stdout)["sent"]["received"] == 0  # the second run moves nothing
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "conflicts", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["local_value"] == "Zentrale" \
        and rows[0]["remote_value"] == "Laptop"
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "resolve", rows[0]["id"][:8],
            "--keep", "nonsense")
    assert r.exit_code == 1
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "resolve", rows[0]["id"][:8],
            "--keep", "combined", "--value", "Laptop und Zentrale")
    assert r.exit_code == 0, r.output
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync")
    assert r.exit_code == 0, r.output
    from caseterm.models.case import Case

    with db.read() as s:
        assert s.get(Case, case_id).title == "Laptop und Zentrale"
    r = run(monkeypatch, "anna", "--db", centre, "sync", "conflicts", "--json")
    assert json.loads(r.stdout) == []


def test_unreachable_centre_changes_nothing(db, worker, make_case, tmp_path, monkeypatch):
    case_id, _centre, laptop = _setup(db, worker, make_case, tmp_path, monkeypatch)
    from caseterm.db.engine import Database

    ldb = Database(str(laptop))
    record.edit_case(ctx_for(ldb, worker), case_id, {"title": "offline"})
    ldb.dispose()
    r = run(monkeypatch, "anna", "--db", str(laptop), "sync", "--central",
            "postgresql+psycopg://nobody@/nowhere?host=/nonexistent&port=1")
    assert (r.exit_code == 1 and "cannot be reached" in r.stderr.replace("\n", " ")) \
        or "nicht erreichbar" in r.stderr.replace("\n", " "), r.output
    ldb = Database(str(laptop))
    assert sync.sync_status(ctx_for(ldb, worker)).unsent == 1
    ldb.dispose()


def test_conflicts_of_other_cases_are_not_listed(db, worker, make_case, tmp_path,
                                                 monkeypatch):
    _setup(db, worker, make_case, tmp_path, monkeypatch)
    from caseterm.db.repo import workers

    with db.write() as s:
        workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                    team="Team Süd", office="Rathaus", land="NW")
    r = run(monkeypatch, "bernd", "--db", str(db.path), "sync", "conflicts", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
