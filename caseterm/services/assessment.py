"""Assessments through the door: reading the case's assessments, saving one life domain,
starting a new assessment, marking one complete.

Opening the assessment writes nothing; the first saved domain starts the assessment. Saving a
domain passes the `row_version` and the values the form started from: what someone else saved
meanwhile to another field of the domain is kept, a change to the same field raises
`Conflict` (nothing is overwritten unseen)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from caseterm.core.access import Need
from caseterm.core.schemes import DomainEntry
from caseterm.db.repo import assessments as repo
from caseterm.db.repo import goals as goals_repo
from caseterm.db.repo import intake as intake_repo
from caseterm.db.repo import network as net_repo
from caseterm.db.repo.assessments import AssessmentRow, entry_values
from caseterm.i18n import N_, _
from caseterm.services.door import Ctx, NotFound, check_case, check_version

__all__ = ["AssessmentRow", "AssessmentView", "DomainEntry", "entry_values"]

LABELS = {
    "strengths": N_("Strengths and resources (first)"),
    "problems": N_("Problems and needs"),
    "client_view": N_("The client's view (in their words)"),
    "worker_view": N_("Professional view"),
    "urgency": N_("Urgency"),
    "rating": N_("Rating"),
}


@dataclass(frozen=True)
class AssessmentView:
    case_id: uuid.UUID
    case_number: str
    client_name: str
    rows: list[AssessmentRow] = field(default_factory=list)  # oldest first
    chosen: uuid.UUID | None = None  # the open one, else the newest; None: none yet
    concerns: dict[str, str] = field(default_factory=dict)  # domain id -> the intake's words


def field_labels() -> dict[str, str]:
    return {k: _(v) for k, v in LABELS.items()}


def view(ctx: Ctx, case_id: uuid.UUID, select: uuid.UUID | None = None) -> AssessmentView:
    """The case's assessments (nothing is written: a case without one shows an empty form;
    the first saved domain starts it)."""
    check_case(ctx, case_id, Need.read, "assessment")
    head = net_repo.case_head(ctx.db, case_id)
    rows = repo.history(ctx.db, case_id)
    chosen = select if select is not None else repo.current(ctx.db, case_id)
    intake = intake_repo.summary(ctx.db, case_id)
    concerns = {str(d.value): text for d, text in intake.concerns.items() if text} \
        if intake else {}
    return AssessmentView(case_id, head.case_number, head.client_name, rows, chosen, concerns)


def start(ctx: Ctx, case_id: uuid.UUID) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "assessment")
    with ctx.acting():
        return repo.start(ctx.db, case_id, ctx.actor.id)


def complete(ctx: Ctx, assessment_id: uuid.UUID) -> date:
    case_id = repo.case_of(ctx.db, assessment_id)
    if case_id is None:
        raise NotFound(_("No such assessment."))
    check_case(ctx, case_id, Need.write, "assessment")
    with ctx.acting():
        return repo.complete(ctx.db, assessment_id)


def save_entry(ctx: Ctx, case_id: uuid.UUID, assessment_id: uuid.UUID | None,
               entry: DomainEntry, *, base_version: int | None = None,
               base: DomainEntry | None = None) -> uuid.UUID:
    """Save one life domain; returns the assessment's id (started now when `assessment_id` is
    None). `base_version` is the domain row's row_version when the form was filled (0 when
    nothing was stored yet), `base` the entry shown then."""
    check_case(ctx, case_id, Need.write, "assessment")
    if assessment_id is not None and repo.case_of(ctx.db, assessment_id) != case_id:
        raise NotFound(_("No such assessment."))
    mine = entry_values(entry)
    old = entry_values(base if base is not None else DomainEntry(entry.domain_id))
    changed = mine if base_version is None else {k: v for k, v in mine.items() if old[k] != v}
    with ctx.acting(), ctx.db.write() as s:
        aid = assessment_id or repo.open_or_start_in(s, case_id, ctx.actor.id)
        row = repo.domain_in(s, aid, entry.domain_id)
        if row is not None and base_version is not None and row.row_version != base_version:
            by = goals_repo.last_writer(s, "assessment_domain", row.id)
            check_version("assessment_domain", row, base_version, changed, field_labels(),
                          old, by)
        repo.save_values_in(s, aid, entry.domain_id, changed if row is not None else mine)
    return aid
