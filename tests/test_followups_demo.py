"""The follow-up demo loader: referrals with history, postponements, series, escalations."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from caseterm.core import clock
from caseterm.core.inputs import FollowUpInput, check_case, check_client
from caseterm.core.queue import Escalation
from caseterm.db.demo import followups as demo
from caseterm.db.repo import cases, followups, referrals, workers
from caseterm.db.repo import queue as q
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.referral import ReferralStatus
from caseterm.models.worker import Worker

DATA = Path(__file__).resolve().parent.parent / "data" / "demo"


def test_demo_loader(db):
    spec = json.loads((DATA / "followups.json").read_text(encoding="utf-8"))
    numbers = {s["case"] for key in ("referrals", "postponements", "followups", "plans")
               for s in spec[key]}
    with db.write() as s:
        ws = {}
        for name in ("hbrandt", "skrueger", "jweiss", "aoezdemir"):
            ws[name] = workers.add(s, username=name, display_name=name, land="NW",
                                   team="Nord")
        ws["jweiss"].deputy_id = ws["skrueger"].id
        ws["skrueger"].team_lead_id = ws["hbrandt"].id
        ws["jweiss"].team_lead_id = ws["hbrandt"].id
        ctx = {"workers": ws, "cases": {}, "clients": {}, "today": clock.today(),
               "data_dir": DATA}
        for number in sorted(numbers):
            area = {"JC": "sgb2", "JA": "sgb8", "SH": "sgb12", "IM": "integration"}[number[:2]]
            client = cases.add_client(s, check_client({"first_name": "A", "last_name": number}))
            case = cases.add_case(s, client.id, check_case({"legal_area": area}),
                                  ws["skrueger"].id)
            ctx["cases"][number] = case
        base = {"JC-2026-00112": "Rückmeldung vom ASD (Frau Özdemir) einholen",
                "JC-2026-00087": "Platz in der Fahrradwerkstatt beim Werkhof",
                "SH-2026-00007": "Wohnungsgesellschaft wegen Tausch anrufen",
                "IM-2026-00027": "OGS-Platz für Sofiia: Rückmeldung der Grundschule",
                "JA-2026-00044": "Schutzabsprache prüfen: mit Frau Lorenz sprechen"}
        for number, text in base.items():
            followups.add_in(s, ctx["cases"][number].id, FollowUpInput(
                due_date=clock.today(), next_step=text), ws["skrueger"].id)
        demo.load(s, ctx)
        handover = ctx["cases"]["JC-2026-00112"].id
        cp_case = ctx["cases"]["JA-2026-00044"].id
        ids = {k: w.id for k, w in ws.items()}
    (ref,) = referrals.list_for_case(db, handover)
    assert ref.status is ReferralStatus.contact_made and ref.awaiting_feedback
    assert ref.target_legal_area.value == "sgb8"
    with db.read() as s:
        linked = s.exec(select(FollowUp).where(FollowUp.source_id == ref.id)).all()
        assert len(linked) == 1 and linked[0].kind == "referral"
        assert linked[0].next_step.startswith("Rückmeldung vom ASD")
        assert s.get(Case, cp_case).child_protection
        flagged = s.exec(select(FollowUp).where(FollowUp.postpone_count >= 3)).all()
        assert len(flagged) == 1
        assert s.get(Worker, ids["jweiss"]).deputy_id == ids["skrueger"]
    deputy_view = q.page(db, q.QueueFilter(viewer_id=ids["skrueger"]))
    assert any(r.escalation is Escalation.deputy for r in deputy_view)
    lead_view = q.page(db, q.QueueFilter(viewer_id=ids["hbrandt"]))
    assert {r.escalation for r in lead_view} == {Escalation.team_lead}
    assert any(r.has_plan for r in deputy_view)
