"""Whose follow-up queue a person sees (core.access, computed once per run in
`db.repo.queue.context`): "mine", a team lead's "team", or one worker she may look at; anyone
else's queue is refused, and the refusal is audited. Part of services.followups.
"""

from __future__ import annotations

import uuid

from caseterm.core.validate import InputError
from caseterm.core.vocab import Role
from caseterm.db.repo import queue as queue_repo
from caseterm.db.repo.queue import QueueFilter
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, NotFound, record

SCOPES = ("mine", "team", "worker")


# -- whose queue ---------------------------------------------------------------------------
def sees_team(ctx: Ctx) -> bool:
    """A team lead (and a trainer, for her trainees) has a team queue."""
    return ctx.actor.role in (Role.team_lead, Role.trainer)


def visible_workers(ctx: Ctx) -> list[tuple[str, uuid.UUID]]:
    """Colleagues whose queue the actor may open: her team (team lead) or the absent
    colleagues she deputises for today; (display name, id), by name."""
    covers = ctx.actor.covers if ctx.actor.sees_case_content else frozenset()
    return [(name, wid) for name, wid in queue_repo.workers_for_reassign(ctx.db)
            if wid in covers]


def worker_id_of(ctx: Ctx, name_or_id: str) -> uuid.UUID:
    """The worker named by a CLI option (user name or id); NotFound if there is none."""
    from caseterm.db.repo import workers as workers_repo

    text = (name_or_id or "").strip()
    row = workers_repo.by_username(ctx.db, text) if text else None
    if row is not None:
        return row.id
    try:
        wid = uuid.UUID(text)
    except ValueError:
        wid = None
    if wid is not None and any(w == wid for _n, w in queue_repo.workers_for_reassign(ctx.db)):
        return wid
    raise NotFound(_("No worker {name}.").format(name=repr(text[:64])))


def _refuse_worker(ctx: Ctx, worker_id: uuid.UUID, what: str) -> AccessDenied:
    name = next((n for n, w in queue_repo.workers_for_reassign(ctx.db) if w == worker_id),
                str(worker_id))
    record(ctx, "refuse", "worker", worker_id, None, {"what": what, "reason": "not_covered"})
    return AccessDenied(_(
        "The follow-ups of {name} are not yours to see: only her team lead, or her deputy "
        "while she is away, may open them.").format(name=name))


def queue_filter(ctx: Ctx, *, scope: str = "mine", worker_id: uuid.UUID | None = None,
                 legal_area: str | None = None, kind: str | None = None,
                 overdue_only: bool = False, until_today: bool = False) -> QueueFilter:
    """The filter of one queue view, after checking that the actor may see that scope
    (AccessDenied otherwise, audited)."""
    if scope not in SCOPES:
        raise InputError({"scope": _("Unknown scope.")})
    # (an administrator or data-protection officer gets an empty queue: no case is visible)
    if scope == "worker":
        if worker_id is None:
            raise InputError({"worker": _("Choose a worker.")})
        if worker_id == ctx.actor.id:
            scope, worker_id = "mine", None
        elif worker_id not in ctx.actor.covers:
            raise _refuse_worker(ctx, worker_id, "queue")
    elif scope == "team":
        worker_id = None
        if not sees_team(ctx):
            record(ctx, "refuse", "worker", ctx.actor.id, None,
                   {"what": "team_queue", "reason": "not_team_lead"})
            raise AccessDenied(_("Only a team lead sees the team's queue; yours shows your "
                                 "follow-ups and those of colleagues you deputise for."))
    else:
        worker_id = None
    return QueueFilter(viewer_id=ctx.actor.id, scope=scope, worker_id=worker_id,
                       legal_area=legal_area or None, kind=kind or None,
                       overdue_only=overdue_only, until_today=until_today)


def _mine(ctx: Ctx, flt: QueueFilter) -> None:
    if flt.viewer_id != ctx.actor.id:
        raise AccessDenied(_("This queue belongs to someone else."))
