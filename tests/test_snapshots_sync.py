"""Snapshots (German) of what a caseworker sees of sync, at 80x24 and 120x40: the queue of a
laptop with the status bar (not synced for too long), the conflict review, the conflict
dialog and the duplicate review. The sync service is a stand-in (tests/sync_fakes.py), so
the pictures do not move with the engine's data.

Update after an intended change with `pytest tests/test_snapshots_sync.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/test_snapshots_sync/."""

from __future__ import annotations

import pytest

from caseterm.db.repo import workers
from caseterm.screens.sync_conflicts import SyncConflictsScreen
from caseterm.screens.sync_duplicates import SyncDuplicatesScreen
from tests.conftest import make_app
from tests.sync_fakes import FakeSync, conflict, duplicate, status
from tests.test_snapshots import _steady, demo  # noqa: F401  (the fixture)

SIZES = [(80, 24), (120, 40)]
pytestmark = pytest.mark.slow


def _fake(monkeypatch, **kw) -> FakeSync:
    return FakeSync(conflicts=[
        conflict(1),
        conflict(2, field="phone", local_value="0201 1234567",
                 remote_value="0171 9876543", local_author="Ben Yilmaz",
                 remote_author="Anna Becker"),
        conflict(3, field="address", reason="closed",
                 local_value="Hafenstraße 3, 45127 Essen",
                 remote_value="Am Markt 12, 45127 Essen")],
        duplicates=[duplicate(1), duplicate(2, name_a="Schulz, Tom", name_b="Schultz, Tom",
                                             reason="similar"),
                    duplicate(3, name_a="Öztürk, Elif", name_b="Elif, Öztürk",
                              reason="swapped", birth_b=None)],
        **kw).install(monkeypatch)


async def _open(pilot, screen) -> None:
    await _steady(pilot)
    pilot.app.push_screen(screen)
    await _steady(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_queue_of_a_laptop_not_synced_for_long(snap_compare, demo, size,  # noqa: F811
                                               monkeypatch):
    _fake(monkeypatch, state=status(days_since=9, stale=True, unsent=14))

    async def settled(pilot):
        await _steady(pilot)
        pilot.app.clear_notifications()
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_conflict_review(snap_compare, demo, size, monkeypatch):  # noqa: F811
    _fake(monkeypatch)
    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size,
                        run_before=lambda pilot: _open(pilot, SyncConflictsScreen()))


@pytest.mark.parametrize("size", SIZES)
def test_conflict_dialog(snap_compare, demo, size, monkeypatch):  # noqa: F811
    _fake(monkeypatch)

    async def dialog(pilot):
        await _open(pilot, SyncConflictsScreen())
        await pilot.press("enter")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=dialog)


@pytest.mark.parametrize("size", SIZES)
def test_duplicate_review(snap_compare, demo, size, monkeypatch):  # noqa: F811
    _fake(monkeypatch)
    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size,
                        run_before=lambda pilot: _open(pilot, SyncDuplicatesScreen()))


@pytest.mark.parametrize("size", SIZES)
def test_merge_question(snap_compare, demo, size, monkeypatch):  # noqa: F811
    _fake(monkeypatch)

    async def ask(pilot):
        await _open(pilot, SyncDuplicatesScreen())
        await pilot.press("m")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=ask)


def _held(monkeypatch) -> None:
    """Two change sets after a gap and two changes waiting for their case (fixed rows)."""
    import uuid
    from datetime import UTC, datetime

    from caseterm.services import sync_held
    from caseterm.services.sync_held import HeldItem

    at = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)
    rows = [
        HeldItem("gap", "Laptop Nord", 41, 57, ((35, 40),), "", None, "", "", "", None, at),
        HeldItem("gap", "Laptop Süd", 12, 12, ((9, 11),), "", None, "", "", "", None, at),
        HeldItem("record", "Laptop Nord", 63, 63, (), "contact_note", uuid.UUID(int=11),
                 "", "Anna Becker", "casefile", uuid.UUID(int=0xABCDEF12 << 96), at),
        HeldItem("record", "Laptop Nord", 64, 64, (), "follow_up", uuid.UUID(int=12), "",
                 "Anna Becker", "client", uuid.UUID(int=0x12345678 << 96), at),
    ]
    monkeypatch.setattr(sync_held, "overview", lambda ctx: list(rows))


@pytest.mark.parametrize("size", SIZES)
def test_held_changes(snap_compare, demo, size, monkeypatch):  # noqa: F811
    from caseterm.screens.sync_held import SyncHeldScreen

    _fake(monkeypatch, state=status(held=4))
    _held(monkeypatch)
    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size,
                        run_before=lambda pilot: _open(pilot, SyncHeldScreen()))


@pytest.mark.parametrize("size", SIZES)
def test_queue_of_a_laptop_holding_changes(snap_compare, demo, size,  # noqa: F811
                                           monkeypatch):
    _fake(monkeypatch, state=status(held=3, unsent=0, open_conflicts=0))

    async def settled(pilot):
        await _steady(pilot)
        pilot.app.clear_notifications()
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=settled)
