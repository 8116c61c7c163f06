"""Opening 100 different cases does not keep closed screens alive (issue 18, memory).

Counted, not timed: the live widgets (after a gc) and the app's title watchers after a
warm-up of 20 cases and after 100. Before the fix every closed case screen's Header stayed
registered as a watcher of the app's title (and the start screen's footer kept every old
key), about 25 widgets more per case opened."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import make_app, wait_idle
from tests.waiting import await_for


def live_widgets() -> int:
    from textual.dom import DOMNode

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, DOMNode))


async def _open_and_close(app, pilot, case_id) -> None:
    from caseterm.screens.case import CaseScreen

    app.open_case(case_id)
    await await_for(lambda: isinstance(app.screen, CaseScreen)
                    and app.screen.case_id == case_id and app.screen.data,
                    timeout=60, what="the case screen filled")
    assert isinstance(app.screen, CaseScreen) and app.screen.case_id == case_id
    await pilot.pause()
    app.pop_screen()
    await wait_idle(pilot, app)


@pytest.mark.slow
async def test_opening_100_different_cases_keeps_no_screen_alive(db, worker, make_case):
    case_ids = [make_case(first=f"Vorname{i}", last=f"Nachname{i:03d}") for i in range(100)]
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        for case_id in case_ids[:20]:
            await _open_and_close(app, pilot, case_id)
        widgets_20 = live_widgets()
        title_watchers_20 = len(getattr(app, "__watchers", {}).get("title", []))
        for case_id in case_ids[20:]:
            await _open_and_close(app, pilot, case_id)
        widgets_100 = live_widgets()
        title_watchers_100 = len(getattr(app, "__watchers", {}).get("title", []))
    # 80 more cases opened and closed: no more widgets alive than after the first 20 (a
    # little slack for a tooltip or toast), and no watcher per closed screen.
    assert widgets_100 - widgets_20 < 40, (widgets_20, widgets_100)
    assert title_watchers_100 <= title_watchers_20 + 1
