"""The content of a version: the JSON snapshot of the goal tree, the participants and the
duties; the preview of a draft, an agreed version's content, changes since it was agreed."""

from __future__ import annotations

import json
import uuid

from sqlmodel import Session, col, select

from caseterm.core.agreement import VersionStatus
from caseterm.core.goals import GoalStatus
from caseterm.db.engine import Database
from caseterm.db.repo.agreements.view import _agreement, _participants
from caseterm.models.agreement import Agreement, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.worker import Worker


def _goal_snapshot(session: Session, case_id: uuid.UUID):
    from caseterm.db.repo.goals import tree_in

    tree = tree_in(session, case_id)
    goals = []
    dropped: set[uuid.UUID] = set()
    for g in tree.goals:
        if g.status is GoalStatus.dropped or g.parent_id in dropped:
            dropped.add(g.id)
            continue
        d = g.as_dict()
        levels = tree.gas_levels.get(g.id)
        if levels:
            d["gas_levels"] = {str(k): v for k, v in sorted(levels.items())}
        goals.append(d)
    return tree, goals


def snapshot_in(session: Session, case_id: uuid.UUID, version: AgreementVersion) -> dict:
    """The content of a version: what the plan says (goals not dropped)."""
    tree, goals = _goal_snapshot(session, case_id)
    agreement = session.get(Agreement, version.agreement_id)
    case = session.get(Case, case_id)
    worker = session.get(Worker, case.lead_worker_id)
    return {
        "case_number": tree.case_number,
        "client_name": tree.client_name,
        "worker_name": worker.display_name if worker else "",
        "worker_office": worker.office if worker else "",
        "agreement_type": agreement.agreement_type,
        "legal_basis": agreement.legal_basis,
        "version": version.number,
        "review_date": version.review_date.isoformat(),
        "duties_client": version.duties_client,
        "duties_agency": version.duties_agency,
        "language": version.language,
        "interpreter_used": version.interpreter_used,
        "participants": [p.as_dict() for p in _participants(session, version.id)],
        "goals": goals,
    }


def preview(db: Database, case_id: uuid.UUID) -> dict | None:
    """The content the latest version has or would have: the frozen snapshot of an agreed
    version, else the live content of the draft (marked "draft")."""
    with db.read() as s:
        a = _agreement(s, case_id)
        if a is None:
            return None
        latest = s.exec(select(AgreementVersion).where(AgreementVersion.agreement_id == a.id)
                        .order_by(col(AgreementVersion.number).desc())).first()
        if latest is None:
            return None
        if latest.status != VersionStatus.draft.value:
            content = json.loads(latest.content)
            content["status"] = latest.status
            content["agreed_on"] = latest.agreed_on.isoformat() if latest.agreed_on else None
            return content
        content = snapshot_in(s, case_id, latest)
        content["status"] = VersionStatus.draft.value
        content["agreed_on"] = None
        return content


def version_content(db: Database, version_id: uuid.UUID) -> dict:
    """What a version says: its frozen snapshot, or for a draft the live content."""
    with db.read() as s:
        v = s.get(AgreementVersion, version_id)
        if v is None:
            raise LookupError(str(version_id))
        if v.content:
            return json.loads(v.content)
        a = s.get(Agreement, v.agreement_id)
        return snapshot_in(s, a.case_id, v)


def changes_since_agreed(db: Database, case_id: uuid.UUID) -> int:
    """How many goals and measures differ (added, dropped, reworded, re-dated, other person
    responsible) from the agreed version: a reason for a new version. Progress (status) does
    not count."""
    from caseterm.core.agreement import GOAL_FIELDS

    content = agreed_content(db, case_id)
    if content is None:
        return 0
    with db.read() as s:
        _tree, live = _goal_snapshot(s, case_id)
    fields = [f for f in GOAL_FIELDS if f not in ("status", "approval_state")]
    old = {g["id"]: g for g in content.get("goals", [])}
    new = {g["id"]: g for g in live}
    changed = len(set(old) ^ set(new))
    changed += sum(1 for gid in set(old) & set(new)
                   if any(old[gid].get(f) != new[gid].get(f) for f in fields))
    return changed


def agreed_content(db: Database, case_id: uuid.UUID) -> dict | None:
    with db.read() as s:
        a = _agreement(s, case_id)
        if a is None:
            return None
        v = s.exec(select(AgreementVersion).where(
            AgreementVersion.agreement_id == a.id,
            AgreementVersion.status == VersionStatus.agreed.value)).first()
        if v is None:
            return None
        content = json.loads(v.content)
        content["status"] = v.status
        content["agreed_on"] = v.agreed_on.isoformat() if v.agreed_on else None
        return content
