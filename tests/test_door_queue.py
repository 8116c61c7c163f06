"""The follow-up queue through the door: whose follow-ups a person sees, lists, exports and
changes (`caseterm queue` and its --json/--ics, the escalation and no-contact settings, the
service's actions, and the queue screen)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.inputs import FollowUpInput
from caseterm.core.queue import PlanMode, PlanSpec
from caseterm.core.vocab import FollowUpKind
from caseterm.db.repo import followups as followups_repo
from caseterm.db.repo import workers
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.office import Absence, AuditEntry, CaseShare
from caseterm.services import AccessDenied, Conflict, followups
from tests.conftest import ctx_for, make_app, wait_idle


def _fu(db, case_id, due, assignee, text, kind=FollowUpKind.wiedervorlage):
    with db.write() as s:
        return followups_repo.add_in(s, case_id, FollowUpInput(due_date=due, next_step=text,
                                                               kind=kind), assignee).id


def _get(db, fid) -> FollowUp:
    with db.read() as s:
        fu = s.get(FollowUp, fid)
        s.expunge(fu)
        return fu


def _entries(db, action: str) -> list[AuditEntry]:
    with db.read() as s:
        rows = list(s.exec(select(AuditEntry).where(AuditEntry.action == action)))
        for r in rows:
            s.expunge(r)
        return rows


def _number(db, case_id) -> str:
    with db.read() as s:
        return s.get(Case, case_id).case_number


@pytest.fixture
def office(db, worker, make_case):
    """Anna (the `worker` fixture) and Bea are caseworkers of Team Nord, Lena leads it; Carl
    works in Team Süd. Bea has a case with an overdue follow-up."""
    with db.write() as s:
        bea = workers.add(s, username="bea", display_name="Bea Brandt", role="caseworker",
                          team="Team Nord", land="NW")
        lena = workers.add(s, username="lena", display_name="Lena Lang", role="team_lead",
                           team="Team Nord", land="NW")
        carl = workers.add(s, username="carl", display_name="Carl Clasen", role="caseworker",
                           team="Team Süd", land="NW")
        ids = {"bea": bea.id, "lena": lena.id, "carl": carl.id}
    ids["anna"] = worker.id
    ids["own_case"] = make_case("Jürgen", "Müller")
    ids["own_fu"] = _fu(db, ids["own_case"], date(2026, 11, 20), worker.id, "Annas eigene")
    ids["bea_case"] = make_case("Mia", "Kaya", legal_area="sgb8", lead=bea.id)
    ids["bea_fu"] = _fu(db, ids["bea_case"], date(2026, 11, 18), bea.id, "Beas Hausbesuch")
    return ids


def _cli(tmp_path, who: str, *args: str):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "test.db"), *args],
                              env={"CASETERM_WORKER": who, "COLUMNS": "220"})


def _absence(db, worker_id, deputy_id, starts_on, ends_on) -> None:
    with db.write() as s:
        s.add(Absence(worker_id=worker_id, deputy_id=deputy_id, starts_on=starts_on,
                      ends_on=ends_on))


# -- caseterm queue ------------------------------------------------------------------------
def test_cli_queue_lists_only_my_cases(db, office, tmp_path):
    # a follow-up assigned to Anna on Bea's case (she cannot read the case) stays hidden too
    _fu(db, office["bea_case"], date(2026, 11, 19), office["anna"], "fremder Fall")
    db.dispose()
    out = _cli(tmp_path, "anna", "queue", "--json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert office["own_fu"] in {uuid.UUID(r["id"]) for r in rows}
    assert {r["case_number"] for r in rows} == {_number(db, office["own_case"])}
    table = _cli(tmp_path, "anna", "queue")
    assert table.exit_code == 0 and "Annas eigene" in table.output
    assert "Beas Hausbesuch" not in table.output and "fremder Fall" not in table.output


@pytest.mark.parametrize("option", ["name", "id"])
def test_cli_queue_of_a_foreign_worker_is_refused(db, office, tmp_path, option):
    db.dispose()
    who = "bea" if option == "name" else str(office["bea"])
    out = _cli(tmp_path, "anna", "queue", "--worker", who, "--json")
    assert out.exit_code == 3
    assert "Bea Brandt" in out.output and "Beas Hausbesuch" not in out.output
    refused = [e for e in _entries(db, "refuse") if e.record_id == str(office["bea"])]
    assert refused and refused[0].actor_id == office["anna"]
    assert not _entries(db, "export")  # nothing was exported


def test_cli_queue_forged_worker_id_and_team_refused(db, office, tmp_path):
    db.dispose()
    forged = _cli(tmp_path, "anna", "queue", "--worker", str(uuid.uuid4()))
    assert forged.exit_code == 3 and "Keine Fachkraft" in forged.output
    team = _cli(tmp_path, "anna", "queue", "--team", "--json")
    assert team.exit_code == 3 and "Beas Hausbesuch" not in team.output
    assert any(json.loads(e.detail)["what"] == "team_queue" for e in _entries(db, "refuse"))


def test_cli_team_lead_sees_her_team(db, office, tmp_path):
    db.dispose()
    one = _cli(tmp_path, "lena", "queue", "--worker", "bea", "--json")
    assert one.exit_code == 0, one.output
    assert [r["next_step"] for r in json.loads(one.stdout)
            if r["kind"] == "wiedervorlage"] == ["Beas Hausbesuch"]
    team = json.loads(_cli(tmp_path, "lena", "queue", "--team", "--json").stdout)
    assert {"Beas Hausbesuch", "Annas eigene"} <= {r["next_step"] for r in team}
    # Carl is not in her team
    assert _cli(tmp_path, "lena", "queue", "--worker", "carl").exit_code == 3
    # and her own queue shows the team's items only when escalated (Bea's: 3 days late)
    mine = json.loads(_cli(tmp_path, "lena", "queue", "--json").stdout)
    assert "Beas Hausbesuch" not in {r["next_step"] for r in mine}


def test_cli_active_deputy_has_the_absent_colleagues_items(db, office, tmp_path):
    _absence(db, office["bea"], office["anna"], date(2026, 11, 16), date(2026, 11, 27))
    db.dispose()
    rows = json.loads(_cli(tmp_path, "anna", "queue", "--json").stdout)
    bea = [r for r in rows if r["next_step"] == "Beas Hausbesuch"]
    assert bea and bea[0]["for_colleague"] == "Bea Brandt"
    own = [r for r in rows if r["next_step"] == "Annas eigene"]
    assert own[0]["for_colleague"] == ""
    table = _cli(tmp_path, "anna", "queue")
    assert "für Bea Brandt" in table.output
    assert _cli(tmp_path, "anna", "queue", "--worker", "bea", "--json").exit_code == 0


def test_cli_ended_deputyship_gives_nothing(db, office, tmp_path):
    _absence(db, office["bea"], office["anna"], date(2026, 11, 2), date(2026, 11, 13))
    db.dispose()
    rows = json.loads(_cli(tmp_path, "anna", "queue", "--json").stdout)
    assert "Beas Hausbesuch" not in {r["next_step"] for r in rows}
    assert _cli(tmp_path, "anna", "queue", "--worker", "bea").exit_code == 3


def test_ics_and_json_exports_are_scoped_and_audited(db, office, tmp_path):
    db.dispose()
    out = tmp_path / "anna.ics"
    result = _cli(tmp_path, "anna", "queue", "--ics", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert f"{office['own_fu']}@caseterm" in text
    assert f"{office['bea_fu']}@caseterm" not in text and "Beas Hausbesuch" not in text
    exports = _entries(db, "export")
    assert {e.case_id for e in exports if e.case_id} == {office["own_case"]}
    assert any(json.loads(e.detail).get("format") == "ics" for e in exports)
    assert all(e.actor_id == office["anna"] for e in exports)
    # the team lead's export of Bea's queue is audited on Bea's case
    lead = tmp_path / "lead.ics"
    assert _cli(tmp_path, "lena", "queue", "--worker", "bea", "--ics", str(lead)).exit_code == 0
    assert f"{office['bea_fu']}@caseterm" in lead.read_text(encoding="utf-8")
    assert _cli(tmp_path, "lena", "queue", "--team", "--json").exit_code == 0
    by_lead = [e for e in _entries(db, "export") if e.actor_id == office["lena"]]
    assert office["bea_case"] in {e.case_id for e in by_lead}
    assert {json.loads(e.detail)["format"] for e in by_lead} == {"ics", "json"}


def test_administrator_sees_no_follow_ups(db, office, tmp_path):
    with db.write() as s:
        admin = workers.add(s, username="root", display_name="Admin", role="admin",
                            team="Team Nord")
    _fu(db, office["own_case"], date(2026, 11, 20), admin.id, "an die Administration")
    db.dispose()
    out = _cli(tmp_path, "root", "queue", "--json")
    assert out.exit_code == 0 and json.loads(out.stdout) == []
    assert _cli(tmp_path, "root", "queue", "--worker", "anna").exit_code == 3


def test_settings_need_a_team_lead(db, office, tmp_path):
    db.dispose()
    refused = _cli(tmp_path, "anna", "escalation", "3", "6")
    assert refused.exit_code == 3
    assert "deputy after 5" in _cli(tmp_path, "anna", "escalation").output
    ok = _cli(tmp_path, "lena", "escalation", "3", "6")
    assert ok.exit_code == 0 and "deputy after 3" in ok.output
    assert _cli(tmp_path, "anna", "no-contact", "sgb2", "2").exit_code == 3
    assert any(json.loads(e.detail)["what"] == "escalation" for e in _entries(db, "refuse"))


# -- the service's actions -----------------------------------------------------------------
def _anna(db, office):
    return ctx_for(db, workers.get(db, office["anna"]))


@pytest.mark.parametrize("action", ["done", "postpone", "reassign", "plan", "add", "history"])
def test_actions_on_a_foreign_case_are_refused(db, office, action):
    ctx = _anna(db, office)
    fid, case = office["bea_fu"], office["bea_case"]
    calls = {
        "done": lambda: followups.done(ctx, fid, "erledigt"),
        "postpone": lambda: followups.postpone(ctx, fid, {"preset": "next_working_day",
                                                          "reason": "krank"}),
        "reassign": lambda: followups.reassign(ctx, fid, office["anna"]),
        "plan": lambda: followups.set_plan(ctx, fid, PlanSpec(PlanMode.chain, 5, "workdays",
                                                              1, "")),
        "add": lambda: followups.add(ctx, case, FollowUpInput(due_date=date(2026, 12, 1),
                                                              next_step="x")),
        "history": lambda: followups.postponements(ctx, fid),
    }
    before = _get(db, fid)
    with pytest.raises(AccessDenied) as err:
        calls[action]()
    assert _number(db, case) in err.value.message
    after = _get(db, fid)
    assert (after.status, after.due_date, after.assignee_id, after.row_version) == (
        before.status, before.due_date, before.assignee_id, before.row_version)
    assert [e.case_id for e in _entries(db, "refuse")] == [case]


def test_read_only_share_cannot_mark_done_but_team_lead_can(db, office):
    with db.write() as s:
        s.add(CaseShare(case_id=office["bea_case"], worker_id=office["anna"], mode="read"))
    ctx = _anna(db, office)
    assert followups.postponements(ctx, office["bea_fu"]) == []  # reading is allowed
    with pytest.raises(AccessDenied, match=r"nur zum Lesen|reading only"):
        followups.done(ctx, office["bea_fu"])
    assert _get(db, office["bea_fu"]).status == "open"
    lena = ctx_for(db, workers.get(db, office["lena"]))
    followups.done(lena, office["bea_fu"], "Teamleitung erledigt")
    assert _get(db, office["bea_fu"]).status == "done"
    changes = [e for e in _entries(db, "update") if e.record_id == str(office["bea_fu"])]
    assert changes and changes[0].actor_id == office["lena"]


def test_postpone_and_reassign_check_the_version(db, office):
    ctx = _anna(db, office)
    fid = office["own_fu"]
    start = _get(db, fid)
    # the team lead postpones it meanwhile
    lena = ctx_for(db, workers.get(db, office["lena"]))
    followups.postpone(lena, fid, {"preset": "next_working_day", "reason": "warten"})
    with pytest.raises(Conflict) as err:
        followups.postpone(ctx, fid, {"preset": "week", "reason": "später"},
                           base_due=start.due_date, base_version=start.row_version)
    assert "Lena Lang" in err.value.message and err.value.fields[0].field == "due_date"
    moved = _get(db, fid)
    assert moved.postpone_count == 1
    with pytest.raises(Conflict):
        followups.reassign(ctx, fid, office["bea"], base_assignee=office["bea"],
                           base_version=start.row_version - 1)
    assert _get(db, fid).assignee_id == office["anna"]
    # from the current version both go ahead
    followups.reassign(ctx, fid, office["bea"], base_assignee=office["anna"],
                       base_version=moved.row_version)
    assert _get(db, fid).assignee_id == office["bea"]


def test_postpone_presets_use_the_assignees_calendar(db, office):
    ctx = _anna(db, office)
    choices = dict(followups.postpone_choices(ctx, office["own_fu"]))
    assert choices  # next working day after Monday 23.11.2026 is Tuesday
    assert date(2026, 11, 24) in choices.values()
    with pytest.raises(AccessDenied):
        followups.postpone_choices(ctx, office["bea_fu"])


def test_home_due_soon_includes_deputyship(db, office):
    ctx = _anna(db, office)
    assert {r.next_step for r in followups.due_soon(ctx)} >= {"Annas eigene"}
    assert "Beas Hausbesuch" not in {r.next_step for r in followups.due_soon(ctx)}
    _absence(db, office["bea"], office["anna"], date(2026, 11, 16), date(2026, 11, 27))
    ctx = _anna(db, office)
    rows = {r.next_step: r for r in followups.due_soon(ctx)}
    assert rows["Beas Hausbesuch"].assignee_id == office["bea"]


# -- the queue screen ----------------------------------------------------------------------
async def test_queue_screen_refuses_a_case_handed_away_meanwhile(db, office):
    from caseterm.screens.queue import QueueScreen
    from caseterm.widgets.paged_table import PagedTable

    _absence(db, office["bea"], office["anna"], date(2026, 11, 16), date(2026, 11, 27))
    app = make_app(db, workers.get(db, office["anna"]))
    async with app.run_test(size=(180, 45)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one("#queue-table", PagedTable)
        texts = [" | ".join(str(c) for c in table.get_row_at(r))
                 for r in range(table.row_count)]
        assert any("Beas Hausbesuch" in t and "für Bea Brandt" in t for t in texts)
        # the scope list offers Bea's queue (deputyship), no team queue, nobody else's
        scope = app.screen.query_one("#queue-scope")
        values = [v for _l, v in scope._options]
        assert "team" not in values and f"w:{office['bea']}" in values
        assert f"w:{office['carl']}" not in values
        # Anna's own case is handed to Carl meanwhile: opening it is refused
        with db.write() as s:
            s.get(Case, office["own_case"]).lead_worker_id = office["carl"]
        while table.current().id != office["own_fu"]:
            await pilot.press("down")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        number = _number(db, office["own_case"])
        messages = [str(n.message) for n in app._notifications]
        assert any(number in m for m in messages), messages
        # and marking it done is refused with the same message; nothing changes
        await pilot.press("d")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert _get(db, office["own_fu"]).status == "open"
        messages = [str(n.message) for n in app._notifications]
        assert sum(number in m for m in messages) >= 2, messages


async def test_home_marks_the_absent_colleagues_follow_ups(db, office):
    from caseterm.screens.home import HomeScreen
    from tests.conftest import visible_text

    _fu(db, office["bea_case"], date(2026, 11, 19), office["anna"], "fremder Fall")
    _absence(db, office["bea"], office["anna"], date(2026, 11, 16), date(2026, 11, 27))
    app = make_app(db, workers.get(db, office["anna"]))
    async with app.run_test(size=(180, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        text = visible_text(app)
        assert "für Bea Brandt: Beas Hausbesuch" in text
        assert "Annas eigene" in text and "für Anna" not in text
        # Bea's case is visible while Anna deputises, so the item assigned to Anna there too
        assert "fremder Fall" in text
