"""Changes held at the centre until the record they belong to arrives (db/repo/sync_held.py):
what waits, and for what. Administrators and team leads see every held change (no case
content: the table, the record's id, the author, what is missing); a caseworker those of the
cases she may read."""

from __future__ import annotations

from caseterm.core.vocab import Role
from caseterm.db.repo.sync_held import HeldChange
from caseterm.services.door import Ctx

__all__ = ["HeldChange", "list_held"]


def list_held(ctx: Ctx) -> list[HeldChange]:
    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.db.repo import sync_held as repo

    if ctx.actor.role in (Role.admin, Role.team_lead):
        return repo.listing(ctx.db, None)
    return repo.listing(ctx.db, access.visible_cases(ctx.actor, clock.today()))
