"""Issue 19 on a real PostgreSQL server: the figures against the same hand-computed values
(the day arithmetic differs by dialect), the conference flow and closure with evaluation."""

from __future__ import annotations

import pytest

from tests.test_steering_conference import (  # noqa: F401 - fixtures and tests run here again
    office,
    test_closure_with_evaluation_after_care_and_reopening_keeps_history,
    test_conference_from_invitation_to_decisions_in_the_owners_queues,
    test_cost_of_a_measure_is_stored_in_cents_and_shown_to_the_approval,
)
from tests.test_steering_figures import (  # noqa: F401
    test_figures_for_the_team_against_hand_computed_values,
    test_scope_outside_the_role_is_refused_and_audited,
    town,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    """The tests above, on PostgreSQL."""
    return pg_db
