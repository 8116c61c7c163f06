"""Upgrading a database that already holds clients and cases: keys and the search index are
filled in by migration 0002."""

from __future__ import annotations

import uuid

from caseterm.db import search
from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from caseterm.db.repo import clients
from caseterm.services import identity


def test_upgrade_from_foundation_fills_keys_and_search(tmp_path):
    db = Database(str(tmp_path / "old.db"))
    upgrade(db, "0001_foundation", make_backup=False)
    w, cl, cs = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    now = "2026-01-05 10:00:00"
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO worker (id, created_at, updated_at, row_version, username, "
            "display_name, role, team, office, land, catholic_municipality, augsburg, active)"
            " VALUES (?, ?, ?, 1, 'anna', 'Anna', 'caseworker', '', '', 'NW', 0, 0, 1)",
            (w, now, now))
        # a file from before 0.2 names its worker in the database (the SQLite fallback)
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('current_worker', ?)",
                             (str(uuid.UUID(w)),))
        conn.exec_driver_sql(
            "INSERT INTO client (id, created_at, updated_at, row_version, first_name, "
            "last_name, name_key, birth_date, gender, languages, interpreter_needed, phone, "
            "email, address, district) VALUES (?, ?, ?, 1, 'Jürgen', 'Müller', "
            "'mueller|juergen', '1980-04-12', '', '', 0, '', '', '', '')", (cl, now, now))
        conn.exec_driver_sql(
            "INSERT INTO casefile (id, created_at, updated_at, row_version, case_number, "
            "client_id, legal_area, title, lead_worker_id, phase, opened_on, child_protection)"
            " VALUES (?, ?, ?, 1, 'JC-2025-00003', ?, 'sgb2', '', ?, 'intake', '2025-01-05', 0)",
            (cs, now, now, cl, w))
    upgrade(db, make_backup=False)
    ctx = identity.context(db)  # who is asking: the file's own worker
    assert ctx is not None and ctx.actor.username == "anna"
    viewer = ctx.actor
    found = clients.find_duplicates(db, "Juergen", "Meller", None)
    assert found == []  # no birth date, different name: nothing
    found = clients.find_duplicates(db, "Juergen", "Mueller", None)
    assert [c.last_name for c in found] == ["Müller"]
    with db.read() as s:
        rows = search.search_cases(s, viewer, search.CaseFilter(text="mueller 12.04.1980"))
        assert [r.case_number for r in rows] == ["JC-2025-00003"]
        key = s.connection().exec_driver_sql("SELECT phonetic_key FROM client").scalar()
        assert key == "657|0746"
    db.dispose()
