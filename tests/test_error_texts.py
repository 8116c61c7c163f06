"""Error texts are true and short (issue 11): input echoed back is cut, a value the database
refused is not called a broken database, and no SQL reaches the user."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from typer.testing import CliRunner

from caseterm.commands.common import database_error

SQL = "INSERT INTO client (id, last_name) VALUES (?, ?)"


def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


def test_a_refused_value_is_an_input_problem_not_a_broken_database():
    exc = IntegrityError(SQL, ("1", "\x00nul"),
                         sqlite3.IntegrityError("CHECK constraint failed: ck_client_last_name"))
    text = database_error(exc)
    assert "client last name" in text  # the rule, in words
    assert "Sicherung" not in text and "backup" not in text  # no "restore a backup"
    assert "nichts gespeichert" in text
    assert "INSERT" not in text and "nul" not in text


def test_other_database_errors_name_the_cause_without_sql():
    exc = OperationalError(SQL, ("1", "x"), sqlite3.OperationalError("disk I/O error"))
    text = database_error(exc)
    assert "disk I/O error" in text and "INSERT" not in text and "[SQL" not in text


def test_the_entry_point_prints_the_short_message_and_json_under_json(db, worker, make_case,
                                                                      monkeypatch, capsys):
    import json

    from caseterm import cli
    from caseterm.db.repo import cases

    make_case()

    def boom(*_a, **_k):
        raise IntegrityError(SQL, ("1", "x"), sqlite3.IntegrityError("UNIQUE constraint failed"))

    monkeypatch.setattr(cases, "overview", boom)
    monkeypatch.setattr(sys, "argv", ["caseterm", "--db", db.url, "case", "show",
                                      "JC-2026-00001", "--json"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    out = capsys.readouterr()
    assert json.loads(out.out)["status"] == "error"
    assert "existiert bereits" in out.err and "INSERT" not in out.err


def test_queue_refresh_failure_shows_no_sql(db, worker, monkeypatch):
    from caseterm.db.repo import auto_followups

    def boom(*_a, **_k):
        raise OperationalError(SQL, ("1", "x"),
                               sqlite3.OperationalError("attempt to write a readonly database"))

    monkeypatch.setattr(auto_followups, "refresh_for_worker", boom)
    r = _cli(db, "queue")
    assert r.exit_code == 0
    assert "schreibgeschützt" in r.output and "INSERT" not in r.output
    assert "[SQL" not in r.output


@pytest.mark.parametrize("args", [
    ["consent", "withdraw", "x" * 2_000_000],
    ["case", "show", "y" * 2_000_000],
    ["queue", "--worker", "z" * 2_000_000],
])
def test_echoed_input_is_shortened(db, worker, args):
    r = _cli(db, *args)
    assert r.exit_code in (1, 3)  # invalid input, or no such worker (queue --worker)
    assert 0 < len(r.output) < 600
