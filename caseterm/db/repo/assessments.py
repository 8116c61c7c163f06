"""Assessments: dated, repeatable; per life domain strengths first, then problems, the
client's and the professional's view apart. A completed assessment is the gate to planning
and is kept as it was (a later change is a new assessment)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.schemes import (
    DEFAULT_SCHEME,
    DomainEntry,
    Urgency,
    completion_problems,
    get_scheme,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import LegalArea
from caseterm.db.engine import Database
from caseterm.i18n import _, fmt_date
from caseterm.models.assessment import Assessment, AssessmentDomain
from caseterm.models.case import Case


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class AssessmentRow:
    id: uuid.UUID
    case_id: uuid.UUID
    scheme_id: str
    assessed_on: date
    completed_on: date | None
    entries: dict[str, DomainEntry]
    # row_version of each domain's stored row: what an edit started from (conflict check)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.completed_on is not None


def is_complete(session: Session, case_id: uuid.UUID) -> bool:
    """Whether the case has a completed assessment (the soft gate to planning)."""
    return session.exec(select(Assessment.id).where(
        Assessment.case_id == case_id, col(Assessment.completed_on).is_not(None))
    ).first() is not None


def _entries(s: Session, assessment_id: uuid.UUID) -> dict[str, DomainEntry]:
    return {
        d.domain_id: DomainEntry(d.domain_id, d.strengths, d.problems, d.client_view,
                                 d.worker_view, Urgency(d.urgency), d.rating)
        for d in s.exec(select(AssessmentDomain).where(
            AssessmentDomain.assessment_id == assessment_id))
    }


def _row(s: Session, a: Assessment) -> AssessmentRow:
    versions = dict(s.exec(select(AssessmentDomain.domain_id, AssessmentDomain.row_version)
                           .where(AssessmentDomain.assessment_id == a.id)).all())
    return AssessmentRow(a.id, a.case_id, a.scheme_id, a.assessed_on, a.completed_on,
                         _entries(s, a.id), versions)


def history(db: Database, case_id: uuid.UUID) -> list[AssessmentRow]:
    """All assessments of the case, oldest first."""
    with db.read() as s:
        return [_row(s, a) for a in s.exec(select(Assessment).where(
            Assessment.case_id == case_id).order_by(Assessment.assessed_on,
                                                    Assessment.created_at))]


def get(db: Database, assessment_id: uuid.UUID) -> AssessmentRow:
    with db.read() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(str(assessment_id))
        return _row(s, a)


def start_in(s: Session, case_id: uuid.UUID, author_id: uuid.UUID | None,
             scheme_id: str = DEFAULT_SCHEME, assessed_on: date | None = None,
             *, carry_over: bool = True) -> Assessment:
    """A new assessment. It starts from the texts of the last one (so a re-assessment updates
    rather than retypes), with the ratings left empty to be given afresh."""
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound(str(case_id))
    scheme = get_scheme(scheme_id)
    day = assessed_on or clock.today()
    open_one = s.exec(select(Assessment).where(
        Assessment.case_id == case_id, col(Assessment.completed_on).is_(None))).first()
    if open_one is not None:
        raise InputError({"assessment": _("The assessment of {date} is still open; complete "
                                          "it first.").format(date=fmt_date(open_one.assessed_on))})
    last = s.exec(select(Assessment).where(Assessment.case_id == case_id)
                  .order_by(col(Assessment.assessed_on).desc())).first()
    if last is not None and last.assessed_on > day:
        raise InputError({"assessment": _("A newer assessment exists ({date}).").format(
            date=fmt_date(last.assessed_on))})
    new = Assessment(case_id=case_id, scheme_id=scheme.id, assessed_on=day, author_id=author_id)
    s.add(new)
    s.flush()
    if last is not None and carry_over and last.scheme_id == scheme.id:
        for did, e in _entries(s, last.id).items():
            s.add(AssessmentDomain(assessment_id=new.id, domain_id=did, strengths=e.strengths,
                                   problems=e.problems, client_view=e.client_view,
                                   worker_view=e.worker_view, urgency=e.urgency.value,
                                   rating=None))
    s.flush()
    return new


def start(db: Database, case_id: uuid.UUID, author_id: uuid.UUID | None,
          scheme_id: str = DEFAULT_SCHEME) -> uuid.UUID:
    with db.write() as s:
        return start_in(s, case_id, author_id, scheme_id).id


def current(db: Database, case_id: uuid.UUID) -> uuid.UUID | None:
    """The open assessment, else the newest, else None (nothing is written)."""
    with db.read() as s:
        rows = list(s.exec(select(Assessment.id, Assessment.completed_on)
                           .where(Assessment.case_id == case_id)
                           .order_by(col(Assessment.assessed_on).desc(),
                                     col(Assessment.created_at).desc())))
    open_one = next((a for a in rows if a.completed_on is None), None)
    if open_one is not None:
        return open_one.id
    return rows[0].id if rows else None


def open_or_start_in(s: Session, case_id: uuid.UUID, author_id: uuid.UUID | None) -> uuid.UUID:
    """The open assessment of the case, started now if there is none (the first entry)."""
    open_one = s.exec(select(Assessment.id).where(
        Assessment.case_id == case_id, col(Assessment.completed_on).is_(None))).first()
    return open_one or start_in(s, case_id, author_id).id


def current_or_start(db: Database, case_id: uuid.UUID, author_id: uuid.UUID | None
                     ) -> uuid.UUID:
    """The open assessment, else the newest, else a new one."""
    with db.write() as s:
        rows = list(s.exec(select(Assessment).where(Assessment.case_id == case_id)
                           .order_by(col(Assessment.assessed_on).desc(),
                                     col(Assessment.created_at).desc())))
        open_one = next((a for a in rows if a.completed_on is None), None)
        if open_one is not None:
            return open_one.id
        if rows:
            return rows[0].id
        return start_in(s, case_id, author_id).id


ENTRY_FIELDS = ("strengths", "problems", "client_view", "worker_view", "urgency", "rating")


def entry_values(entry: DomainEntry) -> dict:
    """The stored values of one domain entry, keyed as the table's columns."""
    return {"strengths": entry.strengths, "problems": entry.problems,
            "client_view": entry.client_view, "worker_view": entry.worker_view,
            "urgency": entry.urgency.value, "rating": entry.rating}


