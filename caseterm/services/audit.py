"""The audit trail through the door: verify the chain, show a case's entries, the newest.

Reading the trail is for the data-protection officer, the team lead and the administrator;
a caseworker sees the entries of her own cases in the case history (services.cases.history).
"""

from __future__ import annotations

import uuid

from caseterm.core.audit import Problem
from caseterm.db.engine import Database
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo.audit import EntryRow
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, check_case

__all__ = ["EntryRow", "Problem"]


def _require_reader(ctx: Ctx) -> None:
    if not ctx.actor.reads_audit:
        raise AccessDenied(_("Only the data-protection officer, a team lead or an "
                             "administrator reads the audit trail."))


def verify(db: Database) -> tuple[int, list[Problem]]:
    """Anyone may verify: it reveals no content, only whether the chain is intact."""
    return audit_repo.verify(db)


def for_case(ctx: Ctx, case_id: uuid.UUID, *, limit: int = 500) -> list[EntryRow]:
    if not ctx.actor.reads_audit:
        check_case(ctx, case_id)
    return audit_repo.for_case(ctx.db, case_id, limit=limit)


def latest(ctx: Ctx, *, limit: int = 200) -> list[EntryRow]:
    _require_reader(ctx)
    return audit_repo.latest(ctx.db, limit=limit)


def describe(problem: Problem) -> str:
    texts = {
        "changed": _("entry {seq} was changed after it was written"),
        "missing": _("entry {seq} is missing (deleted)"),
        "inserted": _("entry {seq} was inserted afterwards"),
        "chain": _("the entry before {seq} was replaced"),
        "head": _("the newest entries after {seq} were removed"),
    }
    return texts.get(problem.kind, "{seq}").format(seq=problem.seq)
