"""The draft version of an agreement: starting one from the agreed version, its type and
fields, and its participants."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.agreement import (
    AgreementType,
    FrozenVersionError,
    ParticipantInput,
    ParticipantRole,
    VersionInput,
    VersionStatus,
    default_review_date,
    type_for_legal_area,
)
from caseterm.core.validate import InputError
from caseterm.db.engine import Database
from caseterm.db.repo.agreements.view import _agreement, _participants, has_agreed
from caseterm.i18n import _
from caseterm.legal import legal_basis
from caseterm.models.agreement import Agreement, AgreementParticipant, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.worker import Worker


def ensure_draft_in(session: Session, case_id: uuid.UUID,
                    kind: AgreementType | None = None) -> AgreementVersion:
    """The draft version to edit: the existing draft, a new version after the agreed one
    (participants and duties carried over, everyone's agreement reset), or a first version."""
    agreement = _agreement(session, case_id)
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(str(case_id))
    if agreement is None:
        kind = kind or type_for_legal_area(case.legal_area)
        agreement = Agreement(case_id=case_id, agreement_type=kind.value,
                              legal_basis=legal_basis(kind))
        session.add(agreement)
        session.flush()
    latest = session.exec(select(AgreementVersion)
                          .where(AgreementVersion.agreement_id == agreement.id)
                          .order_by(col(AgreementVersion.number).desc())).first()
    if latest is not None and latest.status == VersionStatus.draft.value:
        return latest
    today = clock.today()
    kind = AgreementType(agreement.agreement_type)
    version = AgreementVersion(agreement_id=agreement.id,
                               number=(latest.number + 1) if latest else 1,
                               review_date=default_review_date(kind, today),
                               supersedes_id=latest.id if latest else None)
    if latest is not None:
        version.duties_client = latest.duties_client
        version.duties_agency = latest.duties_agency
        version.language = latest.language
        version.interpreter_used = latest.interpreter_used
    session.add(version)
    session.flush()
    if latest is not None:
        for p in _participants(session, latest.id):
            session.add(AgreementParticipant(version_id=version.id, position=0, name=p.name,
                                             role=p.role.value))
    else:
        client = session.get(Client, case.client_id)
        worker = session.get(Worker, case.lead_worker_id)
        session.add(AgreementParticipant(
            version_id=version.id, position=0, role=ParticipantRole.client.value,
            name=f"{client.first_name} {client.last_name}"))
        if worker is not None:
            session.add(AgreementParticipant(
                version_id=version.id, position=1, role=ParticipantRole.caseworker.value,
                name=worker.display_name))
    session.flush()
    _renumber_participants(session, version.id)
    return version


def ensure_draft(db: Database, case_id: uuid.UUID,
                 kind: AgreementType | None = None) -> uuid.UUID:
    with db.write() as s:
        return ensure_draft_in(s, case_id, kind).id


def _draft(session: Session, version_id: uuid.UUID) -> AgreementVersion:
    v = session.get(AgreementVersion, version_id)
    if v is None:
        raise LookupError(str(version_id))
    if v.status != VersionStatus.draft.value:
        raise FrozenVersionError()
    return v


def set_type(db: Database, case_id: uuid.UUID, kind: AgreementType) -> None:
    """Change the kind of plan while no version has been agreed."""
    with db.write() as s:
        a = _agreement(s, case_id)
        if a is None:
            ensure_draft_in(s, case_id, kind)
            return
        if has_agreed(s, case_id):
            raise InputError({"agreement_type": _("The kind of plan cannot change after a "
                                                  "version was agreed.")})
        a.agreement_type = kind.value
        a.legal_basis = legal_basis(kind)


def update_version(db: Database, version_id: uuid.UUID, data: VersionInput) -> None:
    with db.write() as s:
        v = _draft(s, version_id)
        v.review_date = data.review_date
        v.duties_client = data.duties_client
        v.duties_agency = data.duties_agency
        v.notes = data.notes
        v.language = data.language
        v.interpreter_used = data.interpreter_used


def _renumber_participants(session: Session, version_id: uuid.UUID) -> None:
    rows = session.exec(select(AgreementParticipant)
                        .where(AgreementParticipant.version_id == version_id)
                        .order_by(AgreementParticipant.position,
                                  AgreementParticipant.created_at)).all()
    for i, p in enumerate(rows):
        p.position = i


def add_participant(db: Database, version_id: uuid.UUID, data: ParticipantInput) -> uuid.UUID:
    with db.write() as s:
        _draft(s, version_id)
        n = s.exec(select(func.count()).select_from(AgreementParticipant)
                   .where(AgreementParticipant.version_id == version_id)).one()
        p = AgreementParticipant(version_id=version_id, position=n, name=data.name,
                                 role=data.role.value, agreed_how=data.agreed_how.value,
                                 agreed_on=data.agreed_on, note=data.note)
        s.add(p)
        s.flush()
        return p.id


def update_participant(db: Database, participant_id: uuid.UUID,
                       data: ParticipantInput) -> None:
    with db.write() as s:
        p = s.get(AgreementParticipant, participant_id)
        if p is None:
            raise LookupError(str(participant_id))
        _draft(s, p.version_id)
        p.name = data.name
        p.role = data.role.value
        p.agreed_how = data.agreed_how.value
        p.agreed_on = data.agreed_on
        p.note = data.note


def remove_participant(db: Database, participant_id: uuid.UUID) -> None:
    with db.write() as s:
        p = s.get(AgreementParticipant, participant_id)
        if p is None:
            return
        _draft(s, p.version_id)
        s.delete(p)
