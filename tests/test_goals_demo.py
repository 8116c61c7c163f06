"""The demo loader gives demo cases goal trees, agreements and GAS reviews."""

from __future__ import annotations

import importlib
import json
from collections import Counter

from sqlmodel import select

from caseterm.core.agreement import VersionStatus
from caseterm.core.goals import GoalLevel
from caseterm.db.demo import data_dir, load_demo
from caseterm.db.engine import Database
from caseterm.db.repo import agreements
from caseterm.db.repo import goals as goals_repo
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.goals import Goal
from tests.conftest import TODAY

PLAN_PHASES = ("planning", "linking", "monitoring", "evaluation")


def test_demo_plans_for_cases_in_planning_to_evaluation(db, worker, make_case):
    demo = importlib.import_module("caseterm.db.demo.goals")
    ids = {
        "planning": make_case(phase="planning", legal_area="sgb12"),
        "linking": make_case(first="Lena", last="Schmidt", phase="linking", legal_area="sgb8"),
        "monitoring": make_case(first="Ali", last="Demir", phase="monitoring",
                                legal_area="sgb2"),
        "intake": make_case(first="Eva", last="Roth", phase="intake"),
    }
    with db.write() as s:
        cases = {c.case_number: c for c in (s.get(Case, i) for i in ids.values())}
        clients = {n: s.get(Client, c.client_id) for n, c in cases.items()}
        n = demo.load(s, {"cases": cases, "clients": clients, "today": TODAY,
                          "workers": {}, "data_dir": None})
    assert n == 3
    assert agreements.view(db, ids["intake"]) is None
    assert agreements.view(db, ids["planning"]).latest.status is VersionStatus.draft
    linking = agreements.view(db, ids["linking"])
    assert linking.latest.status is VersionStatus.agreed
    assert {p["role"] for p in linking.latest.content["participants"]} >= {"parent", "child"}
    tree = goals_repo.load_tree(db, ids["monitoring"])
    hist = goals_repo.gas_history(tree)
    assert len(hist) >= 3 and hist[-1].t > hist[0].t
    assert not goals_repo.load_tree(db, ids["linking"]).reviews  # reviews only from monitoring


def test_demo_cases_have_their_own_plans_with_distinct_leitziele(tmp_path):
    """Each demo case in planning … evaluation gets a plan of its own (keyed by case number,
    not the legal-area template), and no two clients share the same Leitziel."""
    data = json.loads((data_dir() / "demo" / "goals.json").read_text(encoding="utf-8"))
    own = {p["case_number"] for p in data["plans"] if p.get("case_number")}
    db = Database(str(tmp_path / "demo.db"))
    load_demo(db)
    with db.read() as s:
        cases = [c for c in s.exec(select(Case)).all() if c.phase in PLAN_PHASES]
        assert len(cases) >= 8
        leitziele: dict[str, list[str]] = {}
        for case in cases:
            assert case.case_number in own, f"{case.case_number} has no plan of its own"
            goals = s.exec(select(Goal).where(Goal.case_id == case.id)).all()
            levels = Counter(g.level for g in goals)
            assert levels[GoalLevel.leitziel.value] >= 1, case.case_number
            assert 1 <= levels[GoalLevel.handlungsziel.value] <= 3, case.case_number
            assert levels[GoalLevel.massnahme.value] >= 1, case.case_number
            assert agreements.view_in(s, case.id) is not None, case.case_number
            leitziele[case.case_number] = [g.text_client for g in goals
                                           if g.level == GoalLevel.leitziel.value]
    texts = [t for ts in leitziele.values() for t in ts]
    dupes = [t for t, n in Counter(texts).items() if n > 1]
    assert not dupes, f"Leitziel shared by several cases: {dupes}"
