"""Pilot: record a consent after the intake, pass the gate, then withdraw it from the case
screen — the withdrawal is kept in the history and the gate closes again."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Select

from caseterm.core.vocab import CasePhase
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import consents as consents_repo
from caseterm.screens.case import CaseScreen
from caseterm.screens.consents import AddConsentDialog, ConsentsDialog, WithdrawConsentDialog
from caseterm.screens.dialogs import PhaseDialog
from tests.conftest import make_app, wait_idle


async def test_consent_recorded_then_withdrawn(db, worker, make_case):
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
        assert isinstance(app.screen, AddConsentDialog)
        app.screen.query_one("#ac-valid_until", Input).value = "01.01.2020"  # before given on
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AddConsentDialog)
        assert app.screen.query_one("#field-consent_valid_until").has_class("-invalid")
        app.screen.query_one("#ac-valid_until", Input).value = "+1j"
        app.screen.query_one("#ac-purpose-case_management", Checkbox).value = True
        app.screen.query_one("#ac-information", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConsentsDialog)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        # the gate to assessment is open now
        await pilot.press("p")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PhaseDialog)
        assert app.screen.query_one("#phase-target", Select).value == "assessment"
        app.screen.query_one("#phase-reason", Input).value = "Einwilligung liegt vor"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert cases_repo.overview(db, case_id).case.phase is CasePhase.assessment
        # withdraw it
        await pilot.press("e")
        await wait_idle(pilot, app)
        await pilot.press("w")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WithdrawConsentDialog)
        await pilot.press(*"Brief")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConsentsDialog)
    rows = consents_repo.list_for_case(db, case_id)
    assert len(rows) == 1 and rows[0].status.value == "withdrawn"
    assert rows[0].withdrawal_channel == "Brief"
    assert not cases_repo.overview(db, case_id).facts.has_consent
