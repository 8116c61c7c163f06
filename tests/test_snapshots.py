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
from tests.conftest import make_app


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    db = Database(str(tmp_path / "demo.db"))
    load_demo(db)
    yield db
    db.dispose()
    monkeypatch.delenv("TZ")
    time.tzset()


async def _settle(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_start_screen_is_the_queue(snap_compare, demo):
    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=(130, 40), run_before=_settle)


def test_home_screen(snap_compare, demo):
    async def go_home(pilot):
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=(130, 40), run_before=go_home)


def test_case_screen(snap_compare, demo):
    me = workers.current(demo)
    case_id = cases.find_by_number(demo, "SH-2026-00007")
    assert case_id is not None

    async def open_case(pilot):
        await _settle(pilot)
        pilot.app.open_case(case_id)
        await _settle(pilot)

    app = make_app(demo, me)
    assert snap_compare(app, terminal_size=(130, 40), run_before=open_case)
