"""Demo data: goal trees, agreements and GAS reviews for the demo cases in planning, linking,
monitoring and evaluation (data/demo/goals.json; fictional people)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from caseterm.core.agreement import AgreedHow, ParticipantRole
from caseterm.core.goals import (
    ApprovalState,
    GoalInput,
    GoalLevel,
    GoalOwner,
    GoalStatus,
    LifeDomain,
    Responsible,
)

ORDER = 40
PHASES = ("planning", "linking", "monitoring", "evaluation")
AGREED_PHASES = ("linking", "monitoring", "evaluation")
REVIEW_PHASES = ("monitoring", "evaluation")


def _data_file(ctx: dict) -> Path:
    folder = ctx.get("data_dir")
    if folder:
        path = Path(folder) / "goals.json"
        if path.exists():
            return path
        path = Path(folder) / "demo" / "goals.json"
        if path.exists():
            return path
    repo = Path(__file__).resolve().parents[3] / "data" / "demo" / "goals.json"
    if repo.exists():
        return repo
    return Path(__file__).resolve().parents[2] / "_data" / "demo" / "goals.json"  # wheel


def _add_tree(session, case, nodes, today: date, phase: str, parent_id=None) -> None:
    from caseterm.db.repo import goals as goals_repo
    from caseterm.models.goals import GasLevel, GasReview, Goal

    for node in nodes:
        level = GoalLevel(node["level"])
        due = today + timedelta(days=node["due"]) if "due" in node else None
        imp, dif = node.get("importance"), node.get("difficulty")
        data = GoalInput(
            level=level, text_client=node["text"], life_domain=LifeDomain(node["domain"])
            if node.get("domain") else None, indicator=node.get("indicator", ""),
            baseline=node.get("baseline", ""), target=node.get("target", ""), due_date=due,
            importance=imp, difficulty=dif,
            weight=imp * dif if imp is not None and dif is not None else None,
            owner=GoalOwner.client, resources=node.get("resources", ""),
            status=GoalStatus.draft, confidence=node.get("confidence"),
            responsible=Responsible(node["responsible"]) if node.get("responsible") else None,
            responsible_name=node.get("responsible_name", ""),
            cost_bearer=node.get("cost_bearer", ""),
            needs_approval=bool(node.get("needs_approval")))
        goal = goals_repo.add_goal_in(session, case.id, data, parent_id=parent_id)
        if node.get("approval") and goal.needs_approval:
            goal.approval_state = ApprovalState(node["approval"]).value
        for lvl, text in node.get("gas", {}).items():
            session.add(GasLevel(goal_id=goal.id, level=int(lvl), description=text))
        if "baseline_level" in node:
            goal.gas_baseline = node["baseline_level"]
        if phase in REVIEW_PHASES:
            for r in node.get("reviews", []):
                session.add(GasReview(case_id=case.id, goal_id=goal.id,
                                      review_date=today - timedelta(days=r["days_ago"]),
                                      level=r["level"], note=r.get("note", "")))
        session.flush()
        _add_tree(session, case, node.get("children", []), today, phase, goal.id)
        if phase in REVIEW_PHASES and node.get("reviews"):
            session.get(Goal, goal.id).status = GoalStatus.in_progress.value


def _agreement(session, case, plan: dict, client_name: str, agreed: bool,
               today: date) -> None:
    from caseterm.db.repo import agreements
    from caseterm.models.agreement import AgreementParticipant

    version = agreements.ensure_draft_in(session, case.id)
    version.duties_client = plan.get("duties_client", "")
    version.duties_agency = plan.get("duties_agency", "")
    rows = {p.role: p for p in session.exec(
        select(AgreementParticipant)
        .where(AgreementParticipant.version_id == version.id))}
    extra = plan.get("participants")
    if extra:
        client_row = rows.get(ParticipantRole.client.value)
        if client_row is not None:
            session.delete(client_row)
        for i, p in enumerate(extra):
            session.add(AgreementParticipant(
                version_id=version.id, position=10 + i,
                name=p["name"].replace("{client}", client_name), role=p["role"],
                agreed_how=(p.get("agreed_how") or ("signature" if agreed else "pending")),
                agreed_on=today if agreed else None, note=p.get("note", "")))
    elif agreed and ParticipantRole.client.value in rows:
        row = rows[ParticipantRole.client.value]
        row.agreed_how = AgreedHow.signature.value
        row.agreed_on = today
    session.flush()
    if agreed:
        agreements.agree_in(session, version.id, case.lead_worker_id)


def load(session, ctx: dict) -> int:
    """Give each demo case in planning … evaluation a plan; returns how many."""
    data = json.loads(_data_file(ctx).read_text(encoding="utf-8"))
    today = ctx["today"]
    plans = data["plans"]
    by_number = {p["case_number"]: p for p in plans if p.get("case_number")}
    clients = ctx.get("clients", {})
    done = 0
    for number, case in sorted(ctx.get("cases", {}).items()):
        if case.phase not in PHASES:
            continue
        plan = by_number.get(number) or next(
            (p for p in plans if p.get("legal_area") == case.legal_area),
            plans[done % len(plans)])
        client = clients.get(number)
        name = f"{client.first_name} {client.last_name}" if client is not None else ""
        _add_tree(session, case, plan["goals"], today, case.phase)
        _agreement(session, case, plan, name, case.phase in AGREED_PHASES, today)
        done += 1
    return done
