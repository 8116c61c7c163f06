"""Issue 19: the letterhead is editable in the TUI (steering screen, Ctrl+L) for an
administrator or a team lead, through the same service as `caseterm office letterhead`: an
unreadable logo is named at its field and nothing changes; a caseworker is refused."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from caseterm.db.repo import audit
from caseterm.db.repo import workers as workers_repo
from caseterm.screens.letterhead import LetterheadDialog
from caseterm.services import paperwork
from tests.conftest import ctx_for, make_app, wait_idle, wait_until


@pytest.fixture
def lead(db):
    with db.write() as s:
        workers_repo.add(s, username="lena", display_name="Lena Vogt", role="team_lead",
                         team="Team Nord")
    return next(w for w in workers_repo.list_all(db) if w.username == "lena")


async def _open(pilot, app):
    await wait_idle(pilot, app)
    await pilot.press("f6")
    await wait_idle(pilot, app)
    await pilot.press("ctrl+l")
    await wait_until(pilot, app, lambda: isinstance(app.screen, LetterheadDialog))
    return app.screen


async def test_team_lead_sets_the_letterhead_and_a_bad_logo_is_named(db, lead, tmp_path):
    from PIL import Image

    app = make_app(db, lead)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open(pilot, app)
        dialog.query_one("#lh-name", Input).value = "Jobcenter Musterstadt"
        dialog.query_one("#lh-address", TextArea).text = "Hauptstraße 1\n12345 Musterstadt"
        missing = tmp_path / "nope.png"
        dialog.query_one("#lh-logo", Input).value = str(missing)
        await pilot.press("ctrl+s")
        await wait_until(pilot, app, lambda: dialog.query_one("#field-logo")
                         .has_class("-invalid"))
        assert app.screen is dialog
        assert str(missing) in str(dialog.query_one("#field-logo .form-error").render())
        assert not paperwork.letterhead(ctx_for(db, lead))  # nothing changed
        logo = tmp_path / "logo.png"
        Image.new("RGB", (60, 20), (0, 90, 160)).save(logo)
        dialog.query_one("#lh-logo", Input).value = str(logo)
        await pilot.press("ctrl+s")
        await wait_until(pilot, app, lambda: not isinstance(app.screen, LetterheadDialog))
    head = paperwork.letterhead(ctx_for(db, lead))
    assert head.name == "Jobcenter Musterstadt"
    assert head.address == ("Hauptstraße 1", "12345 Musterstadt")
    assert head.logo == str(logo.resolve())
    assert any(e.action == "setting" and e.record_id == "letterhead"
               for e in audit.latest(db, limit=20))


async def test_a_caseworker_is_refused_and_nothing_changes(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open(pilot, app)
        dialog.query_one("#lh-name", Input).value = "Meine Stelle"
        await pilot.press("ctrl+s")
        await wait_until(pilot, app, lambda: any(e.action == "refuse" for e in
                                                 audit.latest(db, limit=20)))
        await wait_idle(pilot, app)
        assert app.screen is dialog  # still open, with what was typed
    assert not paperwork.letterhead(ctx_for(db, worker))


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_letterhead(snap_compare, db, lead, size):
    paperwork.set_letterhead(ctx_for(db, lead), "Jugendamt Nordkreis",
                             ["Postfach 7", "12345 Nordstadt"], "")
    app = make_app(db, lead)

    async def run_before(pilot):
        await wait_idle(pilot, app)
        await pilot.press("f6")
        await wait_idle(pilot, app)
        while getattr(app.screen, "report", None) is None:  # the figures behind have arrived
            await wait_idle(pilot, app)
        await wait_idle(pilot, app)
        await pilot.press("ctrl+l")
        await wait_until(pilot, app, lambda: isinstance(app.screen, LetterheadDialog))
        await wait_idle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
