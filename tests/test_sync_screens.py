"""What a caseworker sees of sync: the status bar of a laptop, the unsent mark, the conflict
review and the duplicate review (keyboard only; conditions waited on, no fixed pauses)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import DataTable, TextArea

from caseterm.screens.conflict import ConflictDialog
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.sync_conflicts import SyncConflictsScreen, choice_for, when_text
from caseterm.screens.sync_duplicates import SyncDuplicatesScreen
from caseterm.services import Conflict
from caseterm.widgets.sync_bar import SyncBar
from tests.conftest import make_app, visible_text, wait_until
from tests.sync_fakes import FakeSync, conflict, duplicate, status


def _bar_text(app) -> str:
    bars = app.screen.query(SyncBar)
    return str(bars.first().render()) if bars else ""


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_the_status_bar_shows_unsent_changes_and_the_last_sync(db, worker, monkeypatch):
    fake = FakeSync().install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: "nicht übertragen" in _bar_text(app))
        text = _bar_text(app)
        assert "2 Änderungen nicht übertragen" in text
        assert "letzter Abgleich 20.11.2026" in text
        assert "2 Konflikte" in text
        assert not app.screen.query_one(SyncBar).has_class("-stale")
        # a change made meanwhile: the bar follows on the next reading
        fake.state = replace(fake.state, unsent=3)
        app.refresh_sync_status()
        await wait_until(pilot, app, lambda: "3 Änderungen" in _bar_text(app))
        # every full screen gets the bar, dialogs do not
        await pilot.press("s")
        await wait_until(pilot, app, lambda: "3 Änderungen" in _bar_text(app))


async def test_a_laptop_not_synced_for_too_long_is_warned(db, worker, monkeypatch):
    FakeSync(state=status(last_sync_at=None, days_since=9, stale=True)).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: "9 Tagen" in _bar_text(app))
        assert "noch nie abgeglichen" in _bar_text(app)
        assert app.screen.query_one(SyncBar).has_class("-stale")
        assert "seit 9 Tagen nicht mit der Zentrale abgeglichen" in _notes(app)


async def test_no_bar_unless_the_database_is_a_replica(db, worker, monkeypatch):
    FakeSync(state=status(role="central")).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: app.sync_status is not None)
        assert not app.screen.query(SyncBar)


async def test_unsent_cases_are_marked_in_the_list_and_the_case(db, worker, make_case,
                                                                monkeypatch):
    changed = make_case(first="Jana", last="Meier")
    make_case(first="Eva", last="Klein")
    FakeSync(unsent={changed}).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app, lambda: app.sync_status is not None)
        await pilot.press("s")
        await wait_until(pilot, app, lambda: "Klein" in visible_text(app)
                         and "⇡ = nicht übertragen" in visible_text(app))
        table = app.screen.query_one(DataTable)
        marked = [str(table.get_row_at(i)[2]) for i in range(table.row_count)
                  if "⇡" in str(table.get_row_at(i)[1])]
        assert marked == ["Meier, Jana"]
        app.open_case(changed)
        await wait_until(pilot, app, lambda: "⇡ nicht übertragen" in visible_text(app))


async def test_conflicts_side_by_side_keep_and_take(db, worker, monkeypatch):
    fake = FakeSync(conflicts=[conflict(1), conflict(2, field="phone",
                                                     local_value="0201 1234",
                                                     remote_value="0171 98765")]
                    ).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: app.sync_status is not None)
        await pilot.press("k")  # from the queue
        await wait_until(pilot, app, lambda: isinstance(app.screen, SyncConflictsScreen)
                         and "2 offene Konflikte" in visible_text(app))
        text = visible_text(app)
        assert "Anna Becker" in text and "Ben Yilmaz" in text  # both authors, both times
        assert when_text("2026-11-20 08:12") in text and when_text("2026-11-24 13:03") in text
        assert "Arbeitssuche Lager und Führerschein" in text
        await pilot.press("k")  # keep the value kept so far: asked first
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press(*"jy")  # no typed letter answers
        assert fake.calls == []
        await pilot.press("ctrl+y")
        await wait_until(pilot, app, lambda: len(fake.calls) == 1)
        assert fake.calls[0][1:] == (conflict(1).id, "local", None, 1)
        await wait_until(pilot, app, lambda: "1 offener Konflikt" in visible_text(app))
        await pilot.press("t", "ctrl+y")  # take the synced one
        await wait_until(pilot, app, lambda: len(fake.calls) == 2)
        assert fake.calls[1][1:] == (conflict(2).id, "remote", None, 1)
        await wait_until(pilot, app, lambda: "Keine offenen Konflikte" in visible_text(app))


async def test_a_combined_value_is_edited_in_the_conflict_dialog(db, worker, monkeypatch):
    fake = FakeSync(conflicts=[conflict(1)]).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SyncConflictsScreen())
        await wait_until(pilot, app, lambda: "1 offener Konflikt" in visible_text(app))
        await pilot.press("enter")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConflictDialog))
        assert (f"Kam mit dem Abgleich (Ben Yilmaz, {when_text('2026-11-24 13:03')})"
                in visible_text(app))
        area = app.screen.query_one(TextArea)
        area.text = "Arbeitssuche Lager; Führerschein ab Januar"
        await pilot.press("ctrl+s")
        await wait_until(pilot, app, lambda: len(fake.calls) == 1)
        assert fake.calls[0][2:4] == ("combined", "Arbeitssuche Lager; Führerschein ab Januar")


async def test_escape_in_the_dialog_decides_nothing(db, worker, monkeypatch):
    fake = FakeSync(conflicts=[conflict(1)]).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SyncConflictsScreen())
        await wait_until(pilot, app, lambda: "1 offener Konflikt" in visible_text(app))
        await pilot.press("enter")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("escape")
        await wait_until(pilot, app, lambda: isinstance(app.screen, SyncConflictsScreen))
        assert fake.calls == []


async def test_a_conflict_decided_elsewhere_meanwhile_is_said_so(db, worker, monkeypatch):
    fake = FakeSync(conflicts=[conflict(1)]).install(monkeypatch)
    fake.fail_with = Conflict("sync_conflict", conflict(1).id, 1, 2, [], by="Ben Yilmaz")
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SyncConflictsScreen())
        await wait_until(pilot, app, lambda: "1 offener Konflikt" in visible_text(app))
        await pilot.press("t", "ctrl+y")
        await wait_until(pilot, app, lambda: "Ben Yilmaz" in _notes(app))
        assert fake.calls == [] and "1 offener Konflikt" in visible_text(app)


async def test_duplicates_merge_or_different_always_ask_first(db, worker, monkeypatch):
    fake = FakeSync(duplicates=[duplicate(1), duplicate(2, name_a="Schulz, Tom",
                                                       name_b="Schultz, Tom")]
                    ).install(monkeypatch)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, app, lambda: app.sync_status is not None)
        await pilot.press("u")  # from the queue
        await wait_until(pilot, app, lambda: isinstance(app.screen, SyncDuplicatesScreen)
                         and "2 mögliche Dubletten" in visible_text(app))
        assert "Meyer, Jana" in visible_text(app) and "04.03.1991" in visible_text(app)
        await pilot.press("m")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # no: nothing happens
        await wait_until(pilot, app, lambda: isinstance(app.screen, SyncDuplicatesScreen))
        assert fake.calls == []
        await pilot.press("m")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("ctrl+y")
        await wait_until(pilot, app, lambda: len(fake.calls) == 1)
        assert fake.calls[0][1:] == (duplicate(1).id, "merge", 1)
        await wait_until(pilot, app, lambda: "1 mögliche Dublette" in visible_text(app))
        await pilot.press("d", "ctrl+y")
        await wait_until(pilot, app, lambda: len(fake.calls) == 2)
        assert fake.calls[1][1:] == (duplicate(2).id, "different", 1)


@pytest.mark.parametrize(("value", "expected"), [
    ("Arbeitssuche Lager", ("local", None)),
    ("Arbeitssuche Lager und Führerschein", ("remote", None)),
    ("beides", ("combined", "beides")),
])
def test_what_the_dialog_returns_becomes_the_services_choice(value, expected):
    assert choice_for(conflict(1), value) == expected


def test_an_emptied_field_is_the_empty_side():
    row = conflict(1, local_value=None, remote_value="x")
    assert choice_for(row, "") == ("local", None)
