"""The intake demo loader fills the demo cases' intake data consistently."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from caseterm.core.inputs import check_case, check_client
from caseterm.db.repo import cases, consents
from caseterm.models.intake import Consent, HouseholdMember, IntakeRecord, WorkingAgreement
from tests.conftest import TODAY

DATA = Path(__file__).resolve().parent.parent / "data" / "demo"


def test_demo_intake_loads_for_every_listed_case(db, worker):
    from caseterm.db.demo import intake as demo_intake

    spec = json.loads((DATA / "intake.json").read_text(encoding="utf-8"))["cases"]
    ctx = {"cases": {}, "clients": {}, "today": TODAY, "data_dir": DATA, "workers": {}}
    with db.write() as s:
        for i, number in enumerate(spec):
            client = cases.add_client(s, check_client(
                {"first_name": f"Vorname{i}", "last_name": "Demo", "birth_date": "1980-01-01"}))
            case = cases.add_case(s, client.id, check_case({"legal_area": "other"}), worker.id,
                                  case_number=number)
            ctx["cases"][number], ctx["clients"][number] = case, client
        demo_intake.load(s, ctx)
    with db.read() as s:
        assert len(s.exec(select(IntakeRecord)).all()) == len(spec)
        assert len(s.exec(select(WorkingAgreement)).all()) >= 10
        assert len(s.exec(select(HouseholdMember)).all()) >= 10
        withdrawn = s.exec(select(Consent).where(Consent.withdrawn_on.is_not(None))).all()
        assert len(withdrawn) == 1
        case_id = ctx["cases"]["JA-2026-00044"].id
        assert consents.has_valid_consent(s, case_id)
        assert consents.covers_recipient(s, case_id, "Kinderklinik Lindenau", TODAY)
        assert not consents.covers_recipient(s, case_id, "Kindsvater Marco Brandl", TODAY)
        assert not consents.has_valid_consent(s, ctx["cases"]["IM-2026-00031"].id)
