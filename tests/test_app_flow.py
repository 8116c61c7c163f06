"""Pilot tests that drive the real screens: home → case → note → phase change."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, TextArea

from caseterm.core.vocab import CasePhase
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import notes as notes_repo
from caseterm.screens.case import CaseScreen
from caseterm.screens.dialogs import NoteDialog, PhaseDialog
from caseterm.screens.home import HomeScreen
from tests.conftest import make_app, visible_text, wait_idle


async def test_home_case_note_phase(db, worker, make_case):
    case_id = make_case(phase="assessment", title="Wohnung gekündigt")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("escape")  # the app opens on the follow-up queue; Escape goes home
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        cases_table = app.screen.query_one("#home-cases", DataTable)
        assert cases_table.row_count == 1
        cases_table.focus()
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert "Müller" in visible_text(app)

        # add a note from the keyboard
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        text_area = app.screen.query_one("#note-text", TextArea)
        text_area.text = "Erstgespräch: Wohnungssuche besprochen."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        notes = notes_repo.list_notes(db, case_id)
        assert [n.text for n in notes] == ["Erstgespräch: Wohnungssuche besprochen."]
        assert "Wohnungssuche" in visible_text(app)

        # move to the next phase: planning without a complete assessment asks to confirm
        await pilot.press("p")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PhaseDialog)
        assert app.screen.query_one("#phase-target", Select).value == CasePhase.planning.value
        app.screen.query_one("#phase-reason", Input).value = "Ziele gemeinsam erarbeiten"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PhaseDialog)  # soft gate: confirmation asked
        assert "Press Ctrl+S again" in str(app.screen.query_one("#gate-message").render()) or \
            "Strg+S" in str(app.screen.query_one("#gate-message").render())
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    ov = cases_repo.overview(db, case_id)
    assert ov.case.phase is CasePhase.planning
    assert ov.history[0].reason == "Ziele gemeinsam erarbeiten"


async def test_empty_note_is_rejected_at_the_field(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("n")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        field = app.screen.query_one("#field-text")
        assert field.has_class("-invalid")
    assert notes_repo.list_notes(db, case_id) == []
