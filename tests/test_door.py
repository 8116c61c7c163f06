"""The one door: who may see what (rules and through every door of the case area), the
audit trail (written, verified, tamper-evident), identity from the person's own config."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from caseterm.core import clock
from caseterm.core.access import (
    AbsenceWindow,
    Actor,
    CaseScope,
    Need,
    Reason,
    Share,
    check_absence,
    covered_workers,
    decide,
)
from caseterm.core.inputs import NoteInput
from caseterm.core.vocab import LegalArea, NoteKind, Role
from caseterm.db.repo import workers as workers_repo
from caseterm.services import AccessDenied
from caseterm.services import audit as audit_service
from caseterm.services import cases as cases_service
from caseterm.services import workers as workers_service
from tests.conftest import TODAY, ctx_for

A, B, LEAD = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def actor(wid, role=Role.caseworker, covers=()):
    return Actor(wid, "u", "U", role, "Team", frozenset(covers))


def scope(lead=A, deputy=None, shares=()):
    return CaseScope(uuid.uuid4(), "JC-2026-00001", LegalArea.sgb2, lead, deputy, False,
                     tuple(shares))


# -- the rules ------------------------------------------------------------------------------

def test_a_caseworker_sees_her_own_and_named_deputy_cases_only():
    assert decide(actor(A), scope(), Need.write, TODAY).allowed
    assert decide(actor(B), scope(deputy=B), Need.write, TODAY).allowed
    refused = decide(actor(B), scope(), Need.read, TODAY)
    assert not refused.allowed and refused.reason is Reason.not_in_caseload
    assert refused.message("JC-2026-00001") == "Fall JC-2026-00001 gehört nicht zu Ihren Fällen."


def test_covering_an_absent_colleague_or_a_team_opens_her_cases():
    assert decide(actor(B, covers={A}), scope(), Need.write, TODAY).allowed
    assert decide(actor(LEAD, Role.team_lead, covers={A}), scope(), Need.read, TODAY).allowed


@pytest.mark.parametrize("role", [Role.admin, Role.dpo])
def test_admin_and_dpo_see_no_case_content_even_their_own(role):
    d = decide(actor(A, role), scope(), Need.read, TODAY)
    assert not d.allowed and d.reason is Reason.no_case_content


def test_a_share_allows_reading_until_it_ends_and_writing_only_in_write_mode():
    read_share = Share(B, "read", TODAY)
    assert decide(actor(B), scope(shares=[read_share]), Need.read, TODAY).allowed
    d = decide(actor(B), scope(shares=[read_share]), Need.write, TODAY)
    assert not d.allowed and d.reason is Reason.read_only
    assert not decide(actor(B), scope(shares=[read_share]), Need.read,
                      TODAY + timedelta(days=1)).allowed
    assert decide(actor(B), scope(shares=[Share(B, "write", None)]), Need.write, TODAY).allowed


def test_covered_workers_counts_only_todays_absences_and_the_team():
    away = AbsenceWindow(A, B, TODAY, TODAY + timedelta(days=4))
    assert covered_workers(B, Role.caseworker, [away], [], TODAY) == {A}
    assert covered_workers(B, Role.caseworker, [away], [], TODAY - timedelta(days=1)) == set()
    assert covered_workers(B, Role.caseworker, [away], [], TODAY + timedelta(days=5)) == set()
    assert covered_workers(B, Role.caseworker, [], [A, LEAD], TODAY) == set()
    assert covered_workers(LEAD, Role.team_lead, [], [A, LEAD], TODAY) == {A}


def test_absence_input_rules():
    assert check_absence(A, B, TODAY, TODAY, []) == {}
    assert set(check_absence(A, B, TODAY, TODAY - timedelta(days=1), [])) == {"ends_on"}
    assert set(check_absence(A, A, TODAY, TODAY, [])) == {"deputy"}
    busy = [AbsenceWindow(B, LEAD, TODAY + timedelta(days=2), TODAY + timedelta(days=3))]
    assert set(check_absence(A, B, TODAY, TODAY + timedelta(days=2), busy)) == {"deputy"}
    assert check_absence(A, B, TODAY, TODAY + timedelta(days=1), busy) == {}


# -- through the door -----------------------------------------------------------------------

@pytest.fixture
def office(db, worker, make_case):
    """Anna (caseworker, Team Nord) with a case; Ben (caseworker) with his; Lena, team lead
    of Team Nord; Dora, data-protection officer."""
    with db.write() as s:
        ben = workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                               team="Team Süd")
        lena = workers_repo.add(s, username="lena", display_name="Lena Vogt", role="team_lead",
                                team="Team Nord")
        dora = workers_repo.add(s, username="dora", display_name="Dora Datenschutz",
                                role="dpo")
        ids = ben.id, lena.id, dora.id
    anna_case = make_case("Jürgen", "Müller", legal_area="sgb2")
    ben_case = make_case("Kevin", "Schulz", legal_area="sgb8", lead=ids[0],
                         child_protection=True)
    rows = {w.username: w for w in workers_repo.list_all(db)}
    return {"anna": worker, "ben": rows["ben"], "lena": rows["lena"], "dora": rows["dora"],
            "anna_case": anna_case, "ben_case": ben_case}


def _entries(db, action):
    from caseterm.db.repo import audit

    return [e for e in audit.latest(db, limit=1000) if e.action == action]


def test_service_refuses_a_case_outside_the_caseload_and_audits_the_refusal(db, office):
    anna = ctx_for(db, office["anna"])
    number = cases_service.number_of(anna, office["ben_case"])
    with pytest.raises(AccessDenied) as err:
        cases_service.open_record(anna, office["ben_case"])
    assert err.value.message == f"Fall {number} gehört nicht zu Ihren Fällen."
    with pytest.raises(AccessDenied):
        cases_service.add_note(anna, office["ben_case"], NoteInput(kind=NoteKind.phone,
                                                                    text="x"))
    with pytest.raises(AccessDenied):
        cases_service.find(anna, number)
    refusals = _entries(db, "refuse")
    assert len(refusals) == 3 and all(e.actor_name == "Anna Becker" for e in refusals)
    assert cases_service.overview(ctx_for(db, office["ben"]), office["ben_case"]).notes == []


def test_lists_searches_and_counts_show_only_the_caseload(db, office):
    anna, lena = ctx_for(db, office["anna"]), ctx_for(db, office["lena"])
    assert [r.id for r in cases_service.my_cases(anna)] == [office["anna_case"]]
    f = cases_service.CaseFilter(text="Schulz")
    assert cases_service.search(anna, f) == [] and cases_service.count(anna, f) == 0
    assert cases_service.count(ctx_for(db, office["ben"]), f) == 1
    every = cases_service.CaseFilter()
    assert {r.id for r in cases_service.search(lena, every)} == {office["anna_case"]}
    assert cases_service.count(ctx_for(db, office["dora"]), every) == 0


def test_an_active_deputy_sees_the_absent_workers_cases_only_during_the_absence(db, office):
    ben = ctx_for(db, office["ben"])
    workers_service.set_absence(ben, None, "anna", TODAY, TODAY + timedelta(days=6))
    anna_during = ctx_for(db, office["anna"])
    assert office["ben_case"] in [r.id for r in cases_service.my_cases(anna_during)]
    cases_service.open_record(anna_during, office["ben_case"])
    clock.set_today(TODAY + timedelta(days=7))
    anna_after = ctx_for(db, office["anna"])
    with pytest.raises(AccessDenied):
        cases_service.open_record(anna_after, office["ben_case"])


def test_every_write_and_opening_is_in_the_chained_audit_trail(db, office):
    anna = ctx_for(db, office["anna"])
    cases_service.add_note(anna, office["anna_case"], NoteInput(kind=NoteKind.phone,
                                                                 text="Rückruf Vermieter"))
    cases_service.set_child_protection(anna, office["anna_case"], True)
    cases_service.open_record(anna, office["anna_case"])
    rows = cases_service.history(anna, office["anna_case"])
    kinds = [(r.action, r.entity) for r in rows]
    assert ("create", "contact_note") in kinds and ("open", "casefile") in kinds
    change = next(r for r in rows if r.action == "update" and r.entity == "casefile")
    assert change.detail["fields"]["child_protection"] == [False, True]
    note = next(r for r in rows if r.entity == "contact_note")
    assert note.detail["fields"]["text"] == [None, "Rückruf Vermieter"]
    count, problems = audit_service.verify(db)
    assert count == len(_entries(db, "open")) + len(rows) - 1 and problems == []


def test_the_audit_table_refuses_update_and_delete(db, office):
    anna = ctx_for(db, office["anna"])
    cases_service.open_record(anna, office["anna_case"])
    con = sqlite3.connect(str(db.path))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit_entry SET actor_name = 'X'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit_entry")
    con.close()


def _tamper(db, *sql):
    con = sqlite3.connect(str(db.path))
    con.execute("DROP TRIGGER audit_entry_no_update")
    con.execute("DROP TRIGGER audit_entry_no_delete")
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql, kind, seq", [
    (["UPDATE audit_entry SET actor_name = 'Mallory' WHERE seq = 2"], "changed", 2),
    (["DELETE FROM audit_entry WHERE seq = 2"], "missing", 2),
    (["INSERT INTO audit_entry (seq, at, actor_id, actor_name, action, entity, record_id, "
      "case_id, detail, prev_hash, hash) SELECT 99, at, actor_id, 'Mallory', 'open', entity, "
      "record_id, case_id, detail, hash, hash FROM audit_entry WHERE seq = 3"], "inserted", 99),
    (["DELETE FROM audit_entry WHERE seq = 3"], "missing", 3),
])
def test_audit_verify_names_a_changed_inserted_or_deleted_row(db, office, sql, kind, seq):
    anna = ctx_for(db, office["anna"])
    for _ in range(3):
        cases_service.open_record(anna, office["anna_case"])
    _tamper(db, *sql)
    _count, problems = audit_service.verify(db)
    assert any(p.kind == kind and p.seq == seq for p in problems), problems
    from caseterm.cli import app

    result = CliRunner().invoke(app, ["--db", str(db.path), "audit", "verify"])
    assert result.exit_code == 1
    assert f" {seq} " in result.stderr


# -- the CLI's doors ---------------------------------------------------------------------------

def run(*args, who="anna"):
    from caseterm.cli import app

    return CliRunner().invoke(app, list(args), env={"CASETERM_WORKER": who})


def test_cli_refuses_every_case_command_outside_the_caseload(db, office):
    anna = ctx_for(db, office["anna"])
    number = cases_service.number_of(anna, office["ben_case"])
    path = str(db.path)
    for args in (["case", "show", number], ["case", "show", number, "--json"],
                 ["case", "note", number, "--text", "Hallo"],
                 ["case", "phase", number, "assessment", "--reason", "x"],
                 ["case", "history", number]):
        result = run("--db", path, *args)
        assert result.exit_code == 3, (args, result.output)
        assert f"Fall {number} gehört nicht zu Ihren Fällen." in result.stderr
        assert "Kevin" not in result.stdout + result.stderr
    assert run("--db", path, "case", "show", number, who="ben").exit_code == 0
    assert len(_entries(db, "refuse")) == 5
    assert cases_service.overview(ctx_for(db, office["ben"]), office["ben_case"]).notes == []


def test_cli_audit_show_is_for_the_dpo_and_team_lead(db, office):
    anna = ctx_for(db, office["anna"])
    number = cases_service.number_of(anna, office["anna_case"])
    run("--db", str(db.path), "case", "show", number)
    shown = run("--db", str(db.path), "audit", "show", number, "--json", who="dora")
    assert shown.exit_code == 0, shown.output
    assert [e["action"] for e in json.loads(shown.stdout)] == ["open"]
    assert run("--db", str(db.path), "audit", "show", who="anna").exit_code == 3
    assert run("--db", str(db.path), "audit", "show", who="lena").exit_code == 0


def test_identity_errors_are_clear_and_change_nothing(db, office, tmp_path, monkeypatch):
    number = cases_service.number_of(ctx_for(db, office["anna"]), office["anna_case"])
    result = run("--db", str(db.path), "case", "show", number, who="mallory")
    assert result.exit_code == 3 and "'mallory'" in result.stderr
    config = tmp_path / "userconfig" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("worker = [unclosed\n", encoding="utf-8")
    from caseterm.cli import app

    result = CliRunner().invoke(app, ["--db", str(db.path), "case", "show", number])
    assert result.exit_code == 3 and "config.toml" in result.stderr
    assert "Traceback" not in result.output


def test_language_and_identity_live_in_the_persons_config_not_the_database(db, office):
    from caseterm import userconfig
    from caseterm.cli import app
    from caseterm.db.repo import settings

    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db.path), "lang", "en"]).exit_code == 0
    assert runner.invoke(app, ["--db", str(db.path), "worker", "use", "ben"]).exit_code == 0
    assert userconfig.load().language == "en" and userconfig.load().worker == "ben"
    assert settings.get(db, settings.LANGUAGE) is None
    result = runner.invoke(app, ["--db", str(db.path), "worker", "whoami"])
    assert result.stdout.startswith("ben ")


def test_absence_cli(db, office):
    path = str(db.path)
    bad = run("--db", path, "absence", "set", "10.12.2026", "01.12.2026", "--deputy", "ben")
    assert bad.exit_code == 1 and "ends_on" in bad.stderr
    assert run("--db", path, "absence", "set", "heute", "+3", "--deputy", "anna").exit_code == 1
    ok = run("--db", path, "absence", "set", "heute", "+3", "--deputy", "ben")
    assert ok.exit_code == 0, ok.output
    listed = json.loads(run("--db", path, "absence", "list", "--json").stdout)
    assert [(r["worker"], r["deputy"]) for r in listed] == [("Anna Becker", "Ben Kaya")]
    other = run("--db", path, "absence", "set", "heute", "+1", "--deputy", "lena",
                "--worker", "ben")
    assert other.exit_code == 3  # only a team lead sets another worker's absence
    assert run("--db", path, "absence", "end", listed[0]["id"]).exit_code == 0
    assert json.loads(run("--db", path, "absence", "list", "--json").stdout) == []


async def test_tui_refuses_to_open_a_case_outside_the_caseload(db, office):
    from tests.conftest import make_app, wait_idle

    app = make_app(db, office["anna"])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(office["ben_case"])
        await wait_idle(pilot, app)
        from caseterm.screens.case import CaseScreen

        assert not isinstance(app.screen, CaseScreen)
        messages = [n.message for n in app._notifications]
        assert any("gehört nicht zu Ihren Fällen" in m for m in messages)
        app.open_case(office["anna_case"])
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)




async def test_audit_screen_shows_the_case_entries_and_verifies_the_chain(db, office):
    from textual.widgets import DataTable

    from caseterm.screens.audit import AuditScreen
    from tests.conftest import make_app, wait_idle

    anna = ctx_for(db, office["anna"])
    cases_service.add_note(anna, office["anna_case"], NoteInput(kind=NoteKind.phone,
                                                                 text="[red]Rückruf"))
    app = make_app(db, office["anna"])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(office["anna_case"])
        await wait_idle(pilot, app)
        await pilot.press("h")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one(DataTable)
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(row[3] == "geöffnet" for row in cells)
        assert any(row[3] == "angelegt" and "[red]Rückruf" in row[5] for row in cells), cells
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert any("unversehrt" in n.message for n in app._notifications)
    # without a case, a caseworker is told the trail is not hers to read
    app = make_app(db, office["anna"])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("audit")
        await wait_idle(pilot, app)
        status = str(app.screen.query_one("#audit-status").render())
        assert "Datenschutzbeauftragte" in status



def test_changes_of_rows_below_a_case_are_in_that_cases_history(db, office):
    """An assessment domain has no case_id of its own: its audit entry is tied to the case
    through its assessment, so the case history shows it."""
    from caseterm.core.schemes import DomainEntry
    from caseterm.services import assessment as assessment_service

    anna = ctx_for(db, office["anna"])
    assessment_service.save_entry(anna, office["anna_case"], None,
                                  DomainEntry("wohnen", strengths="Hält Kontakt zur Vermieterin"))
    rows = cases_service.history(anna, office["anna_case"])
    domain = [r for r in rows if r.entity == "assessment_domain"]
    assert domain and domain[0].detail["fields"]["strengths"] == [
        None, "Hält Kontakt zur Vermieterin"]


async def test_workers_screen_adds_a_worker_and_changes_a_role_for_the_team_lead(db, office):
    from textual.widgets import DataTable, Input, Select

    from caseterm.screens.workers import WorkerDialog, WorkersScreen
    from tests.conftest import make_app, wait_idle

    app = make_app(db, office["lena"])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("workers")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WorkersScreen)
        assert app.screen.query_one(DataTable).row_count == 4
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WorkerDialog)
        app.screen.query_one("#wk-username", Input).value = "tim mit leerzeichen"
        app.screen.query_one("#wk-name", Input).value = "Tim Ost"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-username").has_class("-invalid")
        app.screen.query_one("#wk-username", Input).value = "tost"
        app.screen.query_one("#wk-role", Select).value = "dpo"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WorkersScreen)
        assert app.screen.query_one(DataTable).row_count == 5
    assert workers_repo.by_username(db, "tost").role is Role.dpo
    assert any(e.entity == "worker" and e.action == "create" for e in _entries(db, "create"))


async def test_workers_screen_refuses_a_caseworker_to_add(db, office):
    from textual.widgets import Input

    from caseterm.screens.workers import WorkerDialog
    from tests.conftest import make_app, wait_idle

    app = make_app(db, office["anna"])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("workers")
        await wait_idle(pilot, app)
        await pilot.press("a")
        await wait_idle(pilot, app)
        app.screen.query_one("#wk-username", Input).value = "eve"
        app.screen.query_one("#wk-name", Input).value = "Eve"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WorkerDialog)  # still open, nothing saved
        assert any("Administration oder eine Teamleitung" in n.message
                   for n in app._notifications)
    assert workers_repo.by_username(db, "eve") is None
