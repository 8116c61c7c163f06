"""The screens' reactive and worker wiring (issue 12): a load runs in an exclusive worker and
posts a typed message; a stale answer from a slower earlier load is dropped; setting the
screen's reactive repaints through its watcher alone. Each screen's service is a stand-in
whose first answer is held back until a newer load has answered (conditions waited on, no
fixed pauses)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from caseterm.screens.audit import AuditScreen
from caseterm.screens.sync_conflicts import SyncConflictsScreen
from caseterm.screens.sync_duplicates import SyncDuplicatesScreen
from caseterm.screens.workers import WorkersScreen
from caseterm.services import audit as audit_service
from caseterm.services import sync
from caseterm.services import workers as workers_service
from tests.conftest import make_app, visible_text, wait_workers
from tests.sync_fakes import FakeSync, conflict, duplicate
from tests.waiting import await_for


class Held:
    """A service stand-in: the first call waits until `release` and then answers `old`;
    every later call answers `new` at once."""

    def __init__(self, old, new) -> None:
        self.old, self.new = old, new
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, *_args, **_kw):
        self.calls += 1
        if self.calls == 1:
            self.started.set()
            self.release.wait(20)
            return self.old
        return self.new


def _static(screen, selector: str) -> str:
    found = screen.query(selector)
    return str(found.first().render()) if found else ""


async def _stale_answer_is_dropped(app, pilot, screen, held: Held, old: str, new: str, *,
                                   again=None, text=None) -> None:
    """`again` starts the newer load (the screen's reload), `text` is where the answer shows
    (everything visible)."""
    text = text or (lambda: visible_text(app))
    app.push_screen(screen)
    await await_for(held.started.is_set, what="the first, slow load")
    (again or screen.action_reload)()  # a newer load replaces the slow one

    async def shows_new():
        await pilot.pause()
        return new in text()

    await await_for(shows_new, what="the newer answer")
    held.release.set()  # now the older answer comes in, late
    await wait_workers(app)
    await pilot.pause()
    await pilot.pause()
    shown = text()
    assert new in shown and old not in shown


async def _watcher_repaints(app, pilot, screen, rows, text: str) -> None:
    """No load: setting the reactive alone repaints the screen."""
    assert text not in visible_text(app)
    screen.rows = rows

    async def shows():
        await pilot.pause()
        return text in visible_text(app)

    await await_for(shows, what="the repaint by the watcher")


@pytest.fixture
def fake_sync(monkeypatch):
    return FakeSync().install(monkeypatch)


async def test_conflicts_drop_a_stale_answer_and_repaint_by_watcher(db, worker, monkeypatch,
                                                                     fake_sync):
    held = Held([conflict(1, case_number="2026-OLD-001")],
                [conflict(2, case_number="2026-NEW-002")])
    monkeypatch.setattr(sync, "list_conflicts", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = SyncConflictsScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "2026-OLD-001", "2026-NEW-002")
        assert "1 offener Konflikt" in visible_text(app)
        await _watcher_repaints(app, pilot, screen, [
            conflict(3, case_number="2026-WAT-003"), conflict(4, case_number="2026-WAT-004")],
            "2026-WAT-004")
        assert "2 offene Konflikte" in visible_text(app)  # the status line follows too


def _left(screen) -> str:
    return _static(screen, "#sc-left")


async def test_the_highlighted_conflict_is_shown_side_by_side(db, worker, monkeypatch,
                                                                fake_sync):
    rows = [conflict(1, local_value="Erster Wert"), conflict(2, local_value="Zweiter Wert")]
    monkeypatch.setattr(sync, "list_conflicts", lambda ctx, case_id=None: rows)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = SyncConflictsScreen()
        app.push_screen(screen)
        await await_for(lambda: "Erster Wert" in _left(screen), what="the first pair")
        await pilot.press("down")
        await await_for(lambda: "Zweiter Wert" in _left(screen), what="the second pair")
        screen.rows = list(rows)  # the same rows again: the cursor stays on the second
        await pilot.pause()
        await pilot.pause()
        assert "Zweiter Wert" in _left(screen)


async def test_duplicates_drop_a_stale_answer_and_repaint_by_watcher(db, worker, monkeypatch,
                                                                      fake_sync):
    held = Held([duplicate(1, name_a="Alt, Anna")], [duplicate(2, name_a="Neu, Nina")])
    monkeypatch.setattr(sync, "list_duplicates", held)
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = SyncDuplicatesScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "Alt, Anna", "Neu, Nina")
        await _watcher_repaints(app, pilot, screen, [duplicate(3, name_a="Watch, Wim")],
                                "Watch, Wim")


def _entry(n: int, actor: str):
    return SimpleNamespace(seq=n, at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
                           actor_name=actor, action="open", entity="casefile", detail={})


async def test_audit_drops_a_stale_answer_and_repaints_by_watcher(db, worker, monkeypatch):
    held = Held([_entry(1, "Olga Alt")], [_entry(2, "Nora Neu")])
    monkeypatch.setattr(audit_service, "latest", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = AuditScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "Olga Alt", "Nora Neu")
        await _watcher_repaints(app, pilot, screen, [_entry(3, "Wanda Watch")], "Wanda Watch")


def _worker_row(username: str):
    return SimpleNamespace(id=uuid.uuid4(), username=username, display_name=username.title(),
                           role="caseworker", team="", office="", db_role=None)


async def test_workers_drop_a_stale_answer_and_repaint_by_watcher(db, worker, monkeypatch):
    held = Held([_worker_row("oldname")], [_worker_row("newname")])
    monkeypatch.setattr(workers_service, "list_all", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = WorkersScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "oldname", "newname")
        await _watcher_repaints(app, pilot, screen, [_worker_row("watchname")], "watchname")


def test_held_stand_in_answers_old_first():  # the stand-in itself: released, old then new
    held = Held("old", "new")
    held.release.set()
    assert (held(), held(), date.today() is not None) == ("old", "new", True)


def _gap(district: str, n: int):
    return ("work", district, n)


async def test_services_gaps_drop_a_stale_answer_and_repaint_by_watcher(db, worker,
                                                                         monkeypatch):
    from caseterm.screens.services import ServicesScreen
    from caseterm.services import directory

    held = Held([_gap("Altstadt", 3)], [_gap("Neustadt", 5)])
    monkeypatch.setattr(directory, "unmet_need_summary", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ServicesScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "Altstadt", "Neustadt",
                                       again=screen._gaps,
                                       text=lambda: _static(screen, "#sv-gaps"))
        screen.gaps = [_gap("Watchdorf", 1)]
        await await_for(lambda: "Watchdorf" in _static(screen, "#sv-gaps"),
                        what="the repaint by the watcher")


def _document(title: str):
    from caseterm.services.documents import DocumentRow

    return DocumentRow(id=uuid.uuid4(), title=title, kind="letter", doc_date=None,
                       filename="a.pdf", media_type="application/pdf", size=10, sha256="",
                       added_by="Anna Becker", added_at=datetime(2026, 12, 1, tzinfo=UTC),
                       agreement_version_id=None, agreement_version="")


async def test_documents_drop_a_stale_answer_and_repaint_by_watcher(db, worker, make_case,
                                                                     monkeypatch):
    from caseterm.screens.documents import DocumentsScreen
    from caseterm.services import documents

    case_id = make_case()
    held = Held([_document("Alter Bescheid")], [_document("Neuer Bescheid")])
    monkeypatch.setattr(documents, "list_for_case", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = DocumentsScreen(case_id)
        await _stale_answer_is_dropped(app, pilot, screen, held, "Alter Bescheid",
                                       "Neuer Bescheid")
        assert "1 Dokument" in visible_text(app)
        await _watcher_repaints(app, pilot, screen, [_document("Wacher Brief")], "Wacher Brief")


def _absence(who: str):
    return SimpleNamespace(worker=who, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 5),
                           deputy="Ben Yilmaz", note="")


def _people(who: str) -> dict:
    return {"absences": [_absence(who)], "referrals": [], "handovers": [], "deputising": []}


async def test_people_drop_a_stale_answer_and_repaint_by_watcher(db, worker, monkeypatch):
    from caseterm.screens import people as people_screen

    held = Held(_people("Olga Alt"), _people("Nora Neu"))
    monkeypatch.setattr(people_screen, "_load", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = people_screen.PeopleScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "Olga Alt", "Nora Neu")
        screen.data = _people("Wanda Watch")

        async def shows():
            await pilot.pause()
            return "Wanda Watch" in visible_text(app)

        await await_for(shows, what="the repaint by the watcher")


def _load_row(who: str):
    return SimpleNamespace(worker=who, open_cases=0, child_protection=0, overdue=0,
                           postponed=0, absent_until=None, deputy="", by_phase={}, by_area={})


async def test_team_drops_a_stale_answer_and_repaints_by_watcher(db, worker, monkeypatch):
    from caseterm.screens.team import TeamScreen
    from caseterm.services import team as team_service

    held = Held([_load_row("Olga Alt")], [_load_row("Nora Neu")])
    monkeypatch.setattr(team_service, "caseload", held)
    monkeypatch.setattr(team_service, "approvals", lambda ctx: [])
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = TeamScreen()
        await _stale_answer_is_dropped(app, pilot, screen, held, "Olga Alt", "Nora Neu")
        screen.team = ([_load_row("Wanda Watch")], [])

        async def shows():
            await pilot.pause()
            return "Wanda Watch" in visible_text(app)

        await await_for(shows, what="the repaint by the watcher")


async def test_the_notes_count_drops_a_stale_answer(db, worker, make_case, monkeypatch):
    from caseterm.screens.record_notes import RecordNotesScreen
    from caseterm.services import record

    case_id = make_case()
    held = Held(31, 47)
    monkeypatch.setattr(record, "count_notes", held)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = RecordNotesScreen(case_id)
        await _stale_answer_is_dropped(app, pilot, screen, held, "31", "47",
                                       again=screen._count,
                                       text=lambda: _static(screen, "#notes-status"))
        assert screen.total == 47
        screen.total = 5
        await await_for(lambda: "5 " in _static(screen, "#notes-status"),
                        what="the repaint by the watcher")
