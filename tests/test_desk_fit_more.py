"""The last layout defects of issue 12 ("fit for the desk"), on the demo data: the conference
footer kept "Back" out of view at 80 columns, the closure screen's goal table cut its last
columns even at 120 columns."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from caseterm.db.repo import workers
from tests.conftest import make_app, wait_until
from tests.test_snapshots_all import (  # noqa: F401  (demo_copy is a fixture)
    CASE,
    _case_id,
    _conference,
    demo_copy,
)

SIZES = [(80, 24), (120, 40)]


def _footer_keys_in_view(app) -> dict[str, bool]:
    """Each footer key's key name -> drawn whole, left of the palette key."""
    keys = [k for k in app.screen.query(FooterKey) if k.description]
    palette = [k for k in keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else app.size.width
    return {k.key: k.region.width > 0 and k.region.right <= limit for k in keys
            if not k.has_class("-command-palette")}


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_conference_footer_keeps_its_keys_and_back_in_view_at_80x24(
        demo_copy, lang):  # noqa: F811
    from caseterm.i18n import set_language
    from caseterm.screens.conference import ConferenceScreen

    set_language(lang)
    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        _conference(app, db)
        app.open_case(_case_id(db, CASE))
        await wait_until(pilot, app, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press("k")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConferenceScreen)
                         and bool(app.screen.query(FooterKey)))
        shown = _footer_keys_in_view(app)
        for key in ("n", "i", "o", "d", "escape"):
            assert shown.get(key), (key, shown)


@pytest.mark.parametrize("size", SIZES)
async def test_closure_goal_table_shows_every_column_without_scrolling(
        demo_copy, size):  # noqa: F811
    from textual.widgets import DataTable

    from caseterm.screens.closure import ClosureScreen

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        app.open_case(_case_id(db, CASE))
        await wait_until(pilot, app, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press("x")
        table = None

        def filled() -> bool:
            nonlocal table
            if not isinstance(app.screen, ClosureScreen):
                return False
            table = app.screen.query_one("#ev-goals", DataTable)
            return table.row_count > 0
        await wait_until(pilot, app, filled)
        assert table is not None
        # no horizontal scrolling: the columns fit in the table, and the table on the screen
        assert table.virtual_size.width <= table.scrollable_content_region.width, (
            table.virtual_size, table.scrollable_content_region)
        assert table.region.right <= size[0]
        assert len(table.columns) == 5
        # every goal's whole text is there (wrapped, not cut)
        text = " ".join(" ".join(str(table.get_cell_at((r, 0)).plain).split())
                        for r in range(table.row_count))
        assert "Weiterbewilligungsantrag für die Grundsicherung abgegeben." in text


async def test_an_empty_filtered_queue_points_to_the_filters_not_to_a_first_intake(
        demo_copy):  # noqa: F811
    from textual.widgets import Static

    from caseterm.screens.queue import QueueScreen

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: isinstance(app.screen, QueueScreen))
        hint = app.screen.query_one("#queue-empty", Static)
        app.screen.query_one("#queue-area").focus()
        await pilot.press("s", "s")  # SGB II, then SGB VIII: none of Sabine's is due there
        await wait_until(pilot, app, lambda: hint.has_class("-shown"))
        text = str(hint.render())
        assert "passt zu diesen Filtern" in text and "erste Aufnahme" not in text
