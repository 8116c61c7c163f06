"""Goals, plan, GAS, approvals and assessment behind the door: who may read and change which
case (CLI and screens), the audit of prints and exports, and the conflict flow when two people
save the same record."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from textual.app import App
from textual.widgets import Button, TextArea
from typer.testing import CliRunner

from caseterm.cli import app as cli
from caseterm.core.goals import (
    ApprovalState,
    GoalLevel,
    approval_refusal,
    check_gas_levels,
    check_gas_review,
    check_goal,
)
from caseterm.core.schemes import DomainEntry
from caseterm.db.repo import agreements, workers
from caseterm.db.repo import assessments as assess_repo
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import goals as goals_repo
from caseterm.screens.assessment import AssessmentScreen
from caseterm.screens.conflict import ConflictDialog
from caseterm.screens.goals import GoalDialog, GoalsScreen
from caseterm.services import AccessDenied, Conflict, FieldConflict
from caseterm.services import assessment as assess_svc
from caseterm.services import goals as goals_svc
from caseterm.services.door import check_version
from tests.conftest import ctx_for, make_app, visible_text, wait_idle

runner = CliRunner()


# -- people and a case with goals, GAS and a plan ----------------------------------------------
@pytest.fixture
def people(db, worker):
    """The lead of Anna's team and a caseworker of another team."""
    with db.write() as s:
        lead = workers.add(s, username="tl", display_name="Tanja Lead", role="team_lead",
                           team="Team Nord")
        other = workers.add(s, username="olaf", display_name="Olaf Außen", role="caseworker",
                            team="Team Süd")
    return SimpleNamespace(lead=workers.get(db, lead.id), other=workers.get(db, other.id))


def _number(db, case_id) -> str:
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).case_number


@pytest.fixture
def planned(db, worker, make_case):
    case_id = make_case(phase="planning")
    hz = goals_repo.add_goal(db, case_id, check_goal({
        "level": "handlungsziel", "text_client": "Bis 31.01.2027 habe ich 3 Wohnungen "
        "besichtigt.", "due_date": "31.01.2027"}))
    goals_repo.set_gas(db, hz, check_gas_levels({"level_0": "3 Besichtigungen",
                                                  "baseline_level": "-1", "weight": "1"}))
    goals_repo.add_review(db, hz, check_gas_review({"level": "1", "review_date": "heute"}))
    measure = goals_repo.add_goal(db, case_id, check_goal({
        "level": "massnahme", "text_client": "Wohnungsbörse zeigen", "responsible": "worker",
        "due_date": "15.12.2026", "needs_approval": True}), parent_id=hz)
    agreements.ensure_draft(db, case_id)
    return SimpleNamespace(case_id=case_id, number=_number(db, case_id), goal=hz,
                           measure=measure)


def _refusals(db, case_id) -> list:
    return [e for e in audit_repo.for_case(db, case_id) if e.action == "refuse"]


def _entries(db, case_id, action: str) -> list:
    return [e for e in audit_repo.for_case(db, case_id) if e.action == action]


# -- the CLI: refused outside the caseload, allowed to the team lead ----------------------------
READS = [
    ["goals", "list", "{n}", "--json"],
    ["gas", "{n}", "--json"],
    ["plan", "show", "{n}", "--json"],
]


@pytest.mark.parametrize("argv", READS, ids=lambda a: " ".join(a[:2]))
def test_cli_reads_refused_outside_scope_and_allowed_to_the_team_lead(
        db, people, planned, monkeypatch, argv):
    args = ["--db", str(db.path), *[a.format(n=planned.number) for a in argv]]
    monkeypatch.setenv("CASETERM_WORKER", "olaf")
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 3, refused.output
    assert planned.number in refused.output
    assert "Wohnungen" not in refused.output
    assert _refusals(db, planned.case_id)
    monkeypatch.setenv("CASETERM_WORKER", "tl")
    allowed = runner.invoke(cli, args)
    assert allowed.exit_code == 0, allowed.output


