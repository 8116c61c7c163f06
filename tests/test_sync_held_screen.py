"""Held changes where the caseworker and the team lead look (issue 17): the held-changes screen
lists what waits (a change set after a gap in a laptop's numbers, a change whose case has
not arrived), says in plain words what to do, and the status bar counts them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import DataTable

from caseterm.core.inputs import check_note
from caseterm.core.lists.held import HELD, explain
from caseterm.services import cases, record, sync, sync_held
from tests.conftest import ctx_for, make_app, visible_text, wait_until
from tests.sync_world import checkout, make_admin
from tests.test_sync_held import _intake, _split


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    admin_id = make_admin(db)
    admin = ctx_for(db, SimpleNamespace(id=admin_id))
    case_id = make_case()
    sync.init_central(admin, "Zentrale")
    laptop = checkout(admin, tmp_path / "Laptop Nord.db", "anna")
    yield SimpleNamespace(db=db, ldb=laptop, lap=ctx_for(laptop, worker), admin=admin,
                          admin_id=admin_id, centre=ctx_for(db, worker), case=case_id)
    laptop.dispose()


def test_overview_lists_gaps_and_orphans_with_what_to_do(world):
    record.edit_case(world.lap, world.case, {"title": "eins"})
    cases.add_note(world.lap, world.case, check_note({"text": "zwei"}))
    out = sync.collect_outgoing(world.lap)
    after_gap = {**out, "changes": out["changes"][1:], "first": out["changes"][1]["seq"]}
    sync.apply_incoming(world.centre, after_gap)
    rows = sync_held.overview(world.admin)
    assert [(r.kind, r.device, r.seq_from, r.seq_to, r.missing) for r in rows] == [
        ("gap", "Laptop Nord", 2, 2, ((1, 1),))]
    gap = rows[0]
    text = explain(gap)
    assert "Laptop Nord" in text and "1" in text and "bundle import" in text
    assert sync.sync_status(world.admin).held == 1
    # the missing change arrives: nothing is held any more
    sync.apply_incoming(world.centre, {**out, "changes": out["changes"][:1],
                                       "last": out["changes"][0]["seq"]})
    assert sync_held.overview(world.admin) == []
    assert sync.sync_status(world.admin).held == 0
    assert [c.key for c in HELD if c.table] == ["device", "seq", "what", "waits_for",
                                                "since"]


def test_an_orphan_names_the_record_it_waits_for(world):
    from caseterm.services import intake

    intake.save(world.lap, _intake("Kern"), confirm_new=True)
    first, late = _split(sync.collect_outgoing(world.lap))
    sync.apply_incoming(world.centre, first)
    rows = [r for r in sync_held.overview(world.admin) if r.kind == "record"]
    assert rows and {r.waits_for for r in rows} <= {"casefile", "client"}
    assert all(r.author == "Anna Becker" and r.device == "Laptop Nord" for r in rows)
    assert "Bundle" in explain(rows[0]) or "bundle" in explain(rows[0])
    assert sync.sync_status(world.admin).held == len(rows)
    # a caseworker who may not read the (not yet arrived) case sees no content of it
    assert [r for r in sync_held.overview(world.centre) if r.kind == "record"] == []
    sync.apply_incoming(world.centre, late)
    assert sync_held.overview(world.admin) == []


async def test_the_team_lead_opens_held_changes_with_h(world):
    from caseterm.services import intake

    intake.save(world.lap, _intake("Kern"), confirm_new=True)
    first, _late = _split(sync.collect_outgoing(world.lap))
    sync.apply_incoming(world.centre, first)
    app = make_app(world.db, SimpleNamespace(id=world.admin_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        await pilot.press("h")
        await wait_until(pilot, app, lambda: "noch nicht angekommen" in visible_text(app))
        text = visible_text(app)
        assert "werden zurückgehalten" in text and "Es geht nichts verloren" in text
        assert "Laptop Nord" in text
        # the highlighted row in plain words, with what to do
        assert "erneut abgleichen" in text and "noch nicht angekommen" in text
        table = app.screen.query_one(DataTable)
        before = str(app.screen.query_one("#sh-why").render())
        if table.row_count > 1:
            await pilot.press("down")
            await wait_until(pilot, app, lambda: table.cursor_coordinate.row == 1)
            assert "Änderung" in str(app.screen.query_one("#sh-why").render())
        assert before
        await pilot.press("escape")
        await wait_until(pilot, app, lambda: "noch nicht angekommen" not in visible_text(app))


async def test_the_status_bar_counts_held_changes(db, worker, monkeypatch):
    from tests.sync_fakes import FakeSync, status
    from tests.test_sync_screens import _bar_text

    FakeSync(state=status(held=3)).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: "3 zurückgehalten" in _bar_text(app))


async def test_the_queue_counts_held_changes_and_h_opens_them(world):
    from caseterm.services import intake

    intake.save(world.lap, _intake("Kern"), confirm_new=True)
    first, late = _split(sync.collect_outgoing(world.lap))
    sync.apply_incoming(world.centre, first)
    n = sync.sync_status(world.admin).held
    assert n > 0
    app = make_app(world.db, SimpleNamespace(id=world.admin_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        await pilot.press("f3")
        await wait_until(pilot, app, lambda: f"{n} Änderungen zurückgehalten"
                         in visible_text(app))
        assert "H zeigt sie" in visible_text(app)
        await pilot.press("h")
        await wait_until(pilot, app, lambda: "noch nicht angekommen" in visible_text(app))
    # once the case has arrived, nothing is held and the queue says nothing of it
    sync.apply_incoming(world.centre, late)
    app = make_app(world.db, SimpleNamespace(id=world.admin_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        await pilot.press("f3")
        await wait_until(pilot, app, lambda: "Fällig" in visible_text(app)
                         or "Wiedervorlage" in visible_text(app))
        assert "zurückgehalten" not in visible_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_nothing_held_shows_a_hint_in_the_tables_place(world, size):
    """An empty table said nothing (issue 12): the hint takes its place, as on the queue."""
    app = make_app(world.db, SimpleNamespace(id=world.admin_id))
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app, lambda: app.screen.id != "_default")
        await pilot.press("h")
        await wait_until(pilot, app, lambda: "Nichts wird zurückgehalten" in visible_text(app))
        hint = app.screen.query_one("#sh-empty")
        assert hint.display and hint.region.height > 0
        assert "Keine Änderung wird zurückgehalten" in str(hint.render())
        assert not app.screen.query_one("#sh-table").display
        await pilot.press("escape")
        await wait_until(pilot, app, lambda: "Nichts wird zurückgehalten"
                         not in visible_text(app))
