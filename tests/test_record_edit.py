"""Issue 14 item 1: everything editable after the intake, per field group: the edit, a bad
value refused at the field with nothing changed, the case history, the audit entry; stale
versions (Conflict), corrections marked as such, refusals outside the caseload."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from caseterm.core.validate import InputError
from caseterm.db.repo import workers as workers_repo
from caseterm.services import AccessDenied, Conflict, record
from caseterm.services import cases as cases_service
from caseterm.services import intake as intake_service
from tests.conftest import ctx_for


def _history(ctx, case_id, entity):
    return [e for e in cases_service.history(ctx, case_id)
            if e.entity == entity and e.action in ("update", "create", "delete")]


@pytest.fixture
def ben(db):
    with db.write() as s:
        workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                         team="Team Süd")
    return {w.username: w for w in workers_repo.list_all(db)}["ben"]


# -- master data ----------------------------------------------------------------------------

def test_master_data_edit_reject_history_audit(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    changed = record.edit_client(ctx, case_id, {"phone": "0201 1234", "email": "j@example.org",
                                                "address": "Hauptstr. 1, 45127 Essen"})
    assert set(changed) == {"phone", "email", "address"}
    st = record.state(ctx, case_id)
    assert st.client["phone"] == "0201 1234"
    entry = _history(ctx, case_id, "client")[0]
    assert entry.actor_name == "Anna Becker"
    assert entry.detail["fields"]["phone"] == ["", "0201 1234"]
    for bad, field in (({"email": "kein-at-zeichen"}, "email"),
                       ({"first_name": "  "}, "first_name"),
                       ({"birth_date": "31.02.1990"}, "birth_date"),
                       ({"birth_date": "01.01.2099"}, "birth_date")):
        with pytest.raises(InputError) as exc:
            record.edit_client(ctx, case_id, bad)
        assert field in exc.value.errors
    assert record.state(ctx, case_id) == st  # nothing changed
    assert len(_history(ctx, case_id, "client")) == 1


def test_birth_date_and_name_edit_keep_the_search_in_step(db, worker, make_case):
    case_id = make_case("Jürgen", "Müller")
    ctx = ctx_for(db, worker)
    record.edit_client(ctx, case_id, {"last_name": "Meier", "birth_date": "12.04.1981"})
    st = record.state(ctx, case_id)
    assert (st.client["last_name"], st.client["birth_date"]) == ("Meier", date(1981, 4, 12))
    rows = cases_service.search(ctx, cases_service.CaseFilter(text="Meier"))
    assert [r.id for r in rows] == [case_id]


def test_languages_and_interpreter(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    record.edit_client(ctx, case_id, {"languages": "Arabisch, Deutsch",
                                      "interpreter_needed": True})
    st = record.state(ctx, case_id)
    assert st.client["languages"] == "Arabisch, Deutsch" and st.client["interpreter_needed"]
    with pytest.raises(InputError) as exc:
        record.edit_client(ctx, case_id, {"interpreter_needed": "ja"})
    assert "interpreter_needed" in exc.value.errors
    assert _history(ctx, case_id, "client")[0].detail["fields"]["interpreter_needed"] == \
        [False, True]


def test_district_sozialraum(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    record.edit_client(ctx, case_id, {"district": "Essen-Katernberg"})
    assert record.state(ctx, case_id).client["district"] == "Essen-Katernberg"
    with pytest.raises(InputError) as exc:
        record.edit_client(ctx, case_id, {"district": "x" * 121})
    assert "district" in exc.value.errors
    assert record.state(ctx, case_id).client["district"] == "Essen-Katernberg"
    assert "district" in _history(ctx, case_id, "client")[0].detail["fields"]


def test_household_members(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    record.edit_household(ctx, case_id, "Maria Müller; Ehefrau; 03.05.1982; BG\n"
                                        "Tim Müller; Sohn; 01.02.2015; BG")
    st = record.state(ctx, case_id)
    assert [(m.name, m.relation, m.in_benefit_unit) for m in st.household] == [
        ("Maria Müller", "Ehefrau", True), ("Tim Müller", "Sohn", True)]
    with pytest.raises(InputError) as exc:
        record.edit_household(ctx, case_id, "Tim Müller; Sohn; 35.13.2015")
    assert "Member 1" in exc.value.errors["household"] or "1" in exc.value.errors["household"]
    assert record.state(ctx, case_id).household == st.household
    # Tim moves out: his row is removed, Maria's stays the same row.
    record.edit_household(ctx, case_id, [{"name": "Maria Müller", "relation": "Ehefrau",
                                          "birth_date": "03.05.1982", "in_benefit_unit": True}])
    assert [m.name for m in record.state(ctx, case_id).household] == ["Maria Müller"]
    actions = [e.action for e in _history(ctx, case_id, "household_member")]
    assert actions.count("create") == 2 and actions.count("delete") == 1


def test_case_data_and_urgency(db, worker):
    ctx = ctx_for(db, worker)
    saved = intake_service.save(ctx, _intake(), confirm_new=True)
    case_id = saved.case_id
    changed = record.edit_case(ctx, case_id, {"legal_area": "sgb12", "title": "Wohnungssuche",
                                              "urgency": "urgent"})
    assert changed == {"legal_area": "sgb12", "title": "Wohnungssuche", "urgency": "urgent"}
    st = record.state(ctx, case_id)
    assert (st.case["legal_area"], st.urgency) == ("sgb12", "urgent")
    for bad, field in (({"legal_area": "sgb99"}, "legal_area"), ({"urgency": "sofort"},
                                                                 "urgency"),
                       ({"child_protection": "yes"}, "child_protection")):
        with pytest.raises(InputError) as exc:
            record.edit_case(ctx, case_id, bad)
        assert field in exc.value.errors
    assert record.state(ctx, case_id) == st
    entities = {e.entity for e in cases_service.history(ctx, case_id) if e.action == "update"}
    assert {"casefile", "intake_record"} <= entities


def test_child_protection_flag(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    record.edit_case(ctx, case_id, {"child_protection": True}, reason="Meldung der Schule")
    assert record.state(ctx, case_id).case["child_protection"] is True
    entry = _history(ctx, case_id, "casefile")[0]
    assert entry.detail["fields"]["child_protection"] == [False, True]
    assert entry.detail["reason"] == "Meldung der Schule"


def _intake():
    from caseterm.core.intake import check_intake

    return check_intake({"client": {"first_name": "Olga", "last_name": "Berg",
                                    "birth_date": "01.01.1970"},
                         "case": {"legal_area": "sgb2"},
                         "referral": {"urgency": "routine"}})


# -- corrections, versions, access ------------------------------------------------------------

def test_a_correction_is_marked_and_needs_a_reason(db, worker, make_case):
    from caseterm.core.audit import summary

    case_id = make_case()
    ctx = ctx_for(db, worker)
    with pytest.raises(InputError) as exc:
        record.edit_client(ctx, case_id, {"birth_date": "12.04.1979"}, correction=True)
    assert "reason" in exc.value.errors
    record.edit_client(ctx, case_id, {"birth_date": "12.04.1979"}, correction=True,
                       reason="Zahlendreher im Erstgespräch")
    entry = _history(ctx, case_id, "client")[0]
    assert entry.detail["correction"] is True
    assert summary(entry.detail).startswith("Korrektur (Zahlendreher im Erstgespräch): ")


def test_stale_version_conflicts_and_changes_nothing(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    start = record.state(ctx, case_id)
    record.edit_client(ctx, case_id, {"phone": "111"})
    with pytest.raises(Conflict):
        record.edit_client(ctx, case_id, {"phone": "222"}, base_version=start.client_version,
                           base=start.client)
    assert record.state(ctx, case_id).client["phone"] == "111"
    # A field nobody else touched goes ahead on the newer version.
    record.edit_client(ctx, case_id, {"email": "a@b.de"}, base_version=start.client_version,
                       base=start.client)
    assert record.state(ctx, case_id).client["email"] == "a@b.de"


def test_edits_outside_the_caseload_are_refused_and_audited(db, worker, make_case, ben):
    case_id = make_case()
    ctx = ctx_for(db, ben)
    for call in (lambda: record.edit_client(ctx, case_id, {"phone": "1"}),
                 lambda: record.edit_case(ctx, case_id, {"title": "x"}),
                 lambda: record.edit_household(ctx, case_id, "A; B"),
                 lambda: record.state(ctx, case_id)):
        with pytest.raises(AccessDenied):
            call()
    anna = ctx_for(db, worker)
    refusals = [e for e in cases_service.history(anna, case_id) if e.action == "refuse"]
    assert len(refusals) == 4
    assert record.state(anna, case_id).client["phone"] == ""


# -- the CLI twin ---------------------------------------------------------------------------

def run(*args, who="anna"):
    from caseterm.cli import app

    return CliRunner().invoke(app, list(args), env={"CASETERM_WORKER": who})


def test_cli_client_and_case_edit(db, worker, make_case, ben):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    number = cases_service.number_of(ctx, case_id)
    path = str(db.path)
    result = run("--db", path, "client", "edit", number, "--phone", "0201 55",
                 "--interpreter", "--household", "Maria Müller; Ehefrau; 03.05.1982; BG")
    assert result.exit_code == 0, result.output
    shown = json.loads(run("--db", path, "client", "show", number, "--json").stdout)
    assert shown["client"]["phone"] == "0201 55" and shown["client"]["interpreter_needed"]
    assert shown["household"][0]["name"] == "Maria Müller"
    bad = run("--db", path, "client", "edit", number, "--email", "ohne-at")
    assert bad.exit_code == 1 and "email:" in bad.stderr
    bad = run("--db", path, "client", "edit", number, "--birth-date", "01.01.2090")
    assert bad.exit_code == 1 and "birth_date:" in bad.stderr
    bad = run("--db", path, "client", "edit", number, "--household", "Tim; Sohn; 99.99.2000")
    assert bad.exit_code == 1 and "household:" in bad.stderr
    stale = run("--db", path, "client", "edit", number, "--phone", "9",
                "--base-version", str(shown["client_version"] - 1))
    assert stale.exit_code == 4, stale.output
    refused = run("--db", path, "case", "edit", number, "--title", "x", who="ben")
    assert refused.exit_code == 3
    ok = run("--db", path, "case", "edit", number, "--child-protection", "--correction",
             "--reason", "falsch erfasst")
    assert ok.exit_code == 0, ok.output
    after = json.loads(run("--db", path, "client", "show", number, "--json").stdout)
    assert after["client"]["phone"] == "0201 55" and after["case"]["child_protection"]
    hist = run("--db", path, "case", "history", number)
    assert "Korrektur (falsch erfasst)" in hist.stdout
