"""Every form opens in its first field, and a sentence typed into its first text field lands
there and fires nothing (issue 12: on typing screens keys cannot be typed by accident)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from caseterm.db.repo import workers
from caseterm.screens.dialogs import FormDialog
from tests.conftest import make_app, wait_idle
from tests.test_snapshots_all import (  # noqa: F401  (demo_copy is a fixture)
    ADMIN,
    LEAD,
    SCREENS,
    _run,
    _worker_with_role,
    demo_copy,
    screen_classes,
)

SENTENCE = "the quick brown fox jumps over the lazy dog THE QUICK BROWN FOX JUMPS OVER A DOG"
assert set(SENTENCE.lower()) >= set("abcdefghijklmnopqrstuvwxyz")
FIELDS = (Input, TextArea, Select, Checkbox, SelectionList)

# every dialog with fields, and the team lead's decision on a measure (a dialog with a
# reason field and keys of its own)
_classes = screen_classes()
FORMS = [*sorted(k for k in SCREENS if issubclass(_classes[k], FormDialog)),
         "goals.ApprovalDialog"]


# The forms of the case conference, closure, consents, referrals, documents and goals open
# in their first field; these open in another one, each for a reason.
OTHER_FIRST = {
    "goals.GasDialog": "the first empty level (issue 12: the SMART target is not replaced)",
    "goals.GoalDialog": "the level is chosen by the key that opened it (A, S): the client's "
                        "words come next",
    "referrals.ReferralDialog": "the kind of recipient has its default and F6 sets it from "
                                "the directory: the recipient is typed first",
}
NAMED = ("conference.", "closure.", "consents.", "referrals.", "documents.", "goals.")


def _fields(screen) -> list:
    return [w for w in screen.query("*") if isinstance(w, FIELDS) and w.focusable
            and w.display and w.visible]


def _text(field) -> str:
    return field.text if isinstance(field, TextArea) else field.value


@pytest.mark.slow
@pytest.mark.parametrize("key", FORMS)
async def test_form_opens_in_its_first_field_and_typing_fires_nothing(demo_copy, key):  # noqa: F811
    db = demo_copy
    steps = list(SCREENS[key])
    who = workers.current(db)
    if steps and steps[0] in (LEAD, ADMIN):
        who = _worker_with_role(db, steps[0])
        steps = steps[1:]
    app = make_app(db, who, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        for step in steps:
            await _run(step, app, db, pilot)
            await wait_idle(pilot, app)
        screen = app.screen
        assert type(screen).__name__ == key.split(".")[1]
        fields = _fields(screen)
        # the focus opens in a field (not on the scrolling box, not nowhere) …
        assert app.focused in fields, (key, app.focused)
        # … the first one on the named screens, unless there is a reason
        if key.startswith(NAMED) and key not in OTHER_FIRST:
            assert app.focused is fields[0], (key, app.focused, fields[0])
        stack = list(app.screen_stack)
        keys = ["space" if c == " " else c for c in SENTENCE]
        if not any(isinstance(f, Input | TextArea) for f in fields):
            # only choices (a worker, a person): typed letters choose nothing and fire nothing
            await pilot.press(*keys)
            await wait_idle(pilot, app)
            assert list(app.screen_stack) == stack and app.screen is screen, key
            assert not app._notifications, [str(n.message) for n in app._notifications]
            return
        # Tab to the first field where text is typed, as a person would
        for _ in range(len(fields)):
            if isinstance(app.focused, Input | TextArea):
                break
            await pilot.press("tab")
            await wait_idle(pilot, app)
        field = app.focused
        assert isinstance(field, Input | TextArea), (key, field)
        before = _text(field)
        await pilot.press(*keys)
        await wait_idle(pilot, app)
        assert list(app.screen_stack) == stack and app.screen is screen, key
        assert app.focused is field
        assert SENTENCE in _text(field) and _text(field) != before, (key, _text(field))
        assert not app._notifications, [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("key", ["f6", "f7"])
async def test_f_keys_of_the_assessment_work_from_inside_a_text_field(db, worker, make_case,
                                                                     key):
    """Textual's TextArea takes F6 (select line) and F7 (select all) itself: in the
    assessment's text fields F6 "mark complete" and F7 "new assessment" did nothing."""
    from caseterm.screens.assessment import AssessmentScreen
    from caseterm.services import assessment as svc
    from tests.conftest import ctx_for

    case_id = make_case()
    ctx = ctx_for(db, worker)
    if key == "f6":
        svc.start(ctx, case_id)  # an open assessment to mark complete
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("assessment", case_id)
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        area = screen.query(TextArea).first()
        area.focus()
        await pilot.press(*"Miete")
        await wait_idle(pilot, app)
        assert area.text == "Miete" and app.focused is area
        rows = len(svc.view(ctx, case_id).rows)
        await pilot.press(key)
        await wait_idle(pilot, app)
        if key == "f6":  # asks before marking complete (or says what is missing)
            assert app.screen is not screen or app._notifications
        else:  # the first assessment starts
            assert len(svc.view(ctx, case_id).rows) == rows + 1


def test_every_checkbox_reads_without_colour():
    """Textual's own Checkbox draws "▐X▌" ticked and not ticked (colour alone tells them
    apart): the conference invitation and the record dialogs still used it."""
    import ast
    from pathlib import Path

    import caseterm

    offenders = []
    for path in Path(caseterm.__file__).parent.rglob("*.py"):
        if path.name == "tickbox.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module == "textual.widgets"
                    and any(a.name == "Checkbox" for a in node.names)):
                offenders.append(str(path))
    assert not offenders, f"use caseterm.widgets.tickbox.Checkbox in {offenders}"


@pytest.mark.slow
async def test_a_refused_save_shows_its_message_at_80x24(demo_copy):  # noqa: F811
    """The decision without an owner at 80x24: the message under "Owner" is on screen (in
    the walk it lay below the fold, and Ctrl+S looked as if nothing happened)."""
    from caseterm.widgets.form import FormField
    from tests.test_desk_fit import _on_view

    db = demo_copy
    app = make_app(db, workers.current(db), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        for step in SCREENS["conference.DecisionDialog"]:
            await _run(step, app, db, pilot)
            await wait_idle(pilot, app)
        await pilot.press(*"Tochter begleitet", "ctrl+s")
        await wait_idle(pilot, app)
        bad = [f for f in app.screen.query(FormField) if f.has_class("-invalid")]
        assert bad, "no field was refused"
        await pilot.pause()
        error = bad[0].query_one(".form-error")
        assert _on_view(app, error), (bad[0].field_name, error.region)