def test_cli_plan_export_refused_outside_scope_audited_for_the_lead(
        db, people, planned, monkeypatch, tmp_path):
    target = tmp_path / "plan.pdf"
    args = ["--db", str(db.path), "plan", "export", planned.number, "--draft",
            "--pdf", str(target)]
    monkeypatch.setenv("CASETERM_WORKER", "olaf")
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 3 and planned.number in refused.output
    assert not target.exists()  # nothing written
    assert _refusals(db, planned.case_id)
    assert not _entries(db, planned.case_id, "export")
    monkeypatch.setenv("CASETERM_WORKER", "tl")
    allowed = runner.invoke(cli, args)
    assert allowed.exit_code == 0, allowed.output
    assert target.read_bytes().startswith(b"%PDF")
    exports = _entries(db, planned.case_id, "export")
    assert len(exports) == 1 and exports[0].actor_name == "Tanja Lead"


def test_screen_print_is_audited_as_print(db, worker, planned, tmp_path):
    path = goals_svc.export_plan(ctx_for(db, worker), planned.case_id, tmp_path, action="print")
    assert path.exists()
    assert [e.detail.get("format") for e in _entries(db, planned.case_id, "print")] == ["pdf"]


# -- the services: every write is checked per case ----------------------------------------------
def test_service_writes_refused_outside_scope_nothing_changed(db, people, planned):
    ctx = ctx_for(db, people.other)
    before = goals_repo.load_tree(db, planned.case_id)
    calls = [
        lambda: goals_svc.add_goal(ctx, planned.case_id, check_goal(
            {"level": "leitziel", "text_client": "Fremd"})),
        lambda: goals_svc.update_goal(ctx, planned.goal, check_goal(
            {"level": "handlungsziel", "text_client": "Fremd"}, is_new=False)),
        lambda: goals_svc.drop(ctx, planned.goal),
        lambda: goals_svc.move(ctx, planned.goal, 1),
        lambda: goals_svc.set_gas(ctx, planned.goal, check_gas_levels({"level_0": "x"})),
        lambda: goals_svc.add_review(ctx, planned.goal, check_gas_review(
            {"level": "2", "review_date": "heute"})),
        lambda: goals_svc.ensure_draft(ctx, planned.case_id),
        lambda: goals_svc.tree(ctx, planned.case_id),
        lambda: assess_svc.view(ctx, planned.case_id),
        lambda: assess_svc.save_entry(ctx, planned.case_id, None, DomainEntry("wohnen", "x")),
    ]
    for call in calls:
        with pytest.raises(AccessDenied) as err:
            call()
        assert planned.number in err.value.message
    assert goals_repo.load_tree(db, planned.case_id) == before
    assert assess_repo.history(db, planned.case_id) == []
    assert len(_refusals(db, planned.case_id)) == len(calls)


def test_approval_rule_is_one_function_used_by_service_and_screen(db, worker, people, planned):
    assert approval_refusal("caseworker", GoalLevel.massnahme, True)
    assert approval_refusal("team_lead", GoalLevel.handlungsziel, True)
    assert approval_refusal("team_lead", GoalLevel.massnahme, True) is None
    row = goals_repo.load_tree(db, planned.case_id).get(planned.measure)
    assert goals_svc.may_decide(ctx_for(db, worker), row)
    from caseterm.core.validate import InputError

    with pytest.raises(InputError):
        goals_svc.decide(ctx_for(db, worker), planned.measure, True)
    goals_svc.decide(ctx_for(db, people.lead), planned.measure, True)
    row = goals_repo.load_tree(db, planned.case_id).get(planned.measure)
    assert row.approval_state is ApprovalState.approved


