"""The door of the network map, the service directory and referrals: a caseworker cannot read,
list, export or change a case outside her caseload (exit 3, the case named, nothing changed,
a "refuse" entry in the audit trail); the team lead of the owner's team can read it; exports
are audited; the directory is read by everyone and changed only by an admin or team lead."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseterm.core.directory import check_unmet_need
from caseterm.core.network import check_person
from caseterm.core.schemes import ResourceStatus, check_resource
from caseterm.services import AccessDenied, Conflict, NotFound, directory, referrals
from caseterm.services import network as net
from tests.conftest import ctx_for, make_app, visible_text, wait_idle

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "services" / "lindenau.json"


def _add_worker(db, username: str, role: str, team: str = "Team Nord"):
    from caseterm.db.repo import workers

    with db.write() as s:
        w = workers.add(s, username=username, display_name=username.title(), role=role,
                        team=team, office="Rathaus", land="NW")
        wid = w.id
    return workers.get(db, wid)


def _number(db, case_id) -> str:
    from caseterm.db.repo import cases

    return cases.overview(db, case_id).case.case_number


def _refusals(db, case_id) -> list:
    from caseterm.db.repo import audit

    return [e for e in audit.for_case(db, case_id) if e.action == "refuse"]


def _exports(db, case_id) -> list:
    from caseterm.db.repo import audit

    return [e for e in audit.for_case(db, case_id) if e.action == "export"]


@pytest.fixture
def office(db, worker, make_case):
    """Anna's case with a map of two tied people; Berta (caseworker, same team) and Lea
    (team lead of Team Nord)."""
    case_id = make_case(first="Leyla", last="Demir")
    anna = ctx_for(db, worker)
    view = net.open_map(anna, case_id)
    a = net.add_person(anna, view.data.id, check_person(
        {"name": "Schwester Aylin", "sector": "family", "closeness": 8}))
    b = net.add_person(anna, view.data.id, check_person(
        {"name": "Nachbar", "sector": "friends", "closeness": 4}))
    net.set_tie(anna, view.data.id, a, b)
    berta = _add_worker(db, "berta", "caseworker")
    lea = _add_worker(db, "lea", "team_lead")
    return {"case_id": case_id, "number": _number(db, case_id), "map_id": view.data.id,
            "person": a, "anna": anna, "berta": ctx_for(db, berta), "lea": ctx_for(db, lea)}


def _cli(monkeypatch, db, who: str, *args: str):
    monkeypatch.setenv("CASETERM_WORKER", who)
    return CliRunner().invoke(
        __import__("caseterm.cli", fromlist=["app"]).app, ["--db", str(db.url), *args])


# -- CLI: network show (text, --json, --svg) --------------------------------------------------

@pytest.mark.parametrize("extra", [[], ["--json"], ["--svg"]])
def test_network_show_refused_outside_scope(db, office, monkeypatch, tmp_path, extra):
    svg = tmp_path / "map.svg"
    args = [*extra, str(svg)] if extra == ["--svg"] else extra
    result = _cli(monkeypatch, db, "berta", "network", "show", office["number"], *args)
    assert result.exit_code == 3
    if extra == ["--json"]:  # the error as JSON on stdout, and no map data
        answer = json.loads(result.stdout)
        assert answer["status"] == "error" and office["number"] in answer["error"]
        assert "people" not in answer
    else:
        assert office["number"] in result.stderr
        assert result.stdout == ""
    assert not svg.exists()
    assert _refusals(db, office["case_id"])
    assert _exports(db, office["case_id"]) == []


def test_team_lead_reads_and_exports_the_map_audited(db, office, monkeypatch, tmp_path):
    svg = tmp_path / "map.svg"
    result = _cli(monkeypatch, db, "lea", "network", "show", office["number"], "--json",
                  "--svg", str(svg))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_number"] == office["number"]
    assert data["indicators"]["density"] == 1.0
    assert "Schwester Aylin" in svg.read_text(encoding="utf-8")
    exports = _exports(db, office["case_id"])
    assert sorted(e.detail["format"] for e in exports) == ["json", "svg"]
    assert {e.actor_name for e in exports} == {"Lea"}
    text = _cli(monkeypatch, db, "lea", "network", "show", office["number"])
    assert text.exit_code == 0 and "Netzwerkgröße: 2" in text.stdout
    assert _refusals(db, office["case_id"]) == []


def test_network_show_loads_no_textual(db, office, tmp_path):
    code = ("import sys; from typer.testing import CliRunner; from caseterm.cli import app; "
            f"r = CliRunner().invoke(app, ['--db', {str(db.url)!r}, 'network', 'show', "
            f"{office['number']!r}]); "
            "assert r.exit_code == 0, r.output; print('textual' in sys.modules)")
    env = {**__import__("os").environ, "CASETERM_WORKER": "anna"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.strip()
    assert out == "False"


# -- CLI: services search / import ------------------------------------------------------------

def test_services_import_needs_an_admin_or_team_lead(db, office, monkeypatch):
    result = _cli(monkeypatch, db, "berta", "services", "import", str(DIRECTORY))
    assert result.exit_code == 3
    assert "Teamleitung" in result.stderr
    assert directory.count_offerings(office["berta"]) == 0
    from caseterm.db.repo import audit

    assert any(e.action == "refuse" and e.entity == "service_directory"
               for e in audit.latest(db))
    result = _cli(monkeypatch, db, "lea", "services", "import", str(DIRECTORY))
    assert result.exit_code == 0, result.output
    # the directory is no client data: every worker searches it
    found = _cli(monkeypatch, db, "berta", "services", "search", "sucht", "--json")
    assert found.exit_code == 0
    assert json.loads(found.stdout)[0]["category"] == "addiction_counselling"


def test_first_worker_may_import_on_a_fresh_database(db, worker, monkeypatch):
    result = _cli(monkeypatch, db, "anna", "services", "import", str(DIRECTORY))
    assert result.exit_code == 0, result.output
    assert directory.count_offerings(ctx_for(db, worker)) == 33


# -- the services themselves ------------------------------------------------------------------

def _refused(db, office, fn) -> None:
    before = len(_refusals(db, office["case_id"]))
    with pytest.raises(AccessDenied) as exc:
        fn()
    assert office["number"] in exc.value.message
    assert len(_refusals(db, office["case_id"])) == before + 1


def test_network_changes_and_reads_refused_outside_scope(db, office):
    berta, case_id, map_id = office["berta"], office["case_id"], office["map_id"]
    anna = office["anna"]
    rid = net.add_resource(anna, case_id, check_resource(
        {"field": "personal", "text": "kocht gern", "status": "available", "source": "client"}))
    person = check_person({"name": "Fremde", "sector": "family", "closeness": 5})
    for fn in (lambda: net.open_map(berta, case_id), lambda: net.versions(berta, case_id),
               lambda: net.load_map(berta, map_id), lambda: net.resources(berta, case_id),
               lambda: net.add_person(berta, map_id, person),
               lambda: net.update_person(berta, office["person"], person),
               lambda: net.delete_person(berta, office["person"]),
               lambda: net.set_tie(berta, map_id, office["person"], office["person"], False),
               lambda: net.new_version(berta, case_id),
               lambda: net.add_resource(berta, case_id, check_resource(
                   {"field": "social", "text": "x", "status": "available",
                    "source": "client"})),
               lambda: net.set_resource_status(berta, rid, ResourceStatus.lost),
               lambda: net.delete_resource(berta, rid),
               lambda: net.export_json(berta, map_id),
               lambda: net.export_svg(berta, map_id, Path("/nonexistent/x.svg"))):
        _refused(db, office, fn)
    data = net.load_map(anna, map_id)
    assert sorted(p.name for p in data.people) == ["Nachbar", "Schwester Aylin"]
    assert len(data.ties) == 1
    assert [r.status for r in net.resources(anna, case_id)] == [ResourceStatus.available]
    assert len(net.versions(anna, case_id)) == 1
    # the team lead reads, too
    assert net.open_map(office["lea"], case_id).head.case_number == office["number"]


def test_directory_links_and_unmet_needs_are_case_data(db, office):
    berta, lea, case_id = office["berta"], office["lea"], office["case_id"]
    directory.import_directory(lea, DIRECTORY)
    offering = directory.search(berta, "sucht")[0]
    _refused(db, office, lambda: net.link_offering(berta, case_id, offering.id))
    need = check_unmet_need({"domain_id": "wohnen", "need": "Wohnung", "district": ""},
                            {"wohnen"})
    _refused(db, office, lambda: directory.record_unmet_need(berta, case_id, need))
    _refused(db, office, lambda: directory.unmet_needs(berta, case_id))
    assert directory.unmet_needs(lea, case_id) == []
    # without a case, an unmet need is no case data
    directory.record_unmet_need(berta, None, need)
    assert directory.unmet_need_summary(berta) == [("wohnen", "", 1)]
    with pytest.raises(AccessDenied):
        directory.add_offering(berta, {"title": "X", "category": "other",
                                       "provider": offering.provider})


def test_referrals_refused_outside_scope_and_read_by_the_team_lead(db, office):
    anna, berta, lea = office["anna"], office["berta"], office["lea"]
    case_id = office["case_id"]
    rid = referrals.create(anna, case_id, {
        "recipient": "Jugendamt – ASD", "target": "specialist", "target_legal_area": "sgb8",
        "legal_exception": "child_protection", "exception_reason": "§ 8a"})
    _refused(db, office, lambda: referrals.list_for_case(berta, case_id))
    _refused(db, office, lambda: referrals.get(berta, rid))
    _refused(db, office, lambda: referrals.create(berta, case_id, {"recipient": "X"}))
    _refused(db, office, lambda: referrals.set_status(berta, rid, "contact_made"))
    rows = referrals.list_for_case(lea, case_id)
    assert [r.status.value for r in rows] == ["sent"]
    with pytest.raises(NotFound):
        referrals.get(anna, __import__("uuid").uuid4())


def test_referral_status_from_a_stale_dialog_is_a_conflict(db, office):
    anna, case_id = office["anna"], office["case_id"]
    rid = referrals.create(anna, case_id, {
        "recipient": "Jugendamt – ASD", "target": "specialist", "target_legal_area": "sgb8",
        "legal_exception": "child_protection", "exception_reason": "§ 8a"})
    seen = referrals.get(anna, rid)
    referrals.set_status(anna, rid, "contact_made", base_version=seen.row_version)
    with pytest.raises(Conflict):
        referrals.set_status(anna, rid, "help_started", base_version=seen.row_version)
    assert referrals.get(anna, rid).status.value == "contact_made"


def test_person_edited_meanwhile_is_a_conflict_not_an_overwrite(db, office):
    anna, map_id = office["anna"], office["map_id"]
    seen = next(p for p in net.load_map(anna, map_id).people if p.id == office["person"])
    net.update_person(anna, seen.id, check_person(
        {"name": "Schwester Aylin", "sector": "family", "closeness": 9}), base=seen)
    with pytest.raises(Conflict) as exc:
        net.update_person(anna, seen.id, check_person(
            {"name": "Schwester Aylin", "sector": "family", "closeness": 6}), base=seen)
    assert "Nähe" in exc.value.message
    # a field nobody else changed goes ahead on the newer version
    net.update_person(anna, seen.id, check_person(
        {"name": "Schwester Aylin", "sector": "family", "closeness": 9, "role": "Schwester"}),
        base=seen)
    now = next(p for p in net.load_map(anna, map_id).people if p.id == seen.id)
    assert (now.closeness, now.role) == (9, "Schwester")


# -- the screen -------------------------------------------------------------------------------

async def test_resource_screen_outside_scope_is_refused_with_the_message(db, office):
    from caseterm.db.repo import workers
    from caseterm.screens.resources import ResourcesScreen

    berta = workers.by_username(db, "berta")
    app = make_app(db, berta)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ResourcesScreen(office["case_id"]))
        await wait_idle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any(office["number"] in m and "nicht" in m for m in messages), messages
        assert "Schwester Aylin" not in "\n".join(
            str(w.render()) for w in app.screen.query("Static"))
    assert _refusals(db, office["case_id"])


async def test_referrals_screen_outside_scope_is_refused_with_the_message(db, office):
    from caseterm.db.repo import workers
    from caseterm.screens.referrals import ReferralsScreen

    referrals.create(office["anna"], office["case_id"], {
        "recipient": "Jugendamt – ASD", "target": "specialist", "target_legal_area": "sgb8",
        "legal_exception": "child_protection", "exception_reason": "§ 8a"})
    app = make_app(db, workers.by_username(db, "berta"))
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ReferralsScreen(office["case_id"]))
        await wait_idle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any(office["number"] in m for m in messages), messages
        assert "Jugendamt" not in visible_text(app)


_CASETERM = Path(__file__).resolve().parent.parent / "caseterm"
AREA = [str(p.relative_to(_CASETERM)) for p in sorted((_CASETERM / "screens" / "resources")
                                                     .glob("*.py"))] + [
        "screens/services.py", "screens/referrals.py",
        "widgets/network_map.py", "widgets/indicators.py", "commands/network.py",
        "commands/services.py"]


@pytest.mark.parametrize("module", AREA)
def test_area_reaches_data_only_through_the_door(module):
    import ast

    path = Path(__file__).resolve().parent.parent / "caseterm" / module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    bad = {n for n in names if n.startswith(("caseterm.db", "caseterm.models", "sqlalchemy",
                                             "sqlmodel"))}
    if module.startswith("commands/"):
        bad |= {n for n in names if n.startswith(("textual", "caseterm.screens"))}
    assert not bad
    source = path.read_text(encoding="utf-8")
    assert ".read()" not in source and ".write()" not in source and "capp.db" not in source


async def test_person_dialog_saved_over_someone_elses_change_is_refused(db, worker, office):
    from textual.widgets import Input

    from caseterm.screens.resources import PersonDialog, ResourcesScreen

    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ResourcesScreen(office["case_id"]))
        await wait_idle(pilot, app)
        screen = app.screen
        sister = next(p for p in screen.data.people if p.id == office["person"])
        app.push_screen(PersonDialog(screen.data, sister))
        await wait_idle(pilot, app)
        # meanwhile the team lead moves the sister closer
        net.update_person(office["lea"], sister.id, check_person(
            {"name": "Schwester Aylin", "sector": "family", "closeness": 9}))
        app.screen.query_one("#p-closeness", Input).value = "6"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PersonDialog)  # kept open, nothing lost
        messages = [n.message for n in app._notifications]
        assert any("Nähe" in m for m in messages), messages
    now = next(p for p in net.load_map(office["anna"], office["map_id"]).people
               if p.id == office["person"])
    assert now.closeness == 9
