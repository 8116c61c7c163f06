"""The access report from the TUI (palette on an open case) and the DPO's reminder."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from caseterm.db.repo import workers as workers_repo
from caseterm.models.case import Case
from caseterm.screens.case import CaseScreen
from tests.conftest import make_app, palette_offers, wait_idle, wait_until


def _titles(app) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def test_team_lead_writes_the_access_report_from_the_palette(db, worker, make_case,
                                                                    tmp_path, monkeypatch):
    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "data"))
    case_id = make_case("Pia", "Palette")
    with db.write() as s:
        lead = workers_repo.add(s, username="lena", display_name="Lena Lead", role="team_lead",
                                team="Team Nord", office="Rathaus", land="NW")
        lead = SimpleNamespace(id=lead.id)
    app = make_app(db, lead)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert "Auskunft (Art. 15 DSGVO)" in _titles(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Auskunft")
        await wait_until(pilot, app, lambda: palette_offers(app, "Auskunft"))
        await pilot.press("enter")
        await wait_idle(pilot, app)
        exports = tmp_path / "data" / "exports"
        assert sorted(p.suffix for p in exports.iterdir()) == [".json", ".pdf"]
        assert any("Auskunft gespeichert" in str(n.message) for n in app._notifications)


async def test_caseworker_has_no_access_report_command(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert "Auskunft (Art. 15 DSGVO)" not in _titles(app)


async def test_dpo_is_reminded_of_due_erasures(db, worker, make_case):
    case_id = make_case()
    with db.write() as s:
        case = s.get(Case, case_id)
        case.opened_on, case.closed_on = date(2005, 1, 1), date(2012, 1, 1)
        case.phase, case.closure_reason = "closure", "goals_achieved"
        s.add(case)
        dpo = workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo")
        dpo = SimpleNamespace(id=dpo.id)
    app = make_app(db, dpo)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert any("caseterm privacy retention --dry-run" in str(n.message)
                   for n in app._notifications)
