"""Where the focus is, at a glance, at 80x24, in the default theme and the high-contrast one
(issue 12): a form with the focus on its second field (a framed input among unframed ones),
the queue with the focus on its list (the bar at the table's left edge), and a question with
the focus on its safe answer (the reversed button).

Update with `pytest tests/test_snapshots_focus.py --snapshot-update` and LOOK at the SVGs."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from caseterm.db.repo import workers
from tests.conftest import make_app, wait_until
from tests.test_snapshots import _steady
from tests.test_snapshots_all import (  # noqa: F401  (demo_copy is a fixture)
    SCREENS,
    _run,
    demo_copy,
    keys,
)

THEMES = ["textual-dark", "caseterm-high-contrast"]
WHERE = {
    # the conference plan: title typed, Tab to the date
    "form": [*SCREENS["conference.PlanConferenceDialog"], keys(*"Hilfeplan", "tab")],
    "list": [],  # the queue opens with the focus on its list
    "question": SCREENS["dialogs.ConfirmDialog"],
}


@pytest.mark.slow
@pytest.mark.parametrize("where", sorted(WHERE))
@pytest.mark.parametrize("theme", THEMES)
def test_snapshot_focus_at_80x24(snap_compare, demo_copy, theme, where):  # noqa: F811
    db = demo_copy

    async def focus_it(pilot):
        app = pilot.app
        app.theme = theme
        await _steady(pilot)
        for step in WHERE[where]:
            await _run(step, app, db, pilot)
            await _steady(pilot)
        if where == "form":
            await wait_until(pilot, app, lambda: getattr(app.focused, "id", "") == "conf-date")
            app.focused.cursor_blink = False
        assert app.focused is not None
        for field in app.screen.query(Input):
            field.cursor_blink = False

    app = make_app(db, workers.current(db), demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=focus_it)
