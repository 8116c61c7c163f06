"""Snapshots (German) of the screens issue 12 split into packages: the goals screen with its
three tabs, the network map of a demo case, the queue's Done dialog and the intake's duplicate
warning. They were taken from the code before the split, so they prove that it changed
nothing a user sees.

Update after an intended change with `pytest tests/test_snapshots_split.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/test_snapshots_split/."""

from __future__ import annotations

import pytest

from caseterm.db.repo import cases, workers
from tests.conftest import make_app
from tests.test_snapshots import _steady, demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow
CASE = "SH-2026-00007"


def _open(demo, dest, keys=()):  # noqa: F811
    case_id = cases.find_by_number(demo, CASE)
    assert case_id is not None

    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.open_destination(dest, case_id)
        await _steady(pilot)
        for key in keys:
            await pilot.press(key)
            await _steady(pilot)

    return make_app(demo, workers.current(demo), demo=True), run_before


@pytest.mark.parametrize("size,keys", [((80, 24), ()), ((120, 40), ()), ((120, 40), ("2",)),
                                       ((120, 40), ("3",))])
def test_goals_tabs(snap_compare, demo, size, keys):  # noqa: F811
    app, run_before = _open(demo, "goals", keys)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_network_map_of_a_demo_case(snap_compare, demo, size):  # noqa: F811
    app, run_before = _open(demo, "resources")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_queue_done_dialog(snap_compare, demo):  # noqa: F811
    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.screen.query_one("#queue-table").focus()
        await pilot.press("d")
        from caseterm.screens.queue import DoneDialog

        for _ in range(50):  # the dialog is up before the picture (slow machines)
            if isinstance(pilot.app.screen, DoneDialog):
                break
            await pilot.pause()
        await _steady(pilot)
        await _steady(pilot)  # its fields' cursors stop blinking once they are there

    app = make_app(demo, workers.current(demo), demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
