"""The held-changes list and count with a PostgreSQL centre (issue 17)."""

from __future__ import annotations

import pytest

from tests.test_sync_held_screen import (  # noqa: F401 - run here again
    test_an_orphan_names_the_record_it_waits_for,
    test_overview_lists_gaps_and_orphans_with_what_to_do,
    world,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
