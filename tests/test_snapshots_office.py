"""Snapshots of the office screens at 80×24 and 120×40, in German, on the demo: the first
start (who are you?), the audit trail of a case and the workers and roles screen.

Update after an intended layout change with `pytest tests/test_snapshots_office.py
--snapshot-update` and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from caseterm.app import CasetermApp
from caseterm.db.demo import load_demo
from caseterm.db.engine import Database
from caseterm.db.repo import cases, workers
from tests.conftest import make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    from caseterm.db.repo import audit_log

    monkeypatch.setattr(audit_log, "utcnow", lambda: datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    db = Database(str(tmp_path / "demo.db"))
    load_demo(db)
    yield db
    db.dispose()
    monkeypatch.delenv("TZ")
    time.tzset()


async def _steady(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    # a steady cursor: a blinking one is drawn or not depending on the moment of the picture
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_first_start_asks_who_you_are(snap_compare, tmp_path, size):
    from caseterm.db.migrate import upgrade

    db = Database(str(tmp_path / "new.db"))
    upgrade(db, make_backup=False)
    assert snap_compare(CasetermApp(db, None), terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_audit_trail_of_a_case(snap_compare, demo, size):
    case_id = cases.find_by_number(demo, "SH-2026-00007")

    async def open_audit(pilot):
        await _steady(pilot)
        pilot.app.open_case(case_id)
        await _steady(pilot)
        await pilot.press("h")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=open_audit)


@pytest.mark.parametrize("size", SIZES)
def test_workers_and_roles(snap_compare, demo, size):
    async def open_workers(pilot):
        await _steady(pilot)
        pilot.app.open_destination("workers")
        await _steady(pilot)
        from textual.widgets import DataTable

        from tests.waiting import await_for

        await await_for(lambda: type(pilot.app.screen).__name__ == "WorkersScreen"
                        and pilot.app.screen.query_one(DataTable).row_count > 0,
                        timeout=30, what="the workers listed")
        await pilot.pause()

    app = make_app(demo, workers.current(demo))
    assert snap_compare(app, terminal_size=size, run_before=open_workers)
