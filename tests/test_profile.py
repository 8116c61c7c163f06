"""The first start asks who you are (nothing pre-filled) and the profile; wrong combinations
are refused at the field; the identity goes to the person's own config file."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select

from caseterm import userconfig
from caseterm.app import CasetermApp
from caseterm.db.repo import workers
from caseterm.screens.profile import ProfileDialog
from caseterm.screens.queue import QueueScreen
from tests.conftest import wait_idle


async def test_first_start_asks_who_you_are(db):
    assert workers.list_all(db) == []
    app = CasetermApp(db, None)
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ProfileDialog)
        username = app.screen.query_one("#pf-username", Input)
        assert username.value == "" and username.has_focus  # no pre-filled "root"
        app.screen.query_one("#pf-name", Input).value = "Anna Becker-Yıldız"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-username").has_class("-invalid")
        username.value = "abecker"
        app.screen.query_one("#pf-land", Select).value = "NW"
        app.screen.query_one("#pf-augsburg", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ProfileDialog)
        assert app.screen.query_one("#field-augsburg").has_class("-invalid")
        assert workers.list_all(db) == []
        app.screen.query_one("#pf-land", Select).value = "BY"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        assert "Anna Becker-Yıldız" in app.sub_title
        assert app.ctx is not None and app.ctx.actor.username == "abecker"
    row = workers.by_username(db, "abecker")
    assert (row.display_name, row.land.value, row.augsburg) == ("Anna Becker-Yıldız", "BY", True)
    assert userconfig.load().worker == "abecker"
    assert workers.profile_confirmed(db)


async def test_escape_on_the_first_start_leaves_without_saving(db):
    app = CasetermApp(db, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.screen.query_one("#pf-username", Input).value = "halb"
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and workers.list_all(db) == []
    assert userconfig.load().worker is None
