"""The complete case record: editing after the intake (client, household, case data), every
contact note page by page, a search within one case's record, and its documents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core.documents import DocumentInput
from caseterm.core.intake import HouseholdInput
from caseterm.core.vocab import NoteKind
from caseterm.db.engine import Database
from caseterm.models.agreement import Agreement, AgreementVersion
from caseterm.models.assessment import Assessment, AssessmentDomain
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.document import Document, DocumentBlob
from caseterm.models.goals import Goal
from caseterm.models.intake import HouseholdMember, IntakeRecord
from caseterm.models.note import ContactNote
from caseterm.models.referral import Referral
from caseterm.models.worker import Worker

CLIENT_FIELDS = ("first_name", "last_name", "birth_date", "gender", "languages",
                 "interpreter_needed", "phone", "email", "address", "district")
CASE_FIELDS = ("legal_area", "title", "child_protection")


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    birth_date: date | None
    in_benefit_unit: bool


@dataclass(frozen=True)
class RecordState:
    """What can be edited after the intake, as stored now, with the versions an edit starts
    from."""

    case_id: uuid.UUID
    case_number: str
    client_id: uuid.UUID
    client: dict
    client_version: int
    case: dict
    case_version: int
    urgency: str | None
    intake_version: int | None
    household: list[Member] = field(default_factory=list)


def state_in(session: Session, case_id: uuid.UUID) -> RecordState | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    client = session.get(Client, case.client_id)
    intake = session.exec(select(IntakeRecord).where(IntakeRecord.case_id == case_id)).first()
    members = session.exec(select(HouseholdMember)
                           .where(HouseholdMember.client_id == case.client_id)
                           .order_by(col(HouseholdMember.created_at), col(HouseholdMember.name))
                           ).all()
    return RecordState(
        case_id=case.id, case_number=case.case_number, client_id=client.id,
        client={k: getattr(client, k) for k in CLIENT_FIELDS}, client_version=client.row_version,
        case={k: getattr(case, k) for k in CASE_FIELDS}, case_version=case.row_version,
        urgency=intake.urgency if intake else None,
        intake_version=intake.row_version if intake else None,
        household=[Member(m.name, m.relation, m.birth_date, m.in_benefit_unit) for m in members])


def state(db: Database, case_id: uuid.UUID) -> RecordState | None:
    with db.read() as s:
        return state_in(s, case_id)


def rows_in(session: Session, case_id: uuid.UUID
            ) -> tuple[Case, Client, IntakeRecord | None] | None:
    """The case, its client and its intake record, for a write in `session`."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    intake = session.exec(select(IntakeRecord).where(IntakeRecord.case_id == case_id)).first()
    return case, session.get(Client, case.client_id), intake


def mark(session: Session, case_id: uuid.UUID, correction: bool, reason: str) -> None:
    """Tie this write's audit entries to the case, marked as a correction (with its reason)
    where it is one."""
    session.info["audit_case"] = case_id
    extra: dict = {}
    if correction:
        extra["correction"] = True
    if reason:
        extra["reason"] = reason
    session.info["audit_extra"] = extra


def set_household_in(session: Session, client_id: uuid.UUID,
                     members: tuple[HouseholdInput, ...]) -> None:
    """The household as given: members with an unchanged name are updated in place (their
    history stays one row's), the others added or removed."""
    rows = list(session.exec(select(HouseholdMember)
                             .where(HouseholdMember.client_id == client_id)).all())
    by_name: dict[str, list[HouseholdMember]] = {}
    for r in rows:
        by_name.setdefault(r.name, []).append(r)
    for m in members:
        found = by_name.get(m.name)
        if found:
            row = found.pop(0)
            row.relation, row.birth_date = m.relation, m.birth_date
            row.in_benefit_unit = m.in_benefit_unit
        else:
            session.add(HouseholdMember(client_id=client_id, name=m.name, relation=m.relation,
                                        birth_date=m.birth_date,
                                        in_benefit_unit=m.in_benefit_unit))
    for rest in by_name.values():
        for row in rest:
            session.delete(row)


