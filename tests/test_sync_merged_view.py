"""Merged persons visible (issue 17): after the duplicate review merged two people, the
survivor's cases say that they hold both records and histories (case screen, `case show`
text, --plain and --json), and a search for the merged-away name says „Zusammengeführt in …“
and finds the survivor's case instead of nothing."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import merged, sync
from tests.conftest import ctx_for, make_app, visible_text, wait_until
from tests.sync_world import checkout, make_admin, push


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    case_id = make_case(first="Olga", last="Berg", birth="1970-01-01")
    sync.init_central(admin, "Zentrale")
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, worker)
    centre = ctx_for(db, worker)
    from caseterm.core.intake import check_intake
    from caseterm.services import intake

    saved = intake.save(lap, check_intake({
        "client": {"first_name": "Olga", "last_name": "Berk", "birth_date": "01.01.1970"},
        "case": {"legal_area": "sgb2"}, "referral": {"urgency": "routine"}}),
        confirm_new=True)
    assert push(lap, centre).duplicates == 1
    dup = sync.list_duplicates(centre)[0]
    sync.decide_duplicate(centre, dup.id, "merge")
    yield SimpleNamespace(db=db, centre=centre, case=case_id, moved=saved.case_id,
                          gone=saved.client_id)
    laptop.dispose()


def _number(db, case_id):
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).case_number


def test_the_survivors_cases_hold_both(world):
    for case_id in (world.case, world.moved):
        rows = merged.merged_in(world.centre, case_id)
        assert [(r.person_id, r.name) for r in rows] == [(world.gone, "Olga Berk")]
        assert rows[0].merged_at is not None
        line = merged.holds_both(rows)
        assert "Olga Berk" in line and ("01.01.1970" in line or "1970-01-01" in line)
    assert merged.holds_both([]) == ""
    # someone who may not read the case learns nothing of who was merged into it
    from caseterm.db.repo import workers

    with world.db.write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    from caseterm.services import AccessDenied

    with pytest.raises(AccessDenied):
        merged.merged_in(ctx_for(world.db, bernd), world.case)


def test_case_show_says_merged_in_text_plain_and_json(world, monkeypatch):
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    runner = CliRunner()
    number = _number(world.db, world.case)
    base = ["--db", str(world.db.path), "--lang", "de", "case", "show", number]
    r = runner.invoke(app, [*base, "--plain"])
    assert r.exit_code == 0, r.output
    assert "Zusammengeführt: Olga Berk (geb. 01.01.1970, zusammengeführt am " in r.stdout
    r = runner.invoke(app, [*base, "--json"])
    data = json.loads(r.stdout)
    assert data["merged_in"][0]["id"] == str(world.gone)
    assert data["merged_in"][0]["name"] == "Olga Berk"
    assert data["merged_in"][0]["birth_date"] == "1970-01-01"


def test_searching_the_merged_away_name_leads_to_the_survivor(world):
    hits = merged.matching(world.centre, "Berk")
    assert [(old, who.person_id != world.gone, who.name) for old, who in hits] == [
        ("Olga Berk", True, "Olga Berg")]
    assert merged.matching(world.centre, "Schmidt") == []


async def test_the_tui_shows_merged_on_the_case_and_in_the_search(world):
    from textual.widgets import DataTable

    from caseterm.db.repo import workers

    app_ = make_app(world.db, workers.current(world.db))
    async with app_.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app_, lambda: app_.screen.id != "_default")
        await pilot.press("s")
        await wait_until(pilot, app_, lambda: app_.screen.query("#cl-search"))
        await pilot.press(*"Berk")
        await wait_until(pilot, app_, lambda: "Olga Berk: Zusammengeführt in Olga Berg"
                         in visible_text(app_))
        table = app_.screen.query_one(DataTable)
        assert table.row_count >= 1 and "Berg" in visible_text(app_)
        await pilot.press("enter")  # to the list
        await wait_until(pilot, app_, lambda: table.has_focus)
        await pilot.press("enter")  # open the case
        await wait_until(pilot, app_, lambda: "enthält auch Datensatz und Verlauf von "
                         "Olga Berk" in visible_text(app_))
