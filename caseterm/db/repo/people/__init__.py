"""The office's people in SQL: hand-over summaries (deputy, new owner), what a deputy did,
hand-over of cases (propose, accept, reassign in bulk), referrals received from another
legal area and their answers, and the team lead's caseload and approvals inbox.

Access is the door's business (services/people.py, services/team.py); these functions take
the facts the door established (whose cases, which case condition)."""

from __future__ import annotations

from caseterm.db.repo.people.desk import (
    ApprovalRow,
    CaseloadRow,
    caseload,
    notify_decision,
    open_case_numbers,
    pending_approvals,
)
from caseterm.db.repo.people.handover import (
    HandoverRow,
    accept,
    handover_rows,
    incoming_handovers,
    propose,
    transfer,
)
from caseterm.db.repo.people.referrals import ANSWERS, IncomingReferral, answer, incoming_referrals
from caseterm.db.repo.people.summaries import (
    CLOSED_PHASES,
    READ_DAYS_KEY,
    DeputyAction,
    Summary,
    SummaryCase,
    SummaryItem,
    active_absences_covered,
    build_summary,
    deputy_actions,
    handover_read_days,
    seen,
    set_handover_read_days,
)

__all__ = [
    "ANSWERS",
    "CLOSED_PHASES",
    "READ_DAYS_KEY",
    "ApprovalRow",
    "CaseloadRow",
    "DeputyAction",
    "HandoverRow",
    "IncomingReferral",
    "Summary",
    "SummaryCase",
    "SummaryItem",
    "accept",
    "active_absences_covered",
    "answer",
    "build_summary",
    "caseload",
    "deputy_actions",
    "handover_read_days",
    "handover_rows",
    "incoming_handovers",
    "incoming_referrals",
    "notify_decision",
    "open_case_numbers",
    "pending_approvals",
    "propose",
    "seen",
    "set_handover_read_days",
    "transfer",
]
