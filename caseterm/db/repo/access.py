"""The facts that decide access, read from the database, and the same rule as SQL for lists.

`actor_for()` builds the `core.access.Actor` once per unit of work the service layer starts;
`visible_cases()` is `core.access.decide()` written as an indexed condition, for lists,
searches and counts.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import false, or_, union
from sqlmodel import Session, col, select

from caseterm.core.access import AbsenceWindow, Actor, CaseScope, Share, covered_workers
from caseterm.core.vocab import LegalArea, Role
from caseterm.models.case import Case
from caseterm.models.office import Absence, CaseShare
from caseterm.models.worker import Worker


def actor_for(session: Session, worker: Worker | None, today: date) -> Actor | None:
    if worker is None:
        return None
    role = Role(worker.role)
    absences = [
        AbsenceWindow(a.worker_id, a.deputy_id, a.starts_on, a.ends_on)
        for a in session.exec(select(Absence).where(
            Absence.deputy_id == worker.id, Absence.starts_on <= today,
            Absence.ends_on >= today))
    ]
    team: list[uuid.UUID] = []
    if role in (Role.team_lead, Role.trainer):
        conds = [Worker.team_lead_id == worker.id]
        if worker.team:
            conds.append(Worker.team == worker.team)
        team = list(session.exec(select(Worker.id).where(or_(*conds))))
    return Actor(
        id=worker.id, username=worker.username, display_name=worker.display_name, role=role,
        team=worker.team, covers=covered_workers(worker.id, role, absences, team, today))


def scope(session: Session, case_id: uuid.UUID) -> CaseScope | None:
    row = session.exec(select(Case.case_number, Case.legal_area, Case.lead_worker_id,
                              Case.deputy_worker_id, Case.child_protection,
                              Case.restricted_on)
                       .where(Case.id == case_id)).first()
    if row is None:
        return None
    shares = tuple(
        Share(s.worker_id, s.mode, s.until)
        for s in session.exec(select(CaseShare).where(CaseShare.case_id == case_id)))
    return CaseScope(case_id, row.case_number, LegalArea(row.legal_area), row.lead_worker_id,
                     row.deputy_worker_id, row.child_protection, shares,
                     restricted=row.restricted_on is not None)


def visible_cases(actor: Actor | None, today: date):
    """`casefile.id IN (…)` for the cases `actor` may read; None means no restriction (only
    for code below the door, e.g. the generator). Each side is one indexed look-up."""
    if actor is None:
        return None
    if actor.role in (Role.admin, Role.dpo):
        return false()
    leads = [actor.id, *getattr(actor, "covers", ())]
    open_ = col(Case.restricted_on).is_(None)  # restricted cases are hidden from normal work
    parts = [
        select(Case.id).where(col(Case.lead_worker_id).in_(leads), open_),
        select(Case.id).where(Case.deputy_worker_id == actor.id, open_),
        select(CaseShare.case_id).join(Case, col(Case.id) == CaseShare.case_id).where(
            CaseShare.worker_id == actor.id, open_,
            or_(col(CaseShare.until).is_(None), CaseShare.until >= today)),
    ]
    return col(Case.id).in_(union(*parts))
