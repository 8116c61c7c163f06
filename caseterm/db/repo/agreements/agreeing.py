"""Agreeing a draft: its content is frozen, the previous version superseded, and the review
date keeps one follow-up in step (source_type "agreement")."""

from __future__ import annotations

import json
import uuid

from sqlmodel import Session, select

from caseterm.core import clock, followup_text
from caseterm.core.agreement import (
    AgreedHow,
    AgreementType,
    ParticipantRole,
    VersionStatus,
    agreement_problems,
)
from caseterm.core.goals import GoalStatus
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind
from caseterm.db.engine import Database
from caseterm.db.repo import followups
from caseterm.db.repo.agreements.content import snapshot_in
from caseterm.db.repo.agreements.draft import _draft
from caseterm.i18n import _
from caseterm.models.agreement import Agreement, AgreementParticipant, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.goals import Goal

SOURCE = "agreement"


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
