"""Cases through the door: my cases, the case list and search, the case record, phase changes
and contact notes. Every read is scoped to what the actor may see; opening a record is
audited; every write is audited field by field."""

from __future__ import annotations

import uuid

from caseterm.core.access import Need
from caseterm.core.inputs import (
    NoteInput,
    PhaseChangeInput,
    check_case_number,
    check_phase_reason,
)
from caseterm.core.vocab import CasePhase
from caseterm.db import search as search_mod
from caseterm.db.repo import access
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import notes as notes_repo
from caseterm.db.repo.cases import CaseListRow, CaseOverview, GateError
from caseterm.db.search import CaseFilter, CaseSearchRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_case, record, require

__all__ = ["CaseFilter", "CaseListRow", "CaseOverview", "CaseSearchRow", "GateError"]


def find(ctx: Ctx, case_number: str, need: Need = Need.read, what: str = "") -> uuid.UUID:
    """The id of a case by its number, if the actor may `need` it (refusals are audited)."""
    number = check_case_number(case_number)  # InputError with the expected form
    case_id = cases_repo.find_by_number(ctx.db, number)
    if case_id is None:
        raise NotFound(_("No case {number}.").format(number=number[:40]))
    check_case(ctx, case_id, need, what)
    return case_id


def open_record(ctx: Ctx, case_id: uuid.UUID, *, notes: int = 20,
                followups: int = 10) -> CaseOverview:
    """The case record for reading; the opening is written to the audit trail."""
    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.read, "open")
    data = cases_repo.overview(ctx.db, case_id, notes=notes, followups=followups)
    record(ctx, "open", "casefile", case_id, case_id)
    return data


def overview(ctx: Ctx, case_id: uuid.UUID) -> CaseOverview:
    """The same record refreshed after a change made in this session (not a new opening)."""
    check_case(ctx, case_id, Need.read)
    return cases_repo.overview(ctx.db, case_id)


def my_cases(ctx: Ctx, *, limit: int = 200, offset: int = 0) -> list[CaseListRow]:
    """Open cases I lead, deputise or cover (an absent colleague's, while she is away)."""
    ids = [ctx.actor.id, *sorted(ctx.actor.covers)] if ctx.actor.sees_case_content else []
    return cases_repo.list_for_workers(ctx.db, ids, ctx.actor.id, limit=limit, offset=offset)


def count_my_cases(ctx: Ctx) -> int:
    ids = [ctx.actor.id, *sorted(ctx.actor.covers)] if ctx.actor.sees_case_content else []
    return cases_repo.count_for_workers(ctx.db, ids, ctx.actor.id)


def search(ctx: Ctx, f: CaseFilter, *, after: tuple[bool, str] | None = None,
           limit: int = 50) -> list[CaseSearchRow]:
    with ctx.db.read() as s:
        return search_mod.search_cases(s, ctx.actor, f, after=after, limit=limit)


def count(ctx: Ctx, f: CaseFilter) -> int:
    with ctx.db.read() as s:
        return search_mod.count_cases(s, ctx.actor, f)


def change_phase(ctx: Ctx, case_id: uuid.UUID, change: PhaseChangeInput, *,
                 confirmed: bool = False) -> CasePhase:
    """Move the case (gates apply); a reason is required unless a closure reason is given
    (InputError naming `reason`)."""
    check_case(ctx, case_id, Need.write, "phase")
    check_phase_reason(change)
    with ctx.acting():
        return cases_repo.change_phase(ctx.db, case_id, change, ctx.actor.id,
                                       confirmed=confirmed)


def add_note(ctx: Ctx, case_id: uuid.UUID, note: NoteInput) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "note")
    with ctx.acting():
        return notes_repo.add_note(ctx.db, case_id, note, ctx.actor.id)


def set_child_protection(ctx: Ctx, case_id: uuid.UUID, flag: bool) -> None:
    check_case(ctx, case_id, Need.write, "child_protection")
    with ctx.acting():
        cases_repo.set_child_protection(ctx.db, case_id, flag)


def history(ctx: Ctx, case_id: uuid.UUID, *, limit: int = 200) -> list[audit_repo.EntryRow]:
    """The audit entries of one case (the case history's 'who changed what')."""
    check_case(ctx, case_id, Need.read)
    return audit_repo.for_case(ctx.db, case_id, limit=limit)


def number_of(ctx: Ctx, case_id: uuid.UUID) -> str:
    with ctx.db.read() as s:
        scope = access.scope(s, case_id)
    if scope is None:
        raise NotFound(_("No such case."))
    return scope.case_number





def find_by_number_for_audit(ctx: Ctx, case_number: str) -> uuid.UUID:
    """A case's id for reading its audit entries (data-protection officer, team lead): no
    content is revealed, so the caseload rule does not apply."""
    from caseterm.services.audit import _require_reader

    _require_reader(ctx)
    case_id = cases_repo.find_by_number(ctx.db, (case_number or "").strip())
    if case_id is None:
        raise NotFound(_("No case {number}.").format(number=case_number[:40]))
    return case_id
