"""The facts of one scenario case for the training-lab checks (core.lab_checks.CaseFacts)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from sqlalchemy import func
from sqlmodel import col, select

from caseterm.core import smart
from caseterm.core.lab_checks import SMART_LETTERS, CaseFacts, GoalFacts, ReferralFacts
from caseterm.db.engine import Database
from caseterm.models.agreement import Agreement, AgreementVersion
from caseterm.models.assessment import Assessment, AssessmentDomain
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.followup_extra import FollowUpPostponement
from caseterm.models.goals import GasLevel, Goal
from caseterm.models.intake import Consent, WorkingAgreement
from caseterm.models.network import NetworkMap, NetworkPerson
from caseterm.models.note import ContactNote
from caseterm.models.referral import Referral
from caseterm.models.resources import Resource


def case_id_of(db: Database, case_number: str) -> uuid.UUID | None:
    with db.read() as s:
        return s.exec(select(Case.id).where(Case.case_number == case_number)).first()


def _smart(goal: Goal, today: date) -> tuple[int, tuple[str, ...]]:
    result = smart.check(smart.GoalCheckInput(
        text=goal.text_client or goal.text_professional, indicator=goal.indicator,
        target=goal.target, due_date=goal.due_date,
        in_client_words=bool(goal.text_client)), smart.CheckContext(today=today))
    letters = [c for c in result.criteria if c.key in SMART_LETTERS]
    hints = tuple(c.explanation for c in letters if not c.ok)
    return sum(c.ok for c in letters), hints


def facts(db: Database, case_number: str, worker_id: uuid.UUID, today: date,
          concern_on: date | None = None, since: date | None = None) -> CaseFacts:
    case_id = case_id_of(db, case_number)
    if case_id is None:
        return CaseFacts(exists=False)
    with db.read() as s:
        case = s.get(Case, case_id)
        wa = s.exec(select(func.max(WorkingAgreement.agreed_on))
                    .where(WorkingAgreement.case_id == case_id)).one()
        done = s.exec(select(Assessment).where(
            Assessment.case_id == case_id, col(Assessment.completed_on).is_not(None))
            .order_by(col(Assessment.completed_on))).first()
        domains = strengths = 0
        if done is not None:
            rows = list(s.exec(select(AssessmentDomain).where(
                AssessmentDomain.assessment_id == done.id)))
            domains = sum(1 for d in rows if d.problems or d.strengths or d.client_view
                          or d.worker_view or d.rating is not None)
            strengths = sum(1 for d in rows if d.strengths.strip())
        else:
            open_a = s.exec(select(Assessment.id).where(Assessment.case_id == case_id)).all()
            strengths = s.exec(select(func.count()).select_from(AssessmentDomain).where(
                col(AssessmentDomain.assessment_id).in_(open_a),
                AssessmentDomain.strengths != "")).one() if open_a else 0
        goals = []
        gas_ids = set(s.exec(select(GasLevel.goal_id).join(Goal, GasLevel.goal_id == Goal.id)
                             .where(Goal.case_id == case_id)).all())
        for g in s.exec(select(Goal).where(Goal.case_id == case_id, Goal.status != "dropped")):
            passed, hints = _smart(g, today)
            goals.append(GoalFacts(text=g.text_client or g.text_professional, level=g.level,
                                   smart_passed=passed, hints=hints, created_at=g.created_at,
                                   has_gas=g.id in gas_ids))
        agreed = s.exec(select(func.min(AgreementVersion.agreed_on)).join(
            Agreement, AgreementVersion.agreement_id == Agreement.id).where(
            Agreement.case_id == case_id, col(AgreementVersion.agreed_on).is_not(None))).one()
        latest_map = s.exec(select(NetworkMap.id).where(NetworkMap.case_id == case_id)
                            .order_by(col(NetworkMap.drawn_on).desc())).first()
        people = s.exec(select(func.count()).select_from(NetworkPerson).where(
            NetworkPerson.map_id == latest_map)).one() if latest_map else 0
        resources = s.exec(select(func.count()).select_from(Resource).where(
            Resource.case_id == case_id)).one()
        referrals = tuple(ReferralFacts(r.recipient, r.sent_on, r.child_protection_concern,
                                        r.consent_basis == "consent")
                          for r in s.exec(select(Referral).where(Referral.case_id == case_id)))
        recipients: list[str] = []
        for c in s.exec(select(Consent).where(Consent.case_id == case_id,
                                              col(Consent.withdrawn_on).is_(None))):
            recipients += [line.strip() for line in c.recipients.splitlines() if line.strip()]
        reasons = tuple(s.exec(select(FollowUpPostponement.reason).join(
            FollowUp, FollowUpPostponement.follow_up_id == FollowUp.id).where(
            FollowUp.assignee_id == worker_id,
            FollowUpPostponement.at >= datetime.combine(since or date.min, time.min, UTC))).all())
        notes = tuple(s.exec(select(ContactNote.text).where(
            ContactNote.case_id == case_id)).all())
        open_f = s.exec(select(func.count()).select_from(FollowUp).where(
            FollowUp.case_id == case_id, FollowUp.status == "open")).one()
        overdue = s.exec(select(func.count()).select_from(FollowUp).where(
            FollowUp.assignee_id == worker_id, FollowUp.status == "open",
            FollowUp.due_date < today)).one()
        with_next = select(FollowUp.case_id).where(FollowUp.status == "open")
        without = s.exec(select(func.count()).select_from(Case).where(
            Case.lead_worker_id == worker_id, Case.phase != "closure",
            col(Case.id).not_in(with_next))).one()
        return CaseFacts(
            exists=True, phase=case.phase if case else "intake",
            working_agreement_on=wa,
            assessment_completed_on=done.completed_on if done else None,
            assessment_completed_at=done.updated_at if done else None,
            assessment_domains=domains, strengths_noted=strengths, goals=tuple(goals),
            plan_agreed_on=agreed, network_people=people, resources=resources,
            referrals=referrals, consent_recipients=tuple(recipients),
            postponement_reasons=reasons, notes=notes, concern_on=concern_on,
            open_followups=open_f, overdue_followups=overdue,
            caseload_without_followup=without)
