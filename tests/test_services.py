"""The service directory: import (all or nothing), search, paging, unmet needs, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseterm.core.directory import Category, check_offering, check_unmet_need
from caseterm.core.validate import InputError
from caseterm.db.repo import services
from caseterm.i18n import set_language

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "services" / "lindenau.json"


def test_import_is_idempotent_and_search_finds_every_word(db):
    assert services.import_directory(db, DIRECTORY) == (16, 33)
    assert services.import_directory(db, DIRECTORY) == (16, 33)
    assert services.count_offerings(db) == 33
    debt = services.search(db, "Schuldnerberatung")
    assert [r.category for r in debt] == [Category.debt_counselling]
    assert services.search(db, "integrationskurs kinderbetreuung")[0].title.startswith(
        "Integrationskurs mit Kinderbetreuung")
    assert {r.provider for r in services.search(db, "arabisch")} >= {
        "Caritasverband Lindenau"}
    assert services.search(db, "100%_") == []  # LIKE wildcards are taken literally


def test_keyset_paging_returns_every_offering_once(db):
    services.import_directory(db, DIRECTORY)
    seen, after = [], None
    while True:
        page = services.search(db, "", after=after, limit=7)
        if not page:
            break
        seen.extend(r.id for r in page)
        after = services.page_key(page[-1])
    assert len(seen) == len(set(seen)) == 33


def test_offering_without_provider_is_rejected_and_nothing_saved(db, tmp_path):
    with pytest.raises(InputError) as exc:
        check_offering({"title": "Kurs", "category": "language_course"})
    assert "provider" in exc.value.errors
    bad = {"providers": [{"name": "Gut", "offerings": [
        {"title": "A", "category": "childcare"}]}],
           "offerings": [{"title": "Waise", "category": "other", "provider": "Gibt es nicht"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError):
        services.import_directory(db, path)
    assert services.count_offerings(db) == 0
    with pytest.raises(InputError):
        services.add_offering(db, {"title": "X", "category": "other", "provider": "Niemand"})


def test_unmet_needs_are_summed_by_domain_and_district(db, worker, make_case):
    case_id = make_case()
    ids = {"wohnen", "sozial"}
    for need in ("Wohnung für Familie mit 5 Kindern", "Notunterkunft für Frauen"):
        services.record_unmet_need(db, case_id, check_unmet_need(
            {"domain_id": "wohnen", "need": need, "district": "Am Hafen"}, ids), worker.id)
    services.record_unmet_need(db, None, check_unmet_need(
        {"domain_id": "sozial", "need": "Seniorentreff", "district": ""}, ids), worker.id)
    assert services.unmet_need_summary(db) == [("wohnen", "Am Hafen", 2), ("sozial", "", 1)]
    assert len(services.unmet_needs(db, case_id)) == 2
    with pytest.raises(InputError) as exc:
        check_unmet_need({"domain_id": "mars", "need": ""}, ids)
    assert set(exc.value.errors) == {"domain_id", "need"}


def test_cli_services_and_network(db, worker, make_case, tmp_path):
    from caseterm.cli import app
    from caseterm.core.network import check_person
    from caseterm.db.repo import cases
    from caseterm.db.repo import network as net_repo

    case_id = make_case()
    number = cases.overview(db, case_id).case.case_number
    map_id = net_repo.ensure_map(db, case_id, worker.id)
    a = net_repo.add_person(db, map_id, check_person(
        {"name": "Schwester <b>", "sector": "family", "closeness": 8}))
    b = net_repo.add_person(db, map_id, check_person(
        {"name": "Nachbar", "sector": "friends", "closeness": 4, "conflict": True}))
    net_repo.set_tie(db, map_id, a, b)
    runner = CliRunner()
    url = str(db.url)
    # The CLI speaks the language of the person's own config file (`caseterm lang de`).
    assert runner.invoke(app, ["lang", "de"]).exit_code == 0
    set_language("en")
    result = runner.invoke(app, ["--db", url, "services", "import", str(DIRECTORY)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", url, "services", "search", "sucht", "--json"])
    assert json.loads(result.stdout)[0]["category"] == "addiction_counselling"
    svg = tmp_path / "map.svg"
    result = runner.invoke(app, ["--db", url, "network", "show", number, "--json",
                                 "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["indicators"]["density"] == 1.0
    assert data["indicators"]["conflicts"] == ["Nachbar"]
    assert "Schwester &lt;b&gt;" in svg.read_text(encoding="utf-8")
    result = runner.invoke(app, ["--db", url, "network", "show", number])
    assert "Netzwerkgröße: 2" in result.stdout and "Dichte: 1,00" in result.stdout
    result = runner.invoke(app, ["--db", url, "network", "show", "XX-1"])
    assert result.exit_code == 1  # not a case number at all
    result = runner.invoke(app, ["--db", url, "network", "show", "JC-2026-99999"])
    assert result.exit_code == 3 and "JC-2026-99999" in result.stderr
