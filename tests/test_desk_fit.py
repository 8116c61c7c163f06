"""Issue 12 leftovers at 80x24: dialogs whose labels were cut, whose title scrolled away on
open, whose last fields could not be reached, and the F1 help with its keys below the fold."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Button, Label

from tests.conftest import make_app

NARROW = (80, 24)


async def _until(pilot, check, tries: int = 100) -> None:
    for _ in range(tries):
        if check():
            return
        await pilot.pause()
    assert check()


def _on_view(app, widget) -> bool:
    """Every ancestor's visible window holds the widget (nothing scrolled past it)."""
    region = widget.region
    if region.height == 0 or not app.screen.region.contains_region(region):
        return False
    node = widget.parent
    while node is not None and node is not app.screen:
        if getattr(node, "is_scrollable", False) and not node.content_region.contains_region(
                region):
            return False
        node = node.parent
    return True


def _clipped(widget) -> bool:
    """Some of the widget lies left or right of an ancestor (a label wider than its field is
    cut); below the fold is fine, the form scrolls."""
    node = widget.parent
    x, right = widget.region.x, widget.region.right
    while node is not None and node is not widget.screen:
        if x < node.region.x or right > node.region.right:
            return True
        node = node.parent
    return False


def _cut_labels(screen) -> list[str]:
    from textual.widgets import Checkbox

    cut = [str(b.label) for b in screen.query(Button)
           if b.content_region.width < cell_len(str(b.label)) or _clipped(b)]
    cut += [str(w.render()) for w in screen.query(Label) if _clipped(w)]
    cut += [str(w.label) for w in screen.query(Checkbox) if _clipped(w)]
    return cut


async def test_followup_dialog_at_80x24_title_on_open_and_kind_priority_reachable(
        db, worker, make_case):
    from caseterm.screens.dialogs import FollowUpDialog

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=NARROW) as pilot:
        app.push_screen(FollowUpDialog(case_id, worker.id))
        await _until(pilot, lambda: isinstance(app.screen, FollowUpDialog)
                     and app.screen._baseline is not None)
        dialog = app.screen
        await pilot.pause()
        title = dialog.query_one(".dialog-title")
        assert _on_view(app, title), "the title scrolled out of view on open"
        assert app.focused is dialog.query_one("#fu-next-step")
        for target in ("#fu-kind", "#fu-priority", "#save"):
            while app.focused is not dialog.query_one(target):
                await pilot.press("tab")
            await _until(pilot, lambda t=target: _on_view(app, dialog.query_one(t)))


async def test_participant_dialog_at_80x24_opens_with_its_title(db, worker):
    import uuid

    from caseterm.screens.goals import ParticipantDialog

    app = make_app(db, worker)
    async with app.run_test(size=NARROW) as pilot:
        app.push_screen(ParticipantDialog(uuid.uuid4()))
        await _until(pilot, lambda: isinstance(app.screen, ParticipantDialog)
                     and app.screen._baseline is not None)
        await pilot.pause()
        assert _on_view(app, app.screen.query_one(".dialog-title"))
        assert _on_view(app, app.focused)


async def test_duplicate_dialog_at_80x24_has_four_whole_buttons_and_c_has_one(
        db, worker, make_case):
    from datetime import date

    from caseterm.screens.intake import DuplicateDialog
    from caseterm.services import intake
    from tests.conftest import ctx_for

    make_case(first="Erika", last="Muster")
    found = intake.duplicates(ctx_for(db, worker), "Erika", "Muster", date(1980, 4, 12))
    assert found
    app = make_app(db, worker)
    results: list = []
    async with app.run_test(size=NARROW) as pilot:
        app.push_screen(DuplicateDialog(found), results.append)
        await _until(pilot, lambda: isinstance(app.screen, DuplicateDialog))
        await pilot.pause()
        dialog = app.screen
        ids = [b.id for b in dialog.query(Button)]
        assert sorted(ids) == ["back", "new", "new_case", "open"]
        assert not _cut_labels(dialog)
        for button in dialog.query(Button):
            assert _on_view(app, button), button.id
        await pilot.click("#new_case")
        await _until(pilot, lambda: results)
    assert results[0][0] == "new_case"


async def test_person_dialog_at_80x24_cuts_no_label(db, worker, make_case):
    from caseterm.screens.resources import PersonDialog
    from caseterm.services import network
    from tests.conftest import ctx_for

    case_id = make_case()
    ctx = ctx_for(db, worker)
    network.new_version(ctx, case_id)
    data = network.version_of(ctx, case_id)
    app = make_app(db, worker)
    async with app.run_test(size=NARROW) as pilot:
        app.push_screen(PersonDialog(data, None))
        await _until(pilot, lambda: isinstance(app.screen, PersonDialog))
        await pilot.pause()
        assert not _cut_labels(app.screen)


async def test_help_at_80x24_shows_title_and_keys_first(db, worker, make_case):
    from textual.widgets import DataTable

    from caseterm.screens.help import HelpScreen

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=NARROW) as pilot:
        app.open_case(case_id)
        await _until(pilot, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press("f1")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        help_screen = app.screen
        assert _on_view(app, help_screen.query_one("#help-title"))
        table = help_screen.query_one("#help-keys", DataTable)
        assert table.row_count > 3
        assert _on_view(app, table) or table.region.y < help_screen.query_one(
            "#help-text").region.y
        # the first keys are on screen without scrolling
        assert app.screen.region.contains_point((table.region.x, table.region.y + 3))


async def test_help_at_120x40_puts_the_text_beside_the_keys(db, worker, make_case):
    from caseterm.screens.help import HelpScreen

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_case(case_id)
        await _until(pilot, lambda: type(app.screen).__name__ == "CaseScreen")
        await pilot.press("f1")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        keys_region = app.screen.query_one("#help-keys").region
        text_region = app.screen.query_one("#help-text").region
        assert text_region.x >= keys_region.right
        assert text_region.y == keys_region.y
        assert _on_view(app, app.screen.query_one("#help-title"))
