"""The demo loader gives demo cases goal trees, agreements and GAS reviews."""

from __future__ import annotations

import importlib

from caseterm.core.agreement import VersionStatus
from caseterm.db.repo import agreements
from caseterm.db.repo import goals as goals_repo
from caseterm.models.case import Case
from caseterm.models.client import Client
from tests.conftest import TODAY


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
