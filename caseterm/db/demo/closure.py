"""Demo loader: the closure record of each closed demo case (`"closure"` in its `case` entry
of base.json: the client's view, the reason why there is no GAS evaluation, the day of the
integration), so that its closure screen lists the closure and after-care can be recorded.

The base loader has moved the case to the closure phase (with `closure_reason`); this adds
what the closure service (services.closure.close) adds: the input passes the same check
(core.conference.check_closure), the record and the after-care follow-up are written by the
same repository function, due after the office's default after-care months."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from caseterm.core.conference import AFTERCARE_MONTHS_DEFAULT, aftercare_followup, check_closure
from caseterm.core.vocab import CasePhase
from caseterm.db.repo import conference as conference_repo
from caseterm.db.repo.goals.tree import tree_in

ORDER = 70  # after the goals (40): a closure's evaluation comes from the case's GAS reviews


def load(session: Session, ctx: dict) -> None:
    today = ctx["today"]
    for entry in ctx["base"]["cases"]:
        spec = entry["case"]
        closure = spec.get("closure")
        if closure is None:
            continue
        case = ctx["cases"][spec["case_number"]]
        if case.phase != CasePhase.closure.value:
            raise ValueError(f"{case.case_number}: a closure record needs the closure phase")
        tree = tree_in(session, case.id)
        if tree.goals or tree.reviews:
            # the goal and GAS figures are the closure service's to compute; the demo's
            # closed cases predate the goal plans
            raise ValueError(f"{case.case_number}: demo closures are of cases without goals")
        raw = {"closure_reason": spec["closure_reason"],
               "client_view": closure.get("client_view", ""),
               "no_evaluation_reason": closure.get("no_evaluation_reason", "")}
        if "integrated_days_ago" in closure:
            raw["integrated_on"] = today - timedelta(days=int(closure["integrated_days_ago"]))
        data = check_closure(raw, has_evaluation=False)
        closed_on = case.closed_on
        aftercare = aftercare_followup(
            case.legal_area, AFTERCARE_MONTHS_DEFAULT.get(case.legal_area, 0), closed_on)
        conference_repo.add_closure_in(session, case.id, {
            "closed_on": closed_on, "closure_reason": data.reason.value,
            "client_view": data.client_view, "no_evaluation_reason": data.no_evaluation_reason,
            "gas_start": None, "gas_final": None, "goals_total": 0, "goals_achieved": 0,
            "integrated_on": data.integrated_on,
        }, case.lead_worker_id, aftercare, case.lead_worker_id)
