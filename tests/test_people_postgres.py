"""The logic tests of issue 13 (tests/test_people.py) once more on a real PostgreSQL server:
the same door, the same SQL (caseload, approvals, hand-over, referral answers)."""

from __future__ import annotations

import pytest

from tests.test_people import (  # noqa: F401 - collected here again, on PostgreSQL
    office,
    test_a_deputy_absent_herself_is_refused_and_nothing_is_saved,
    test_approvals_inbox_approve_and_decline_with_reason,
    test_bulk_reassignment_is_one_transaction,
    test_caseload_per_worker_with_absence,
    test_deputy_sees_cases_and_summary_only_during_the_absence,
    test_handover_accept_moves_case_and_keeps_previous_owner_reading,
    test_handover_to_an_office_is_accepted_by_a_worker_there,
    test_receiver_answers_and_sender_followup_closes,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
