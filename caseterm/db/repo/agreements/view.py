"""Reading an agreement: whether a case has an agreed one, its versions and participants as
rows, and which case a version or participant belongs to (the door checks access per case)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core.agreement import AgreedHow, AgreementType, ParticipantRole, VersionStatus
from caseterm.db.engine import Database
from caseterm.models.agreement import Agreement, AgreementParticipant, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.client import Client


def has_agreed(session: Session, case_id: uuid.UUID) -> bool:
    """True when the case has an agreed plan (the soft gate to linking)."""
    stmt = (select(func.count()).select_from(AgreementVersion)
            .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
            .where(Agreement.case_id == case_id,
                   col(AgreementVersion.status).in_([VersionStatus.agreed.value,
                                                     VersionStatus.superseded.value])))
    return session.exec(stmt).one() > 0


@dataclass(frozen=True)
class ParticipantRow:
    id: uuid.UUID
    name: str
    role: ParticipantRole
    agreed_how: AgreedHow
    agreed_on: date | None
    note: str

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role.value, "agreed_how": self.agreed_how.value,
                "agreed_on": self.agreed_on.isoformat() if self.agreed_on else None,
                "note": self.note}


@dataclass(frozen=True)
class VersionRow:
    id: uuid.UUID
    number: int
    status: VersionStatus
    review_date: date
    duties_client: str
    duties_agency: str
    notes: str
    language: str
    interpreter_used: bool
    agreed_on: date | None
    created_on: date
    participants: list[ParticipantRow]
    content: dict = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.status is VersionStatus.draft


@dataclass(frozen=True)
class AgreementView:
    id: uuid.UUID
    case_id: uuid.UUID
    agreement_type: AgreementType
    legal_basis: str
    versions: list[VersionRow]  # newest first

    @property
    def latest(self) -> VersionRow:
        return self.versions[0]

    @property
    def agreed(self) -> VersionRow | None:
        return next((v for v in self.versions if v.status is VersionStatus.agreed), None)

    def version(self, number: int) -> VersionRow | None:
        return next((v for v in self.versions if v.number == number), None)


def _participants(session: Session, version_id: uuid.UUID) -> list[ParticipantRow]:
    rows = session.exec(select(AgreementParticipant)
                        .where(AgreementParticipant.version_id == version_id)
                        .order_by(AgreementParticipant.position))
    return [ParticipantRow(p.id, p.name, ParticipantRole(p.role), AgreedHow(p.agreed_how),
                           p.agreed_on, p.note) for p in rows]


def _view(session: Session, agreement: Agreement) -> AgreementView:
    versions = []
    for v in session.exec(select(AgreementVersion)
                          .where(AgreementVersion.agreement_id == agreement.id)
                          .order_by(col(AgreementVersion.number).desc())):
        versions.append(VersionRow(
            id=v.id, number=v.number, status=VersionStatus(v.status),
            review_date=v.review_date, duties_client=v.duties_client,
            duties_agency=v.duties_agency, notes=v.notes, language=v.language,
            interpreter_used=v.interpreter_used, agreed_on=v.agreed_on,
            created_on=v.created_at.date(), participants=_participants(session, v.id),
            content=json.loads(v.content) if v.content else {}))
    return AgreementView(id=agreement.id, case_id=agreement.case_id,
                         agreement_type=AgreementType(agreement.agreement_type),
                         legal_basis=agreement.legal_basis, versions=versions)


def _agreement(session: Session, case_id: uuid.UUID) -> Agreement | None:
    return session.exec(select(Agreement).where(Agreement.case_id == case_id)
                        .order_by(Agreement.created_at)).first()


def view_in(session: Session, case_id: uuid.UUID) -> AgreementView | None:
    a = _agreement(session, case_id)
    return _view(session, a) if a else None


def view(db: Database, case_id: uuid.UUID) -> AgreementView | None:
    with db.read() as s:
        return view_in(s, case_id)


# -- which case a record belongs to (the door checks access per case) -------------------------
def case_of_version(db: Database, version_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Agreement.case_id)
                      .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
                      .where(AgreementVersion.id == version_id)).first()


def case_of_participant(db: Database, participant_id: uuid.UUID) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Agreement.case_id)
                      .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
                      .join(AgreementParticipant,
                            AgreementParticipant.version_id == AgreementVersion.id)
                      .where(AgreementParticipant.id == participant_id)).first()


def client_languages(db: Database, case_id: uuid.UUID) -> str:
    """The client's languages as recorded at intake (free text), for a bilingual print."""
    with db.read() as s:
        return s.exec(select(Client.languages).join(Case, Case.client_id == Client.id)
                      .where(Case.id == case_id)).first() or ""
