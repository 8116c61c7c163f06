"""What the TUI asks at start, on the lean path (caseterm.db.tables, no model classes).

`notices_possible` and `inbox_possible` tell whether `people.start_notices` or
`people.inbox_line` can find anything: only then is that module (and with it the model
classes, ~0.75 s) imported, in its thread. Most mornings there is nothing to show, and the
start stays lean (issue 18).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select

from caseterm.core import clock
from caseterm.core.sync_facts import SyncStatus
from caseterm.db import tables
from caseterm.services.door import Ctx

REPORT_DAYS = 14  # the deputy's report is offered for two weeks after the absence ended


def notices_possible(ctx: Ctx) -> bool:
    """An absence I deputise for starts today, or one of mine ended in the last REPORT_DAYS."""
    if not ctx.actor.sees_case_content:
        return False
    today = clock.today()
    a = tables.absence.c
    stmt = select(a.worker_id).where(or_(
        and_(a.deputy_id == ctx.actor.id, a.starts_on == today),
        and_(a.worker_id == ctx.actor.id, a.ends_on < today,
             a.ends_on >= today - timedelta(days=REPORT_DAYS)))).limit(1)
    with ctx.db.read() as s:
        return s.execute(stmt).first() is not None


def inbox_possible(ctx: Ctx) -> bool:
    """A superset of what the queue's inbox line shows: a referral addressed to me, a pending
    hand-over to me or to any office, an absence I deputise for today."""
    if not ctx.actor.sees_case_content:
        return False
    today = clock.today()
    r, h, a = tables.referral.c, tables.case_handover.c, tables.absence.c
    checks = (
        select(r.recipient_worker_id).where(r.recipient_worker_id == ctx.actor.id),
        select(h.status).where(h.status == "pending",
                               or_(h.to_worker_id == ctx.actor.id, h.to_office.is_not(None))),
        select(a.worker_id).where(a.deputy_id == ctx.actor.id, a.starts_on <= today,
                                  a.ends_on >= today),
    )
    with ctx.db.read() as s:
        return any(s.execute(stmt.limit(1)).first() is not None for stmt in checks)


# What services.sync.sync_status says on a file that was never set up for sync (db/repo/sync/)
NO_SYNC = SyncStatus("none", "", "", "", 0, None, None, False, 7, 0, 0, 0)


def sync_status_if_none(ctx: Ctx) -> SyncStatus | None:
    """NO_SYNC when this file takes no part in sync (most offices); None: ask services.sync."""
    with ctx.db.read() as s:
        row = s.execute(select(tables.sync_state.c.id).limit(1)).first()
    return NO_SYNC if row is None else None
