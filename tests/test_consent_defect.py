"""Regression (issue 11): a consent is never recorded as "client informed" unless stated, and
yes/no facts are JSON true/false only — "false" or "nein" is refused, never read as true."""

from __future__ import annotations

import copy
import json

import pytest
from sqlmodel import select
from textual.widgets import Checkbox, Input
from typer.testing import CliRunner

from caseterm.db.repo import cases as cases_repo
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.intake import Consent
from caseterm.screens.consents import AddConsentDialog, ConsentsDialog
from caseterm.screens.intake import IntakeScreen
from tests.conftest import make_app, wait_idle

GOOD = {
    "client": {"first_name": "Petra", "last_name": "Schulz", "birth_date": "02.03.1985"},
    "case": {"legal_area": "sgb2"},
    "referral": {"concerns": {"wohnen": "Räumungsklage", "wirtschaftlich": "Schulden",
                              "gesundheitlich": "Depression"}},
    "indication": {"criteria": ["complex_need", "many_actors", "standard_path_fails",
                                "insufficient_own_resources"], "decision": "indicated"},
    "consents": [{"purposes": ["case_management"], "given_on": "20.11.2026",
                  "information_given": True}],
    "agreement": {"roles": "Koordination", "agreed_on": "heute"},
}


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


def _intake(db, tmp_path, raw, *extra):
    from caseterm.cli import app

    file = tmp_path / "intake.json"
    file.write_text(json.dumps(raw), encoding="utf-8")
    return CliRunner().invoke(app, ["--db", db.url, "intake", "--from", str(file),
                                    "--confirm-new", "--json", *extra])


def _with(path: tuple, value):
    raw = copy.deepcopy(GOOD)
    target = raw
    for key in path[:-1]:
        target = target[key]
    if value is _DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


_DROP = object()


def test_the_good_file_is_saved_into_assessment(db, worker, tmp_path):
    r = _intake(db, tmp_path, GOOD)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["phase"] == "assessment"
    with db.read() as s:
        assert s.exec(select(Consent)).one().information_given is True


@pytest.mark.parametrize("value", [_DROP, "false", "nein", "true", "ja", 1, 0, None, [], {}])
def test_information_given_must_be_stated_as_true(db, worker, tmp_path, value):
    r = _intake(db, tmp_path, _with(("consents", 0, "information_given"), value))
    assert r.exit_code == 1, r.output
    out = json.loads(r.stdout)
    assert out["status"] == "invalid"
    assert "consent_information_given" in out["errors"], out
    assert _count(db, Client) == _count(db, Case) == _count(db, Consent) == 0


def test_information_given_false_is_refused(db, worker, tmp_path):
    r = _intake(db, tmp_path, _with(("consents", 0, "information_given"), False))
    assert r.exit_code == 1
    assert "consent_information_given" in json.loads(r.stdout)["errors"]
    assert _count(db, Consent) == 0


@pytest.mark.parametrize(("path", "field"), [
    (("case", "child_protection"), "child_protection"),
    (("client", "interpreter_needed"), "interpreter_needed"),
])
@pytest.mark.parametrize("value", ["false", "nein", "true", "0", 0, 1])
def test_yes_no_facts_are_json_booleans_only(db, worker, tmp_path, path, field, value):
    r = _intake(db, tmp_path, _with(path, value))
    assert r.exit_code == 1, r.output
    errors = json.loads(r.stdout)["errors"]
    assert field in errors and "true" in errors[field]
    assert _count(db, Client) == _count(db, Case) == 0


@pytest.mark.parametrize("value", [True, False])
def test_yes_no_facts_accept_true_and_false(db, worker, tmp_path, value):
    raw = _with(("case", "child_protection"), value)
    raw["client"]["interpreter_needed"] = value
    r = _intake(db, tmp_path, raw)
    assert r.exit_code == 0, r.output
    with db.read() as s:
        assert s.exec(select(Case)).one().child_protection is value
        assert s.exec(select(Client)).one().interpreter_needed is value


def test_household_benefit_unit_is_a_boolean(db, worker, tmp_path):
    raw = copy.deepcopy(GOOD)
    raw["household"] = [{"name": "Lea", "relation": "Tochter", "in_benefit_unit": "nein"}]
    r = _intake(db, tmp_path, raw)
    assert r.exit_code == 1 and "household" in json.loads(r.stdout)["errors"]
    assert _count(db, Client) == 0


# -- TUI ----------------------------------------------------------------------------------------

async def test_intake_screen_consent_boxes_start_unticked_and_informed_is_required(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f4")
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        informed = screen.query_one("#in-consent_information_given", Checkbox)
        assert informed.value is False
        assert screen.query_one("#in-purpose-case_management", Checkbox).value is False
        for name, value in (("last_name", "Schulz"), ("first_name", "Petra"),
                            ("birth_date", "02.03.1985"), ("consent_given_on", "heute")):
            screen.query_one(f"#in-{name}", Input).value = value
        screen.query_one("#in-legal_area").value = "sgb2"
        screen.query_one("#in-purpose-case_management", Checkbox).value = True
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is screen  # refused
        assert screen.query_one("#field-consent_information_given").has_class("-invalid")
        assert _count(db, Client) == _count(db, Consent) == 0


async def test_add_consent_dialog_needs_the_informed_box(db, worker, make_case):
    case_id = make_case(first="Mahmoud", last="Al-Khatib", birth="1991-03-14")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("e")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConsentsDialog)
        await pilot.press("a")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, AddConsentDialog)
        assert dialog.query_one("#ac-information", Checkbox).value is False
        assert dialog.query_one("#ac-purpose-case_management", Checkbox).value is False
        dialog.query_one("#ac-purpose-case_management", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is dialog
        assert dialog.query_one("#field-consent_information_given").has_class("-invalid")
        assert _count(db, Consent) == 0
        dialog.query_one("#ac-information", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConsentsDialog)
    assert _count(db, Consent) == 1
    assert cases_repo.overview(db, case_id).facts.has_consent
