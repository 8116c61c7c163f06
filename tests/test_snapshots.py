"""Layout snapshots of the foundation screens on the demo data (fixed today and time zone).

Update after an intended layout change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import time

import pytest

from caseterm.db.demo import load_demo
from caseterm.db.engine import Database
from caseterm.db.repo import cases, workers
from tests.conftest import make_app, wait_workers


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    db = Database(str(tmp_path / "demo.db"))
    load_demo(db)
    # The automatic follow-ups in step before the app starts, as after any earlier start:
    # the queue then shows once instead of reloading while the snapshot is taken.
    from caseterm.services import followups
    from tests.conftest import ctx_for

    followups.refresh(ctx_for(db, workers.current(db)))
    yield db
    db.dispose()
    monkeypatch.delenv("TZ")
    time.tzset()


async def _steady(pilot):
    """Until no worker runs and nothing more is scheduled: the queue refreshes its automatic
    follow-ups in the background and then reloads, which may start after the first wait."""
    quiet = 0
    for _ in range(40):
        await wait_workers(pilot.app)
        await pilot.pause()
        busy = any(w.is_running for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            break
    # a steady cursor: a blinking one is drawn or not depending on the moment of the picture
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    await pilot.pause()


def test_start_screen_is_the_queue(snap_compare, demo):
    async def settled_queue(pilot):
        await _steady(pilot)
        # A relayout draws every row with the table's final column widths (Textual may keep
        # the first row as drawn before all rows had arrived).
        await pilot.resize_terminal(131, 40)
        await _steady(pilot)
        await pilot.resize_terminal(130, 40)
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=(130, 40), run_before=settled_queue)


def test_home_screen(snap_compare, demo):
    async def go_home(pilot):
        await _steady(pilot)
        await pilot.press("escape")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=(130, 40), run_before=go_home)


def test_case_screen(snap_compare, demo):
    me = workers.current(demo)
    case_id = cases.find_by_number(demo, "SH-2026-00007")
    assert case_id is not None

    async def open_case(pilot):
        await _steady(pilot)
        pilot.app.open_case(case_id)
        await _steady(pilot)

    app = make_app(demo, me)
    assert snap_compare(app, terminal_size=(130, 40), run_before=open_case)
