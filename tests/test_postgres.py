"""The same schema and repositories on a real PostgreSQL server (the central office)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from caseterm.core.inputs import NoteInput, PhaseChangeInput, check_case, check_client
from caseterm.core.validate import InputError
from caseterm.core.vocab import CasePhase, ClosureReason, NoteKind
from caseterm.db import migrate
from caseterm.db.repo import cases, notes, settings, workers
from caseterm.db.schema_filter import include_name

pytestmark = pytest.mark.postgres


def test_migrations_match_models_on_postgres(pg_db):
    assert migrate.current_revision(pg_db) == migrate.head_revision()
    with pg_db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_name": include_name, "compare_type": True,
            "target_metadata": SQLModel.metadata})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_case_flow_on_postgres(pg_db):
    with pg_db.write() as s:
        w = workers.add(s, username="anna", display_name="Anna", role="caseworker")
        settings.put(s, settings.CURRENT_WORKER, str(w.id))
        client = cases.add_client(s, check_client(
            {"first_name": "Jürgen", "last_name": "Müller", "birth_date": "12.04.1980"}))
        case = cases.add_case(s, client.id, check_case(
            {"legal_area": "sgb2", "phase": "assessment"}), w.id)
    me = workers.current(pg_db)
    notes.add_note(pg_db, case.id, NoteInput(kind=NoteKind.phone, text="[/] literal"), me.id)
    cases.change_phase(pg_db, case.id, PhaseChangeInput(CasePhase.planning, "Ziele", None),
                       me.id, confirmed=True)
    with pytest.raises(cases.GateError):
        cases.change_phase(pg_db, case.id, PhaseChangeInput(CasePhase.closure, "", None), me.id)
    cases.change_phase(pg_db, case.id, PhaseChangeInput(
        CasePhase.closure, "", ClosureReason.goals_achieved), me.id)
    view = cases.overview(pg_db, case.id)
    assert view.case.phase is CasePhase.closure
    assert view.case.first_name == "Jürgen"
    assert [h.to_phase for h in view.history][:2] == [CasePhase.closure, CasePhase.planning]
    assert view.notes[0].text == "[/] literal"
    assert cases.list_for_workers(pg_db, [me.id], me.id) == []


def test_checks_hold_on_postgres(pg_db):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with pg_db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO worker (id, created_at, updated_at, row_version, username,"
                " display_name, role, team, office, land, catholic_municipality, augsburg,"
                " active) VALUES (gen_random_uuid(), now(), now(), 1, 'x', 'X', 'boss', '', '',"
                " 'NW', false, false, true)"))
    with pytest.raises(InputError):
        check_client({"first_name": "", "last_name": "x"})


def test_every_area_works_on_postgres(pg_cluster, tmp_path, monkeypatch):
    """The whole demo (intake, network, goals, referrals, queue) written to and read back from
    PostgreSQL through the CLI twins — what a central office runs."""
    import json

    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.db.demo import load_demo
    from caseterm.db.engine import Database
    from caseterm.db.repo import cases as cases_repo
    from caseterm.db.repo import workers as workers_repo

    url = pg_cluster.new_database()
    database = Database(url)
    assert load_demo(database) >= 12
    me = workers_repo.current(database)
    number = next(r.case_number for r in cases_repo.list_for_workers(database, [me.id], me.id)
                  if r.phase.value == "monitoring")
    # All desks share the test server's role: each person is the worker of her OS login.
    monkeypatch.setenv("LOGNAME", me.username)
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, ["--db", url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert json.loads(run("queue", "--json"))
    assert json.loads(run("cases", "search", "Müller", "--json")) is not None
    assert json.loads(run("case", "show", number, "--json"))["case"]["case_number"] == number
    assert json.loads(run("network", "show", "JC-2026-00087", "--json"))
    assert json.loads(run("services", "search", "Schuldner", "--json"))
    assert json.loads(run("gas", number, "--json")) is not None
    ics = tmp_path / "q.ics"
    run("queue", "--ics", str(ics))
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    database.dispose()
