"""Pilot tests of the resource mapping screen: people from the keyboard, a tie, the
indicators, a directory offering, an unmet need, two versions compared."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select, Static

from caseterm.core.network import Sector
from caseterm.db.repo import network as net_repo
from caseterm.db.repo import services as services_repo
from caseterm.screens.resources import (
    NetworkCompareDialog,
    OfferingDialog,
    PersonDialog,
    ResourcesScreen,
    TieDialog,
    UnmetNeedDialog,
)
from caseterm.widgets.network_map import NetworkMap
from tests.conftest import TODAY, make_app, wait_idle

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "services" / "lindenau.json"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _open(pilot, app, case_id):
    await wait_idle(pilot, app)
    app.push_screen(ResourcesScreen(case_id))
    await wait_idle(pilot, app)


async def _add(pilot, app, name: str, sector: Sector, closeness: str) -> None:
    await pilot.press("a")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, PersonDialog)
    app.screen.query_one("#p-name", Input).value = name
    app.screen.query_one("#p-sector", Select).value = sector.value
    app.screen.query_one("#p-closeness", Input).value = closeness
    await pilot.press("ctrl+s")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, ResourcesScreen)


async def test_add_three_people_tie_two_and_see_indicators_change(db, worker, make_case):
    case_id = make_case(first="Leyla", last="Demir")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        assert "Netzwerkgröße: 0" in _text(app, "#res-indicators")
        await _add(pilot, app, "Schwester Aylin", Sector.family, "8")
        await _add(pilot, app, "Nachbarin [b]Kühn[/b]", Sector.friends, "5")
        await _add(pilot, app, "Schuldnerberatung", Sector.professional, "3")
        ind = _text(app, "#res-indicators")
        assert "Netzwerkgröße: 3 mit Kontakt" in ind
        assert "Dichte: 0,00" in ind
        assert "Anteil Professionelle: 33 %" in ind
        # the map shows the names literally (markup is not interpreted)
        rendered = str(app.screen.query_one(NetworkMap).render())
        assert "Schwester Aylin" in rendered and "Nachbarin [b]Kü" in rendered

        # select the sister with the arrow keys, then tie her to the neighbour
        net = app.screen.query_one(NetworkMap)
        net.focus()
        sister = next(p for p in net.people if p.name == "Schwester Aylin")
        for _ in range(4):
            if net.selected == sister.id:
                break
            await pilot.press("up")
        if net.selected != sister.id:
            await pilot.press("right")
        assert net.selected == sister.id
        await pilot.press("t")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TieDialog)
        neighbour = next(p for p in net.people if p.sector is Sector.friends)
        app.screen.query_one("#tie-other", Select).value = str(neighbour.id)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourcesScreen)
        ind = _text(app, "#res-indicators")
        assert "Dichte: 0,33" in ind
        assert "Isoliert: Schuldnerberatung" in ind
        assert "Schwester Aylin" in _text(app, "#res-person")
    data = net_repo.latest_map(db, case_id)
    assert len(data.people) == 3 and len(data.ties) == 1


async def test_duplicate_name_and_bad_closeness_rejected_at_the_field(db, worker, make_case):
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        await _add(pilot, app, "Mutter", Sector.family, "9")
        await pilot.press("a")
        await wait_idle(pilot, app)
        app.screen.query_one("#p-name", Input).value = " mutter "
        app.screen.query_one("#p-closeness", Input).value = "12"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PersonDialog)
        assert app.screen.query_one("#field-name").has_class("-invalid")
        assert app.screen.query_one("#field-closeness").has_class("-invalid")
        assert app.screen.query_one("#p-closeness", Input).value == "12"  # kept
    assert len(net_repo.latest_map(db, case_id).people) == 1


async def test_link_offering_and_record_unmet_need(db, worker, make_case):
    services_repo.import_directory(db, DIRECTORY)
    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        await pilot.press("o")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, OfferingDialog)
        app.screen.query_one("#off-search", Input).value = "schuldner"
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourcesScreen)
        assert "Schuldner- und Insolvenzberatung" in _text(app, "#res-needs-body")
        rendered = str(app.screen.query_one(NetworkMap).render())
        assert "Diakonie" in rendered

        await pilot.press("u")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, UnmetNeedDialog)
        await pilot.press("ctrl+s")  # nothing chosen: refused at the fields
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-domain_id").has_class("-invalid")
        app.screen.query_one("#un-domain", Select).value = "aufenthalt_sprache"
        app.screen.query_one("#un-need", Input).value = "Sprachkurs am Nachmittag mit Kita"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourcesScreen)
        assert "Sprachkurs am Nachmittag" in _text(app, "#res-needs-body")
    res = net_repo.resources(db, case_id)
    assert [r.offering_id is not None for r in res] == [True]
    needs = services_repo.unmet_needs(db, case_id)
    assert [n.domain_id for n in needs] == ["aufenthalt_sprache"]


async def test_compare_two_versions(db, worker, make_case):
    from datetime import timedelta

    from caseterm.core.network import check_person

    case_id = make_case()
    old = net_repo.new_version(db, case_id, worker.id, drawn_on=TODAY - timedelta(days=90))
    net_repo.add_person(db, old, check_person({"name": "Bruder", "sector": "family",
                                               "closeness": 3}))
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        await pilot.press("n", "ctrl+y")  # new version of today (asked first), a copy
        await wait_idle(pilot, app)
        assert "2/2" in _text(app, "#res-head")
        net = app.screen.query_one(NetworkMap)
        net.focus()
        await pilot.press("e")
        await wait_idle(pilot, app)
        app.screen.query_one("#p-closeness", Input).value = "8"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await _add(pilot, app, "Nachbar Ali", Sector.friends, "6")
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, NetworkCompareDialog)
        result = _text(app, "#cmp-result")
        assert "Bruder" in result and "näher" in result and "(3 → 8)" in result
        assert "Nachbar Ali" in result and "neu auf der Karte" in result
        assert "Netzwerkgröße: 1 → 2" in result
        await pilot.press("escape")
        await pilot.press("left_square_bracket")  # earlier version: read only
        await wait_idle(pilot, app)
        assert "1/2" in _text(app, "#res-head")
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourcesScreen)
    assert [len(net_repo.load_map(db, v.id).people) for v in net_repo.versions(db, case_id)] \
        == [1, 2]


def test_directory_file_is_valid():
    from caseterm.core.directory import parse_directory

    parsed = parse_directory(json.loads(DIRECTORY.read_text(encoding="utf-8")))
    assert len(parsed) >= 12


async def test_resources_added_changed_removed_and_map_exported(db, worker, make_case, tmp_path):
    from caseterm.core.schemes import ResourceStatus
    from caseterm.screens.resources import ResourceDialog, ResourceListDialog

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        await pilot.press("s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourceDialog)
        await pilot.press("ctrl+s")  # empty: refused at the field
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-text").has_class("-invalid")
        app.screen.query_one("#r-text", Input).value = "Kocht gern für die Nachbarschaft"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        texts = [r.text for r in net_repo.resources(db, case_id)]
        assert texts == ["Kocht gern für die Nachbarschaft"]
        await pilot.press("m")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ResourceListDialog)
        await pilot.press("space")
        await wait_idle(pilot, app)
        assert net_repo.resources(db, case_id)[0].status is ResourceStatus.activatable
        await pilot.press("delete")  # asks first (issue 12: destructive keys ask)
        await wait_idle(pilot, app)
        assert len(net_repo.resources(db, case_id)) == 1
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert net_repo.resources(db, case_id) == []
        await pilot.press("escape")
        await wait_idle(pilot, app)
        await _add(pilot, app, "Tante <Maria>", Sector.family, "7")
        await pilot.press("ctrl+e")
        await wait_idle(pilot, app)
    exports = list((tmp_path / "userdata" / "exports").glob("*.svg"))
    assert len(exports) == 1 and "Tante &lt;Maria&gt;" in exports[0].read_text("utf-8")


async def test_click_selects_a_person(db, worker, make_case):
    from caseterm.core.network import check_person

    case_id = make_case()
    map_id = net_repo.ensure_map(db, case_id, worker.id)
    for name, sector in (("Oma", "family"), ("Trainer", "colleagues")):
        net_repo.add_person(db, map_id, check_person({"name": name, "sector": sector,
                                                      "closeness": 5}))
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app, case_id)
        net = app.screen.query_one(NetworkMap)
        trainer = next(p for p in net.people if p.name == "Trainer")
        spot = net.current_layout().at(trainer.id)
        await pilot.click(NetworkMap, offset=(spot.label_x + 2, spot.y))
        await wait_idle(pilot, app)
        assert net.selected == trainer.id
        assert "Trainer" in _text(app, "#res-person")
