"""Each validation rule rejects with a message naming the field and changes nothing; the
database's CHECK constraints hold the same line underneath."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.inputs import check_case, check_client, check_followup, check_note
from caseterm.core.validate import InputError
from caseterm.models.client import Client

GOOD = {"first_name": "Jürgen", "last_name": "Müller", "birth_date": "12.04.1980"}


def _errors(fn, raw) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        fn(raw)
    return info.value.errors


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"first_name": ""}, "first_name", "Name"),
        ({"last_name": "   "}, "last_name", "Name"),
        ({"last_name": "x" * 101}, "last_name", "100"),
        ({"birth_date": "30.02.1980"}, "birth_date", "30.02.1980"),
        ({"birth_date": "24.11.2026"}, "birth_date", "Zukunft"),
        ({"birth_date": "31.12.1899"}, "birth_date", "01.01.1900"),
        ({"birth_date": "gestern abend"}, "birth_date", "gestern abend"),
        ({"email": "anna.example.org"}, "email", "@"),
    ],
)
def test_client_rules(change, field, words):
    errors = _errors(check_client, {**GOOD, **change})
    assert list(errors) == [field]
    assert words in errors[field]


def test_english_messages(monkeypatch):
    from caseterm.i18n import set_language

    set_language("en")
    errors = _errors(check_client, {**GOOD, "birth_date": "24.11.2026"})
    assert errors["birth_date"] == "The date cannot be in the future."


def test_all_bad_fields_reported_at_once():
    errors = _errors(check_client, {"first_name": "", "last_name": "", "birth_date": "x"})
    assert set(errors) == {"first_name", "last_name", "birth_date"}


def test_unknown_enum_values():
    assert "legal_area" in _errors(check_case, {"legal_area": "sgb99"})
    assert "kind" in _errors(check_note, {"kind": "telepathy", "text": "x"})


def test_note_needs_text_and_followup_needs_next_step_and_future_date():
    assert "text" in _errors(check_note, {"text": "  "})
    errors = _errors(check_followup, {"due_date": "01.01.2020", "next_step": ""})
    assert set(errors) == {"due_date", "next_step"}


def test_names_are_kept_as_typed_but_nfc():
    nfd = "Mu\u0308ller"
    value = check_client({**GOOD, "last_name": nfd})
    assert value.last_name == "Müller" and len(value.last_name) == 6


@pytest.mark.parametrize(("typed", "expected"), [
    ("02.03.2026", date(2026, 3, 2)), ("2.3.2026", date(2026, 3, 2)),
    ("2026-03-02", date(2026, 3, 2)), ("heute", date(2026, 11, 23)),
    ("morgen", date(2026, 11, 24)), ("+2w", date(2026, 12, 7)), ("+1m", date(2026, 12, 23)),
    ("-1", date(2026, 11, 22)), ("02.03.80", date(1980, 3, 2)), ("02.03.26", date(2026, 3, 2)),
])
def test_date_parsing(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["30.02.2026", "31.04.2026", "2026-13-01", "abc", "1.1."])
def test_date_parsing_rejects(typed):
    with pytest.raises(DateFormatError):
        parse_date(typed)


def test_rejected_input_changes_nothing(db, worker):
    from caseterm.db.repo import cases

    def count():
        with db.read() as s:
            return s.exec(select(func.count()).select_from(Client)).one()

    before = count()
    with pytest.raises(InputError):
        with db.write() as s:
            cases.add_client(s, check_client({**GOOD, "birth_date": "30.02.1980"}))
    assert count() == before


@pytest.mark.parametrize("sql", [
    "INSERT INTO client (id, created_at, updated_at, row_version, first_name, last_name, name_key,"
    " gender, languages, interpreter_needed, phone, email, address, district) VALUES"
    " (:id, '2026-01-01', '2026-01-01', 1, '', 'X', '', '', '', 0, '', '', '', '')",
    "INSERT INTO client (id, created_at, updated_at, row_version, first_name, last_name, name_key,"
    " birth_date, gender, languages, interpreter_needed, phone, email, address, district) VALUES"
    " (:id, '2026-01-01', '2026-01-01', 1, 'A', 'B', '', '1850-01-01', '', '', 0, '', '', '', '')",
    "INSERT INTO worker (id, created_at, updated_at, row_version, username, display_name, role,"
    " team, office, land, catholic_municipality, augsburg, active) VALUES"
    " (:id, '2026-01-01', '2026-01-01', 1, 'x', 'X', 'boss', '', '', 'NW', 0, 0, 1)",
    "INSERT INTO worker (id, created_at, updated_at, row_version, username, display_name, role,"
    " team, office, land, catholic_municipality, augsburg, active) VALUES"
    " (:id, '2026-01-01', '2026-01-01', 1, 'x', 'X', 'caseworker', '', '', 'XX', 0, 0, 1)",
])
def test_database_checks_hold_underneath(db, sql):
    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(text(sql), {"id": uuid.uuid4().hex})


def test_database_rejects_bad_phase_and_foreign_keys(db, make_case):
    case_id = make_case()
    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE casefile SET phase='limbo' WHERE id=:id"),
                         {"id": case_id.hex})
    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE casefile SET client_id=:c WHERE id=:id"),
                         {"id": case_id.hex, "c": uuid.uuid4().hex})
