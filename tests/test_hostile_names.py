"""Hostile client names appear literally on the real screens and trigger nothing."""

from __future__ import annotations

import pytest

from tests.conftest import make_app, visible_text, wait_idle

HOSTILE = [
    "[@click=app.quit]x",
    "[/]",
    "[link=https://x]y",
    "\x1b]0;t\x07Titel",
    "\x1b[2JLeer",
    "\u202eNamerev",
]


@pytest.mark.parametrize("name", HOSTILE)
async def test_hostile_name_on_home_and_case_screen(db, worker, make_case, name):
    case_id = make_case(first="Eva", last=name, title=name)
    from caseterm.core.inputs import NoteInput
    from caseterm.core.vocab import NoteKind
    from caseterm.db.repo import notes

    notes.add_note(db, case_id, NoteInput(kind=NoteKind.phone, text=name), worker.id)
    app = make_app(db, worker)
    async with app.run_test(size=(150, 45)) as pilot:
        await wait_idle(pilot, app)
        home = visible_text(app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        case = visible_text(app)
        # click every line of the header where the name is shown: no action may run
        await pilot.click("#case-head")
        await pilot.click("#case-notes")
        await wait_idle(pilot, app)
        assert app.is_running
        assert app.return_code is None
    for shown in (home, case):
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    if name.startswith("["):
        # literally, never as markup; the queue may cut the name to its column with "…"
        assert name[:12] in home and name in case
    else:
        literal_tail = name[-4:]
        assert literal_tail in case
