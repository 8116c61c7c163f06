"""Repositories on a real SQLite file: atomic intake save, duplicate candidates, consents and the
phase gate, FTS search with filters and keyset paging, and the CLI twin."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.core.inputs import PhaseChangeInput, check_client
from caseterm.core.intake import check_intake
from caseterm.core.vocab import CasePhase, ClosureReason, Role
from caseterm.db import search
from caseterm.db.repo import cases, clients, consents, workers
from caseterm.db.repo.intake import DuplicatesFound, save_intake
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.intake import Consent, HouseholdMember, IntakeRecord

CONSENT = {"purposes": ["case_management", "data_exchange"],
           "recipients": ["Schuldnerberatung Caritas"], "given_on": "20.11.2026"}
INDICATED = {"criteria": ["complex_need", "many_actors", "standard_path_fails",
                          "insufficient_own_resources"], "decision": "indicated"}
CONCERNS = {"wohnen": "Räumungsklage", "wirtschaftlich": "Schulden",
            "gesundheitlich": "Depression"}


def _raw(first="Petra", last="Schulz", birth="02.03.1985", **over):
    raw = {"client": {"first_name": first, "last_name": last, "birth_date": birth},
           "case": {"legal_area": "sgb2"}, "household": [{"name": "Lea", "relation": "Tochter"}],
           "referral": {"concerns": CONCERNS}, "consents": [CONSENT],
           "agreement": {"roles": "Koordination", "agreed_on": "heute"}}
    raw.update(over)
    return raw


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


# -- saving ----------------------------------------------------------------------------------

def test_intake_with_consent_moves_to_assessment(db, worker):
    saved = save_intake(db, check_intake(_raw(indication=INDICATED)), worker.id)
    assert saved.phase is CasePhase.assessment
    ov = cases.overview(db, saved.case_id)
    assert [h.to_phase for h in ov.history] == [CasePhase.assessment, CasePhase.intake]
    assert _count(db, HouseholdMember) == 1 and _count(db, IntakeRecord) == 1


def test_failure_in_the_middle_saves_nothing(db, worker, monkeypatch):
    from caseterm.db.repo import consents as consents_mod

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(consents_mod, "add", boom)
    with pytest.raises(RuntimeError):
        save_intake(db, check_intake(_raw(indication=INDICATED)), worker.id)
    for model in (Client, Case, HouseholdMember, IntakeRecord, Consent):
        assert _count(db, model) == 0, model


def test_gate_refusal_rolls_back_the_whole_intake(db, worker, monkeypatch):
    # The consent is checked again inside the transaction (the same gate as every screen).
    monkeypatch.setattr(consents, "has_valid_consent", lambda *_a, **_k: False)
    with pytest.raises(cases.GateError):
        save_intake(db, check_intake(_raw(indication=INDICATED)), worker.id)
    assert _count(db, Client) == 0 and _count(db, Case) == 0


def test_duplicates_stop_the_save_until_confirmed(db, worker, make_case):
    make_case(first="Juergen", last="Müller", birth="1980-04-12")
    data = check_intake(_raw(first="Jürgen", last="Mueller", birth="12.04.1980"))
    with pytest.raises(DuplicatesFound) as exc:
        save_intake(db, data, worker.id)
    assert exc.value.candidates[0].reason == "gleicher Name und gleiches Geburtsdatum"
    assert _count(db, Client) == 1
    save_intake(db, data, worker.id, confirm_new=True)
    assert _count(db, Client) == 2


def test_candidate_query_finds_swapped_phonetic_and_cyrillic(db, worker, make_case):
    make_case(first="Hans", last="Meyer", birth="1970-01-01")
    make_case(first="Jürgen", last="Müller", birth="1980-04-12")
    make_case(first="Peter", last="Müller", birth="1980-04-12")  # twin: not reported
    found = clients.find_duplicates(db, "Hans", "Maier", date(1970, 1, 1))
    assert [(c.last_name, c.verdict.reason) for c in found] == [("Meyer", "phonetic")]
    found = clients.find_duplicates(db, "Müller", "Jürgen", date(1980, 4, 12))
    assert [c.first_name for c in found] == ["Jürgen"]
    found = clients.find_duplicates(db, "Jürgen", "Müllеr", date(1980, 4, 12))  # Cyrillic е
    assert [c.first_name for c in found] == ["Jürgen"]
    assert clients.find_duplicates(db, "Jürgen", "Müller", date(1955, 3, 1)) == []
    weak = clients.find_duplicates(db, "Hans", "Meyer", None)
    assert weak and weak[0].verdict.reason == "birth_unknown"


def test_phonetic_key_follows_a_rename(db, worker, make_case):
    make_case(first="Hans", last="Meier", birth="1970-01-01")
    with db.write() as s:
        client = s.exec(select(Client)).one()
        client.last_name = "Schmidt"
    with db.read() as s:
        client = s.exec(select(Client)).one()
        assert client.name_key == "schmidt|hans" and client.phonetic_key.startswith("862|")


# -- consents and the lifecycle gate ----------------------------------------------------------

def test_withdrawal_blocks_the_gate_from_its_date_and_is_kept(db, worker):
    saved = save_intake(db, check_intake(_raw()), worker.id)  # pending: stays in intake
    with db.read() as s:
        assert consents.has_valid_consent(s, saved.case_id)
        assert consents.covers_recipient(s, saved.case_id, "Caritas Schuldnerberatung",
                                         date(2026, 11, 23))
    row = consents.list_for_case(db, saved.case_id)[0]
    consents.withdraw(db, row.id, {"withdrawn_on": "heute", "channel": "Brief"})
    with db.read() as s:
        assert not consents.has_valid_consent(s, saved.case_id)
        assert consents.has_valid_consent(s, saved.case_id, on=date(2026, 11, 22))
        assert not consents.covers_recipient(s, saved.case_id, "Caritas Schuldnerberatung",
                                             date(2026, 11, 23))
    rows = consents.list_for_case(db, saved.case_id)
    assert len(rows) == 1 and rows[0].withdrawn_on == date(2026, 11, 23)
    assert rows[0].status.value == "withdrawn"
    with pytest.raises(cases.GateError):
        cases.change_phase(db, saved.case_id,
                           PhaseChangeInput(CasePhase.assessment, "", None), worker.id)


def test_phase_gates_through_the_repository(db, worker, make_case):
    case_id = make_case()
    with pytest.raises(cases.GateError):  # no consent yet
        cases.change_phase(db, case_id, PhaseChangeInput(CasePhase.assessment, "", None),
                           worker.id)
    cases.change_phase(db, case_id, PhaseChangeInput(CasePhase.closure, "",
                                                     ClosureReason.not_indicated), worker.id)
    with pytest.raises(cases.GateError):  # re-opening needs a reason
        cases.change_phase(db, case_id, PhaseChangeInput(CasePhase.intake, "", None),
                           worker.id)
    cases.change_phase(db, case_id, PhaseChangeInput(CasePhase.intake, "meldet sich erneut",
                                                     None), worker.id)
    ov = cases.overview(db, case_id)
    assert ov.case.phase is CasePhase.intake and ov.history[0].reason == "meldet sich erneut"


# -- search ----------------------------------------------------------------------------------

def _find(db, viewer, text="", **kw):
    with db.read() as s:
        return search.search_cases(s, viewer, search.CaseFilter(text=text, **kw), limit=100)


def test_search_names_umlauts_prefixes_numbers_and_dates(db, worker, make_case):
    make_case(first="Jürgen", last="Müller", birth="1980-04-12")
    make_case(first="Hans", last="Mueller", birth="1970-01-01")
    make_case(first="Johann", last="Strauß", birth="1990-06-30", legal_area="sgb8")
    names = lambda rows: sorted(r.last_name for r in rows)  # noqa: E731
    assert names(_find(db, worker, "müller")) == ["Mueller", "Müller"]
    assert names(_find(db, worker, "Mueller")) == ["Mueller", "Müller"]
    assert names(_find(db, worker, "MÜL")) == ["Mueller", "Müller"]
    assert names(_find(db, worker, "strauss")) == ["Strauß"]
    assert names(_find(db, worker, "jürgen mü")) == ["Müller"]
    assert names(_find(db, worker, "12.04.1980")) == ["Müller"]
    assert names(_find(db, worker, "30.06.")) == ["Strauß"]
    assert names(_find(db, worker, "JA-2026")) == ["Strauß"]
    number = _find(db, worker, "Strauß")[0].case_number
    assert names(_find(db, worker, number)) == ["Strauß"]


@pytest.mark.parametrize("text", ['"', "müller OR", "*", "NEAR(a b)", "a:b", "^x", "(", "-",
                                  "'); DROP TABLE casefile; --", "\x1b[31m"])
def test_search_text_cannot_break_fts(db, worker, make_case, text):
    make_case()
    _find(db, worker, text)  # no exception
    assert _count(db, Case) == 1


def test_search_filters_visibility_and_keyset_paging(db, worker, make_case):
    with db.write() as s:
        other = workers.add(s, username="ben", display_name="Ben Kraft", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
        lead = workers.add(s, username="lena", display_name="Lena Teamleitung",
                           role="team_lead", team="Team Nord", office="Rathaus", land="NW")
    for i in range(25):
        make_case(first=f"Person{i}", last="Muster", birth="1990-01-01",
                  child_protection=(i == 20))
    make_case(first="Fremd", last="Fall", lead=other.id)
    rows = _find(db, worker)
    assert len(rows) == 25 and rows[0].child_protection  # child protection first
    # keyset paging: pages join up without gaps or repeats
    seen, after = [], None
    with db.read() as s:
        while True:
            page = search.search_cases(s, worker, search.CaseFilter(), after=after, limit=7)
            if not page:
                break
            seen += [r.id for r in page]
            after = page[-1].cursor
    assert len(seen) == 25 == len(set(seen))
    assert len(_find(db, worker, child_protection=True)) == 1
    assert len(_find(db, worker, legal_area=None, phase=CasePhase.assessment)) == 0
    # the other worker's case is invisible to a caseworker, visible to the team lead of
    # that team only when it is theirs, and to an administrator
    assert all(r.last_name != "Fall" for r in rows)
    from tests.conftest import ctx_for

    lead_actor = ctx_for(db, workers.get(db, lead.id)).actor
    assert len(_find(db, lead_actor)) == 25  # team Nord only
    # an administrator manages workers, not case content
    admin = workers.WorkerRow(**{**workers.get(db, lead.id).__dict__, "role": Role.admin})
    assert len(_find(db, admin)) == 0
    with db.read() as s:
        assert search.count_cases(s, worker, search.CaseFilter(text="muster")) == 25


def test_search_has_overdue_filter(db, worker, make_case):
    from caseterm.db.repo import followups
    from caseterm.models.followup import FollowUp

    late = make_case(first="Spät", last="Dran")
    make_case(first="Pünktlich", last="Dran")
    with db.write() as s:
        s.add(FollowUp(case_id=late, due_date=date(2026, 11, 1), next_step="anrufen",
                       assignee_id=worker.id))
    assert followups  # imported for its model registration
    rows = _find(db, worker, has_overdue=True)
    assert [r.first_name for r in rows] == ["Spät"] and rows[0].overdue == 1


def test_rebuild_restores_the_index(db, worker, make_case):
    make_case(first="Jürgen", last="Müller")
    with db.write() as s:
        s.connection().exec_driver_sql("DELETE FROM case_fts")
    assert _find(db, worker, "müller") == []
    with db.write() as s:
        search.rebuild(s)
    assert len(_find(db, worker, "müller")) == 1


# -- CLI -------------------------------------------------------------------------------------

def _cli(db, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args])


def test_cli_intake_duplicates_and_confirm(db, worker, make_case, tmp_path):
    make_case(first="Juergen", last="Müller", birth="1980-04-12")
    file = tmp_path / "intake.json"
    file.write_text(json.dumps(_raw(first="Jürgen", last="Mueller", birth="12.04.1980",
                                    indication=INDICATED)), encoding="utf-8")
    r = _cli(db, "intake", "--from", str(file), "--json")
    assert r.exit_code == 2, r.output
    out = json.loads(r.stdout)
    assert out["status"] == "duplicates" and out["candidates"][0]["last_name"] == "Müller"
    r = _cli(db, "intake", "--from", str(file), "--confirm-new", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["status"] == "saved" and out["phase"] == "assessment"
    assert _count(db, Client) == 2


def test_cli_intake_reports_invalid_fields(db, worker, tmp_path):
    file = tmp_path / "bad.json"
    file.write_text(json.dumps({"client": {"first_name": "", "last_name": "X",
                                           "birth_date": "30.02.1990"},
                                "case": {"legal_area": "sgb2"}}), encoding="utf-8")
    r = _cli(db, "intake", "--from", str(file), "--json")
    assert r.exit_code == 1
    assert set(json.loads(r.stdout)["errors"]) >= {"first_name", "birth_date"}
    file.write_text("{not json", encoding="utf-8")
    r = _cli(db, "intake", "--from", str(file))
    assert r.exit_code == 1
    assert _count(db, Client) == 0


def test_cli_cases_search_json(db, worker, make_case):
    make_case(first="Jürgen", last="Müller")
    r = _cli(db, "cases", "search", "mueller", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["last_name"] for row in rows] == ["Müller"]
    r = _cli(db, "cases", "search", "Müller")
    assert r.exit_code == 0 and "Müller" in r.stdout


def test_cli_consent_list_and_withdraw(db, worker):
    saved = save_intake(db, check_intake(_raw()), worker.id)
    r = _cli(db, "consent", "list", saved.case_number, "--json")
    consent_id = json.loads(r.stdout)[0]["id"]
    r = _cli(db, "consent", "withdraw", consent_id, "--channel", "Brief")
    assert r.exit_code == 0 and "withdrawn" in r.stdout
    r = _cli(db, "consent", "withdraw", consent_id)
    assert r.exit_code == 1  # not twice


def test_client_keys_on_plain_add(db):
    with db.write() as s:
        c = cases.add_client(s, check_client({"first_name": "Jürgen", "last_name": "Müller"}))
        assert c.phonetic_key == "657|0746"


def test_candidates_outside_my_caseload_are_named_but_not_opened(db, worker, make_case):
    with db.write() as s:
        other = workers.add(s, username="ben", display_name="Ben Kraft", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    make_case(first="Juergen", last="Müller", birth="1980-04-12", lead=other.id)
    found = clients.find_duplicates(db, "Jürgen", "Mueller", date(1980, 4, 12), viewer=worker)
    assert len(found) == 1 and not found[0].visible
    assert found[0].case_numbers == () and found[0].latest_case_id is None
    mine = clients.find_duplicates(db, "Jürgen", "Mueller", date(1980, 4, 12),
                                   viewer=workers.get(db, other.id))
    assert mine[0].visible and mine[0].case_numbers
    with pytest.raises(DuplicatesFound):  # the warning itself is never suppressed
        save_intake(db, check_intake(_raw(first="Jürgen", last="Mueller", birth="12.04.1980")),
                    worker.id)


def test_both_search_plans_return_the_same_pages(db, worker, make_case, monkeypatch):
    for i in range(30):
        make_case(first=f"Anna{i}", last="Müller" if i % 2 else "Schmidt",
                  birth=f"19{60 + i}-01-0{1 + i % 9}", child_protection=(i % 7 == 0))
    admin = None  # below the door: no visibility restriction, both plans over every case

    def pages(text):
        out, after = [], None
        with db.read() as s:
            while True:
                page = search.search_cases(s, admin, search.CaseFilter(text=text), after=after,
                                           limit=4)
                if not page:
                    return out
                out += [r.case_number for r in page]
                after = page[-1].cursor

    for text in ("mü", "anna", "schmidt anna1", "19"):
        monkeypatch.setattr(search, "DRIVE_FROM_HITS", 10_000)  # start from the hits
        driven = pages(text)
        monkeypatch.setattr(search, "DRIVE_FROM_HITS", 0)  # walk the list index
        walked = pages(text)
        assert driven == walked and driven, text


def test_summary_notes_a_decision_taken_after_the_intake(db, worker):
    from caseterm.db.repo import intake as intake_repo
    from caseterm.screens.intake_summary import summary_text

    saved = save_intake(db, check_intake(_raw()), worker.id)  # pending, consent given
    cases.change_phase(db, saved.case_id, PhaseChangeInput(CasePhase.assessment, "", None),
                       worker.id)
    data = intake_repo.summary(db, saved.case_id)
    assert data.phase is CasePhase.assessment
    assert "nach der Aufnahme entschieden" in str(summary_text(data))
    assert intake_repo.summary(db, uuid.uuid4()) is None
