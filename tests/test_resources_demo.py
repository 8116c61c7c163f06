"""The demo loader of resource mapping runs on the demo cases and yields what the screens
show: completed and open assessments, maps in versions, linked offerings, unmet needs."""

from __future__ import annotations

import json
from pathlib import Path

from caseterm.core.inputs import check_case, check_client
from caseterm.core.network import indicators
from caseterm.db.repo import assessments as assessments_repo
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import network as net_repo
from caseterm.db.repo import services as services_repo
from tests.conftest import TODAY

DATA = Path(__file__).resolve().parent.parent / "data" / "demo"


def test_demo_loader(db, worker):
    from caseterm.db.demo import resources as demo

    spec = json.loads((DATA / "resources.json").read_text(encoding="utf-8"))
    ctx = {"workers": {}, "cases": {}, "clients": {}, "today": TODAY, "data_dir": DATA}
    with db.write() as s:
        for i, number in enumerate(spec["cases"]):
            client = cases_repo.add_client(s, check_client(
                {"first_name": f"Demo{i}", "last_name": "Person", "district": "Am Hafen"}))
            area = {"IM": "integration", "JC": "sgb2", "JA": "sgb8", "SH": "sgb12"}[number[:2]]
            case = cases_repo.add_case(s, client.id, check_case(
                {"legal_area": area, "opened_on": "2026-01-05"}), worker.id, case_number=number)
            ctx["cases"][number] = case
            ctx["clients"][number] = client
        demo.load(s, ctx)
    assert services_repo.count_offerings(db) == 33
    ids = {n: c.id for n, c in ctx["cases"].items()}
    with db.read() as s:
        assert assessments_repo.is_complete(s, ids["IM-2026-00027"])
        assert not assessments_repo.is_complete(s, ids["JA-2026-00038"])
    assert len(net_repo.versions(db, ids["SH-2026-00007"])) == 2
    old, new = (net_repo.load_map(db, v.id) for v in net_repo.versions(db, ids["IM-2026-00019"]))
    assert indicators(new.people, new.ties).size > indicators(old.people, old.ties).size
    assert any(r.offering_id for r in net_repo.resources(db, ids["JC-2026-00087"]))
    assert services_repo.unmet_need_summary(db)
