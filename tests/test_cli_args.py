"""CLI arguments (issue 11): --today, case numbers and argv that is not UTF-8 get a clear
message and change nothing."""

from __future__ import annotations

import sys

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.models.followup import FollowUp
from caseterm.models.note import ContactNote as Note


def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01",
                                   "20261123", "2026-W48-1", "2026-11-23T00:00", "2026-02-29",
                                   "٢٠٢٦-١١-٢٣", "morgen", "", "x" * 5000])
@pytest.mark.parametrize("command", [["queue"], ["queue", "--json"],
                                     ["case", "show", "JC-2026-00001"]])
def test_bad_today_is_refused_before_anything_is_written(db, worker, make_case, value, command):
    make_case()
    before = _count(db, FollowUp)
    r = _cli(db, "--today", value, *command)
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "--today" in r.output and "YYYY-MM-DD" in r.output
    assert len(r.output) < 400
    assert _count(db, FollowUp) == before


def test_a_good_today_works(db, worker, make_case):
    make_case()
    r = _cli(db, "--today", "2100-12-31", "case", "show", "JC-2026-00001")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("number", ["%", "_", "JC-2026-0000%", "x" * 100_000, "JC-2026-00001 x",
                                    "\x1b]0;PWNED\x07"])
def test_text_that_is_no_case_number_says_so_shortly(db, worker, make_case, number):
    make_case()
    r = _cli(db, "case", "note", number, "--text", "Hallo")
    assert r.exit_code == 1
    assert "JC-2026-00001" in r.output and len(r.output) < 300
    assert "\x1b" not in r.output
    assert _count(db, Note) == 0


def test_case_numbers_are_found_in_any_case_and_unknown_ones_named(db, worker, make_case):
    make_case()
    assert _cli(db, "case", "note", " jc-2026-00001 ", "--text", "Hallo").exit_code == 0
    r = _cli(db, "case", "show", "JC-2026-00099")
    assert r.exit_code == 3 and "JC-2026-00099" in r.output  # not found


def test_argv_that_is_not_utf8_is_refused_with_a_word_on_the_terminal(
        db, worker, make_case, monkeypatch, capsys):
    from caseterm import cli

    make_case()
    # "Gespräch" typed in a Latin-1 terminal: byte 0xe4 becomes the lone surrogate U+DCE4
    monkeypatch.setattr(sys, "argv", ["caseterm", "--db", db.url, "case", "note",
                                      "JC-2026-00001", "--text", "Gespr\udce4ch"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "UTF-8" in err and "Latin-1" in err and "\udce4" not in err
    assert _count(db, Note) == 0
