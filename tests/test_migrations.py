"""Migrations: an empty database migrated to head matches the models; a filled database at the
first revision is upgraded in place with a backup beside it; the cheap start-up check."""

from __future__ import annotations

import uuid
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import caseterm.models  # noqa: F401
from caseterm.db import migrate
from caseterm.db.engine import Database
from caseterm.db.schema_filter import include_name


def test_empty_database_at_head_matches_the_models(tmp_path):
    db = Database(str(tmp_path / "m.db"))
    migrate.upgrade(db, make_backup=False)
    assert migrate.current_revision(db) == migrate.head_revision()
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_name": include_name, "compare_type": True,
            "target_metadata": SQLModel.metadata})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_filled_first_revision_is_upgraded_in_place_with_a_backup(tmp_path):
    path = tmp_path / "old.db"
    db = Database(str(path))
    migrate.upgrade(db, "0001_foundation", make_backup=False)
    worker, client, case = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = "2026-01-05 10:00:00.000000"
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO worker (id, created_at, updated_at, row_version, username, display_name,"
            " role, team, office, land, catholic_municipality, augsburg, active)"
            " VALUES (:id, :t, :t, 1, 'anna', 'Anna', 'caseworker', '', '', 'NW', 0, 0, 1)"),
            {"id": worker.hex, "t": now})
        conn.execute(text(
            "INSERT INTO client (id, created_at, updated_at, row_version, first_name, last_name,"
            " name_key, gender, languages, interpreter_needed, phone, email, address, district)"
            " VALUES (:id, :t, :t, 1, 'Jürgen', 'Müller', 'mueller|juergen', '', '', 0, '', '',"
            " '', '')"), {"id": client.hex, "t": now})
        conn.execute(text(
            "INSERT INTO casefile (id, created_at, updated_at, row_version, case_number, client_id,"
            " legal_area, title, lead_worker_id, phase, opened_on, child_protection)"
            " VALUES (:id, :t, :t, 1, 'JC-2026-00001', :c, 'sgb2', 'Alt', :w, 'assessment',"
            " '2026-01-05', 0)"), {"id": case.hex, "t": now, "c": client.hex, "w": worker.hex})

    backup = migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert backup is not None and backup.exists() and backup.parent == path.parent
    assert "0001_foundation" in backup.name
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT last_name FROM client")).scalar() == "Müller"
        assert conn.execute(text("SELECT case_number FROM casefile")).scalar() == "JC-2026-00001"
    # the backup holds the old schema and the data
    old = Database(str(backup))
    assert migrate.current_revision(old) == "0001_foundation"
    with old.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM casefile")).scalar() == 1
    assert migrate.check(db) == []


def test_ensure_current_is_a_no_op_at_head(db, tmp_path):
    assert migrate.ensure_current(db) is None
    assert not [p for p in db.path.parent.iterdir() if ".backup-" in p.name]


def test_head_is_found_without_alembic():
    assert migrate.head_revision() is not None


def test_pragmas_on_every_connection(db):
    with db.engine.connect() as conn:
        values = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                  for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout",
                            "secure_delete", "trusted_schema")}
    assert values == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                      "busy_timeout": 10000, "secure_delete": 1, "trusted_schema": 0}


def test_writes_begin_immediate(db):
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cur, stmt, *a: seen.append(stmt))
    with db.write() as s:
        s.exec(text("SELECT 1"))
    with db.read() as s:
        s.exec(text("SELECT 1"))
    assert seen[0] == "BEGIN IMMEDIATE" and "BEGIN DEFERRED" in seen


def test_opened_on_date_roundtrip(db, make_case):
    from caseterm.db.repo import cases

    case_id = make_case()
    assert cases.overview(db, case_id).case.opened_on == date(2026, 11, 23)
