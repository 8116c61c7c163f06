"""Pilot test: referrals from the case screen — refused without consent or legal ground,
recorded with one, then the next step with feedback."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from caseterm.db.repo import referrals
from caseterm.models.referral import ConsentBasis, ReferralStatus
from caseterm.screens.case import CaseScreen
from caseterm.screens.referrals import ReferralDialog, ReferralsScreen, ReferralStatusDialog
from tests.conftest import make_app, wait_idle


async def test_referral_from_the_case_screen(db, worker, make_case):
    case_id = make_case(legal_area="sgb2")
    app = make_app(db, worker)
    async with app.run_test(size=(150, 50)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralsScreen)
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralDialog)
        dialog = app.screen
        dialog.query_one("#ref-recipient", Input).value = "Jugendamt – ASD"
        dialog.query_one("#ref-target", Select).value = "specialist"
        dialog.query_one("#ref-area", Select).value = "sgb8"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is dialog  # no consent, no legal ground
        assert dialog.query_one("#field-consent").has_class("-invalid")
        assert referrals.list_for_case(db, case_id) == []
        dialog.query_one("#ref-exception", Select).value = "child_protection"
        dialog.query_one("#ref-exception-reason", Input).value = "§ 8a SGB VIII: Gefährdung"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralsScreen)
        (ref,) = referrals.list_for_case(db, case_id)
        assert ref.consent_basis is ConsentBasis.legal_exception

        await pilot.press("s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralStatusDialog)
        assert app.screen.query_one("#rs-status", Select).value == "contact_made"
        app.screen.query_one("#rs-status", Select).value = "feedback_received"
        app.screen.query_one("#rs-note", TextArea).text = "ASD: Hilfe zur Erziehung beginnt."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReferralsScreen)
    (ref,) = referrals.list_for_case(db, case_id)
    assert ref.status is ReferralStatus.feedback_received and not ref.awaiting_feedback
