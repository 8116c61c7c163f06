"""First start asks for the worker's profile; wrong combinations are refused at the field."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select

from caseterm.db.repo import workers
from caseterm.screens.profile import ProfileDialog
from caseterm.screens.queue import QueueScreen
from tests.conftest import make_app, settle


async def test_first_start_profile(db, worker):
    assert not workers.profile_confirmed(db)
    app = make_app(db, worker, ask_profile=True)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileDialog)
        app.screen.query_one("#pf-name", Input).value = "Anna Becker-Yıldız"
        app.screen.query_one("#pf-land", Select).value = "NW"
        app.screen.query_one("#pf-augsburg", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileDialog)
        assert app.screen.query_one("#field-augsburg").has_class("-invalid")
        assert not workers.profile_confirmed(db)
        app.screen.query_one("#pf-land", Select).value = "BY"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        assert "Anna Becker-Yıldız" in app.sub_title
    row = workers.current(db)
    assert (row.display_name, row.land.value, row.augsburg) == ("Anna Becker-Yıldız", "BY", True)
    assert workers.profile_confirmed(db)
