"""Snapshots (German) of the screens and dialogs issue 12 reshaped, at 80x24 and 120x40: the
queue with case and client, the intake, the assessment, the goal editor with its buttons,
the note dialog and the discard question.

Update after an intended change with `pytest tests/test_snapshots_desk.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/test_snapshots_desk/."""

from __future__ import annotations

import pytest

from caseterm.db.repo import cases, workers
from tests.conftest import make_app
from tests.test_snapshots import _steady, demo  # noqa: F401  (the fixture)

SIZES = [(80, 24), (120, 40)]
pytestmark = pytest.mark.slow


def _case(db, number="SH-2026-00007"):
    case_id = cases.find_by_number(db, number)
    assert case_id is not None
    return case_id


@pytest.mark.parametrize("size", SIZES)
def test_queue(snap_compare, demo, size):  # noqa: F811
    async def settled(pilot):
        await _steady(pilot)
        await pilot.resize_terminal(size[0] + 1, size[1])
        await _steady(pilot)
        await pilot.resize_terminal(*size)
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_intake(snap_compare, demo, size):  # noqa: F811
    async def open_intake(pilot):
        await _steady(pilot)
        await pilot.press("f4")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=open_intake)


@pytest.mark.parametrize("size", SIZES)
def test_assessment(snap_compare, demo, size):  # noqa: F811
    case_id = _case(demo)

    async def open_assessment(pilot):
        await _steady(pilot)
        pilot.app.open_destination("assessment", case_id)
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=open_assessment)


@pytest.mark.parametrize("size", SIZES)
def test_goal_editor(snap_compare, demo, size):  # noqa: F811
    case_id = _case(demo)

    async def open_editor(pilot):
        await _steady(pilot)
        pilot.app.open_destination("goals", case_id)
        await _steady(pilot)
        await pilot.press("a")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=open_editor)


@pytest.mark.parametrize("size", SIZES)
def test_note_dialog_asks_before_discarding(snap_compare, demo, size):  # noqa: F811
    case_id = _case(demo)

    async def typed_then_escape(pilot):
        await _steady(pilot)
        pilot.app.open_case(case_id)
        await _steady(pilot)
        await pilot.press("n")
        await _steady(pilot)
        await pilot.press(*"Hallo", "escape")
        await _steady(pilot)

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=typed_then_escape)
