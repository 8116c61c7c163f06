"""Training labs in the TUI: the banner on every screen and dialog, the Aufgaben panel (F7),
the trainee picker of a session, the trainer's overview, the PDF watermark; snapshots of the
Aufgaben panel and the overview at 80×24 and 120×40."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from caseterm.services import lab
from tests.conftest import visible_text, wait_idle

START = date(2027, 3, 1)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from caseterm.core import clock

    root = tmp_path_factory.mktemp("labs")
    clock.set_today(START)
    lab.create_lab("kurs", "auftakt", START, ["Anna", "Ben"], root=root)
    return root


@pytest.fixture
def labs(built, tmp_path) -> Path:
    root = tmp_path / "userdata" / "labs"
    shutil.copytree(built, root)
    return root


@pytest.fixture
def workspace(labs):
    db, ctx, info = lab.open_workspace("kurs", "Anna", root=labs)
    yield db, ctx, info
    db.dispose()


def _app(workspace):
    from caseterm.app import CasetermApp

    db, ctx, info = workspace
    return CasetermApp(db, ctx, lab=info)


def _banner(app) -> str:
    return str(app.screen.query_one("#lab-banner").render())


async def _wait_banner(pilot, app):
    for _ in range(20):
        await wait_idle(pilot, app)
        if app.screen.query("#lab-banner"):
            return
    raise AssertionError(f"no lab banner on {type(app.screen).__name__}")


async def test_the_banner_is_on_every_screen_and_dialog(workspace):
    app = _app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wait_banner(pilot, app)
        text = _banner(app)
        assert "ÜBUNG – fiktive Daten" in text and "Labor kurs" in text
        assert "Anna" in text and "01.03.2027" in text
        for key in ("f5", "f4", "f2", "f7", "f1"):
            await pilot.press(key)
            await _wait_banner(pilot, app)
        await pilot.press("escape")
        app.action_profile()  # a dialog
        await _wait_banner(pilot, app)
        assert "profile" in type(app.screen).__name__.lower()
        # it cannot be switched off: no key, no command, no setting removes it
        assert not [b for b in app.BINDINGS if "banner" in str(b)]


async def test_the_aufgaben_panel_shows_tasks_done_marks_and_hints(workspace):
    from caseterm.core.inputs import NoteInput
    from caseterm.core.vocab import NoteKind
    from caseterm.db.repo import settings
    from caseterm.services import cases

    db, ctx, _info = workspace
    import json

    number = json.loads(settings.get(db, "lab.cases"))["auftakt-weber"]
    cases.add_note(ctx, cases.find(ctx, number),
                   NoteInput(kind=NoteKind.conversation, text="Erstgespräch"))
    app = _app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wait_banner(pilot, app)
        await pilot.press("f7")
        await wait_idle(pilot, app)
        text = visible_text(app)
        assert "1 von 2" in text or "1 of 2" in text
        assert "✓" in text and "Arbeitsbündnis" in text
        await pilot.press("down")
        await wait_idle(pilot, app)
        hint = str(app.screen.query_one("#tasks-hint").render())
        assert "Arbeitsbündnis" in hint


async def test_a_session_asks_which_trainee_and_opens_her_workspace(labs):
    from caseterm.app import CasetermApp

    meta = lab.read_meta("kurs", labs)
    app = CasetermApp(None, None, lab_pick=meta)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert "Anna" in visible_text(app) or app.screen.query("OptionList")
        await pilot.press("down", "enter")
        for _ in range(30):
            await wait_idle(pilot, app)
            if app.lab is not None and app.screen.query("#lab-banner"):
                break
        assert app.lab.trainee == "Ben" and "Ben" in _banner(app)
        assert app.db.path.name == "t002.db"
    app.db.dispose()


async def test_the_trainers_overview_lists_trainees_and_drills_in(labs):
    from caseterm.screens.lab_overview import LabOverviewApp

    app = LabOverviewApp("kurs")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(10):
            await wait_idle(pilot, app)
            if app.statuses:
                break
        text = visible_text(app)
        assert "Anna" in text and "Ben" in text and "0/2" in text
        await pilot.press("o")
        await pilot.pause()
    assert app.return_value == "Anna"


def test_plan_pdf_from_a_lab_carries_the_watermark(workspace, tmp_path):
    from pypdf import PdfReader

    from caseterm.export.plan_pdf import render
    from caseterm.services.lab import watermark

    _db, ctx, _info = workspace
    mark = watermark(ctx)
    assert mark and "kurs" in mark
    path = render({"case_number": "X-1", "goals": []}, tmp_path / "p.pdf", watermark=mark)
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "fiktive Daten" in text or "fictional data" in text
    plain = render({"case_number": "X-1", "goals": []}, tmp_path / "q.pdf")
    assert "fictional" not in PdfReader(str(plain)).pages[0].extract_text()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_aufgaben_panel(snap_compare, workspace, size):
    async def run_before(pilot):
        await _wait_banner(pilot, pilot.app)
        await pilot.press("f7")
        await _wait_banner(pilot, pilot.app)

    assert snap_compare(_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_trainers_overview(snap_compare, labs, size):
    from caseterm.screens.lab_overview import LabOverviewApp

    async def run_before(pilot):
        for _ in range(10):
            await wait_idle(pilot, pilot.app)
            if pilot.app.statuses:
                break

    assert snap_compare(LabOverviewApp("kurs"), terminal_size=size, run_before=run_before)
