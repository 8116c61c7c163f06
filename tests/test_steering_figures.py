"""Issue 19: steering figures against hand-computed values on a small fixture, the
group-of-5 rule, the access rules of the door, CSV/XLSX/PDF, `caseterm report`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from caseterm.core import steering as st
from caseterm.core.validate import InputError
from caseterm.db.repo import workers as workers_repo
from caseterm.models.case import Case
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.services import UnmetNeed
from caseterm.models.steering import CaseClosure, CostItem
from caseterm.services import AccessDenied
from caseterm.services import steering as steering_svc
from tests.conftest import TODAY, ctx_for

START = date(2026, 1, 1)
OPENED = date(2026, 3, 1)


# -- the rules -----------------------------------------------------------------------------
def test_group_of_five_rule():
    assert st.count(0).reason == "empty" and st.count(0).text() == "–"
    for n in range(1, 5):
        cell = st.count(n)
        assert cell.value is None and cell.reason == "small"
    assert st.count(5).value == 5
    assert st.rate(3, 4).value is None
    assert st.rate(3, 5).value == 60.0
    assert st.mean_days(33, 5).value == 6.6
    assert st.money(12345, 4).value is None
    assert str(st.money(12345, 5).value) == "123.45"
    with pytest.raises(ValueError):
        st.rate(6, 5)


def test_report_scope_by_role():
    assert st.report_scope("caseworker") is st.Scope.own
    assert st.report_scope("team_lead") is st.Scope.team
    assert st.report_scope("admin") is st.Scope.office
    assert st.report_scope("dpo") is None


def test_a_period_that_ends_before_it_starts_is_refused_at_the_field():
    with pytest.raises(InputError) as exc:
        steering_svc.check_period(TODAY, TODAY - timedelta(days=1))
    assert set(exc.value.errors) == {"end"}


# -- the fixture ---------------------------------------------------------------------------
@pytest.fixture
def town(db, worker, make_case):
    """Team Nord: Anna (10 SGB II cases: 5 closed with evaluation, 5 open in planning) and
    Carl (2 SGB VIII cases); Lena leads Team Nord; Ben (Team Süd) has one case; Ada is the
    administrator, Dora the data-protection officer."""
    with db.write() as s:
        carl = workers_repo.add(s, username="carl", display_name="Carl Kern",
                                role="caseworker", team="Team Nord")
        ben = workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                               team="Team Süd")
        for u, n, r in (("lena", "Lena Vogt", "team_lead"), ("ada", "Ada Admin", "admin"),
                        ("dora", "Dora Datenschutz", "dpo")):
            workers_repo.add(s, username=u, display_name=n, role=r, team="Team Nord")
        carl_id, ben_id = carl.id, ben.id
    anna = [make_case(f"Vor{i}", f"Nach{i}", legal_area="sgb2") for i in range(10)]
    for i in range(2):
        make_case(f"Kind{i}", "Carl", legal_area="sgb8", lead=carl_id)
    make_case("Süd", "Ben", legal_area="sgb2", lead=ben_id)
    integrated = [date(2026, 4, 10), date(2026, 5, 1), date(2026, 6, 9), None, None]
    lasted = [True, True, True, True, False]
    starts, finals = [40, 40, 45, 50, 50], [50, 55, 55, 60, 55]
    waits = [5, 10, 15, 10, 10]
    with db.write() as s:
        for i, cid in enumerate(anna):
            case = s.get(Case, cid)
            case.opened_on = OPENED
            if i < 5:
                case.phase, case.closed_on, case.closure_reason = \
                    "closure", date(2026, 10, 1), "goals_achieved"
                s.add(CaseClosure(case_id=cid, closed_on=date(2026, 10, 1),
                                  closure_reason="goals_achieved", gas_start=starts[i],
                                  gas_final=finals[i], integrated_on=integrated[i],
                                  aftercare_lasted=lasted[i]))
                ref = Referral(case_id=cid, recipient="Caritas", sent_on=date(2026, 6, 1),
                               feedback_due=date(2026, 7, 1),
                               status="feedback_received" if i < 4 else "sent")
                s.add(ref)
                s.flush()
                if waits[i] is not None:
                    at = datetime(2026, 6, 1, 10, tzinfo=UTC) + timedelta(days=waits[i])
                    s.add(ReferralEvent(referral_id=ref.id, status="help_started", at=at))
                s.add(CostItem(case_id=cid, referral_id=ref.id, cost_bearer="Jobcenter",
                               planned_cents=10000, actual_cents=9000))
                s.add(UnmetNeed(case_id=cid, domain_id="housing", need="Wohnung",
                                district="Nordstadt", recorded_on=date(2026, 9, 1)))
            else:
                case.phase = "planning"
                since = datetime(2026, 11, 23, 9, tzinfo=UTC)
                case.phase_since = since - timedelta(days=2 * (i - 4))
        for cid in anna[:2]:
            s.add(UnmetNeed(case_id=cid, domain_id="debts", need="Schulden",
                            district="Südstadt", recorded_on=date(2026, 9, 2)))
    rows = {w.username: w for w in workers_repo.list_all(db)}
    return rows


def _report(db, who, **kw):
    return steering_svc.report(ctx_for(db, who), START, TODAY, **kw)


def test_figures_for_the_team_against_hand_computed_values(db, town):
    rep = _report(db, town["lena"])
    assert rep.scope is st.Scope.team and rep.label == "Team Nord" and rep.persons == 12
    caseload = {(r[0], r[1].split()[1]): r[2] for r in rep.table("caseload").rows}
    assert caseload[("Anna Becker", "II")].value == 10
    assert caseload[("Carl Kern", "VIII")].reason == "small"  # 2 clients: not shown
    phases = {r[0]: r for r in rep.table("phases").rows}
    planning = next(v for k, v in phases.items() if k.startswith("Planung"))
    assert planning[1].value == 5 and planning[2].value == 6.0  # (2+4+6+8+10)/5
    [integ] = rep.table("integration").rows
    assert integ[0].value == 5
    assert integ[1].value == 60.0  # 3 of 5 integrated
    assert integ[2].reason == "small"  # the time is a mean over 3 persons: suppressed
    assert integ[3].value == 80.0  # 4 of 5 lasted at after-care
    [gas] = rep.table("gas").rows
    assert (gas[2].value, gas[3].value, gas[4].value) == (45.0, 55.0, 10.0)
    [ref] = rep.table("referrals").rows
    assert ref[0] == "Caritas" and ref[2].value == 80.0 and ref[3].value == 10.0
    unmet = {(r[0], r[1]): r[2] for r in rep.table("unmet").rows}
    assert unmet[("Nordstadt", "housing")].value == 5
    assert unmet[("Südstadt", "debts")].reason == "small"
    [cost] = rep.table("costs").rows
    assert cost[1] == "Jobcenter" and str(cost[3].value) == "500.00" \
        and str(cost[4].value) == "450.00"


def test_figures_for_the_office_against_hand_computed_values(db, town):
    """The office-wide statements read the cases through the covering index (0019_steerkeys,
    db/indexed.py); Ben's case (Team Süd) has no closure, referral, cost or need, so every
    outcome figure is Team Nord's, and his one client is a group under 5."""
    rep = _report(db, town["ada"])
    assert rep.scope is st.Scope.office and rep.persons == 13
    caseload = {(r[0], r[1].split()[1]): r[2] for r in rep.table("caseload").rows}
    assert caseload[("Anna Becker", "II")].value == 10
    assert caseload[("Ben Kaya", "II")].reason == "small"
    [integ] = rep.table("integration").rows
    assert (integ[0].value, integ[1].value, integ[2].reason, integ[3].value) == \
        (5, 60.0, "small", 80.0)
    [gas] = rep.table("gas").rows
    assert (gas[2].value, gas[3].value, gas[4].value) == (45.0, 55.0, 10.0)
    [ref] = rep.table("referrals").rows
    assert ref[0] == "Caritas" and ref[2].value == 80.0 and ref[3].value == 10.0
    unmet = {(r[0], r[1]): r[2] for r in rep.table("unmet").rows}
    assert unmet[("Nordstadt", "housing")].value == 5
    assert unmet[("Südstadt", "debts")].reason == "small"
    [cost] = rep.table("costs").rows
    assert cost[1] == "Jobcenter" and str(cost[3].value) == "500.00" \
        and str(cost[4].value) == "450.00"
    assert rep.table("referrals").rows == _report(db, town["lena"]).table("referrals").rows