def case_of(db: Database, assessment_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Assessment.case_id).where(Assessment.id == assessment_id)).first()


def domain_in(s: Session, assessment_id: uuid.UUID, domain_id: str) -> AssessmentDomain | None:
    """The stored row of one domain (None while nothing was saved for it)."""
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(str(assessment_id))
    if a.completed_on is not None:
        raise InputError({"assessment": _("This assessment is complete and kept as it was; "
                                          "start a new assessment to record changes.")})
    return s.exec(select(AssessmentDomain).where(
        AssessmentDomain.assessment_id == assessment_id,
        AssessmentDomain.domain_id == domain_id)).first()


def save_values_in(s: Session, assessment_id: uuid.UUID, domain_id: str, values: dict) -> None:
    row = domain_in(s, assessment_id, domain_id)
    if row is None:
        row = AssessmentDomain(assessment_id=assessment_id, domain_id=domain_id)
        s.add(row)
    for name in ENTRY_FIELDS:
        if name in values:
            setattr(row, name, values[name])


def save_entry_in(s: Session, assessment_id: uuid.UUID, entry: DomainEntry) -> None:
    save_values_in(s, assessment_id, entry.domain_id, entry_values(entry))


def save_entry(db: Database, assessment_id: uuid.UUID, entry: DomainEntry) -> None:
    with db.write() as s:
        save_entry_in(s, assessment_id, entry)


def complete(db: Database, assessment_id: uuid.UUID) -> date:
    """Mark complete: refused (InputError) while strengths are missing or domains are not
    looked at."""
    with db.write() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(str(assessment_id))
        if a.completed_on is not None:
            return a.completed_on
        case = s.get(Case, a.case_id)
        newcomer = case is not None and case.legal_area == LegalArea.integration.value
        problems = completion_problems(get_scheme(a.scheme_id), _entries(s, a.id).values(),
                                       newcomer=newcomer)
        if problems:
            raise InputError({"assessment": " ".join(problems)})
        a.completed_on = max(clock.today(), a.assessed_on)
        return a.completed_on
