"""The record's screens from the keyboard: edit the client and the case from the case screen
(messages at the field, nothing saved on a wrong value), all notes, documents."""

from __future__ import annotations

from textual.widgets import Input

from caseterm.services import record
from tests.conftest import ctx_for, make_app, settle


async def _open_case(app, pilot, case_id):
    app.open_case(case_id)
    await settle(pilot, app)


async def test_edit_client_from_the_case_screen(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await _open_case(app, pilot, case_id)
        await pilot.press("k")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ClientEditDialog"
        app.screen.query_one("#client-email", Input).value = "ohne-at"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.query_one("#field-email").has_class("-invalid")
        assert record.state(ctx_for(db, worker), case_id).client["email"] == ""
        app.screen.query_one("#client-email", Input).value = "j.mueller@example.org"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "CaseScreen"
    assert record.state(ctx_for(db, worker), case_id).client["email"] == "j.mueller@example.org"