# -- the version check ---------------------------------------------------------------------------
def test_check_version_only_fields_both_changed_conflict():
    stored = SimpleNamespace(id=uuid.uuid4(), row_version=3, text="theirs", note="n2", due="d")
    base = {"text": "base", "note": "n1", "due": "d"}
    check_version("goal", stored, 3, {"text": "mine"}, base=base)  # same version: no check
    check_version("goal", stored, None, {"text": "mine"})  # no version given: no check
    check_version("goal", stored, 2, {"due": "d2"}, base=base)  # they did not touch "due"
    check_version("goal", stored, 2, {"note": "n2"}, base=base)  # both made the same change
    with pytest.raises(Conflict) as err:
        check_version("goal", stored, 2, {"text": "mine", "due": "d2"},
                      labels={"text": "Text"}, base=base, by="Tanja")
    c = err.value
    assert [(f.field, f.label, f.base, f.theirs, f.mine) for f in c.fields] == [
        ("text", "Text", "base", "theirs", "mine")]
    assert (c.base_version, c.current_version, c.by) == (2, 3, "Tanja")
    assert "Tanja" in c.message


def test_goal_edit_through_the_service_keeps_other_changes_and_refuses_same_field(
        db, worker, people, planned):
    mine_ctx, theirs_ctx = ctx_for(db, worker), ctx_for(db, people.lead)
    row = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    base, version = goals_svc.row_values(row), row.row_version
    raw = {**{k: v for k, v in row.as_dict().items() if isinstance(v, str)},
           "due_date": "31.01.2027", "level": "handlungsziel"}
    # she changes the indicator; I change the target: no conflict, both kept
    goals_svc.update_goal(theirs_ctx, planned.goal, check_goal(
        {**raw, "indicator": "Besichtigungsprotokolle"}, is_new=False),
        base_version=version, base=base)
    goals_svc.update_goal(mine_ctx, planned.goal, check_goal(
        {**raw, "target": "3 Besichtigungen"}, is_new=False), base_version=version, base=base)
    row2 = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    assert (row2.indicator, row2.target) == ("Besichtigungsprotokolle", "3 Besichtigungen")
    # both change the goal's words: the second save is refused, nothing overwritten
    base2, version2 = goals_svc.row_values(row2), row2.row_version
    raw2 = {**raw, "indicator": row2.indicator, "target": row2.target}
    goals_svc.update_goal(theirs_ctx, planned.goal, check_goal(
        {**raw2, "text_client": "Bis 31.01.2027 habe ich 4 Wohnungen besichtigt."},
        is_new=False), base_version=version2, base=base2)
    with pytest.raises(Conflict) as err:
        goals_svc.update_goal(mine_ctx, planned.goal, check_goal(
            {**raw2, "text_client": "Bis 31.01.2027 habe ich 2 Wohnungen besichtigt."},
            is_new=False), base_version=version2, base=base2)
    assert [f.field for f in err.value.fields] == ["text_client"]
    assert err.value.by == "Tanja Lead"
    stored = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    assert "4 Wohnungen" in stored.text_client


def test_cli_conflict_exits_4_with_a_clear_message():
    import typer

    from caseterm.commands.common import door_errors

    conflict = Conflict("goal", uuid.uuid4(), 1, 2,
                        [FieldConflict("text_client", "Ziel", "a", "b", "c")], "Tanja Lead")
    with pytest.raises(typer.Exit) as ex, door_errors():
        raise conflict
    assert ex.value.exit_code == 4


# -- the screens ------------------------------------------------------------------------------
async def test_goals_screen_outside_scope_is_refused_with_the_message(db, people, planned):
    app = make_app(db, people.other)
    async with app.run_test(size=(150, 50)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("goals", planned.case_id)
        await wait_idle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any(planned.number in m for m in messages), messages
        assert "Wohnungen" not in visible_text(app)
    assert _refusals(db, planned.case_id)


async def test_opening_the_assessment_writes_nothing(db, worker, make_case):
    case_id = make_case(phase="assessment")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)
        assert assess_repo.history(db, case_id) == []
        app.screen.query_one("#as-strengths", TextArea).text = "Hat eine Tagesstruktur"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    rows = assess_repo.history(db, case_id)
    assert len(rows) == 1
    domain = AssessmentScreen(case_id).domain_id
    assert rows[0].entries[domain].strengths.startswith("Hat")
    assert rows[0].versions[domain] >= 1  # what the next edit starts from


