"""`--db` safety: another program's SQLite file, a typing error in the path, a file of a newer
caseterm and an address caseterm cannot use are refused with a message and left unchanged."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from typer.testing import CliRunner

from caseterm.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["--lang", "en", *args], catch_exceptions=False)


def _tables(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def _foreign(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    con.commit()
    con.close()


def test_foreign_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "invoices.db"
    _foreign(path)
    before = path.read_bytes()
    for args in (["case", "show", "JC-2026-00001"], ["queue"], ["db", "check"],
                 ["db", "upgrade"], ["db", "backup"], ["--create", "worker", "list"]):
        result = run("--db", str(path), *args)
        assert result.exit_code == 1, (args, result.output)
        assert "not a caseterm database" in result.stderr and "db init" in result.stderr
    assert path.read_bytes() == before and _tables(path) == {"invoices"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["invoices.db"]


def test_db_init_adds_the_tables_to_a_foreign_file_after_a_backup(tmp_path):
    path = tmp_path / "invoices.db"
    _foreign(path)
    result = run("db", "init", str(path))
    assert result.exit_code == 0, result.output
    assert {"invoices", "casefile", "alembic_version"} <= _tables(path)
    backups = [p for p in tmp_path.iterdir() if ".backup-before-init-" in p.name]
    assert len(backups) == 1 and _tables(backups[0]) == {"invoices"}
    check = run("--db", str(path), "db", "check")  # usable; the other program's table is named
    assert check.exit_code == 1
    assert check.stdout.splitlines() == ["table invoices is not part of caseterm"]
    assert run("--db", str(path), "worker", "add", "anna", "--name", "Anna", "--use"
               ).exit_code == 0
    assert run("--db", str(path), "queue").exit_code == 0


def test_a_typo_in_the_path_creates_nothing(tmp_path):
    typo = tmp_path / "wrong-folder" / "casetrem.db"
    for args in (["case", "show", "JC-2026-00001"], ["queue"], ["db", "check"],
                 ["db", "backup"], ["worker", "list"]):
        result = run("--db", str(typo), *args)
        assert result.exit_code == 1, (args, result.output)
        assert "--create" in result.stderr and "no caseterm database" in result.stderr
    assert not typo.parent.exists()
    # the TUI start without a terminal to ask on: refused the same way, nothing started
    result = run("--db", str(typo))
    assert result.exit_code == 1 and "--create" in result.stderr
    assert not typo.parent.exists()
    # through the environment as well
    result = runner.invoke(app, ["--lang", "en", "queue"], env={"CASETERM_DB": str(typo)})
    assert result.exit_code == 1 and "--create" in result.stderr
    assert not typo.parent.exists()


def test_an_empty_file_counts_as_no_database(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run("--db", str(empty), "queue")
    assert result.exit_code == 1 and "--create" in result.stderr
    assert empty.stat().st_size == 0


def test_create_and_db_init_make_a_new_database(tmp_path):
    path = tmp_path / "new" / "c.db"
    assert run("--db", str(path), "--create", "worker", "list").exit_code == 0
    assert "casefile" in _tables(path)
    other = tmp_path / "other.db"
    result = run("db", "init", str(other))
    assert result.exit_code == 0 and "casefile" in _tables(other)
    assert run("--db", str(other), "db", "check").exit_code == 0
    # init again on a caseterm file is harmless
    assert run("db", "init", str(other)).exit_code == 0


def test_the_default_database_is_created_on_first_start(tmp_path):
    from caseterm import config

    assert not config.default_db_path().exists()
    result = run("worker", "list")
    assert result.exit_code == 0, result.output
    assert config.default_db_path().exists()


def test_newer_schema_is_refused_without_a_backup(db, tmp_path):
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    db.dispose()
    path = str(db.path)
    before = set(tmp_path.iterdir())
    for args in (["case", "show", "JC-2026-00001"], ["case", "note", "JC-2026-00001",
                 "--text", "x"], ["queue"], ["db", "backup"], ["db", "upgrade"],
                 ["db", "check"], ["db", "init", path]):
        full = args if args[0] == "db" and args[1] == "init" else ["--db", path, *args]
        result = run(*full)
        assert result.exit_code == 1, (args, result.output)
        assert "newer version of caseterm" in result.stderr and "0099_future" in result.stderr
        assert "no backup" in result.stderr
    assert not [p for p in set(tmp_path.iterdir()) - before if "backup" in p.name]


def test_newer_schema_in_a_real_process_has_no_traceback(db):
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    db.dispose()
    proc = subprocess.run([sys.executable, "-m", "caseterm", "--lang", "en", "--db", str(db.path),
                           "queue"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "newer version of caseterm" in proc.stderr


def test_an_unusable_address_gets_a_message(tmp_path):
    for url in ("foo://bar", "postgresql+nosuchdriver://u:secret@h/db"):
        result = run("--db", url, "queue")
        assert result.exit_code == 1, result.output
        assert "not a database caseterm can use" in result.stderr
        assert "secret" not in result.stderr


# -- db check compares the schema ---------------------------------------------------------------

def _sql(path, *statements):
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_db_check_is_ok_on_a_healthy_database(db, make_case):
    make_case()
    db.dispose()
    result = run("--db", str(db.path), "db", "check")
    assert result.exit_code == 0 and result.stdout.strip() == "ok", result.stdout


def test_db_check_names_a_dropped_column(db):
    db.dispose()
    _sql(db.path, "DROP INDEX IF EXISTS ix_casefile_search_key",
         "ALTER TABLE casefile DROP COLUMN search_key")
    result = run("--db", str(db.path), "db", "check")
    assert result.exit_code == 1
    assert "missing column casefile.search_key" in result.stdout


def test_db_check_names_a_dropped_index_and_the_search_index(db, make_case):
    make_case()
    db.dispose()
    con = sqlite3.connect(db.path)
    index = con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                        "tbl_name = 'follow_up' AND sql IS NOT NULL ORDER BY name").fetchone()[0]
    con.close()
    _sql(db.path, f"DROP INDEX {index}", "DELETE FROM case_fts")
    result = run("--db", str(db.path), "db", "check")
    assert result.exit_code == 1
    assert f"missing index {index}" in result.stdout
    assert "case_fts has 0 entries for 1 cases" in result.stdout


def test_db_check_names_a_dropped_fts_table_and_an_extra_table(db):
    db.dispose()
    _sql(db.path, "DROP TABLE case_fts", "CREATE TABLE scratch (x)")
    result = run("--db", str(db.path), "db", "check")
    assert result.exit_code == 1
    assert "missing table case_fts" in result.stdout
    assert "scratch is not part of caseterm" in result.stdout


def test_tui_start_asks_before_creating_a_named_database(tmp_path, monkeypatch):
    import types

    import typer

    from caseterm.app import CasetermApp
    from caseterm.commands import common

    tty = types.SimpleNamespace(isatty=lambda: True)
    monkeypatch.setattr(common, "sys", types.SimpleNamespace(stdin=tty, stdout=tty))
    started, asked = [], []
    monkeypatch.setattr(CasetermApp, "run", lambda self, *a, **k: started.append(self))
    path = tmp_path / "new.db"

    def answer(value):
        def confirm(text, default=False):
            asked.append((text, default))
            return value
        return confirm

    monkeypatch.setattr(typer, "confirm", answer(False))
    result = run("--db", str(path))
    assert result.exit_code == 1 and "--create" in result.stderr
    assert not path.exists() and not started
    assert str(path) in asked[0][0] and asked[0][1] is False  # the default answer is no

    monkeypatch.setattr(typer, "confirm", answer(True))
    result = run("--db", str(path))
    assert result.exit_code == 0, result.output
    assert len(started) == 1 and "casefile" in _tables(path)
