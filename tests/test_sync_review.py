"""The conflict review on a real laptop (a SQLite replica checked out from a centre): the
status bar, the unsent mark, a decision through the screen that reaches the centre, the
audit entry, and a colleague outside the case who may not decide it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.sync_conflicts import SyncConflictsScreen
from caseterm.services import AccessDenied, audit, record, sync
from caseterm.widgets.sync_bar import SyncBar
from tests.conftest import ctx_for, make_app, visible_text, wait_until
from tests.sync_world import checkout, full, make_admin


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    from caseterm.db.repo import workers

    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(admin, "Zentrale")
    case_id = make_case()
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, workers.current(db))
    centre = ctx_for(db, worker)
    record.edit_case(lap, case_id, {"title": "Lager und Führerschein"})
    record.edit_case(centre, case_id, {"title": "Lager"})
    full(lap, centre)
    yield SimpleNamespace(db=db, laptop=laptop, lap=lap, centre=centre, case=case_id)
    laptop.dispose()


def _bar(app) -> str:
    bars = app.screen.query(SyncBar)
    return str(bars.first().render()) if bars else ""


async def test_a_caseworker_decides_a_real_conflict_on_the_laptop(world, worker):
    app = make_app(world.laptop, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: "1 Konflikt" in _bar(app))
        await pilot.press("k")
        await wait_until(pilot, app, lambda: isinstance(app.screen, SyncConflictsScreen)
                         and "1 offener Konflikt" in visible_text(app))
        text = visible_text(app)
        assert "Lager und Führerschein" in text and "Anna Becker" in text
        await pilot.press("t")  # take the laptop's value (it came second at the centre)
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("ctrl+y")  # asked first (issue 12: no stray letter decides)
        await wait_until(pilot, app, lambda: "Keine offenen Konflikte" in visible_text(app))
        # the decision is an unsent change now, shown on the bar and at the case
        await wait_until(pilot, app, lambda: "nicht übertragen" in _bar(app)
                         and "Konflikt" not in _bar(app))
        app.pop_screen()
        app.open_case(world.case)
        await wait_until(pilot, app, lambda: "⇡ nicht übertragen" in visible_text(app))
    entries = audit.for_case(world.lap, world.case)
    assert any(e.action == "update" and "title" in str(e.detail) for e in entries[:5])
    full(world.lap, world.centre)
    assert sync.list_conflicts(world.centre) == []
    from caseterm.models.case import Case

    with world.db.read() as s:
        assert s.get(Case, world.case).title == "Lager und Führerschein"
    assert not sync.record_unsent(world.lap, {world.case})


def test_a_colleague_outside_the_case_neither_sees_nor_decides_it(world):
    from caseterm.db.repo import workers

    with world.laptop.write() as s:
        other = workers.add(s, username="carl", display_name="Carl Otto", role="caseworker",
                            team="Team Süd", office="Hafen", land="NW")
    ctx = ctx_for(world.laptop, SimpleNamespace(id=other.id))
    assert sync.list_conflicts(ctx) == []
    (row,) = sync.list_conflicts(world.lap)
    with pytest.raises(AccessDenied):
        sync.resolve_conflict(ctx, row.id, "local", expected_version=row.row_version)
    refused = [e for e in audit.for_case(world.lap, world.case) if e.action == "refuse"]
    assert refused, "the refusal is audited"
    assert len(sync.list_conflicts(world.lap)) == 1  # nothing changed
