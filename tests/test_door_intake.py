"""The door for intake, consents and the case search: a caseworker cannot read, list, change
or start a case for a person outside her caseload (clear message naming the case, exit 3,
nothing changed, a "refuse" entry in the audit trail); the team lead of the owner's team can;
the duplicate warning still reports the person without revealing her cases."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.core.intake import check_intake
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import consents as consents_repo
from caseterm.db.repo import workers
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.services import AccessDenied, Conflict
from caseterm.services import consents as consents_service
from caseterm.services import intake as intake_service
from tests.conftest import ctx_for, make_app, wait_idle, wait_until

CONSENT = {"purposes": ["case_management"], "given_on": "20.11.2026", "information_given": True}


def _raw(first="Petra", last="Schulz", birth="02.03.1985"):
    return {"client": {"first_name": first, "last_name": last, "birth_date": birth},
            "case": {"legal_area": "sgb2"}, "consents": [CONSENT]}


@pytest.fixture
def office(db, worker):
    """anna (the `worker` fixture, Team Nord), ben (caseworker, Team Süd) with one case and a
    consent, lena (team lead of Team Süd)."""
    with db.write() as s:
        ben = workers.add(s, username="ben", display_name="Ben Kraft", role="caseworker",
                          team="Team Süd", office="Rathaus", land="NW")
        lena = workers.add(s, username="lena", display_name="Lena Lehmann", role="team_lead",
                           team="Team Süd", office="Rathaus", land="NW")
    ben_row, lena_row = workers.get(db, ben.id), workers.get(db, lena.id)
    saved = intake_service.save(ctx_for(db, ben_row),
                                check_intake(_raw("Jürgen", "Müller", "12.04.1980")))
    consent_id = consents_repo.list_for_case(db, saved.case_id)[0].id
    return {"anna": worker, "ben": ben_row, "lena": lena_row, "case_id": saved.case_id,
            "client_id": saved.client_id, "number": saved.case_number,
            "consent_id": consent_id}


def _cli(db, monkeypatch, who, *args):
    from caseterm.cli import app

    monkeypatch.setenv("CASETERM_WORKER", who)
    return CliRunner().invoke(app, ["--db", db.url, *args])


def _refusals(db, case_id) -> list[audit_repo.EntryRow]:
    return [e for e in audit_repo.for_case(db, case_id) if e.action == "refuse"]


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


# -- consent list ----------------------------------------------------------------------------

def test_cli_consent_list_refused_outside_caseload(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "anna", "consent", "list", office["number"], "--json")
    assert r.exit_code == 3
    assert office["number"] in r.output  # names the case and why (German once translated)
    assert "not one of your cases" in r.output or "Fällen" in r.output
    assert "case_management" not in r.stdout
    assert [e.detail["what"] for e in _refusals(db, office["case_id"])] == ["consents"]


def test_cli_consent_list_for_the_team_lead(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "lena", "consent", "list", office["number"], "--json")
    assert r.exit_code == 0, r.output
    assert [row["id"] for row in json.loads(r.stdout)] == [str(office["consent_id"])]
    assert _refusals(db, office["case_id"]) == []


# -- consent withdraw ------------------------------------------------------------------------

def test_cli_consent_withdraw_refused_outside_caseload(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "anna", "consent", "withdraw", str(office["consent_id"]),
             "--channel", "Brief")
    assert r.exit_code == 3
    assert office["number"] in r.output
    assert consents_repo.list_for_case(db, office["case_id"])[0].withdrawn_on is None
    assert [e.detail["what"] for e in _refusals(db, office["case_id"])] == ["consent_withdraw"]


def test_cli_consent_withdraw_by_the_team_lead(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "lena", "consent", "withdraw", str(office["consent_id"]),
             "--channel", "Brief")
    assert r.exit_code == 0, r.output
    assert consents_repo.list_for_case(db, office["case_id"])[0].withdrawn_on is not None
    writes = [e for e in audit_repo.for_case(db, office["case_id"])
              if e.action != "refuse" and e.entity == "consent"]
    assert writes and writes[0].actor_name == "Lena Lehmann"


def test_cli_consent_withdraw_unknown_id(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "anna", "consent", "withdraw",
             "00000000-0000-0000-0000-000000000000")
    assert r.exit_code == 3 and "Einwilligung" in r.output


# -- cases search ----------------------------------------------------------------------------

def test_cli_cases_search_lists_only_visible_cases(db, office, monkeypatch, make_case):
    make_case(first="Jana", last="Müller", birth="1990-01-01")  # anna's own
    r = _cli(db, monkeypatch, "anna", "cases", "search", "müller", "--json")
    assert r.exit_code == 0, r.output
    assert [row["first_name"] for row in json.loads(r.stdout)] == ["Jana"]
    r = _cli(db, monkeypatch, "anna", "cases", "search", office["number"])
    assert r.exit_code == 0 and "Jürgen" not in r.stdout
    r = _cli(db, monkeypatch, "lena", "cases", "search", "müller", "--json")
    assert [row["case_number"] for row in json.loads(r.stdout)] == [office["number"]]


def test_cli_cases_search_needs_an_identity(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "nobody", "cases", "search", "müller", "--json")
    assert r.exit_code == 3 and "nobody" in r.output
    assert r.stdout.strip() == "" or json.loads(r.stdout)["status"] == "error"


# -- cases reindex ---------------------------------------------------------------------------

def test_cli_cases_reindex_is_audited_and_needs_an_identity(db, office, monkeypatch):
    r = _cli(db, monkeypatch, "nobody", "cases", "reindex")
    assert r.exit_code == 3
    r = _cli(db, monkeypatch, "anna", "cases", "reindex")
    assert r.exit_code == 0, r.output
    entries = [e for e in audit_repo.latest(db) if e.action == "reindex"]
    assert [e.actor_name for e in entries] == ["Anna Becker"]


# -- intake ----------------------------------------------------------------------------------

def test_cli_intake_reports_a_person_outside_the_caseload_without_content(
        db, office, monkeypatch, tmp_path):
    file = tmp_path / "intake.json"
    file.write_text(json.dumps(_raw("Juergen", "Mueller", "12.04.1980")), encoding="utf-8")
    r = _cli(db, monkeypatch, "anna", "intake", "--from", str(file), "--json")
    assert r.exit_code == 2, r.output
    [cand] = json.loads(r.stdout)["candidates"]
    assert cand["last_name"] == "Müller" and cand["in_my_caseload"] is False
    assert cand["cases"] == [] and office["number"] not in r.stdout
    assert _count(db, Client) == 1
    # the team lead of the owner's team sees the case number
    r = _cli(db, monkeypatch, "lena", "intake", "--from", str(file), "--json")
    assert r.exit_code == 2
    assert json.loads(r.stdout)["candidates"][0]["cases"] == [office["number"]]
    # confirmed as a new person: the new case is led by the one who took the intake
    r = _cli(db, monkeypatch, "anna", "intake", "--from", str(file), "--confirm-new", "--json")
    assert r.exit_code == 0, r.output
    number = json.loads(r.stdout)["case_number"]
    with db.read() as s:
        lead = s.exec(select(Case.lead_worker_id).where(Case.case_number == number)).one()
    assert lead == office["anna"].id


def test_new_case_for_a_person_outside_the_caseload_is_refused(db, office):
    anna = ctx_for(db, office["anna"])
    data = check_intake(_raw("Jürgen", "Müller", "12.04.1980"))
    with pytest.raises(AccessDenied):
        intake_service.save(anna, data, existing_client_id=office["client_id"])
    assert _count(db, Case) == 1
    refusals = [e for e in audit_repo.latest(db) if e.action == "refuse"]
    assert refusals and refusals[0].record_id == str(office["client_id"])
    # the team lead may start a second case for the person of her team
    saved = intake_service.save(ctx_for(db, office["lena"]), data,
                                existing_client_id=office["client_id"])
    assert saved.client_id == office["client_id"] and _count(db, Case) == 2


def test_roles_without_case_content_take_no_intake(db, office):
    with db.write() as s:
        admin = workers.add(s, username="root", display_name="Admin", role="admin",
                            team="", office="Rathaus", land="NW")
        admin_id = admin.id
    with pytest.raises(AccessDenied):
        intake_service.save(ctx_for(db, workers.get(db, admin_id)), check_intake(_raw()))
    assert _count(db, Client) == 1


# -- intake summary, recording a consent, version check (service level) ---------------------

def test_summary_and_recording_refused_outside_caseload(db, office):
    anna, lena = ctx_for(db, office["anna"]), ctx_for(db, office["lena"])
    with pytest.raises(AccessDenied) as err:
        intake_service.summary(anna, office["case_id"])
    assert office["number"] in err.value.message
    with pytest.raises(AccessDenied):
        consents_service.record(anna, office["case_id"], CONSENT)
    with pytest.raises(AccessDenied):
        consents_service.list_for_case(anna, office["case_id"])
    assert len(consents_repo.list_for_case(db, office["case_id"])) == 1
    assert len(_refusals(db, office["case_id"])) == 3
    assert intake_service.summary(lena, office["case_id"]) is not None
    consents_service.record(lena, office["case_id"], CONSENT)
    assert len(consents_repo.list_for_case(db, office["case_id"])) == 2


def test_withdrawal_started_from_an_old_version_is_a_conflict(db, office):
    ben, lena = ctx_for(db, office["ben"]), ctx_for(db, office["lena"])
    [row] = consents_service.list_for_case(ben, office["case_id"])
    consents_service.withdraw(lena, row.id, {"withdrawn_on": "20.11.2026", "channel": "Brief"},
                              row.row_version)
    with pytest.raises(Conflict) as err:
        consents_service.withdraw(ben, row.id, {"withdrawn_on": "23.11.2026",
                                                "channel": "Telefon"}, row.row_version)
    assert [f.field for f in err.value.fields] == ["withdrawn_on", "withdrawal_channel"]
    [now] = consents_service.list_for_case(ben, office["case_id"])
    assert now.withdrawal_channel == "Brief"  # nothing overwritten


# -- the screen ------------------------------------------------------------------------------

async def test_consents_of_a_case_outside_the_caseload_are_refused_on_screen(db, office):
    from caseterm.screens.consents import ConsentsDialog

    app = make_app(db, office["anna"])
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ConsentsDialog(office["case_id"], office["number"]))
        await wait_idle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any(office["number"] in m for m in messages), messages
        assert app.screen.query_one("#consent-table").row_count == 0  # nothing shown
    assert len(_refusals(db, office["case_id"])) == 1


async def test_intake_screen_reports_a_person_outside_the_caseload_without_content(db, office):
    from textual.widgets import Input, Static

    from caseterm.screens.intake import DuplicateDialog, IntakeScreen

    app = make_app(db, office["anna"])
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f4")
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        screen.query_one("#in-last_name", Input).value = "Mueller"
        screen.query_one("#in-first_name", Input).value = "Jürgen"
        screen.query_one("#in-birth_date", Input).value = "12.04.1980"
        banner = screen.query_one("#dup-banner", Static)
        # the debounced check: wait until the banner shows
        await wait_until(pilot, app, lambda: banner.has_class("-shown"))
        text = str(banner.render())
        assert "Müller, Jürgen" in text and "anderen Fallbestand" in text
        assert office["number"] not in text
        await pilot.press("f6")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("o")  # may not open it
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DuplicateDialog)
        assert any("anderen" in n.message for n in app._notifications)
    assert _refusals(db, office["case_id"]) == []  # nothing was opened


def test_intake_and_consent_ui_and_cli_only_use_the_door():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "caseterm"
    files = [str(p.relative_to(root)) for p in sorted((root / "screens" / "intake").glob("*.py"))]
    assert files, "the intake package has modules"
    files += ["screens/intake_summary.py", "screens/consents.py",
             "commands/intake.py"]
    for name in files:
        source = (root / name).read_text(encoding="utf-8")
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        bad = {m for m in imported if m.startswith(("caseterm.db", "caseterm.models"))
               or m.split(".")[0] in {"sqlalchemy", "sqlmodel"}}
        if name.startswith("commands/"):
            bad |= {m for m in imported if m.split(".")[0] == "textual"
                    or m.startswith("caseterm.screens")}
        assert not bad, f"{name} imports {bad}"
        assert ".read()" not in source.replace("read_text", "") and ".write()" not in source, name
