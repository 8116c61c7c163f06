"""The same schema and repositories on a real PostgreSQL server (the central office)."""

from __future__ import annotations

import json

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


def test_two_desks_on_one_server_are_two_people(pg_cluster, tmp_path, monkeypatch):
    """Each person connects with her own database role: identity, language, queue and case
    access are hers; nothing one desk stores changes the other."""
    from sqlalchemy import text
    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.db.engine import Database

    url = pg_cluster.new_database()
    admin_db = Database(url)
    migrate.upgrade(admin_db, make_backup=False)
    with admin_db.engine.begin() as conn:
        for role in ("anna_r", "ben_r"):
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}"))
    with admin_db.write() as s:
        anna = workers.add(s, username="anna", display_name="Anna Becker", role="caseworker",
                           db_role="anna_r")
        ben = workers.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                          db_role="ben_r")
        numbers = {}
        for who, first in ((anna, "Jürgen"), (ben, "Kevin")):
            client = cases.add_client(s, check_client(
                {"first_name": first, "last_name": "Müller", "birth_date": "12.04.1980"}))
            case = cases.add_case(s, client.id, check_case(
                {"legal_area": "sgb2", "phase": "assessment"}), who.id)
            numbers[who.username] = case.case_number
    admin_db.dispose()
    runner = CliRunner()

    def desk(role, *args):
        monkeypatch.setenv("CASETERM_CONFIG", str(tmp_path / role / "config.toml"))
        monkeypatch.setenv("LOGNAME", "root")  # a shared OS login must not matter
        return runner.invoke(app, ["--db", url.replace("caseterm@", f"{role}@"), *args])

    assert desk("anna_r", "worker", "whoami").stdout.startswith("anna ")
    assert desk("ben_r", "worker", "whoami").stdout.startswith("ben ")
    assert desk("anna_r", "lang", "en").exit_code == 0
    assert desk("anna_r", "lang").stdout.strip() == "en"
    assert desk("ben_r", "lang").stdout.strip() == "de"
    # one desk cannot make itself the other person
    assert desk("anna_r", "worker", "use", "ben").exit_code == 3
    assert desk("anna_r", "worker", "whoami").stdout.startswith("anna ")
    # each reads her own case and is refused the other's, in her own language
    assert desk("anna_r", "case", "show", numbers["anna"], "--json").exit_code == 0
    refused = desk("anna_r", "case", "show", numbers["ben"])
    assert refused.exit_code == 3
    assert f"Case {numbers['ben']} is not one of your cases." in refused.stderr
    refused = desk("ben_r", "case", "show", numbers["anna"])
    assert f"Fall {numbers['anna']} gehört nicht zu Ihren Fällen." in refused.stderr
    mine = json.loads(desk("ben_r", "cases", "search", "Müller", "--json").stdout)
    assert [r["case_number"] for r in mine] == [numbers["ben"]]
    # a role with no worker gets a clear message
    with Database(url).engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS nobody_r"))
        conn.execute(text("CREATE ROLE nobody_r LOGIN"))
    result = desk("nobody_r", "case", "show", numbers["anna"])
    assert result.exit_code == 3 and "'nobody_r'" in result.stderr
    # the audit trail on the server is intact and names both people
    verified = desk("anna_r", "audit", "verify")
    assert verified.exit_code == 0, verified.output