# -- notes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteFilter:
    kinds: frozenset[str] = frozenset()
    author_id: uuid.UUID | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class NoteItem:
    id: uuid.UUID
    occurred_at: datetime
    kind: NoteKind
    participants: str
    text: str
    author: str
    author_id: uuid.UUID | None


def _note_where(stmt, case_id: uuid.UUID, f: NoteFilter):
    stmt = stmt.where(ContactNote.case_id == case_id)
    if f.kinds:
        stmt = stmt.where(col(ContactNote.kind).in_(sorted(f.kinds)))
    if f.author_id is not None:
        stmt = stmt.where(ContactNote.author_id == f.author_id)
    if f.since is not None:
        stmt = stmt.where(ContactNote.occurred_at >= datetime.combine(f.since, time(0, tzinfo=UTC)))
    if f.until is not None:
        stmt = stmt.where(ContactNote.occurred_at <
                          datetime.combine(date.fromordinal(f.until.toordinal() + 1),
                                           time(0, tzinfo=UTC)))
    return stmt


def notes_page(db: Database, case_id: uuid.UUID, f: NoteFilter, *,
               after: tuple[datetime, uuid.UUID] | None = None, limit: int = 200,
               newest_first: bool = True) -> list[NoteItem]:
    """One page of the case's notes (keyset: after the (occurred_at, id) of the last row)."""
    when, nid = col(ContactNote.occurred_at), col(ContactNote.id)
    stmt = _note_where(select(ContactNote, Worker.display_name)
                       .join(Worker, Worker.id == ContactNote.author_id, isouter=True),
                       case_id, f)
    if after is not None:
        a_when, a_id = after
        # The range on occurred_at first, so that the index (case_id, occurred_at) bounds it.
        if newest_first:
            stmt = stmt.where(when <= a_when, (when < a_when) | (nid < a_id))
        else:
            stmt = stmt.where(when >= a_when, (when > a_when) | (nid > a_id))
    order = (when.desc(), nid.desc()) if newest_first else (when.asc(), nid.asc())
    stmt = stmt.order_by(*order).limit(limit)
    with db.read() as s:
        return [NoteItem(n.id, n.occurred_at, NoteKind(n.kind), n.participants, n.text,
                         author or "", n.author_id) for n, author in s.exec(stmt)]


def count_notes(db: Database, case_id: uuid.UUID, f: NoteFilter) -> int:
    with db.read() as s:
        return s.exec(_note_where(select(func.count()).select_from(ContactNote),
                                  case_id, f)).one()