def _stored_strengths(db, case_id, domain_id) -> str:
    rows = assess_repo.history(db, case_id)
    return rows[-1].entries[domain_id].strengths


@pytest.mark.parametrize("choice", ["take", "keep"])
async def test_assessment_conflict_dialog_take_theirs_or_keep_mine(
        db, worker, people, make_case, choice):
    case_id = make_case(phase="assessment")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        screen = app.screen
        domain = screen.domain_id
        screen.query_one("#as-strengths", TextArea).text = "Meine Sicht"
        screen.query_one("#as-problems", TextArea).text = "Schulden"
        # meanwhile the team lead saves the same domain: same field, and another one
        assess_svc.save_entry(ctx_for(db, people.lead), case_id, None, DomainEntry(
            domain, strengths="Ihre Sicht", worker_view="Fachlich"))
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        assert [f.field for f in dialog.fields] == ["strengths"]  # problems: only mine
        assert "Tanja Lead" in visible_text(app)
        assert _stored_strengths(db, case_id, domain) == "Ihre Sicht"  # nothing overwritten
        await pilot.click(f"#{choice}-0")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)
    entry = assess_repo.history(db, case_id)[-1].entries[domain]
    assert entry.strengths == ("Ihre Sicht" if choice == "take" else "Meine Sicht")
    assert entry.problems == "Schulden" and entry.worker_view == "Fachlich"


async def test_assessment_conflict_escape_saves_nothing(db, worker, people, make_case):
    case_id = make_case(phase="assessment")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        domain = app.screen.domain_id
        app.screen.query_one("#as-strengths", TextArea).text = "Meine Sicht"
        assess_svc.save_entry(ctx_for(db, people.lead), case_id, None,
                              DomainEntry(domain, strengths="Ihre Sicht"))
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.query_one("#as-strengths", TextArea).text == "Meine Sicht"
        await pilot.press("ctrl+s")  # saving again shows the conflict again
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConflictDialog)
    assert _stored_strengths(db, case_id, domain) == "Ihre Sicht"


