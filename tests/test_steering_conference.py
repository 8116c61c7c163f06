"""Issue 19: case conferences, closure with evaluation, costs and budgets through the door."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from caseterm.core import clock
from caseterm.core.conference import (
    add_months,
    check_budget,
    check_cost,
    check_decision,
    parse_amount,
)
from caseterm.core.validate import Errors, InputError
from caseterm.db.repo import workers as workers_repo
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.models.steering import CaseClosure, Conference, ConferenceDecision, CostItem
from caseterm.services import AccessDenied, consents
from caseterm.services import cases as cases_service
from caseterm.services import closure as closure_svc
from caseterm.services import conference as conf_svc
from tests.conftest import ctx_for


def d(days: int = 0) -> str:
    return (clock.today() + timedelta(days=days)).strftime("%d.%m.%Y")


@pytest.fixture
def office(db, worker, make_case):
    with db.write() as s:
        ben = workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                               team="Team Süd")
        lena = workers_repo.add(s, username="lena", display_name="Lena Vogt",
                                role="team_lead", team="Team Nord")
        ids = ben.id, lena.id
    rows = {w.username: w for w in workers_repo.list_all(db)}
    return {"anna": worker, "ben": rows["ben"], "lena": rows["lena"],
            "case": make_case("Jürgen", "Müller", legal_area="sgb2"),
            "ben_case": make_case("Kevin", "Schulz", legal_area="sgb8", lead=ids[0])}


def _count(db, model, **where):
    with db.read() as s:
        q = select(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return len(s.exec(q).all())


# -- rules ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [("1250,00", "1250.00"), ("1.250,50 €", "1250.50"),
                                        ("0", "0.00"), ("99.5", "99.50")])
def test_amounts_are_read_as_decimal_euros(text, value):
    e = Errors()
    assert parse_amount(e, "planned", text) == Decimal(value)
    assert not e


@pytest.mark.parametrize("text", ["-5", "abc", "1000000,01", "12,345", "NaN", "Infinity"])
def test_negative_absurd_or_garbled_amounts_are_refused_at_the_field(text):
    with pytest.raises(InputError) as exc:
        check_cost({"cost_bearer": "Jobcenter", "planned": text})
    assert set(exc.value.errors) == {"planned"}


def test_eur_text_and_month_arithmetic():
    from caseterm.i18n import fmt_money, set_language

    assert fmt_money(Decimal("1250.5")) == "1.250,50 EUR"
    assert fmt_money(None) == "–"
    set_language("en")
    try:
        assert fmt_money(Decimal("1250.5")) == "1,250.50 EUR"
        assert fmt_money(Decimal("-0.001")) == "0.00 EUR"
    finally:
        set_language("de")
    assert add_months(clock.today().replace(month=8, day=31), 6).isoformat().endswith("-02-28")


def test_a_decision_needs_an_owner_and_a_date():
    with pytest.raises(InputError) as exc:
        check_decision({"text": "Schuldnerberatung anfragen"})
    assert set(exc.value.errors) == {"owner", "due_date"}


def test_a_budget_period_must_not_end_before_it_starts():
    with pytest.raises(InputError) as exc:
        check_budget({"amount": "300", "period_from": d(30), "period_to": d(1),
                      "purpose": "Assistenz"})
    assert set(exc.value.errors) == {"period_to"}


# -- the conference flow -------------------------------------------------------------------
def test_conference_from_invitation_to_decisions_in_the_owners_queues(db, office):
    anna = ctx_for(db, office["anna"])
    case_id = office["case"]
    conf = conf_svc.plan(anna, case_id, {"kind": "helferkonferenz", "held_on": d(2),
                                         "title": "Helferkonferenz Müller"})
    conf_svc.invite(anna, conf, {"worker": "ben"})
    # an external participant without a consent naming her organisation: refused at the field
    with pytest.raises(InputError) as exc:
        conf_svc.invite(anna, conf, {"name": "Frau Roth", "organisation": "Caritas",
                                     "external": True})
    assert "organisation" in exc.value.errors
    consents.record(anna, case_id, {
        "purposes": ["case_conference"], "given_on": d(), "valid_until": d(300),
        "information_given": True, "recipients": "Caritas"})
    conf_svc.invite(anna, conf, {"name": "Frau Roth", "organisation": "Caritas",
                                 "external": True})
    row = conf_svc.get(anna, conf)
    assert [(p.name, p.external, p.disclosure_ok) for p in row.participants] == [
        ("Ben Kaya", False, True), ("Frau Roth", True, True)]
    agenda = "\n".join(conf_svc.agenda(anna, conf).lines())
    assert "Offene Ziele" in agenda or "Open goals" in agenda

    # bad decision: nothing saved
    with pytest.raises(InputError):
        conf_svc.decide(anna, conf, {"text": "Ohne Verantwortliche", "due_date": d(5)})
    assert _count(db, ConferenceDecision) == 0

    conf_svc.record_protocol(anna, conf, "Alle einig.",
                             {p.id: True for p in row.participants})
    conf_svc.decide(anna, conf, {"text": "Schuldnerberatung anfragen", "kind": "referral",
                                 "owner": "ben", "due_date": d(7)})
    conf_svc.decide(anna, conf, {"text": "Bewerbungstraining", "kind": "measure",
                                 "owner": "anna", "due_date": d(14)})
    row = conf_svc.get(anna, conf)
    assert row.status == "held" and len(row.decisions) == 2
    with db.read() as s:
        fus = {f.next_step: f for f in s.exec(select(FollowUp).where(
            FollowUp.case_id == case_id, FollowUp.source_type == "conference"))}
        assert fus["Schuldnerberatung anfragen"].assignee_id == office["ben"].id
        assert fus["Bewerbungstraining"].assignee_id == office["anna"].id
        assert fus["Schuldnerberatung anfragen"].due_date == clock.today() + timedelta(days=7)
        measure = s.exec(select(Goal).where(Goal.text_client == "Bewerbungstraining")).one()
        assert measure.level == "massnahme" and measure.responsible_name == "Anna Becker"
    # in the case history
    history = cases_service.history(anna, case_id)
    assert any(e.entity == "conference" for e in history)
    assert any(e.entity == "conference_decision" for e in history)


def test_conference_outside_the_caseload_is_refused_and_audited(db, office):
    anna = ctx_for(db, office["anna"])
    with pytest.raises(AccessDenied):
        conf_svc.plan(anna, office["ben_case"], {"held_on": d(1)})
    assert _count(db, Conference) == 0
    from caseterm.db.repo import audit

    assert any(e.action == "refuse" for e in audit.latest(db, limit=50))


def test_protocol_pdf_has_participants_and_decisions(db, office, tmp_path):
    from pypdf import PdfReader

    anna = ctx_for(db, office["anna"])
    conf = conf_svc.plan(anna, office["case"], {"held_on": d(0)})
    conf_svc.invite(anna, conf, {"worker": "ben"})
    conf_svc.record_protocol(anna, conf, "Protokolltext", {})
    conf_svc.decide(anna, conf, {"text": "Termin beim Träger", "owner": "ben",
                                 "due_date": d(3)})
    path = conf_svc.export_protocol(anna, conf, tmp_path / "p.pdf")
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert "Ben Kaya" in text and "Termin beim Träger" in text and "Jürgen Müller" in text


# -- evaluation and closure ----------------------------------------------------------------
def _goal_with_review(db, anna, case_id):
    from caseterm.core.goals import check_gas_review, check_goal  # noqa: I001
    from caseterm.services import goals as goals_svc

    from caseterm.core.goals import check_gas_levels

    gid = goals_svc.add_goal(anna, case_id, check_goal({"text_client": "Arbeit finden",
                                                        "level": "handlungsziel"}))
    goals_svc.set_gas(anna, gid, check_gas_levels({
        "level_0": "Vorstellungsgespräch", "level_1": "Probearbeit", "baseline_level": "-1"}))
    goals_svc.add_review(anna, gid, check_gas_review({"level": "1", "review_date": d()}))
    return gid


def test_closure_without_evaluation_or_reason_is_refused_and_nothing_changes(db, office):
    anna = ctx_for(db, office["anna"])
    case_id = office["case"]
    with pytest.raises(InputError) as exc:
        closure_svc.close(anna, case_id, {"closure_reason": "goals_achieved"})
    assert "no_evaluation_reason" in exc.value.errors
    with pytest.raises(InputError) as exc:
        closure_svc.close(anna, case_id, {})
    assert "closure_reason" in exc.value.errors
    assert _count(db, CaseClosure) == 0
    assert cases_service.overview(anna, case_id).case.phase.value != "closure"


def test_closure_with_evaluation_after_care_and_reopening_keeps_history(db, office):
    anna = ctx_for(db, office["anna"])
    case_id = office["case"]
    _goal_with_review(db, anna, case_id)
    ev = closure_svc.evaluation(anna, case_id)
    assert [(g.start, g.final, g.change) for g in ev.goals] == [(-1, 1, 2)]
    assert ev.t_start is not None and ev.t_final is not None and ev.t_final > ev.t_start
    with pytest.raises(InputError) as exc:  # evaluation there, but the client's view missing
        closure_svc.close(anna, case_id, {"closure_reason": "goals_achieved"})
    assert set(exc.value.errors) == {"client_view"}
    closure_svc.close(anna, case_id, {"closure_reason": "goals_achieved",
                                      "client_view": "Ich habe wieder Arbeit.",
                                      "integrated_on": d(-10)})
    [c] = closure_svc.closures(anna, case_id)
    assert c.gas_start == ev.t_start and c.gas_final == ev.t_final
    assert c.aftercare_due is not None
    assert (c.aftercare_due - clock.today()).days >= 180  # SGB II: six months
    with db.read() as s:
        fu = s.exec(select(FollowUp).where(FollowUp.source_type == "aftercare")).one()
        assert fu.status == "open" and fu.assignee_id == office["anna"].id
    closure_svc.record_aftercare(anna, case_id, True)
    closure_svc.reopen(anna, case_id, "Arbeitsplatz verloren")
    rows = closure_svc.closures(anna, case_id)
    assert len(rows) == 1 and rows[0].reopened_on == clock.today()
    assert rows[0].aftercare_lasted is True
    assert cases_service.overview(anna, case_id).case.phase.value == "intake"


def test_closure_with_a_recorded_reason_for_no_evaluation(db, office):
    anna = ctx_for(db, office["anna"])
    closure_svc.close(anna, office["case"], {"closure_reason": "moved",
                                             "no_evaluation_reason": "Nach Hamburg verzogen"})
    [c] = closure_svc.closures(anna, office["case"])
    assert c.no_evaluation_reason == "Nach Hamburg verzogen" and c.gas_start is None


def test_aftercare_months_per_legal_area_is_a_lead_setting(db, office):
    anna = ctx_for(db, office["anna"])
    with pytest.raises(AccessDenied):
        closure_svc.set_aftercare_months(anna, "sgb2", 12)
    lena = ctx_for(db, office["lena"])
    assert closure_svc.set_aftercare_months(lena, "sgb2", 12)["sgb2"] == 12
    with pytest.raises(InputError):
        closure_svc.set_aftercare_months(lena, "sgb2", 99)
    closure_svc.close(anna, office["case"], {"closure_reason": "moved",
                                             "no_evaluation_reason": "verzogen"})
    [c] = closure_svc.closures(anna, office["case"])
    assert c.aftercare_due == add_months(clock.today(), 12) or (
        c.aftercare_due - add_months(clock.today(), 12)).days <= 3  # moved to a working day


# -- costs and budgets ---------------------------------------------------------------------
def test_cost_of_a_measure_is_stored_in_cents_and_shown_to_the_approval(db, office):
    from caseterm.core.goals import check_goal
    from caseterm.services import goals as goals_svc

    anna = ctx_for(db, office["anna"])
    gid = goals_svc.add_goal(anna, office["case"], check_goal({
        "text_client": "Sprachkurs", "level": "massnahme", "responsible": "provider",
        "responsible_name": "VHS"}))
    with pytest.raises(InputError) as exc:
        closure_svc.set_cost(anna, {"cost_bearer": "Jobcenter", "planned": "-10"}, goal_id=gid)
    assert set(exc.value.errors) == {"planned"}
    assert _count(db, CostItem) == 0
    closure_svc.set_cost(anna, {"cost_bearer": "Jobcenter", "legal_basis": "§ 16 SGB II",
                                "planned": "1.250,00", "actual": "980,50",
                                "provider": "VHS"}, goal_id=gid)
    cost = closure_svc.cost_of_goal(ctx_for(db, office["lena"]), gid)
    assert cost.planned == Decimal("1250.00") and cost.actual == Decimal("980.50")
    with db.read() as s:
        assert s.exec(select(CostItem)).one().planned_cents == 125000
    ben = ctx_for(db, office["ben"])
    with pytest.raises(AccessDenied):
        closure_svc.set_cost(ben, {"cost_bearer": "X", "planned": "1"}, goal_id=gid)


def test_personal_budget(db, office):
    anna = ctx_for(db, office["anna"])
    closure_svc.add_budget(anna, office["case"], {
        "amount": "850,00", "period_from": d(), "period_to": d(180),
        "purpose": "Assistenz im Alltag", "cost_bearer": "Sozialamt"})
    [b] = closure_svc.budgets(anna, office["case"])
    assert b.amount == Decimal("850.00") and b.purpose == "Assistenz im Alltag"


# -- the command line ----------------------------------------------------------------------
def test_cli_conference_closure_and_costs(db, office, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from caseterm.cli import app

    runner = CliRunner()
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    number = cases_service.number_of(ctx_for(db, office["anna"]), office["case"])
    base = ["--db", str(db.path)]

    def run(*args):
        return runner.invoke(app, [*base, *args])

    res = run("conference", "plan", number, "--date", d(1), "--title", "Fallkonferenz")
    assert res.exit_code == 0, res.output
    conf = res.stdout.strip()
    assert run("conference", "invite", conf, "--worker", "ben").exit_code == 0
    res = run("conference", "invite", conf, "--external", "--name", "Herr Roth",
              "--org", "Diakonie")
    assert res.exit_code == 1 and "organisation" in res.output
    res = run("conference", "decide", conf, "--text", "Wohnung suchen", "--due", d(5))
    assert res.exit_code == 1 and "owner" in res.output
    assert run("conference", "protocol", conf, "--text", "Besprochen",
               "--present", "Ben Kaya").exit_code == 0
    res = run("conference", "decide", conf, "--text", "Wohnung suchen", "--due", d(5),
              "--owner", "ben")
    assert res.exit_code == 0, res.output
    res = run("conference", "show", conf, "--json")
    data = json.loads(res.stdout)
    assert data["decisions"][0]["owner"] == "Ben Kaya"
    assert data["participants"][0]["attended"] is True
    assert run("conference", "pdf", conf, str(tmp_path / "p.pdf")).exit_code == 0
    # Ben cannot plan on Anna's case: exit 3
    monkeypatch.setenv("CASETERM_WORKER", "ben")
    assert run("conference", "plan", number, "--date", d(1)).exit_code == 3
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    res = run("closure", "close", number, "--reason", "goals_achieved")
    assert res.exit_code == 1 and "no_evaluation_reason" in res.output
    res = run("closure", "close", number, "--reason", "moved", "--no-evaluation", "verzogen")
    assert res.exit_code == 0, res.output
    assert json.loads(run("closure", "history", number).stdout)[0]["closure_reason"] == "moved"
    res = run("costs", "budget", number, "--amount", "-3", "--from", d(), "--to", d(9),
              "--purpose", "x")
    assert res.exit_code == 1 and "amount" in res.output



def test_draft_protocol_pdf_pages_carry_the_draft_mark(db, office, tmp_path):
    """Rendered with pdftoppm: several pages, the draft mark on every page, text round trip,
    title and language in the metadata."""
    import shutil
    import subprocess

    from pypdf import PdfReader

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    anna = ctx_for(db, office["anna"])
    conf = conf_svc.plan(anna, office["case"], {"held_on": d(3), "title": "Helferkonferenz"})
    conf_svc.invite(anna, conf, {"worker": "ben"})
    for i in range(40):  # a long agenda of decisions: more than one page
        conf_svc.decide(anna, conf, {"text": f"Beschluss Nummer {i} mit ausführlichem Text "
                                     "über das, was zu tun ist", "owner": "ben",
                                     "due_date": d(5)})
    path = conf_svc.export_protocol(anna, conf, tmp_path / "p.pdf")  # not held: a draft
    reader = PdfReader(str(path))
    pages = len(reader.pages)
    assert pages >= 2
    for page in reader.pages:
        assert "ENTWURF" in page.extract_text()
    assert "Beschluss Nummer 39" in "".join(p.extract_text() for p in reader.pages)
    assert reader.xmp_metadata.dc_title["x-default"].startswith("Protokoll")
    assert b"/Lang" in path.read_bytes()
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
                   check=True, timeout=60)
    assert len(list(tmp_path.glob("page*.png"))) == pages
    # held: no draft mark
    conf_svc.record_protocol(anna, conf, "Besprochen.", {})
    held = conf_svc.export_protocol(anna, conf, tmp_path / "held.pdf")
    assert "ENTWURF" not in "".join(p.extract_text() for p in PdfReader(str(held)).pages)
