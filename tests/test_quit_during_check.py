"""Quitting never waits for the start-up integrity check (issue 18): the check is interrupted.

The file is made "large" by slowing SQLite down: a progress handler that sleeps a little every
few hundred virtual-machine steps makes the quick_check of the test file take minutes, as it
would on a 700 MB file from a cold disk. The test asserts that quitting interrupted it (the
check never finished and its thread ended), not a wall-clock time."""

from __future__ import annotations

import time

from caseterm.db import migrate
from tests.conftest import make_app
from tests.waiting import await_for


def slow_quick_check(monkeypatch):
    real = migrate.quick_check
    calls = {"steps": 0}

    def slowed(database, attach=None):
        def attach_slow(raw):
            if raw is not None:
                def step():
                    calls["steps"] += 1
                    time.sleep(0.002)
                    return 0
                raw.set_progress_handler(step, 50)
            if attach is not None:
                attach(raw)
        return real(database, attach_slow)

    monkeypatch.setattr(migrate, "quick_check", slowed)
    return calls


def test_start_check_runs_to_the_end_when_not_cancelled(db, monkeypatch):
    from caseterm.services.maintenance import StartCheck

    check = StartCheck(db)
    assert check.run() is None
    assert check.state == "done"


async def test_quit_interrupts_the_start_check(db, worker, monkeypatch):
    calls = slow_quick_check(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test() as pilot:
        def under_way():
            check = getattr(app, "start_check", None)
            return check if (check is not None and check.state == "running"
                             and calls["steps"] > 3) else None

        check = await await_for(under_way, timeout=30, what="the check under way")
        assert check.state == "running"
        steps_at_quit = calls["steps"]
        await pilot.press("ctrl+q")
    # The app has exited; the check was stopped where it was, it did not run to its end.
    await await_for(lambda: check.state != "running", timeout=30, what="the check stopped")
    assert check.cancelled
    assert check.state == "cancelled"
    assert check.problem is None
    assert calls["steps"] - steps_at_quit < 50  # it stopped, not carried on through the file
    assert not [w for w in app.workers if w.group == "integrity" and w.is_running]


def test_cancel_before_start_skips_the_check(db):
    from caseterm.services.maintenance import StartCheck

    check = StartCheck(db)
    check.cancel()
    assert check.run() is None
    assert check.state == "cancelled"
