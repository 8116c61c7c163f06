"""The integrity check at start runs after the first paint, in a thread, and reports damage."""

from __future__ import annotations

from tests.conftest import make_app, wait_idle


async def test_integrity_problem_is_reported_after_start(db, worker, monkeypatch):
    from caseterm.db import migrate

    calls = []

    def broken(database, attach=None):
        calls.append(database)
        return "*** in database main *** Page 7: btreeInitPage() returns error code 11"

    monkeypatch.setattr(migrate, "quick_check", broken)
    app = make_app(db, worker)
    async with app.run_test() as pilot:
        await wait_idle(pilot, app)
        assert calls == [db]
        messages = [n.message for n in app._notifications]
        assert any("Integritätsprüfung" in m and "Page 7" in m for m in messages)
        assert type(app.screen).__name__ in ("HomeScreen", "QueueScreen")  # start screen


async def test_healthy_database_starts_quietly(db, worker):
    app = make_app(db, worker)
    async with app.run_test() as pilot:
        await wait_idle(pilot, app)
        assert not any("Integrität" in n.message for n in app._notifications)
