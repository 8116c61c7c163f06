"""One case screen, refilled for the next case (issue 18): nothing of case A may show on
case B — not on the screen, not in the widgets' content below the fold, not in a dialog opened
from it — and an answer that arrives late for A is dropped."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from caseterm.core import clock
from caseterm.core.inputs import FollowUpInput, NoteInput
from caseterm.core.vocab import NoteKind
from caseterm.services import cases as cases_service
from caseterm.services import followups as followups_service
from tests.conftest import ctx_for, make_app, wait_idle
from tests.waiting import await_for

A_MARKS = ("Aaronsohn", "Adalbert", "Alphatitel", "Alphanotiz", "Alphaschritt")


def screen_text(screen) -> str:
    """Every text the screen holds: its Statics' content and its tables' cells (also the parts
    scrolled out of view), plus what is painted."""
    parts = [screen.app.export_screenshot()]
    for widget in screen.walk_children():
        if isinstance(widget, DataTable):
            for i in range(widget.row_count):
                parts.extend(str(cell) for cell in widget.get_row_at(i))
        elif isinstance(widget, Static):
            parts.append(str(widget.content))
    parts.append(str(screen.sub_title))
    return "\n".join(parts).replace("&#160;", " ")


def _cases(db, worker, make_case):
    a = make_case(first="Adalbert", last="Aaronsohn", title="Alphatitel",
                  child_protection=True)
    b = make_case(first="Berta", last="Brückner", title="Betatitel")
    ctx = ctx_for(db, worker)
    for i in range(12):
        cases_service.add_note(ctx, a, NoteInput(kind=NoteKind.phone,
                                                 text=f"Alphanotiz {i}\nzweite Zeile"))
    for i in range(8):
        followups_service.add(ctx, a, FollowUpInput(
            due_date=clock.today() + timedelta(days=i), next_step=f"Alphaschritt {i}"))
    cases_service.add_note(ctx, b, NoteInput(kind=NoteKind.phone, text="Betanotiz"))
    return a, b


async def _open(app, pilot, case_id):
    from caseterm.screens.case import CaseScreen

    app.open_case(case_id)
    await await_for(lambda: isinstance(app.screen, CaseScreen)
                    and app.screen.case_id == case_id and app.screen.data is not None,
                    timeout=60, what="the case screen filled")
    await wait_idle(pilot, app)
    return app.screen


async def test_case_b_shows_nothing_of_case_a(db, worker, make_case):
    a, b = _cases(db, worker, make_case)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        screen_a = await _open(app, pilot, a)
        text_a = screen_text(screen_a)
        assert all(mark in text_a for mark in A_MARKS)  # the marks are findable at all
        assert screen_a.query_one("#case-cp").has_class("-shown")
        # leave A scrolled, with a cursor moved and the focus elsewhere
        main = screen_a.query_one("#case-main")
        main.scroll_end(animate=False, immediate=True)
        screen_a.query_one("#case-followups", DataTable).move_cursor(row=5)
        screen_a.query_one("#case-history", DataTable).focus()
        await pilot.pause()
        assert main.scroll_y > 0
        app.pop_screen()
        await wait_idle(pilot, app)

        screen_b = await _open(app, pilot, b)
        assert screen_b is screen_a  # the same screen, refilled
        text_b = screen_text(screen_b)
        assert "Brückner" in text_b and "Betanotiz" in text_b
        for mark in A_MARKS:
            assert mark not in text_b, mark
        assert not screen_b.query_one("#case-cp").has_class("-shown")
        assert screen_b.query_one("#case-main").scroll_y == 0
        assert screen_b.query_one("#case-followups", DataTable).cursor_row == 0
        assert screen_b.focused is not screen_b.query_one("#case-history")

        # every dialog opened from B speaks of B only
        for key in ("n", "p", "w", "e", "i"):
            await pilot.press(key)
            await await_for(lambda: app.screen is not screen_b, timeout=30,
                            what=f"the dialog of {key}")
            await wait_idle(pilot, app)
            dialog = screen_text(app.screen)
            for mark in A_MARKS:
                assert mark not in dialog, (key, mark)
            await pilot.press("escape")
            await await_for(lambda: app.screen is screen_b, timeout=30,
                            what="back on the case")
            await wait_idle(pilot, app)

        # a late answer for A (a reload started before the refill) is dropped
        ctx = ctx_for(db, worker)
        screen_b._show(cases_service.overview(ctx, a))
        await pilot.pause()
        assert all(mark not in screen_text(screen_b) for mark in A_MARKS)
        assert screen_b.data is not None and screen_b.data.case.id == b


async def test_a_case_opened_from_a_case_gets_its_own_screen(db, worker, make_case):
    """While the kept screen is on the stack (a case opened from a screen above it), the
    next case gets a new screen, and going back shows A unchanged."""
    a, b = _cases(db, worker, make_case)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        screen_a = await _open(app, pilot, a)
        screen_b = await _open(app, pilot, b)
        assert screen_b is not screen_a
        assert "Aaronsohn" not in screen_text(screen_b)
        app.pop_screen()
        await wait_idle(pilot, app)
        assert app.screen is screen_a
        assert "Aaronsohn" in screen_text(screen_a) and "Brückner" not in screen_text(screen_a)


async def test_the_kept_screen_follows_a_language_switch(db, worker, make_case):
    a, b = _cases(db, worker, make_case)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        from caseterm.i18n import language

        first = await _open(app, pilot, a)
        app.pop_screen()
        await wait_idle(pilot, app)
        app.switch_language("en" if language() == "de" else "de")
        await wait_idle(pilot, app)
        second = await _open(app, pilot, b)
        assert second is not first
        assert second.language == language()
