"""Demo loader: the intake of the demo cases — referral, concerns by life domain, indication
check, household members, consents (one of them withdrawn) and working agreements.

Data in data/demo/intake.json keyed by case number; dates relative to ctx["today"]. Consents go
through core.consent.check_consent like typed input, so a mistake in the file fails loudly.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import Session

from caseterm.core.consent import check_consent
from caseterm.core.indication import Alternative, ConcernDomain, Decision, ReferralSource, Urgency
from caseterm.core.validate import Errors
from caseterm.db.repo import consents as consents_repo
from caseterm.models.intake import (
    HouseholdMember,
    IntakeConcern,
    IntakeRecord,
    WorkingAgreement,
)

ORDER = 10
FILE = "intake.json"


def _years_ago(today: date, years: int, salt: int) -> date:
    born = today - timedelta(days=int(years * 365.25) + 40 + (salt * 37) % 300)
    return min(born, today - timedelta(days=30))


def load(session: Session, ctx: dict) -> None:
    path = ctx["data_dir"] / FILE
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    today: date = ctx["today"]
    for number, spec in data["cases"].items():
        case = ctx["cases"].get(number)
        client = ctx["clients"].get(number)
        if case is None or client is None:
            continue
        worker_id = case.lead_worker_id
        ref = spec.get("referral", {})
        criteria = set(spec.get("criteria", []))
        concerns = spec.get("concerns", {})
        decision = Decision(spec.get("decision", "pending"))
        alternative = spec.get("alternative")
        session.add(IntakeRecord(
            case_id=case.id, referral_source=ReferralSource(ref.get("source", "self")).value,
            referring_agency=ref.get("agency", ""),
            urgency=Urgency(ref.get("urgency", "routine")).value,
            complex_need="complex_need" in criteria, many_actors="many_actors" in criteria,
            standard_path_fails="standard_path_fails" in criteria,
            insufficient_own_resources="insufficient_own_resources" in criteria,
            domain_count=len(concerns), decision=decision.value,
            alternative=Alternative(alternative).value if alternative else None,
            alternative_note=spec.get("alternative_note", ""),
            decided_on=case.opened_on if decision is not Decision.pending else None,
        ))
        for domain, text in concerns.items():
            session.add(IntakeConcern(case_id=case.id, domain=ConcernDomain(domain).value,
                                      text=text))
        for i, m in enumerate(spec.get("household", [])):
            born = _years_ago(today, m["birth_offset_years"], i + len(number)) \
                if "birth_offset_years" in m else None
            session.add(HouseholdMember(client_id=client.id, name=m["name"],
                                        relation=m.get("relation", ""), birth_date=born,
                                        in_benefit_unit=bool(m.get("in_benefit_unit"))))
        for c in spec.get("consents", []):
            given = today - timedelta(days=c["given_days_ago"])
            raw = {
                "given_by": c.get("given_by", "client"),
                "given_by_name": c.get("given_by_name", ""),
                "purposes": c["purposes"], "recipients": c.get("recipients", []),
                "form": c.get("form", "written"), "given_on": given,
                "valid_until": given + timedelta(days=c["valid_days"])
                if c.get("valid_days") else None,
                "note": c.get("note", ""), "information_given": True,
            }
            e = Errors()
            checked = check_consent(raw, e, birth_date=client.birth_date)
            e.raise_if_any()
            row = consents_repo.add(session, case.id, checked, worker_id)  # type: ignore[arg-type]
            if "withdrawn_days_ago" in c:
                row.withdrawn_on = today - timedelta(days=c["withdrawn_days_ago"])
                row.withdrawal_channel = c.get("withdrawal_channel", "")
        a = spec.get("agreement")
        if a:
            agreed = today - timedelta(days=a["days_ago"])
            session.add(WorkingAgreement(
                case_id=case.id, roles=a.get("roles", ""), client_tasks=a.get("client_tasks", ""),
                worker_tasks=a.get("worker_tasks", ""), contact=a.get("contact", ""),
                frequency=a.get("frequency", ""), privacy_info_on=agreed, agreed_on=agreed,
                worker_id=worker_id,
            ))
    session.flush()
