"""Agreements (Kooperationsplan, Hilfeplan, …) and their versions.

An agreed version is never changed: its content is a JSON snapshot of the goal tree, the
participants and the duties taken when it was agreed. A change starts a new draft version
(`ensure_draft`); agreeing it supersedes the previous one. The review date of the agreed
version keeps one follow-up in step (source_type "agreement").
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text
from caseterm.core.agreement import (
    AgreedHow,
    AgreementType,
    FrozenVersionError,
    ParticipantInput,
    ParticipantRole,
    VersionInput,
    VersionStatus,
    agreement_problems,
    default_review_date,
    type_for_legal_area,
)
from caseterm.core.goals import GoalStatus
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind
from caseterm.db.engine import Database
from caseterm.db.repo import followups
from caseterm.i18n import _
from caseterm.legal import legal_basis
from caseterm.models.agreement import Agreement, AgreementParticipant, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.goals import Goal
from caseterm.models.worker import Worker

SOURCE = "agreement"


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


def _goal_snapshot(session: Session, case_id: uuid.UUID):
    from caseterm.db.repo.goals import tree_in

    tree = tree_in(session, case_id)
    goals = []
    dropped: set[uuid.UUID] = set()
    for g in tree.goals:
        if g.status is GoalStatus.dropped or g.parent_id in dropped:
            dropped.add(g.id)
            continue
        d = g.as_dict()
        levels = tree.gas_levels.get(g.id)
        if levels:
            d["gas_levels"] = {str(k): v for k, v in sorted(levels.items())}
        goals.append(d)
    return tree, goals


def snapshot_in(session: Session, case_id: uuid.UUID, version: AgreementVersion) -> dict:
    """The content of a version: what the plan says (goals not dropped)."""
    tree, goals = _goal_snapshot(session, case_id)
    agreement = session.get(Agreement, version.agreement_id)
    case = session.get(Case, case_id)
    worker = session.get(Worker, case.lead_worker_id)
    return {
        "case_number": tree.case_number,
        "client_name": tree.client_name,
        "worker_name": worker.display_name if worker else "",
        "worker_office": worker.office if worker else "",
        "agreement_type": agreement.agreement_type,
        "legal_basis": agreement.legal_basis,
        "version": version.number,
        "review_date": version.review_date.isoformat(),
        "duties_client": version.duties_client,
        "duties_agency": version.duties_agency,
        "language": version.language,
        "interpreter_used": version.interpreter_used,
        "participants": [p.as_dict() for p in _participants(session, version.id)],
        "goals": goals,
    }


def preview(db: Database, case_id: uuid.UUID) -> dict | None:
    """The content the latest version has or would have: the frozen snapshot of an agreed
    version, else the live content of the draft (marked "draft")."""
    with db.read() as s:
        a = _agreement(s, case_id)
        if a is None:
            return None
        latest = s.exec(select(AgreementVersion).where(AgreementVersion.agreement_id == a.id)
                        .order_by(col(AgreementVersion.number).desc())).first()
        if latest is None:
            return None
        if latest.status != VersionStatus.draft.value:
            content = json.loads(latest.content)
            content["status"] = latest.status
            content["agreed_on"] = latest.agreed_on.isoformat() if latest.agreed_on else None
            return content
        content = snapshot_in(s, case_id, latest)
        content["status"] = VersionStatus.draft.value
        content["agreed_on"] = None
        return content


def version_content(db: Database, version_id: uuid.UUID) -> dict:
    """What a version says: its frozen snapshot, or for a draft the live content."""
    with db.read() as s:
        v = s.get(AgreementVersion, version_id)
        if v is None:
            raise LookupError(str(version_id))
        if v.content:
            return json.loads(v.content)
        a = s.get(Agreement, v.agreement_id)
        return snapshot_in(s, a.case_id, v)


def changes_since_agreed(db: Database, case_id: uuid.UUID) -> int:
    """How many goals and measures differ (added, dropped, reworded, re-dated, other person
    responsible) from the agreed version: a reason for a new version. Progress (status) does
    not count."""
    from caseterm.core.agreement import GOAL_FIELDS

    content = agreed_content(db, case_id)
    if content is None:
        return 0
    with db.read() as s:
        _tree, live = _goal_snapshot(s, case_id)
    fields = [f for f in GOAL_FIELDS if f not in ("status", "approval_state")]
    old = {g["id"]: g for g in content.get("goals", [])}
    new = {g["id"]: g for g in live}
    changed = len(set(old) ^ set(new))
    changed += sum(1 for gid in set(old) & set(new)
                   if any(old[gid].get(f) != new[gid].get(f) for f in fields))
    return changed


def agreed_content(db: Database, case_id: uuid.UUID) -> dict | None:
    with db.read() as s:
        a = _agreement(s, case_id)
        if a is None:
            return None
        v = s.exec(select(AgreementVersion).where(
            AgreementVersion.agreement_id == a.id,
            AgreementVersion.status == VersionStatus.agreed.value)).first()
        if v is None:
            return None
        content = json.loads(v.content)
        content["status"] = v.status
        content["agreed_on"] = v.agreed_on.isoformat() if v.agreed_on else None
        return content


def agree(db: Database, version_id: uuid.UUID, worker_id: uuid.UUID | None = None) -> None:
    """Freeze a draft: snapshot, status agreed, the previous agreed version superseded, draft
    goals become agreed, the review follow-up set."""
    with db.write() as s:
        agree_in(s, version_id, worker_id)


def agree_in(s: Session, version_id: uuid.UUID, worker_id: uuid.UUID | None = None) -> None:
    """The same inside a unit of work (demo data, imports)."""
    v = _draft(s, version_id)
    agreement = s.get(Agreement, v.agreement_id)
    case_id = agreement.case_id
    if v.review_date < clock.today():
        raise InputError({"review_date": _("The review date lies in the past; set a new "
                                           "one before agreeing.")})
    content = snapshot_in(s, case_id, v)
    problems = agreement_problems(content["participants"], content["goals"])
    if problems:
        raise InputError({"agree": " ".join(problems)})
    # The service's own people agree by recording the plan (in text form).
    for p in s.exec(select(AgreementParticipant).where(
            AgreementParticipant.version_id == v.id,
            AgreementParticipant.role == ParticipantRole.caseworker.value,
            AgreementParticipant.agreed_how == AgreedHow.pending.value)):
        p.agreed_how = AgreedHow.textform.value
        p.agreed_on = clock.today()
    for g in s.exec(select(Goal).where(Goal.case_id == case_id,
                                       Goal.status == GoalStatus.draft.value)):
        g.status = GoalStatus.agreed.value
    s.flush()
    content = snapshot_in(s, case_id, v)
    for old in s.exec(select(AgreementVersion).where(
            AgreementVersion.agreement_id == agreement.id,
            AgreementVersion.status == VersionStatus.agreed.value)):
        old.status = VersionStatus.superseded.value
    v.content = json.dumps(content, ensure_ascii=False, sort_keys=True)
    v.status = VersionStatus.agreed.value
    v.agreed_on = clock.today()
    v.agreed_by_id = worker_id
    v.handed_over_at = clock.now()
    case = s.get(Case, case_id)
    kind = AgreementType(agreement.agreement_type)

    followups.sync_source(
        s, case_id=case_id, source_type=SOURCE, source_id=agreement.id,
        due_date=v.review_date,
        next_step=followup_text.make("agreement_review", kind=kind.value, n=v.number),
        assignee_id=case.lead_worker_id, kind=FollowUpKind.review)


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
