"""The CLI: version, db path/upgrade/backup/check, --today, demo, case show/note/phase."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from caseterm import __version__
from caseterm.cli import app
from caseterm.core import clock

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_db_path_upgrade_check_backup(tmp_path):
    path = tmp_path / "cli.db"
    result = run("--db", str(path), "db", "path")
    assert result.stdout.strip() == f"sqlite:///{path}"
    result = run("--db", str(path), "db", "upgrade")
    assert result.exit_code == 1 and "--create" in result.stderr and not path.exists()
    result = run("--db", str(path), "--create", "db", "upgrade")
    from caseterm.db.migrate import head_revision

    assert result.exit_code == 0 and head_revision() in result.stdout
    result = run("--db", str(path), "db", "check")
    assert result.exit_code == 0 and result.stdout.strip() == "ok"
    target = tmp_path / "copy.db"
    result = run("--db", str(path), "db", "backup", str(target))
    assert result.exit_code == 0 and target.exists()
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_db_check_reports_a_stale_schema(tmp_path):
    from caseterm.db import migrate
    from caseterm.db.engine import Database

    path = tmp_path / "old.db"
    migrate.upgrade(Database(str(path)), "0001_foundation", make_backup=False)
    result = run("--db", str(path), "db", "check")
    assert result.exit_code == 1 and "not the newest" in result.stdout


def test_bad_global_options_fail_clearly(tmp_path):
    result = run("--today", "2026-02-30", "db", "path")
    assert result.exit_code == 1 and "--today" in result.stderr
    result = run("--lang", "fr", "db", "path")
    assert result.exit_code == 1 and "--lang" in result.stderr


def test_demo_case_show_note_phase_with_simulated_today(tmp_path):
    result = run("--today", "2026-03-02", "demo", "--no-tui")
    assert result.exit_code == 0, result.output
    assert clock.today().isoformat() == "2026-03-02"
    from caseterm import config

    demo_db = str(config.demo_db_path())
    from caseterm.db.engine import Database
    from caseterm.db.repo import cases, workers

    database = Database(demo_db)
    me = workers.current(database)
    rows = cases.list_for_workers(database, [me.id], me.id)
    assert rows, "the demo worker has open cases"
    number = next(r.case_number for r in rows if r.phase.value == "assessment")

    result = run("--db", demo_db, "case", "show", number, "--json")
    data = json.loads(result.stdout)
    assert data["case"]["case_number"] == number

    result = run("--db", demo_db, "case", "note", number, "--text", "Telefonat mit Vermieter",
                 "--kind", "phone")
    assert result.exit_code == 0
    result = run("--db", demo_db, "case", "note", number, "--text", " ")
    assert result.exit_code == 1 and "text" in result.stderr

    # planning without a complete assessment needs --yes
    result = run("--db", demo_db, "case", "phase", number, "planning", "--reason", "Ziele")
    assert result.exit_code == 1 and "--yes" in result.stderr
    result = run("--db", demo_db, "case", "phase", number, "planning", "--reason", "Ziele",
                 "--yes")
    assert result.exit_code == 0
    data = json.loads(run("--db", demo_db, "case", "show", number, "--json").stdout)
    assert data["case"]["phase"] == "planning"
    assert data["notes"][0]["text"] == "Telefonat mit Vermieter"

    result = run("--db", demo_db, "case", "phase", number, "closure")
    assert result.exit_code == 1 and "closure_reason" in result.stderr


def test_demo_database_is_separate_from_the_default(tmp_path):
    from caseterm import config

    run("demo", "--no-tui")
    assert config.demo_db_path().exists()
    assert not config.default_db_path().exists()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_lang_is_stored(tmp_path, lang):
    path = str(tmp_path / "l.db")
    assert run("--db", path, "--create", "lang", lang).exit_code == 0
    assert run("--db", path, "lang").stdout.strip() == lang


def test_worker_add_use_list(tmp_path):
    path = str(tmp_path / "w.db")
    result = run("--db", path, "--create", "worker", "add", "mkeller", "--name", "Maria Keller",
                 "--land", "by", "--catholic-municipality", "--use")
    assert result.exit_code == 0, result.output
    result = run("--db", path, "worker", "list", "--json")
    rows = json.loads(result.stdout)
    me = next(r for r in rows if r["current"])
    assert me["username"] == "mkeller" and me["land"] == "BY" and me["catholic_municipality"]
    assert run("--db", path, "worker", "add", "mkeller", "--name", "X").exit_code == 1
    bad = run("--db", path, "worker", "add", "x", "--name", "X", "--land", "QQ")
    assert bad.exit_code == 1 and "land" in bad.stderr
    assert run("--db", path, "worker", "use", "nobody").exit_code == 3  # not found
