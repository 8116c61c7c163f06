"""The directory screen: search as you type, details of the highlighted offering, an unmet
need recorded from there."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from caseterm.db.repo import services
from caseterm.screens.resources import UnmetNeedDialog
from caseterm.screens.services import ServicesScreen
from caseterm.widgets.paged_table import PagedTable
from tests.conftest import make_app, wait_idle

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "services" / "lindenau.json"


async def test_search_detail_and_gap(db, worker):
    services.import_directory(db, DIRECTORY)
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("services")
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ServicesScreen)
        table = screen.query_one(PagedTable)
        assert table.row_count == 33
        await pilot.press(*"sucht")
        await wait_idle(pilot, app)
        assert table.row_count == 1  # Suchtberatung
        await pilot.press("down")
        await wait_idle(pilot, app)
        assert screen.focused is table
        detail = str(screen.query_one("#sv-detail", Static).render())
        assert "Kostenträger:" in detail
        app.screen.query_one("#sv-search", Input).value = "gibt es nicht"
        await wait_idle(pilot, app)
        assert table.row_count == 0
        assert "ungedeckten Bedarf" in str(screen.query_one("#sv-detail", Static).render())
        table.focus()
        await pilot.press("u")  # a letter typed into the list opens nothing (issue 12)
        await wait_idle(pilot, app)
        assert app.screen is screen
        await pilot.press("ctrl+n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, UnmetNeedDialog)
        app.screen.query_one("#un-domain", Select).value = "wohnen"
        app.screen.query_one("#un-need", Input).value = "Notunterkunft für Frauen mit Kindern"
        app.screen.query_one("#un-district", Input).value = "Am Hafen"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ServicesScreen)
        assert "Wohnen · Am Hafen" in str(app.screen.query_one("#sv-gaps", Static).render())
    assert services.unmet_need_summary(db) == [("wohnen", "Am Hafen", 1)]
