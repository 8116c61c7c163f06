"""Collects what the phase gates need to know about one case (core.phases.CaseFacts)."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from caseterm.core.phases import CaseFacts
from caseterm.db.repo import agreements, assessments, consents


def case_facts(session: Session, case_id: uuid.UUID) -> CaseFacts:
    return CaseFacts(
        has_consent=consents.has_valid_consent(session, case_id),
        assessment_complete=assessments.is_complete(session, case_id),
        plan_agreed=agreements.has_agreed(session, case_id),
    )