@pytest.mark.parametrize("choice", ["all-theirs", "all-mine"])
async def test_goal_edit_conflict_in_the_dialog(db, worker, people, planned, choice):
    app = make_app(db, worker)
    async with app.run_test(size=(150, 50)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("goals", planned.case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        app.push_screen(GoalDialog(planned.case_id, app.screen._smart_ctx(planned.goal),
                                   goal=app.screen.tree_data.get(planned.goal)),
                        app.screen._after)
        await wait_idle(pilot, app)
        dialog = app.screen
        dialog.query_one("#goal-text").value = "Bis 31.01.2027 habe ich 2 Wohnungen besichtigt."
        # the team lead saves the same goal through the service meanwhile
        row = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
        goals_svc.update_goal(ctx_for(db, people.lead), planned.goal, check_goal(
            {"level": "handlungsziel", "due_date": "31.01.2027",
             "text_client": "Bis 31.01.2027 habe ich 4 Wohnungen besichtigt."}, is_new=False),
            base_version=row.row_version, base=goals_svc.row_values(row))
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConflictDialog)
        assert "4 Wohnungen" in goals_repo.load_tree(db, planned.case_id).get(
            planned.goal).text_client
        app.screen.query_one(f"#{choice}", Button).press()
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    text = goals_repo.load_tree(db, planned.case_id).get(planned.goal).text_client
    assert ("4 Wohnungen" if choice == "all-theirs" else "2 Wohnungen") in text


# -- the dialog's layout ------------------------------------------------------------------------
def _sample_conflict() -> Conflict:
    return Conflict("assessment_domain", uuid.UUID(int=1), 1, 3, [
        FieldConflict("strengths", "Stärken und Ressourcen (zuerst)", "",
                      "Zahlt seit März die Miete pünktlich; Nachbarin hilft beim Einkauf",
                      "Zahlt die Miete pünktlich"),
        FieldConflict("client_view", "Sicht der Klientin (in ihren Worten)", "",
                      "Ich will hier wohnen bleiben.", "Ich möchte bleiben."),
        FieldConflict("urgency", "Dringlichkeit", "none", "high", "medium"),
    ], by="Tanja Lead")


class _Host(App):
    def on_mount(self) -> None:
        self.push_screen(ConflictDialog(_sample_conflict(),
                                        text_fields=("strengths", "client_view")))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_conflict_dialog_snapshot(snap_compare, size):
    assert snap_compare(_Host(), terminal_size=size)


def test_goal_dialog_edit_keeps_the_gas_factors_it_does_not_show(db, worker, planned):
    from caseterm.screens.goals import FIELD_WIDGETS

    ctx = ctx_for(db, worker)
    goals_svc.set_gas(ctx, planned.goal, check_gas_levels(
        {"level_0": "3 Besichtigungen", "importance": "2", "difficulty": "3"}))
    row = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    assert (row.importance, row.difficulty) == (2, 3)
    goals_svc.update_goal(ctx, planned.goal, check_goal(
        {"level": "handlungsziel", "text_client": row.text_client, "due_date": "31.01.2027",
         "weight": "6", "target": "3"}, is_new=False),
        base_version=row.row_version, base=goals_svc.row_values(row), fields=FIELD_WIDGETS)
    after = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    assert (after.importance, after.difficulty, after.target) == (2, 3, "3")


async def test_assessment_outside_scope_is_refused_with_the_message(db, people, make_case,
                                                                    worker):
    case_id = make_case(phase="assessment")
    number = _number(db, case_id)
    app = make_app(db, people.other)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        assert any(number in n.message for n in app._notifications)
        assert "Jürgen" not in visible_text(app)
    assert _refusals(db, case_id)
    assert assess_repo.history(db, case_id) == []


async def test_conflict_without_fields_still_opens(db, worker):
    host = App()
    async with host.run_test(size=(80, 24)) as pilot:
        host.push_screen(ConflictDialog(Conflict("goal", uuid.uuid4(), 1, 2, [], "Tanja")))
        await pilot.pause()
        assert isinstance(host.screen, ConflictDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(host.screen, ConflictDialog)


def test_cli_goal_edit_stale_version_exits_4_outside_scope_3(db, worker, people, planned,
                                                             monkeypatch):
    import json

    base = ["--db", str(db.path)]
    listed = json.loads(runner.invoke(cli, [*base, "goals", "list", planned.number,
                                            "--json"]).output)
    mine = next(g for g in listed["goals"] if g["id"] == str(planned.goal))
    seen = mine["row_version"]
    # the team lead changes the goal after I read it
    row = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    goals_svc.update_goal(ctx_for(db, people.lead), planned.goal, check_goal(
        {"level": "handlungsziel", "due_date": "31.01.2027",
         "text_client": "Bis 31.01.2027 habe ich 4 Wohnungen besichtigt."}, is_new=False),
        base_version=row.row_version, base=goals_svc.row_values(row))
    edit = [*base, "goals", "edit", planned.number, str(planned.goal)[:8], "--text",
            "Bis 31.01.2027 habe ich 2 Wohnungen besichtigt."]
    stale = runner.invoke(cli, [*edit, "--version", str(seen)])
    assert stale.exit_code == 4, stale.output
    assert "Tanja Lead" in stale.output
    assert "4 Wohnungen" in goals_repo.load_tree(db, planned.case_id).get(
        planned.goal).text_client
    now = goals_repo.load_tree(db, planned.case_id).get(planned.goal).row_version
    assert now > seen
    monkeypatch.setenv("CASETERM_WORKER", "olaf")
    refused = runner.invoke(cli, [*edit, "--version", str(now)])
    assert refused.exit_code == 3 and planned.number in refused.output
    monkeypatch.delenv("CASETERM_WORKER")
    fresh = runner.invoke(cli, [*edit, "--version", str(now)])
    assert fresh.exit_code == 0, fresh.output
    after = goals_repo.load_tree(db, planned.case_id).get(planned.goal)
    assert "2 Wohnungen" in after.text_client and after.target == row.target