def note_authors(db: Database, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    with db.read() as s:
        rows = s.exec(select(Worker.id, Worker.display_name).where(
            col(Worker.id).in_(select(ContactNote.author_id).where(
                ContactNote.case_id == case_id).distinct())).order_by(col(Worker.display_name)))
        return [(wid, name) for wid, name in rows]


# -- search within one record ---------------------------------------------------------------

@dataclass(frozen=True)
class RecordText:
    """One piece of the record that a search looks through."""

    source: str  # note, goal, assessment, referral
    record_id: uuid.UUID
    when: datetime | date | None
    label: str
    text: str


def record_texts(db: Database, case_id: uuid.UUID) -> list[RecordText]:
    out: list[RecordText] = []
    with db.read() as s:
        for nid, when, kind, who, text in s.exec(
                select(ContactNote.id, ContactNote.occurred_at, ContactNote.kind,
                       ContactNote.participants, ContactNote.text)
                .where(ContactNote.case_id == case_id)
                .order_by(col(ContactNote.occurred_at).desc())):
            out.append(RecordText("note", nid, when, kind, f"{who}\n{text}" if who else text))
        for g in s.exec(select(Goal).where(Goal.case_id == case_id)
                        .order_by(col(Goal.created_at))).all():
            parts = [g.text_client, g.text_professional, g.indicator, g.baseline, g.target,
                     g.resources, g.responsible_name]
            out.append(RecordText("goal", g.id, g.created_at, g.level,
                                  "\n".join(p for p in parts if p)))
        for d, on in s.exec(select(AssessmentDomain, Assessment.assessed_on)
                            .join(Assessment, Assessment.id == AssessmentDomain.assessment_id)
                            .where(Assessment.case_id == case_id)):
            parts = [d.strengths, d.problems, d.client_view, d.worker_view]
            out.append(RecordText("assessment", d.id, on, d.domain_id,
                                  "\n".join(p for p in parts if p)))
        for r in s.exec(select(Referral).where(Referral.case_id == case_id)
                        .order_by(col(Referral.created_at))).all():
            parts = [r.recipient, r.contact, r.purpose, r.feedback, r.exception_reason]
            out.append(RecordText("referral", r.id, r.created_at, r.status,
                                  "\n".join(p for p in parts if p)))
    return out


# -- documents ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentRow:
    id: uuid.UUID
    title: str
    kind: str
    doc_date: date | None
    filename: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime
    agreement_version_id: uuid.UUID | None
    agreement_version: str


def _doc_row(d: Document, who: str | None, version: str) -> DocumentRow:
    return DocumentRow(d.id, d.title, d.kind, d.doc_date, d.filename, d.media_type, d.size,
                       d.sha256, who or "", d.created_at, d.agreement_version_id, version)


def documents(db: Database, case_id: uuid.UUID) -> list[DocumentRow]:
    with db.read() as s:
        rows = s.exec(select(Document, Worker.display_name, Agreement.title,
                             AgreementVersion.number)
                      .join(Worker, Worker.id == Document.added_by_id, isouter=True)
                      .join(AgreementVersion,
                            AgreementVersion.id == Document.agreement_version_id, isouter=True)
                      .join(Agreement, Agreement.id == AgreementVersion.agreement_id,
                            isouter=True)
                      .where(Document.case_id == case_id)
                      .order_by(col(Document.created_at).desc(), col(Document.id)))
        return [_doc_row(d, who, f"{title or ''} v{num}".strip() if num else "")
                for d, who, title, num in rows]


def document_case(db: Database, document_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Document.case_id).where(Document.id == document_id)).first()


def version_case(session: Session, version_id: uuid.UUID) -> uuid.UUID | None:
    return session.exec(select(Agreement.case_id)
                        .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
                        .where(AgreementVersion.id == version_id)).first()


def add_document(db: Database, case_id: uuid.UUID, doc: DocumentInput, data: bytes,
                 added_by: uuid.UUID | None,
                 agreement_version_id: uuid.UUID | None) -> uuid.UUID:
    with db.write() as s:
        if agreement_version_id is not None and version_case(s, agreement_version_id) != case_id:
            raise LookupError(str(agreement_version_id))
        row = Document(case_id=case_id, title=doc.title, kind=doc.kind.value,
                       doc_date=doc.doc_date, filename=doc.filename,
                       media_type=doc.media_type.value, size=doc.size, sha256=doc.sha256,
                       added_by_id=added_by, agreement_version_id=agreement_version_id)
        s.add(row)
        s.flush()
        s.add(DocumentBlob(document_id=row.id, data=data))
        return row.id


def document_data(db: Database, document_id: uuid.UUID) -> tuple[DocumentRow, bytes] | None:
    with db.read() as s:
        found = s.exec(select(Document, Worker.display_name, DocumentBlob.data)
                       .join(Worker, Worker.id == Document.added_by_id, isouter=True)
                       .join(DocumentBlob, DocumentBlob.document_id == Document.id)
                       .where(Document.id == document_id)).first()
        if found is None:
            return None
        d, who, data = found
        return _doc_row(d, who, ""), bytes(data)


def agreement_versions(db: Database, case_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    with db.read() as s:
        rows = s.exec(select(AgreementVersion.id, Agreement.title, AgreementVersion.number)
                      .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
                      .where(Agreement.case_id == case_id)
                      .order_by(col(Agreement.created_at), col(AgreementVersion.number)))
        return [(vid, f"{title or ''} v{num}".strip()) for vid, title, num in rows]

