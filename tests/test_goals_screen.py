"""Pilot tests on the goals screen: build Leitziel → Handlungsziel → Maßnahme from the keyboard,
watch the SMART hints disappear while the goal is made SMART, agree the plan, record a GAS
review and see T change."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from caseterm.core.agreement import VersionStatus
from caseterm.core.goals import GoalLevel, GoalStatus
from caseterm.db.repo import agreements
from caseterm.db.repo import goals as goals_repo
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.goals import (
    GasDialog,
    GoalDialog,
    GoalsScreen,
    ParticipantDialog,
    ReviewDialog,
    VersionDialog,
)
from caseterm.widgets.goal_tree import GoalTree
from tests.conftest import make_app, wait_idle


def _text(widget) -> str:
    return str(widget.render())


async def _open(pilot, app, case_id):
    await wait_idle(pilot, app)
    app.open_destination("goals", case_id)
    await wait_idle(pilot, app)
    assert isinstance(app.screen, GoalsScreen)


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ".": "full_stop", ",": "comma"}.get(c, c) for c in text])


async def test_build_tree_make_smart_agree_review(db, worker, make_case):
    case_id = make_case(phase="planning", legal_area="sgb2")
    app = make_app(db, worker)
    async with app.run_test(size=(150, 50)) as pilot:
        await _open(pilot, app, case_id)
        tree = app.screen.query_one(GoalTree)
        assert tree.has_focus

        # Leitziel in the client's words
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalDialog)
        assert app.screen.query_one("#goal-level", Select).value == GoalLevel.leitziel.value
        app.screen.query_one("#goal-text", Input).value = "Ich lebe in einer eigenen Wohnung."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)

        # Handlungsziel below it: typed vaguely first, hints shown; made SMART, hints go
        await pilot.press("a")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, GoalDialog)
        # below a Leitziel the editor offers a Rahmenziel; levels are chosen, not inferred
        assert dialog.query_one("#goal-level", Select).value == GoalLevel.rahmenziel.value
        dialog.query_one("#goal-level", Select).value = GoalLevel.handlungsziel.value
        dialog.query_one("#goal-text", Input).focus()
        await _type(pilot, "mehr")
        await pilot.pause()
        panel = _text(dialog.query_one("#smart-panel", Static))
        assert "✗ S" in panel and "✗ M" in panel and "✗ T" in panel
        assert "mehr" in panel
        dialog.query_one("#goal-text", Input).value = (
            "Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.")
        dialog.query_one("#goal-due", Input).value = "31.01.2027"
        dialog.query_one("#goal-confidence", Input).value = "8"
        dialog.query_one("#goal-resources", Input).value = "Schwester Aylin"
        await pilot.pause()
        panel = _text(dialog.query_one("#smart-panel", Static))
        assert "✓ S" in panel and "✓ M" in panel and "✓ T" in panel and "✓ R" in panel
        # a bad weight: message at the field, nothing lost
        dialog.query_one("#goal-weight", Input).value = "12"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is dialog
        assert dialog.query_one("#field-weight").has_class("-invalid")
        assert dialog.query_one("#goal-text", Input).value.startswith("Bis 31.01.2027")
        dialog.query_one("#goal-weight", Input).value = "4"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)

        # a measure below the action goal: without anyone responsible it is refused
        await pilot.press("a")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert dialog.query_one("#goal-level", Select).value == GoalLevel.massnahme.value
        dialog.query_one("#goal-text", Input).value = "Wohnberechtigungsschein beantragen"
        dialog.query_one("#goal-due", Input).value = "15.12.2026"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is dialog
        assert dialog.query_one("#field-responsible").has_class("-invalid")
        dialog.query_one("#goal-responsible", Select).value = "client"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)

        tree_data = goals_repo.load_tree(db, case_id)
        assert [(g.level, g.depth) for g in tree_data.goals] == [
            (GoalLevel.leitziel, 0), (GoalLevel.handlungsziel, 1), (GoalLevel.massnahme, 2)]
        hz = tree_data.goals[1]

        # the agreement: start the draft, the client signs, agree
        await pilot.press("3")
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, VersionDialog)
        app.screen.query_one("#ver-review", Input).value = "01.08.2027"  # > 6 months
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, VersionDialog)
        assert app.screen.query_one("#field-review_date").has_class("-invalid")
        app.screen.query_one("#ver-review", Input).value = "20.05.2027"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        parts = app.screen.query_one("#agr-participants", DataTable)
        assert parts.row_count == 2 and parts.has_focus
        await pilot.press("enter")  # the client: how they agreed
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ParticipantDialog)
        app.screen.query_one("#part-how", Select).value = "signature"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press("o")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        view = agreements.view(db, case_id)
        assert view.latest.status is VersionStatus.agreed
        assert "Fassung 1: vereinbart" in _text(app.screen.query_one("#goals-head", Static))
        # editing the agreed version is refused with a message; nothing changes
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        assert agreements.view(db, case_id).latest.status is VersionStatus.agreed

        # GAS: scale for the action goal, then a review: T changes
        await pilot.press("1")
        tree = app.screen.query_one(GoalTree)
        tree.move_cursor_to_line(1)
        await pilot.press("l")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GasDialog)
        for lvl, text in ((-2, "keine Besichtigung"), (-1, "1 Besichtigung"),
                          (0, "3 Besichtigungen"), (1, "4–5 Besichtigungen"),
                          (2, "Mietvertrag unterschrieben")):
            app.screen.query_one(f"#gas-level-{lvl + 2}", Input).value = text
        app.screen.query_one("#gas-importance", Input).value = "2"
        app.screen.query_one("#gas-difficulty", Input).value = "2"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("2")
        await wait_idle(pilot, app)
        summary_before = _text(app.screen.query_one("#gas-summary", Static))
        assert "40,0" in summary_before  # baseline -1, one goal: 50 - 10
        assert "ρ = 0,3" in summary_before
        await pilot.press("r")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReviewDialog)
        app.screen.query_one("#review-level", Select).value = "1"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        summary = _text(app.screen.query_one("#gas-summary", Static))
        assert "60,0" in summary and "+20,0" in summary
        table = app.screen.query_one("#gas-table", DataTable)
        assert table.row_count == 2
        assert [str(c) for c in table.get_row_at(1)][1:] == ["60,0", "+1"]
    assert goals_repo.load_tree(db, case_id).get(hz.id).status is GoalStatus.in_progress


async def test_tree_keys_move_indent_drop(db, worker, make_case):
    from caseterm.core.goals import check_goal

    case_id = make_case()
    for text in ("Ziel A", "Ziel B"):
        goals_repo.add_goal(db, case_id, check_goal({"level": "leitziel", "text_client": text}))
    app = make_app(db, worker)
    async with app.run_test(size=(150, 50)) as pilot:
        await _open(pilot, app, case_id)
        tree = app.screen.query_one(GoalTree)
        tree.move_cursor_to_line(1)
        await pilot.press("shift+up")
        await wait_idle(pilot, app)
        assert [g.text_client for g in goals_repo.load_tree(db, case_id).goals] == [
            "Ziel B", "Ziel A"]
        tree.move_cursor_to_line(1)
        await pilot.press("greater_than_sign")
        await wait_idle(pilot, app)
        t = goals_repo.load_tree(db, case_id)
        assert t.goals[1].depth == 1 and t.goals[1].level is GoalLevel.rahmenziel
        await pilot.press("less_than_sign")
        await wait_idle(pilot, app)
        assert goals_repo.load_tree(db, case_id).goals[1].depth == 0
        tree.move_cursor_to_line(0)
        await pilot.press("x")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert goals_repo.load_tree(db, case_id).goals[0].status is GoalStatus.dropped


async def test_new_version_compare_print_and_team_lead_approval(db, worker, make_case,
                                                                  tmp_path, monkeypatch):
    from caseterm.core.agreement import check_participant
    from caseterm.core.goals import ApprovalState, check_goal
    from caseterm.db.repo import workers
    from caseterm.screens.goals import ApprovalDialog, CompareDialog

    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "data"))
    case_id = make_case(phase="planning", legal_area="sgb8")
    hz = goals_repo.add_goal(db, case_id, check_goal({
        "level": "handlungsziel", "text_client": "Bis 31.01.2027 geht Mia an 20 Schultagen "
        "pünktlich zur Schule.", "due_date": "31.01.2027"}))
    m = goals_repo.add_goal(db, case_id, check_goal({
        "level": "massnahme", "text_client": "Familienhilfe 4 Stunden pro Woche",
        "responsible": "provider", "responsible_name": "Familienhilfe Lindenhof",
        "needs_approval": True, "due_date": "15.12.2026"}), parent_id=hz)
    v = agreements.ensure_draft(db, case_id)
    client = agreements.view(db, case_id).latest.participants[0]
    agreements.update_participant(db, client.id, check_participant(
        {"name": client.name, "role": "parent", "agreed_how": "signature"}))
    agreements.agree(db, v, worker.id)
    with db.write() as s:
        lead = workers.add(s, username="tl", display_name="Tanja Lead", role="team_lead",
                           team="Team Nord")  # the lead of the case owner's team
    lead_row = workers.get(db, lead.id)

    app = make_app(db, lead_row)
    async with app.run_test(size=(150, 50)) as pilot:
        await _open(pilot, app, case_id)
        # the team lead approves the measure from the tree
        app.screen.query_one(GoalTree).move_cursor_to_line(1)
        await pilot.press("t")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert goals_repo.load_tree(db, case_id).get(m).approval_state is ApprovalState.approved

        # agreement tab: a new version, then compare side by side
        await pilot.press("3")
        await pilot.press("n", "ctrl+y")  # asks first
        await wait_idle(pilot, app)
        assert [x.number for x in agreements.view(db, case_id).versions] == [2, 1]
        await pilot.press("c")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CompareDialog)
        table = app.screen.query_one("#compare-table", DataTable)
        cells = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert any("Mia" in row[1] and "Mia" in row[2] for row in cells)
        assert any(row[0] == "geändert" and "unterschrieben" in row[1] for row in cells)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        # print: the agreed version goes to the data folder as PDF
        await pilot.press("d")
        await wait_idle(pilot, app)
    pdfs = list((tmp_path / "data" / "exports").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].name.endswith("-v1.pdf")


async def test_english_texts_and_empty_tree_hint(db, worker, make_case):
    from caseterm.i18n import set_language

    set_language("en")
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(150, 50)) as pilot:
        await _open(pilot, app, case_id)
        head = _text(app.screen.query_one("#goals-head", Static))
        assert "No plan yet: press 3, then V to start one." in head
        tree = app.screen.query_one(GoalTree)
        assert "No goals yet. Press A" in str(tree.root.children[0].label)
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalDialog)
        panel = _text(app.screen.query_one("#smart-panel", Static))
        assert "Guiding and framework goals describe the direction" in panel
        await pilot.press("ctrl+s")  # empty: refused at the field, dialog stays
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalDialog)
        assert app.screen.query_one("#field-text_client").has_class("-invalid")
