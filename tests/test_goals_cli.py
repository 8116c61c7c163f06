"""CLI twins: `goals check`, `goals list`, `gas CASE`, `plan export/show`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.goals import check_gas_levels, check_gas_review, check_goal
from caseterm.db.repo import goals as goals_repo

runner = CliRunner()


def test_goals_check_text_and_json():
    weak = runner.invoke(app, ["--lang", "en", "goals", "check", "Ich gehe regelmäßig zum Sport."])
    assert weak.exit_code == 2
    assert "✗ S Specific" in weak.output and "regelmäßig" in weak.output
    strong = runner.invoke(app, ["--lang", "en", "goals", "check", "--json",
                                 "Bis 31.03.2027 habe ich 5 Bewerbungen abgeschickt."])
    assert strong.exit_code == 0
    data = json.loads(strong.output)
    assert data["score"] == 100 and data["total"] == 5
    assert [c["letter"] for c in data["criteria"]] == ["S", "M", "A", "R", "T"]


def _case_with_gas(db, make_case):
    case_id = make_case(phase="monitoring")
    hz = goals_repo.add_goal(db, case_id, check_goal({
        "level": "handlungsziel", "text_client": "Bis 31.01.2027 habe ich 3 Wohnungen besichtigt.",
        "due_date": "31.01.2027"}))
    goals_repo.set_gas(db, hz, check_gas_levels({"level_0": "3 Besichtigungen",
                                                  "baseline_level": "-1", "weight": "1"}))
    goals_repo.add_review(db, hz, check_gas_review({"level": "1", "review_date": "heute"}))
    from caseterm.db.repo import cases
    with db.read() as s:
        from caseterm.models.case import Case
        number = s.get(Case, case_id).case_number
    assert cases.find_by_number(db, number) == case_id
    return case_id, number


def test_gas_history_cli(db, worker, make_case):
    _case_id, number = _case_with_gas(db, make_case)
    res = runner.invoke(app, ["--db", str(db.path), "gas", number, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [p["t"] for p in data["points"]] == [40.0, 60.0]
    assert data["rho"] == 0.3
    text = runner.invoke(app, ["--db", str(db.path), "--lang", "en", "gas", number])
    assert "60.0" in text.output and "+1" in text.output
    bad = runner.invoke(app, ["--db", str(db.path), "gas", number, "--rho", "1.5"])
    assert bad.exit_code == 1
    malformed = runner.invoke(app, ["--db", str(db.path), "gas", "XX-0"])
    assert malformed.exit_code == 1  # invalid input (README "When something goes wrong")
    missing = runner.invoke(app, ["--db", str(db.path), "gas", "JC-2026-99999"])
    assert missing.exit_code == 3  # not found


def test_goals_list_and_plan_export(db, worker, make_case, tmp_path):
    _case_id, number = _case_with_gas(db, make_case)
    res = runner.invoke(app, ["--db", str(db.path), "goals", "list", number, "--json"])
    assert res.exit_code == 0, res.output
    goals = json.loads(res.output)["goals"]
    assert goals[0]["smart"]["total"] == 7
    no_plan = runner.invoke(app, ["--db", str(db.path), "plan", "export", number,
                                  "--pdf", str(tmp_path / "p.pdf")])
    assert no_plan.exit_code == 3  # nothing to print: not found
    from caseterm.db.repo import agreements

    agreements.ensure_draft(db, _case_id)
    draft = runner.invoke(app, ["--db", str(db.path), "plan", "export", number, "--draft",
                                "--pdf", str(tmp_path / "p.pdf"), "--lang", "en"])
    assert draft.exit_code == 0, draft.output
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    show = runner.invoke(app, ["--db", str(db.path), "--lang", "en", "plan", "show", number])
    assert "draft" in show.output


def test_rho_setting_is_used_by_gas(db, worker, make_case):
    _case_id, number = _case_with_gas(db, make_case)
    assert runner.invoke(app, ["--db", str(db.path), "goals", "rho"]).output.strip() == "0.3"
    assert runner.invoke(app, ["--db", str(db.path), "goals", "rho", "2"]).exit_code == 1
    assert runner.invoke(app, ["--db", str(db.path), "goals", "rho", "0.5"]).exit_code == 0
    data = json.loads(runner.invoke(app, ["--db", str(db.path), "gas", number, "--json"]).output)
    assert data["rho"] == 0.5
