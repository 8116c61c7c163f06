"""A half-typed intake as a draft: the worker's own, kept in the database until the intake is
saved or discarded, and offered on the next start. Only the worker herself reads it; a worker
who may not take intakes has none."""

from __future__ import annotations

from caseterm.db.repo import drafts as repo
from caseterm.services.door import Ctx


def save_intake_draft(ctx: Ctx, values: dict[str, object]) -> None:
    """Keep the form's values (field id -> text, choice or tick)."""
    clean = {str(k)[:64]: v for k, v in values.items()
             if isinstance(v, str | bool | int | float) or v is None}
    with ctx.acting():
        repo.save(ctx.db, ctx.actor.id, clean)


def intake_draft(ctx: Ctx) -> dict[str, object] | None:
    return repo.load(ctx.db, ctx.actor.id)


def drop_intake_draft(ctx: Ctx) -> None:
    with ctx.acting():
        repo.drop(ctx.db, ctx.actor.id)
