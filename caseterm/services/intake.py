"""Intake through the door: the duplicate warning while typing, saving an intake, and the
intake summary of a case.

- The duplicate warning looks at all clients (a second record of one person must not slip
  through), but it passes the actor as viewer: a person whose cases all lie outside her
  caseload is reported by name, birth date and reason only — no case number, no district, no
  way to open it (need to know, § 35 SGB I).
- An intake creates a case led by the actor; it is written field by field to the audit trail.
  A new case for an existing person is allowed only when the actor sees one of that person's
  cases.
- Roles without case content (administrator, data-protection officer) take no intakes.
"""

from __future__ import annotations

import uuid
from datetime import date

from caseterm.core.access import Need
from caseterm.core.intake import IntakeInput
from caseterm.db.repo import clients as clients_repo
from caseterm.db.repo import intake as intake_repo
from caseterm.db.repo.cases import GateError
from caseterm.db.repo.clients import DuplicateCandidate
from caseterm.db.repo.intake import DuplicatesFound, IntakeSaved, IntakeSummary
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, NotFound, check_case, record

__all__ = ["DuplicateCandidate", "DuplicatesFound", "GateError", "IntakeSaved",
           "IntakeSummary", "duplicates", "reindex", "save", "summary"]


def _may_take_intakes(ctx: Ctx, what: str) -> None:
    if ctx.actor.sees_case_content:
        return
    record(ctx, "refuse", "intake", "", None, {"what": what, "reason": "no_case_content"})
    raise AccessDenied(_("Your role does not take intakes: it gives no access to case "
                         "content."))


def duplicates(ctx: Ctx, first_name: str, last_name: str,
               birth_date: date | None) -> list[DuplicateCandidate]:
    """Existing clients that may be the person being entered, strongest first. Candidates
    outside the actor's caseload are marked `visible=False` and carry no case numbers."""
    return clients_repo.find_duplicates(ctx.db, first_name, last_name, birth_date,
                                        viewer=ctx.actor)


def save(ctx: Ctx, data: IntakeInput, *, confirm_new: bool = False,
         existing_client_id: uuid.UUID | None = None) -> IntakeSaved:
    """Save the whole intake at once or nothing; the new case is led by the actor.
    Raises DuplicatesFound (nothing saved) unless `confirm_new`, GateError when the phase
    the intake leads to is refused, AccessDenied for a person outside the caseload."""
    _may_take_intakes(ctx, "intake")
    if existing_client_id is not None:
        if not clients_repo.exists(ctx.db, existing_client_id):
            raise NotFound(_("No such client."))
        if not clients_repo.visible_to(ctx.db, existing_client_id, ctx.actor):
            record(ctx, "refuse", "client", existing_client_id, None,
                   {"what": "intake", "reason": "not_in_caseload"})
            raise AccessDenied(_("This person's cases are in another caseload; ask the team "
                                 "lead or the responsible caseworker. Nothing was saved."))
    with ctx.acting():
        return intake_repo.save_intake(ctx.db, data, ctx.actor.id, confirm_new=confirm_new,
                                       existing_client_id=existing_client_id,
                                       viewer=ctx.actor)


def summary(ctx: Ctx, case_id: uuid.UUID) -> IntakeSummary | None:
    """What the intake recorded for a case the actor may read (None: made without intake)."""
    check_case(ctx, case_id, Need.read, "intake")
    return intake_repo.summary(ctx.db, case_id)


def reindex(ctx: Ctx) -> None:
    """Rebuild the case search index (after a bulk import or a restore). It reveals and
    changes no client data, so any identified worker may run it; it is audited."""
    from caseterm.db import search as search_mod

    with ctx.db.write() as s:
        search_mod.rebuild(s)
    record(ctx, "reindex", "search", "", None)
