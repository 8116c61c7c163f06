"""The facts that decide access, read from the database, and the same rule as SQL for lists.

`actor_for()` builds the `core.access.Actor` once per unit of work the service layer starts;
`visible_cases()` is `core.access.decide()` written as an indexed condition, for lists,
searches and counts.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import false, or_, select, union

from caseterm.core.access import AbsenceWindow, Actor, CaseScope, Share, covered_workers
from caseterm.core.vocab import LegalArea, Role
from caseterm.db import tables

# SQLAlchemy Core on the lean tables (caseterm.db.tables): start-up and the queue read access
# facts without importing the model classes.
Session = Any


def actor_for(session: Session, worker: Any, today: date) -> Actor | None:
    """The Actor of a worker (a model instance or a row with its columns)."""
    if worker is None:
        return None
    role = Role(worker.role)
    a, w = tables.absence, tables.worker
    absences = [
        AbsenceWindow(r.worker_id, r.deputy_id, r.starts_on, r.ends_on)
        for r in session.execute(select(a.c.worker_id, a.c.deputy_id, a.c.starts_on,
                                        a.c.ends_on).where(
            a.c.deputy_id == worker.id, a.c.starts_on <= today, a.c.ends_on >= today))
    ]
    team: list[uuid.UUID] = []
    if role in (Role.team_lead, Role.trainer):
        conds = [w.c.team_lead_id == worker.id]
        if worker.team:
            conds.append(w.c.team == worker.team)
        team = list(session.execute(select(w.c.id).where(or_(*conds))).scalars())
    return Actor(
        id=worker.id, username=worker.username, display_name=worker.display_name, role=role,
        team=worker.team, covers=covered_workers(worker.id, role, absences, team, today))


def worker_row(session: Session, worker_id: uuid.UUID) -> Any:
    """The columns of one worker that identity and access need (None: no such worker)."""
    w = tables.worker
    return session.execute(select(w).where(w.c.id == worker_id)).first()


def scope(session: Session, case_id: uuid.UUID) -> CaseScope | None:
    c, sh = tables.casefile, tables.case_share
    row = session.execute(select(c.c.case_number, c.c.legal_area, c.c.lead_worker_id,
                                 c.c.deputy_worker_id, c.c.child_protection,
                                 c.c.restricted_on)
                          .where(c.c.id == case_id)).first()
    if row is None:
        return None
    shares = tuple(
        Share(r.worker_id, r.mode, r.until)
        for r in session.execute(select(sh.c.worker_id, sh.c.mode, sh.c.until)
                                 .where(sh.c.case_id == case_id)))
    return CaseScope(case_id, row.case_number, LegalArea(row.legal_area), row.lead_worker_id,
                     row.deputy_worker_id, bool(row.child_protection), shares,
                     restricted=row.restricted_on is not None)


def visible_cases(actor: Actor | None, today: date, *, lean: bool = False):
    """`casefile.id IN (…)` for the cases `actor` may read; None means no restriction (only
    for code below the door, e.g. the generator). Each side is one indexed look-up.

    `lean`: on the Core tables of caseterm.db.tables (for statements built on them, the
    queue); otherwise on the model classes' tables, for statements built on the models."""
    if actor is None:
        return None
    if actor.role in (Role.admin, Role.dpo):
        return false()
    if lean:
        case, share = tables.casefile, tables.case_share
    else:
        from caseterm.models.case import Case
        from caseterm.models.office import CaseShare

        case, share = Case.__table__, CaseShare.__table__
    leads = [actor.id, *getattr(actor, "covers", ())]
    open_ = case.c.restricted_on.is_(None)  # restricted cases are hidden from normal work
    parts = [
        select(case.c.id).where(case.c.lead_worker_id.in_(leads), open_),
        select(case.c.id).where(case.c.deputy_worker_id == actor.id, open_),
        select(share.c.case_id).join(case, case.c.id == share.c.case_id).where(
            share.c.worker_id == actor.id, open_,
            or_(share.c.until.is_(None), share.c.until >= today)),
    ]
    return case.c.id.in_(union(*parts))