def test_a_caseworker_sees_her_own_caseload_only(db, town, worker):
    rep = _report(db, worker)
    assert rep.scope is st.Scope.own and rep.persons == 10
    assert {r[0] for r in rep.table("caseload").rows} == {"Anna Becker"}


def test_scope_outside_the_role_is_refused_and_audited(db, town, worker):
    from caseterm.db.repo import audit

    with pytest.raises(AccessDenied):
        _report(db, town["lena"], team="Team Süd")
    with pytest.raises(AccessDenied):
        _report(db, town["dora"])
    with pytest.raises(AccessDenied):
        _report(db, worker, team="Team Nord")
    refusals = [e for e in audit.latest(db, limit=50) if e.action == "refuse"]
    assert len(refusals) == 3
    rep = _report(db, town["ada"])
    assert rep.scope is st.Scope.office and rep.persons == 13
    assert any(e.action == "report" for e in audit.latest(db, limit=50))


def test_an_empty_team_says_so(db, town, tmp_path):
    rep = _report(db, town["ada"], team="Team West")
    assert rep.empty and rep.tables == []
    text = steering_svc.write_csv(rep, None)
    assert "keine" in text.lower() or "no clients" in text.lower()


def test_csv_xlsx_and_pdf(db, town, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    rep = _report(db, town["lena"])
    text = steering_svc.write_csv(rep, tmp_path / "r.csv")
    assert "Caritas;5;80,0;10,0" in text  # German: decimal comma
    assert "< 5" in text
    steering_svc.write_xlsx(rep, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx").active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Caritas" in values and 80.0 in values
    from caseterm.export.protocol_pdf import write_report

    pdf = write_report(rep, steering_svc.headline(rep), "", tmp_path / "r.pdf")
    reader = PdfReader(str(pdf))
    assert "Caritas" in "".join(p.extract_text() for p in reader.pages)
    assert reader.xmp_metadata.dc_title["x-default"]


def test_cli_report_csv_json_and_refusal(db, town, tmp_path, monkeypatch):
    from caseterm.cli import app

    runner = CliRunner()
    monkeypatch.setenv("CASETERM_WORKER", "lena")
    base = ["--db", str(db.path), "report"]
    res = runner.invoke(app, [*base, "--from", "01.01.2026", "--to", "23.11.2026", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["persons"] == 12 and data["label"] == "Team Nord"
    res = runner.invoke(app, [*base, "--from", "01.01.2026", "--to", "23.11.2026",
                              "--csv", str(tmp_path / "r.csv")])
    assert res.exit_code == 0 and (tmp_path / "r.csv").exists()
    res = runner.invoke(app, [*base, "--from", "01.12.2026", "--to", "23.11.2026"])
    assert res.exit_code == 1 and "end" in res.output
    res = runner.invoke(app, [*base, "--from", "01.01.2026", "--to", "23.11.2026",
                              "--team", "Team Süd"])
    assert res.exit_code == 3
