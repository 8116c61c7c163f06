"""Screens where people type (assessment, intake, note, goal editor): after Tab a sentence with
every letter goes into the field and fires nothing, and the focused field looks different
from the others at a glance. The intake's labels are whole at 80 columns."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Input, TextArea

from tests.conftest import make_app, wait_idle

SENTENCE = "the quick brown fox jumps over the lazy dog THE QUICK BROWN FOX JUMPS OVER A DOG"
assert set(SENTENCE.lower()) >= set("abcdefghijklmnopqrstuvwxyz")


async def _open(pilot, app, where: str, case_id):
    if where == "intake":
        app.open_destination("intake")
    elif where == "assessment":
        app.open_destination("assessment", case_id)
    elif where == "note":
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("n")
    elif where == "goal":
        app.open_destination("goals", case_id)
        await wait_idle(pilot, app)
        await pilot.press("a")
    await wait_idle(pilot, app)


def _border_colour(widget):
    return widget.styles.border_top[1]


@pytest.mark.parametrize("where", ["intake", "assessment", "note", "goal"])
async def test_a_typed_sentence_fires_nothing_and_the_focus_shows(db, worker, make_case, where):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await _open(pilot, app, where, case_id)
        screen = app.screen
        stack = list(app.screen_stack)
        await pilot.press("tab")
        await wait_idle(pilot, app)
        keys = ["space" if c == " " else c for c in SENTENCE]
        if not isinstance(app.focused, Input | TextArea):
            # Tab left the form's only text field (the note dialog opens in it): the
            # sentence lands on a button and must fire nothing; Shift+Tab goes back
            await pilot.press(*keys)
            await wait_idle(pilot, app)
            assert app.screen is screen and list(app.screen_stack) == stack, where
            await pilot.press("shift+tab")
            await wait_idle(pilot, app)
        field = app.focused
        assert isinstance(field, Input | TextArea), (where, field)
        before = field.value if isinstance(field, Input) else field.text
        await pilot.press(*keys)
        await wait_idle(pilot, app)
        # nothing fired: the same screen, no dialog opened or closed, no message shown
        assert app.screen is screen and list(app.screen_stack) == stack, where
        assert app.focused is field
        after = field.value if isinstance(field, Input) else field.text
        assert SENTENCE in after and after != before, (where, after)
        assert not app._notifications, [n.message for n in app._notifications]
        # the focus is visible: the field's frame changes when the focus leaves it
        focused_look = _border_colour(field)
        await pilot.press("tab")
        await wait_idle(pilot, app)
        assert app.focused is not field
        assert _border_colour(field) != focused_look, where


async def test_intake_labels_are_whole_at_80_columns(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("intake")
        await wait_idle(pilot, app)
        labels = list(app.screen.query(".form-label"))
        assert labels
        for label in labels:
            field = label.parent
            text = field.label_text + (f" — {field.hint}" if field.hint else "")
            width = label.size.width
            assert width > 0
            lines = Text(text).wrap(app.console, width)
            assert len(lines) <= label.size.height, (text, width, label.size.height)
