"""The 80x24 leftovers of issue 12 ("fit for the desk") after the session-7 walk, on the demo
data: home's due follow-ups showed no client at 80 columns, the follow-up and note dialogs
opened with their buttons or first fields out of view, the network map cut its quadrant
names, the all-notes search and the assessment table cut their texts."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from caseterm.db.repo import workers
from tests.conftest import make_app, wait_until
from tests.test_snapshots_all import (  # noqa: F401  (demo_copy is a fixture)
    CASE,
    _case_id,
    demo_copy,
)

SIZES = [(80, 24), (120, 40)]


def _columns_in_view(table: DataTable) -> list[str]:
    """The keys of the columns drawn whole without scrolling sideways."""
    room = table.scrollable_content_region.width
    shown, x = [], 0
    for key, column in table.columns.items():
        x += column.get_render_width(table)
        if x <= room:
            shown.append(str(key.value))
    return shown


@pytest.mark.parametrize("size", SIZES)
async def test_home_follow_ups_show_due_client_and_next_step_without_scrolling(
        demo_copy, size):  # noqa: F811
    from caseterm.screens.home import HomeScreen

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        await pilot.press("escape")
        await wait_until(pilot, app, lambda: isinstance(app.screen, HomeScreen)
                         and app.screen.query_one("#home-followups", DataTable).row_count > 0)
        table = app.screen.query_one("#home-followups", DataTable)
        shown = _columns_in_view(table)
        for key in ("due", "client", "next"):
            assert key in shown, (key, shown, size)
        if size[0] >= 100:
            assert "case" in shown, shown
        # the client's name is there, not an empty cell
        client = str(table.get_cell_at((0, 2)))
        assert "," in client, client
        # and the next step has a useful width (not a stub)
        step = next(c for k, c in table.columns.items() if k.value == "next")
        assert step.get_render_width(table) >= 30


@pytest.mark.parametrize(("key", "dialog", "first"), [
    ("w", "FollowUpDialog", "fu-next-step"),
    # the note dialog opens in its text (kind and date have their defaults), but with kind
    # and date in view above it
    ("n", "NoteDialog", "note-text"),
])
@pytest.mark.parametrize("size", SIZES)
async def test_form_dialog_opens_at_its_top_with_every_field_and_button_in_view(
        demo_copy, size, key, dialog, first):  # noqa: F811
    from textual.containers import Vertical
    from textual.widgets import Button

    from caseterm.widgets.form import FormField

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        app.open_case(_case_id(db, CASE))
        await wait_until(pilot, app, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press(key)
        await wait_until(pilot, app, lambda: type(app.screen).__name__ == dialog
                         and app.screen._baseline is not None)
        screen = app.screen
        assert app.focused is not None and app.focused.id == first, app.focused
        box = screen.query_children(Vertical).first()
        assert box.scroll_y == 0
        visible = box.region.intersection(screen.region)
        parts = [screen.query_one(".dialog-title"), *screen.query(FormField),
                 *screen.query(Button)]
        for part in parts:
            assert visible.contains_region(part.region), (part, part.region, visible)


def _screen_rows(app) -> list[str]:
    """The terminal's rows as plain text, from the app's own screenshot."""
    import html
    import re

    rows = [""] * app.size.height
    for m in re.finditer(r'<text[^>]*?clip-path="url\(#[\w-]*?line-(\d+)\)"[^>]*>(.*?)</text>',
                         app.export_screenshot(), re.S):
        rows[int(m.group(1))] += html.unescape(re.sub("<[^>]+>", "", m.group(2)))
    return [row.replace("\xa0", " ") for row in rows]


@pytest.mark.parametrize("size", [(80, 24), (99, 30), (120, 40)])
async def test_network_map_shows_its_sector_names_whole(demo_copy, size):  # noqa: F811
    from caseterm.widgets.network_map import NetworkMap

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        app.open_destination("resources", _case_id(db, CASE))
        await wait_until(pilot, app, lambda: bool(app.screen.query(NetworkMap))
                         and bool(app.screen.query_one(NetworkMap).people))
        net = app.screen.query_one(NetworkMap)
        assert app.focused is net  # the focus bar is drawn on its left edge
        rows = _screen_rows(app)
        top, bottom = rows[net.region.y], rows[net.region.bottom - 1]
        assert "Freund*innen/Bekannte" in top, top
        assert "Familie" in top, top
        assert "Kolleg*innen" in bottom and "Professionelle Hilfe" in bottom, bottom


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("size", SIZES)
async def test_all_notes_search_shows_its_whole_placeholder(demo_copy, size, lang):  # noqa: F811
    from textual.widgets import Input

    from caseterm.i18n import set_language

    set_language(lang)
    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        app.open_case(_case_id(db, CASE))
        await wait_until(pilot, app, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press("l")  # all notes
        await wait_until(pilot, app, lambda: bool(app.screen.query("#notes-search")))
        search = app.screen.query_one("#notes-search", Input)
        assert "Ctrl+F" in search.placeholder or "Strg+F" in search.placeholder
        assert len(search.placeholder) <= search.content_region.width, (
            search.placeholder, search.content_region)


@pytest.mark.parametrize("size", SIZES)
async def test_assessment_table_shows_the_rating_and_its_heading_whole(
        demo_copy, size):  # noqa: F811
    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        app.open_destination("assessment", _case_id(db, CASE))
        await wait_until(pilot, app, lambda: bool(app.screen.query("#as-domains"))
                         and app.screen.query_one("#as-domains", DataTable).row_count > 0)
        table = app.screen.query_one("#as-domains", DataTable)
        shown = _columns_in_view(table)
        assert "domain" in shown and "rating" in shown, shown
        rating = next(c for k, c in table.columns.items() if k.value == "rating")
        assert str(rating.label) == "Einschätzung"
        assert rating.get_render_width(table) >= len("Einschätzung") + 2
        # a cut domain name still says which domain it is; the form beside has it whole
        assert str(table.get_cell_at((0, 0))).startswith("✓ Wirtschaftliche")
