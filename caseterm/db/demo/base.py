"""Demo loader, step 0: the office's workers and the fictional cases of `base.json`.

Clients and cases pass through the same input checks as typed input (check_client,
check_case, check_note, check_followup), so a mistake in the data file fails loudly.
Every date is relative to ctx["today"].
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from caseterm.core.inputs import check_case, check_client, check_followup, check_note
from caseterm.core.phases import ORDER as PHASE_ORDER
from caseterm.core.vocab import CasePhase, ClosureReason, FollowUpStatus, Role
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import followups as followups_repo
from caseterm.db.repo import notes as notes_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.models.case import Case, PhaseChange
from caseterm.models.worker import Worker

ORDER = 0
FILE = "base.json"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _load_workers(session: Session, entries: list[dict], ctx: dict) -> None:
    workers: dict[str, Worker] = ctx["workers"]
    for w in entries:
        workers[w["username"]] = workers_repo.add(
            session, username=w["username"], display_name=w["display_name"],
            role=Role(w.get("role", "caseworker")).value, team=w.get("team", ""),
            office=w.get("office", ""), land=w.get("land", "NW"),
        )
    for w in entries:
        row = workers[w["username"]]
        if w.get("deputy"):
            row.deputy_id = workers[w["deputy"]].id
        if w.get("team_lead"):
            row.team_lead_id = workers[w["team_lead"]].id
    session.flush()
    if "current_worker" not in ctx:
        first = next((w["username"] for w in entries if w.get("role") == Role.caseworker), None)
        if first:
            ctx["current_worker"] = first


def _phase_history(session: Session, case: Case, target: CasePhase, spec: dict,
                   today: date, worker_id) -> None:
    """PhaseChange rows intake → … → target, spread between the opened day and today."""
    start = PHASE_ORDER.index(CasePhase.intake)
    path = PHASE_ORDER[start:PHASE_ORDER.index(target) + 1]
    opened = case.opened_on
    span = (today - opened).days
    if "phase_since_days_ago" in spec:
        last = today - timedelta(days=int(spec["phase_since_days_ago"]))
    else:
        last = opened + timedelta(days=span * (len(path) - 1) // len(path))
    last = min(max(last, opened), today)
    steps = len(path) - 1
    days = [opened + timedelta(days=((last - opened).days * i) // steps) if steps else opened
            for i in range(len(path))]

    first = session.exec(select(PhaseChange).where(PhaseChange.case_id == case.id)).one()
    first.to_phase = path[0].value
    first.at = _at(days[0], 8, 30)
    previous = path[0]
    for i, phase in enumerate(path[1:], start=1):
        reason = ""
        if phase is CasePhase.closure:
            reason = spec.get("closure_reason", "")
        session.add(PhaseChange(case_id=case.id, from_phase=previous.value,
                                to_phase=phase.value, at=_at(days[i], 9 + i % 6, 15),
                                worker_id=worker_id, reason=reason))
        previous = phase
    case.phase = target.value
    case.phase_since = _at(days[-1], 9 + (len(path) - 1) % 6, 15) if steps else first.at
    if target is CasePhase.closure:
        case.closed_on = days[-1]
        case.closure_reason = ClosureReason(spec["closure_reason"]).value


def _load_case(session: Session, entry: dict[str, Any], ctx: dict) -> None:
    today: date = ctx["today"]
    workers: dict[str, Worker] = ctx["workers"]
    spec = entry["case"]
    lead = workers[spec["lead"]]
    deputy = workers[spec["deputy"]] if spec.get("deputy") else None
    opened_ago = int(spec["opened_days_ago"])
    opened = today - timedelta(days=opened_ago)

    client = cases_repo.add_client(session, check_client(entry["client"]))
    data = check_case({
        "legal_area": spec["legal_area"], "title": spec.get("title", ""),
        "child_protection": spec.get("child_protection", False), "opened_on": opened,
        "phase": CasePhase.intake.value,
    })
    case = cases_repo.add_case(session, client.id, data, lead.id,
                               deputy_worker_id=deputy.id if deputy else None,
                               case_number=spec.get("case_number"))
    target = CasePhase(spec.get("phase", CasePhase.intake.value))
    _phase_history(session, case, target, spec, today, lead.id)

    for i, n in enumerate(entry.get("notes", [])):
        ago = int(n["days_ago"])
        if not 0 <= ago <= opened_ago:
            raise ValueError(f"{case.case_number}: note {ago} days ago lies outside the case")
        author = workers[n["author"]] if n.get("author") else lead
        note = check_note({
            "kind": n.get("kind"), "text": n["text"], "participants": n.get("participants", ""),
            "occurred_at": _at(today - timedelta(days=ago), 9 + (i * 2) % 7, (i * 17) % 60),
        })
        notes_repo.add_note_in(session, case.id, note, author.id)

    for f in entry.get("followups", []):
        due = today + timedelta(days=int(f["due_in_days"]))
        data_fu = check_followup({
            "due_date": due, "next_step": f["next_step"], "kind": f.get("kind"),
            "priority": f.get("priority"),
        }, allow_past=True)
        assignee = workers[f.get("assignee") or spec["lead"]]
        row = followups_repo.add_in(session, case.id, data_fu, assignee.id,
                                    created_by_id=lead.id)
        status = FollowUpStatus(f.get("status", FollowUpStatus.open.value))
        if status is not FollowUpStatus.open:
            row.status = status.value
            row.done_at = _at(min(due, today), 11)
            row.done_by_id = assignee.id
            row.outcome_note = f.get("outcome_note", "")
        elif target is CasePhase.closure:
            raise ValueError(f"{case.case_number}: a closed case cannot have open follow-ups")

    ctx["cases"][case.case_number] = case
    ctx["clients"][case.case_number] = client


def read_base(ctx: dict) -> dict:
    return json.loads((ctx["data_dir"] / FILE).read_text(encoding="utf-8"))


def load(session: Session, ctx: dict) -> None:
    base = read_base(ctx)
    ctx["base"] = base
    _load_workers(session, base["workers"], ctx)
    for entry in base["cases"]:
        _load_case(session, entry, ctx)
    session.flush()
