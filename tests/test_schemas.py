"""Strict input schemas (issue 11): every malformed intake or directory file gets one message per
wrong field naming the field and the expected form — never a traceback, never a write."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.core.validate import InputError
from caseterm.models.client import Client
from caseterm.models.services import ServiceOffering, ServiceProvider
from caseterm.schemas.base import MAX_DEPTH, parse_json
from caseterm.schemas.directory import parse_directory_data, read_directory
from caseterm.schemas.intake import check_intake_data, read_intake
from tests.test_consent_defect import GOOD

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "services" / "lindenau.json"


def _errors(fn, data) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        fn(data)
    return info.value.errors


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


def test_the_readme_shape_passes():
    data = check_intake_data(GOOD)
    assert data.client.last_name == "Schulz" and data.consents[0].information_given


@pytest.mark.parametrize(("section", "key", "value", "field", "form"), [
    ("client", "first_name", 5, "first_name", "Text"),
    ("client", "birth_date", 5, "birth_date", "Text"),
    ("client", "last_name", ["x"], "last_name", "Text"),
    ("client", "interpreter_needed", "nein", "interpreter_needed", "true"),
    ("case", "child_protection", "false", "child_protection", "true"),
    ("case", "opened_on", 20261123, "opened_on", "Text"),
    ("referral", "concerns", ["wohnen"], "concerns", "Objekt"),
    ("referral", "agency", {"a": 1}, "referring_agency", "Text"),
    ("indication", "criteria", 1, "criteria", "Liste"),
    ("agreement", "roles", 1.5, "agreement_roles", "Text"),
])
def test_wrong_json_types_name_the_field_and_the_form(section, key, value, field, form):
    raw = copy.deepcopy(GOOD)
    raw.setdefault(section, {})[key] = value
    errors = _errors(check_intake_data, raw)
    assert field in errors, errors
    assert form in errors[field]


@pytest.mark.parametrize(("raw", "field"), [
    ({"client": [1, 2]}, "client"),
    ({"household": "x"}, "household"),
    ({"household": [{"name": "Lea", "in_benefit_unit": "ja"}]}, "household"),
    ({"consents": ["x"]}, "consent"),
    ({"consents": [{"purposes": 1}]}, "consent_purposes"),
    ({"agreement": 1}, "agreement"),
    ({"informaton_given": True}, "informaton_given"),
    ({"client": {"first_name": "A", "last_name": "B", "nickname": "C"}}, "nickname"),
])
def test_wrong_shapes_are_refused_at_their_field(raw, field):
    assert field in _errors(check_intake_data, raw)


@pytest.mark.parametrize(("value", "word"), [
    ("A\x00B", "Steuerzeichen"), ("\x1b]0;PWNED\x07Meier", "Steuerzeichen"),
    ("Mei\x9ber", "Steuerzeichen"), ("Ali\u202eznaF", "Steuerzeichen"),
    ("Ab\ud800", "Steuerzeichen"), ("Meier\nEinwilligung: widerrufen", "Zeile"),
    ("Line1\tTab", "Zeile"),
])
def test_control_characters_and_line_breaks_in_a_name_are_refused(value, word):
    raw = copy.deepcopy(GOOD)
    raw["client"]["last_name"] = value
    errors = _errors(check_intake_data, raw)
    assert word in errors["last_name"]


def test_text_is_stored_nfc_and_newlines_are_fine_in_multi_line_fields():
    raw = copy.deepcopy(GOOD)
    raw["client"]["last_name"] = "Mu\u0308ller"
    raw["referral"]["concerns"]["wohnen"] = "Räumungsklage\nTermin am 3.12."
    data = check_intake_data(raw)
    assert data.client.last_name == "Müller"
    assert "\n" in next(iter(data.concerns.values()))


@pytest.mark.parametrize("value", ["+9999j", "-9999j", "9999-12-31", "0001-01-01",
                                   "01.01.1899", "31.02.2020", "2020-13-01"])
def test_dates_out_of_range_are_refused(value):
    raw = copy.deepcopy(GOOD)
    raw["consents"][0]["valid_until"] = value
    assert "consent_valid_until" in _errors(check_intake_data, raw)


def test_long_text_is_refused_and_not_echoed_whole():
    raw = copy.deepcopy(GOOD)
    raw["client"]["last_name"] = "x" * 2_000_000
    errors = _errors(check_intake_data, raw)
    assert "last_name" in errors and len(errors["last_name"]) < 200


@pytest.mark.parametrize(("data", "word"), [
    (b"\xff\xfe{\x00}\x00", "UTF-8"),
    ('{"client": {"last_name": "für"}}'.encode("latin-1"), "UTF-8"),
    (b"[" * 100_000, "verschachtelt"),
    (b'{"a": NaN}', "JSON"),
    (b'{"client": {}, "client": {}}', "zweimal"),
    (b"{not json", "JSON"),
    (b"", "JSON"),
])
def test_unreadable_files_get_a_file_message(data, word):
    errors = _errors(lambda d: parse_json(d, max_bytes=1024 * 1024), data)
    assert list(errors) == ["file"] and word in errors["file"], errors


def test_nesting_and_size_limits():
    ok = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert parse_json(ok, max_bytes=1000) is not None
    assert "KiB" in _errors(lambda d: parse_json(d, max_bytes=10), b"{}" * 10)["file"]
    assert parse_json(b'\xef\xbb\xbf{"a": 1}', max_bytes=100) == {"a": 1}  # a BOM is fine


@pytest.mark.parametrize("top", [b"null", b"[]", b"1", b'"str"'])
def test_the_top_level_must_be_an_object(tmp_path, top):
    f = tmp_path / "x.json"
    f.write_bytes(top)
    assert "file" in _errors(read_intake, f)
    assert "file" in _errors(read_directory, f)


# -- directory -------------------------------------------------------------------------------

def test_the_shipped_directory_passes():
    assert len(parse_directory_data(json.loads(DIRECTORY.read_text(encoding="utf-8")))) == 16


@pytest.mark.parametrize(("data", "field"), [
    ({"providers": [{"name": 1}]}, "providers[0].name"),
    ({"providers": [{"name": "A", "offerings": ["x"]}]}, "providers[0].offerings[0]"),
    ({"providers": [{"name": "A", "offerings": [{"title": "T", "category": "other",
                                                  "waiting_weeks": "6"}]}]},
     "providers[0].offerings[0].waiting_weeks"),
    ({"providers": [{"name": "A", "offerings": [{"title": "T", "category": "other",
                                                  "waiting_weeks": 300}]}]},
     "providers[0].offerings[0].waiting_weeks"),
    ({"providers": "x"}, "providers"),
    ({}, "providers"),
    ({"providers": [{"name": "A\x00"}]}, "providers[0].name"),
])
def test_directory_fields_are_named(data, field):
    assert field in _errors(parse_directory_data, data)


def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


def test_cli_services_import_refuses_latin1_and_writes_nothing(db, worker, tmp_path):
    f = tmp_path / "latin1.json"
    f.write_bytes('{"providers": [{"name": "Caritas für Familien"}]}'.encode("latin-1"))
    r = _cli(db, "services", "import", str(f))
    assert r.exit_code == 1
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "UTF-8" in r.output
    assert _count(db, ServiceProvider) == _count(db, ServiceOffering) == 0


def test_cli_intake_file_errors_are_json_with_json(db, worker, tmp_path):
    f = tmp_path / "deep.json"
    f.write_bytes(b"[" * 100_000)
    r = _cli(db, "intake", "--from", str(f), "--json")
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["status"] == "invalid" and "file" in out["errors"]
    assert _count(db, Client) == 0


def test_schemas_import_no_ui_and_no_database():
    from tests.test_architecture import PACKAGE, _imports, _modules

    for path in _modules("schemas"):
        bad = {n for n in _imports(path)
               if n.split(".")[0] in {"textual", "sqlalchemy", "sqlmodel", "alembic", "typer"}
               or n.startswith(("caseterm.db", "caseterm.screens", "caseterm.widgets",
                                "caseterm.models", "caseterm.app", "caseterm.commands"))}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"
    assert _modules("schemas")
