"""Restrict, lift, legal hold and erase from the palette on an open case (issue 15, second
pass): a confirm dialog with a required reason calls the same service functions as the CLI.
Pilot tests at 80x24 and 120x40, the caseworker's refusal through the door, and snapshots of
the dialog."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import Input, Static

from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.models.case import Case
from caseterm.screens.case import CaseScreen
from caseterm.screens.privacy_dialog import PrivacyActionDialog, open_dialog
from tests.conftest import make_app, palette_offers, wait_idle, wait_until
from tests.test_snapshots_office import SIZES, _steady, demo  # noqa: F401


def _person(db, role, username):
    with db.write() as s:
        w = workers_repo.add(s, username=username, display_name=username.title(), role=role,
                             team="Team Nord" if role == "team_lead" else "",
                             office="Rathaus", land="NW")
        return SimpleNamespace(id=w.id)


def _titles(app) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


def _case(db, case_id):
    with db.read() as s:
        c = s.get(Case, case_id)
        return c and SimpleNamespace(restricted_on=c.restricted_on, legal_hold=c.legal_hold,
                                     restriction_reason=c.restriction_reason)


async def _palette(pilot, app, text):
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await wait_until(pilot, app, lambda: palette_offers(app, text))
    await pilot.press("enter")
    await wait_idle(pilot, app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_team_lead_restricts_and_lifts_with_a_reason(db, worker, make_case, size):
    case_id = make_case("Sina", "Sperre")
    lead = _person(db, "team_lead", "lena")
    app = make_app(db, lead)
    async with app.run_test(size=size) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        titles = _titles(app)
        assert "Fall sperren" in titles and "Sperrung aufheben" in titles
        assert "Löschsperre setzen" in titles
        assert "Fall endgültig löschen" not in titles  # erasure is the DPO's
        await _palette(pilot, app, "Fall sperren")
        assert isinstance(app.screen, PrivacyActionDialog)
        # no reason: message at the field, nothing changes
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PrivacyActionDialog)
        assert app.screen.query_one("FormField.-invalid")
        assert _case(db, case_id).restricted_on is None
        await pilot.press(*"Antrag nach Art. 18")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, PrivacyActionDialog)
        case = _case(db, case_id)
        assert case.restricted_on is not None
        assert case.restriction_reason == "Antrag nach Art. 18"
        assert any(e.entity == "casefile" and e.case_id == case_id
                   for e in audit_repo.latest(db, limit=20))
        open_dialog(app, case_id, "lift")
        await wait_idle(pilot, app)
        await pilot.press(*"Zweck entfallen", "enter")
        await wait_idle(pilot, app)
        assert _case(db, case_id).restricted_on is None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_dpo_sets_a_hold_and_the_hold_refuses_erasure(db, worker, make_case, size):
    """The DPO sees no case content, so opens no case: the palette offers the actions on every
    screen and the dialog asks for the case number."""
    from caseterm.db.repo import privacy as privacy_repo

    case_id = make_case("Hanna", "Halt")
    number = privacy_repo.case_by_id(db, case_id).case_number
    dpo = _person(db, "dpo", "dora")
    app = make_app(db, dpo)
    async with app.run_test(size=size) as pilot:
        await wait_idle(pilot, app)
        assert "Fall endgültig löschen …" in _titles(app)
        await _palette(pilot, app, "sperre setzen")
        assert isinstance(app.screen, PrivacyActionDialog)
        await pilot.press(*"Klage anhängig", "ctrl+s")  # typed into the number: no reason
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PrivacyActionDialog)
        app.screen.query_one("#privacy-number", Input).value = "XX-0000-99999"
        app.screen.query_one("#privacy-reason", Input).value = "Klage anhängig"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert "-shown" in app.screen.query_one("#privacy-refusal").classes  # not found
        app.screen.query_one("#privacy-number", Input).value = number
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, PrivacyActionDialog)
        assert _case(db, case_id).legal_hold
        await _palette(pilot, app, "Fall endg")
        assert isinstance(app.screen, PrivacyActionDialog)
        app.screen.query_one("#privacy-number", Input).value = number
        app.screen.query_one("#privacy-reason", Input).value = "Antrag auf Löschung"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        # refused by the hold: shown in the dialog, the case stays, the refusal is audited
        assert isinstance(app.screen, PrivacyActionDialog)
        shown = str(app.screen.query_one("#privacy-refusal", Static).render())
        assert "Löschsperre" in shown
        assert _case(db, case_id) is not None
        assert audit_repo.latest(db, limit=1)[0].action == "refuse"


async def test_caseworker_is_offered_nothing_and_refused_through_the_door(db, worker,
                                                                         make_case):
    case_id = make_case("Cora", "Caseworker")
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        titles = _titles(app)
        assert not {"Fall sperren", "Sperrung aufheben", "Löschsperre setzen",
                    "Fall endgültig löschen"} & set(titles)
        open_dialog(app, case_id, "restrict")  # the door refuses even when asked directly
        await wait_idle(pilot, app)
        app.screen.query_one("#privacy-reason", Input).value = "versucht"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PrivacyActionDialog)
        assert "-shown" in app.screen.query_one("#privacy-refusal").classes
        assert _case(db, case_id).restricted_on is None
        last = audit_repo.latest(db, limit=1)[0]
        assert last.action == "refuse" and last.entity == "privacy"


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_restrict_dialog(snap_compare, demo, size):  # noqa: F811
    dpo = _person(demo, "dpo", "dora")
    app = make_app(demo, dpo)

    async def run_before(pilot):
        await _steady(pilot)
        open_dialog(pilot.app, None, "restrict")
        await _steady(pilot)
        await pilot.press("ctrl+s")  # no reason: the message at the field
        await _steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
