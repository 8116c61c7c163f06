"""F1 lists the keys of the current screen, translated, and closes again."""

from __future__ import annotations

from textual.widgets import DataTable

from caseterm.screens.case import CaseScreen
from caseterm.screens.help import HelpScreen
from tests.conftest import make_app, wait_idle


async def test_f1_lists_case_keys_and_escape_closes(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        described = {r[1] for r in rows}
        assert {"Notiz", "Phase", "Wiedervorlage", "Zurück"} <= described
        assert "Scroll Up" not in described
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)


async def test_global_keys_return_to_open_screens_instead_of_stacking(db, worker, make_case):
    from caseterm.screens.home import HomeScreen
    from caseterm.screens.queue import QueueScreen

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        depth = len(app.screen_stack)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("f3")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen) and len(app.screen_stack) == depth
        await pilot.press("f2")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HomeScreen)


async def test_f1_opens_at_its_title_at_80x24(db, worker, make_case):
    from textual.containers import VerticalScroll

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("f1")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one(VerticalScroll).scroll_y == 0
        assert app.screen.query_one(DataTable).has_focus
