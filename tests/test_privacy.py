"""Data protection through the door (issue 15 items 2–6): consent controls what leaves,
access report, restriction, legal hold, erasure (byte search in the file, WAL and managed
backups; the audit trail keeps the fact and stays verifiable), retention dry run = real run,
the record of processing, and the CLI with its exit codes."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseterm.core.access import Need
from caseterm.core.inputs import check_note
from caseterm.db.migrate import backup
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import privacy as privacy_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.db.search import CaseFilter
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.services import AccessDenied, cases, consents, privacy
from caseterm.services.door import check_case
from tests.conftest import ctx_for

MARKER_FIRST = "Quxmarkerina"
MARKER_LAST = "Zyxwvumeier"
MARKER_NOTE = "Vertraulich-QXZ-4711"


@pytest.fixture
def dpo(db):
    with db.write() as s:
        return workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo",
                                team="", office="Rathaus", land="NW")


def _number(db, case_id) -> str:
    with db.read() as s:
        return s.get(Case, case_id).case_number


def _files(db) -> list:
    path = db.path
    return [p for p in path.parent.iterdir()
            if p.name.startswith(path.stem) and p.is_file()]


def _hits(db, marker: str) -> list[str]:
    return [p.name for p in _files(db) if marker.encode() in p.read_bytes()]


CLOSED = {"phase": "closure", "closure_reason": "goals_achieved",
          "opened_on": date(2005, 1, 1)}


def _set(db, case_id, **fields):
    with db.write() as s:
        case = s.get(Case, case_id)
        for k, v in fields.items():
            setattr(case, k, v)
        s.add(case)


# -- erasure ------------------------------------------------------------------------------

def test_erasure_leaves_no_trace_in_file_wal_and_backups(db, worker, make_case, dpo):
    case_id = make_case(MARKER_FIRST, MARKER_LAST)
    other = make_case("Erika", "Bleibt")
    anna = ctx_for(db, worker)
    cases.add_note(anna, case_id, check_note({"text": f"Gespräch über {MARKER_NOTE}"}))
    cases.open_record(anna, case_id)
    saved = backup(db)  # a managed backup: next to the file, <stem>.backup-…
    cases.add_note(anna, case_id, check_note({"text": f"Nachtrag {MARKER_NOTE}"}))
    assert saved.exists()
    # the markers are readable before (the test can fail)
    assert _hits(db, MARKER_LAST) and _hits(db, MARKER_NOTE)
    assert saved.name in _hits(db, MARKER_NOTE)
    before = audit_repo.for_case(db, case_id)
    assert any(MARKER_NOTE in json.dumps(e.detail, ensure_ascii=False) for e in before)

    done = privacy.erase_case(ctx_for(db, dpo), _number(db, case_id), "Antrag nach Art. 17",
                              before_period_end=True)

    assert done.rows > 0 and done.redacted >= 2 and done.backups == [str(saved)]
    for marker in (MARKER_FIRST, MARKER_LAST, MARKER_NOTE):
        assert _hits(db, marker) == [], marker
    assert privacy_repo.count_case_rows(db, [case_id]) == 0
    with db.read() as s:
        assert s.exec(select(Client).where(Client.last_name == MARKER_LAST)).first() is None
        assert s.get(Case, other) is not None  # the other case is untouched
    # the trail keeps the fact (who, when, which case number), not the content, and verifies
    n, problems = audit_repo.verify(db)
    assert problems == [] and n > 0
    erase = [e for e in audit_repo.latest(db) if e.action == "erase"]
    assert len(erase) == 1 and erase[0].detail["cases"] == [_number_cached]
    # the backup verifies too, and holds the erasure entry of its replay
    bdb = type(db)(str(saved))
    try:
        assert audit_repo.verify(bdb)[1] == []
        assert privacy_repo.count_case_rows(bdb, [case_id]) == 0
    finally:
        bdb.dispose()


_number_cached = None


@pytest.fixture(autouse=True)
def _remember_number(monkeypatch):
    # the erased case's number, read before the erasure (set by the test through _number)
    global _number_cached
    original = _number

    def remember(db, case_id):
        global _number_cached
        _number_cached = original(db, case_id)
        return _number_cached

    monkeypatch.setitem(globals(), "_number", remember)
    yield


def test_legal_hold_stops_erasure_and_the_refusal_is_audited(db, worker, make_case, dpo):
    case_id = make_case()
    number = _number(db, case_id)
    ctx = ctx_for(db, dpo)
    privacy.hold(ctx, number, "Klageverfahren SG Dortmund")
    with pytest.raises(AccessDenied, match=r"legal hold|Löschsperre"):
        privacy.erase_case(ctx, number, "Antrag", before_period_end=True)
    assert privacy_repo.count_case_rows(db, [case_id]) > 0
    refusals = [e for e in audit_repo.latest(db) if e.action == "refuse"]
    assert refusals and refusals[0].detail["reason"] == "legal_hold"
    privacy.hold(ctx, number, release=True)
    privacy.erase_case(ctx, number, "Antrag", before_period_end=True)
    assert privacy_repo.count_case_rows(db, [case_id]) == 0


def test_erasure_waits_for_the_retention_period(db, worker, make_case, dpo):
    case_id = make_case()
    _set(db, case_id, closed_on=date(2020, 3, 1), **CLOSED)
    with pytest.raises(AccessDenied, match=r"01\.03\.2030"):
        privacy.erase_case(ctx_for(db, dpo), _number(db, case_id), "Antrag")
    assert privacy_repo.count_case_rows(db, [case_id]) > 0


def test_only_the_dpo_erases(db, worker, make_case):
    case_id = make_case()
    with pytest.raises(AccessDenied):
        privacy.erase_case(ctx_for(db, worker), _number(db, case_id), "x",
                           before_period_end=True)
    assert privacy_repo.count_case_rows(db, [case_id]) > 0
    assert audit_repo.latest(db)[0].action == "refuse"


# -- restriction ---------------------------------------------------------------------------

def test_restricted_case_is_hidden_from_normal_work_and_kept(db, worker, make_case, dpo):
    case_id = make_case("Gesperrt", "Person")
    anna = ctx_for(db, worker)
    assert [c.id for c in cases.my_cases(anna)] == [case_id]
    privacy.restrict(ctx_for(db, dpo), _number(db, case_id), "§ 84 (3) SGB X")
    assert cases.my_cases(anna) == []
    assert cases.count(anna, CaseFilter(text="Gesperrt")) == 0
    with pytest.raises(AccessDenied, match=r"restricted|gesperrt"):
        check_case(anna, case_id, Need.read)
    assert privacy_repo.count_case_rows(db, [case_id]) > 0  # kept
    # the restriction is an audited write
    assert any(e.action == "update" and "restricted_on" in e.detail.get("fields", {})
               for e in audit_repo.for_case(db, case_id))
    privacy.restrict(ctx_for(db, dpo), _number(db, case_id), lift=True)
    assert [c.id for c in cases.my_cases(anna)] == [case_id]


def test_restriction_needs_a_reason(db, worker, make_case, dpo):
    from caseterm.core.validate import InputError

    case_id = make_case()
    with pytest.raises(InputError) as err:
        privacy.restrict(ctx_for(db, dpo), _number(db, case_id), "   ")
    assert "reason" in err.value.errors
    with db.read() as s:
        assert s.get(Case, case_id).restricted_on is None


# -- retention ---------------------------------------------------------------------------

def test_retention_dry_run_matches_the_real_run(db, worker, make_case, dpo):
    old = date(2012, 5, 2)
    gone = make_case("Alt", "Sgbzwei")
    _set(db, gone, closed_on=old, **CLOSED)
    young = make_case("Jung", "Sgbzwei")
    _set(db, young, closed_on=date(2020, 1, 1), **CLOSED)
    held = make_case("Gehalten", "Sgbzwei")
    _set(db, held, closed_on=old, **CLOSED,
         legal_hold=True, legal_hold_reason="Rückforderung")
    youth = make_case("Hundert", "Jahre", birth="1920-02-29", legal_area="sgb8")
    integ = make_case("Integ", "Ration", legal_area="integration")
    _set(db, integ, closed_on=old, **CLOSED)
    ctx = ctx_for(db, dpo)

    due = privacy.retention_due(ctx)
    plan = {(d.facts.case_id, d.action.value, d.held) for d in due}
    assert plan == {(gone, "delete", False), (held, "delete", True), (youth, "delete", False),
                    (integ, "restrict", False)}
    # 1920-02-29: 30th birthday 28.02.1950, + 70 years = 28.02.2020
    assert {d.facts.case_id: d.due_on for d in due}[youth] == date(2020, 2, 28)

    saved = backup(db)
    assert saved.name in _hits(db, "Hundert")
    steps = privacy.retention_run(ctx)
    # erased from the file, the WAL and the backup (one clean-up at the end of the run)
    assert _hits(db, "Hundert") == []
    assert db.path.name in _hits(db, "Gehalten")  # the held case stays
    assert {(s.case_number, s.action, s.done) for s in steps} == {
        (d.facts.case_number, d.action.value, not d.held) for d in due}
    assert privacy_repo.count_case_rows(db, [gone]) == 0
    assert privacy_repo.count_case_rows(db, [youth]) == 0
    assert privacy_repo.count_case_rows(db, [held]) > 0
    assert privacy_repo.count_case_rows(db, [young]) > 0
    with db.read() as s:
        assert s.get(Case, integ).restricted_on is not None
    # what is left due: only the held case, refused again next time
    assert [(d.facts.case_id, d.held) for d in privacy.retention_due(ctx)] == [(held, True)]
    assert audit_repo.verify(db)[1] == []
    assert privacy.due_count(ctx) == 0 and privacy.due_count(ctx_for(db, worker)) == 0


# -- access --------------------------------------------------------------------------------

def test_access_report_covers_every_area_and_redacts_third_parties(db, tmp_path):
    from caseterm.db.demo import load_demo
    from caseterm.models.intake import HouseholdMember
    from caseterm.models.network import NetworkMap, NetworkPerson
    from caseterm.services import referrals

    load_demo(db)
    with db.write() as s:
        dora = workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo",
                                team="", office="Rathaus", land="NW")
        case = s.exec(select(Case).where(Case.case_number == "IM-2026-00027")).one()
        dora, case = SimpleNamespace(id=dora.id), SimpleNamespace(
            id=case.id, client_id=case.client_id, lead_worker_id=case.lead_worker_id)

    lead_ctx = ctx_for(db, SimpleNamespace(id=case.lead_worker_id))
    consents.record(lead_ctx, case.id, {"purposes": ["data_exchange"], "given_on": "01.11.2026",
                                        "recipients": "Schuldnerberatung Caritas",
                                        "information_given": True})
    referrals.create(lead_ctx, case.id, {"recipient": "Schuldnerberatung Caritas",
                                         "purpose": "Beratung", "sent_on": "20.11.2026"})
    with db.read() as s:
        household = [h.name for h in s.exec(select(HouseholdMember)
                                            .where(HouseholdMember.client_id == case.client_id))]
        network = [p.name for p in s.exec(
            select(NetworkPerson).join(NetworkMap, NetworkMap.id == NetworkPerson.map_id)
            .where(NetworkMap.case_id == case.id))]
        client_last = s.get(Client, case.client_id).last_name
    assert household and network

    ctx = ctx_for(db, dora)
    pdf, js = privacy.write_access_report(ctx, "IM-2026-00027", tmp_path)
    report = json.loads(js.read_text(encoding="utf-8"))
    assert pdf.read_bytes().startswith(b"%PDF")
    expected = {"casefile", "agreement", "agreement_participant", "agreement_version",
                "assessment", "assessment_domain", "consent", "contact_note", "follow_up",
                "follow_up_postponement", "gas_level", "goal", "household_member",
                "intake_concern", "intake_record", "network_map", "network_person",
                "network_tie", "phase_change", "resource", "unmet_need", "working_agreement",
                "referral", "referral_event"}
    assert expected <= set(report["areas"])
    assert report["person"]["last_name"] == client_last
    text = js.read_text(encoding="utf-8")
    for name in household + network:
        assert name not in text, name
    assert report["cases"][0]["storage"]["rule"] == "integration_case"
    assert report["cases"][0]["purpose"] and report["cases"][0]["legal_basis"]
    assert any(r["recipient"] == "Schuldnerberatung Caritas" for r in report["recipients"])
    assert report["sources"] and report["refusals"]
    assert {r["area"] for r in report["redacted"]} >= {"household_member", "network_person"}
    assert audit_repo.latest(db)[0].action == "export"


def test_access_report_refused_outside_role(db, worker, make_case):
    case_id = make_case()
    with pytest.raises(AccessDenied):
        privacy.access_report(ctx_for(db, worker), _number(db, case_id))
    entry = audit_repo.latest(db)[0]
    assert entry.action == "refuse" and entry.detail["what"] == "access"


# -- consent controls what leaves -------------------------------------------------------------

def test_plan_export_to_a_provider_needs_consent(db, worker, make_case, tmp_path):
    from caseterm.services import goals as goals_svc
    from caseterm.services.privacy import DisclosureRefused

    case_id = make_case()
    ctx = ctx_for(db, worker)
    out = tmp_path / "plan.pdf"
    with pytest.raises(DisclosureRefused, match="Caritas"):
        goals_svc.export_plan(ctx, case_id, out, recipient="Caritas Schuldnerberatung")
    assert not out.exists()
    consents.record(ctx, case_id, {"purposes": ["data_exchange"], "given_on": "01.11.2026",
                                   "recipients": "Caritas", "information_given": True})
    verdict = privacy.disclose(ctx, case_id, "Caritas Schuldnerberatung")
    assert verdict.allowed and verdict.basis == "consent"
    (row,) = consents.list_for_case(ctx, case_id)
    consents.withdraw(ctx, row.id, {"withdrawn_on": "23.11.2026", "channel": "mündlich"})
    with pytest.raises(DisclosureRefused, match=r"23\.11\.2026"):
        privacy.disclose(ctx, case_id, "Caritas Schuldnerberatung")
    # a legal basis with its reason allows it, and is recorded
    privacy.disclose(ctx, case_id, "Familiengericht", legal_basis="child_protection",
                     reason="Gefährdungseinschätzung § 8a")
    entry = audit_repo.latest(db)[0]
    assert entry.action == "disclose" and entry.detail["legal_basis"] == "child_protection"


# -- CLI -------------------------------------------------------------------------------------

def _cli(db, user, *args):
    from caseterm.cli import app

    return CliRunner().invoke(app, ["--db", db.url, *args], env={"CASETERM_WORKER": user})


def test_cli_exit_codes_and_outputs(db, worker, make_case, dpo, tmp_path):
    case_id = make_case()
    number = _number(db, case_id)
    assert _cli(db, "anna", "privacy", "access", number).exit_code == 3
    assert _cli(db, "anna", "privacy", "retention").exit_code == 3
    res = _cli(db, "dora", "privacy", "erase", number, "--yes")
    assert res.exit_code == 1 and "reason" in res.output
    res = _cli(db, "dora", "privacy", "erase", number, "--yes", "--reason", "Antrag")
    assert res.exit_code == 3  # the retention period has not started (open case)
    res = _cli(db, "dora", "privacy", "access", number, "--out", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert len(list(tmp_path.glob("auskunft-*.pdf"))) == 1
    res = _cli(db, "dora", "privacy", "register", "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["data_protection_officers"] == ["Dora DSB"]
    assert [a["legal_area"] for a in data["activities"]] == ["sgb2"]
    res = _cli(db, "dora", "privacy", "retention", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    res = _cli(db, "anna", "plan", "export", number, "--pdf", str(tmp_path / "p.pdf"),
               "--draft", "--to", "Caritas")
    assert res.exit_code == 3 and "Caritas" in res.output
    res = _cli(db, "dora", "privacy", "erase", number, "--yes", "--reason", "Antrag",
               "--before-period-end", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["erased"] == [number]


@pytest.mark.postgres
def test_erasure_and_redaction_on_postgres(pg_db):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from caseterm.core.inputs import check_case as check_case_input
    from caseterm.core.inputs import check_client
    from caseterm.db.repo import cases as cases_repo

    with pg_db.write() as s:
        anna = workers_repo.add(s, username="anna", display_name="Anna", role="caseworker")
        dora = workers_repo.add(s, username="dora", display_name="Dora", role="dpo")
        client = cases_repo.add_client(s, check_client(
            {"first_name": MARKER_FIRST, "last_name": MARKER_LAST, "birth_date": "12.04.1980"}))
        case = cases_repo.add_case(s, client.id, check_case_input({"legal_area": "sgb2"}),
                                   anna.id)
        anna, dora, case_id = SimpleNamespace(id=anna.id), SimpleNamespace(id=dora.id), case.id
    cases.add_note(ctx_for(pg_db, anna), case_id, check_note({"text": MARKER_NOTE}))
    # the trigger still refuses any change of an entry that is not a redaction
    with pytest.raises(DBAPIError):
        with pg_db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_entry SET detail = '{}'"))
    done = privacy.erase_case(ctx_for(pg_db, dora), _number(pg_db, case_id), "Antrag",
                              before_period_end=True)
    assert done.redacted >= 1 and privacy_repo.count_case_rows(pg_db, [case_id]) == 0
    assert audit_repo.verify(pg_db)[1] == []
    with pg_db.read() as s:
        details = " ".join(d for (d,) in s.connection().execute(
            text("SELECT detail FROM audit_entry")))
    assert MARKER_NOTE not in details and MARKER_LAST not in details


def test_audit_entries_stay_append_only_except_for_a_redaction(db, worker, make_case):
    from sqlalchemy.exc import DBAPIError

    case_id = make_case()
    cases.add_note(ctx_for(db, worker), case_id, check_note({"text": "Inhalt"}))
    for sql in ("UPDATE audit_entry SET detail = '{}'",
                "UPDATE audit_entry SET detail = '{\"redacted\":9}', actor_name = 'Eve'",
                "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError):
            with db.write() as s:
                s.connection().exec_driver_sql(sql)
    assert audit_repo.verify(db)[1] == []
