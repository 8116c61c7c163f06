"""The merged-into link with a PostgreSQL centre: set at the merge, synced to the laptop."""

from __future__ import annotations

import pytest

from tests.test_sync_merged import (  # noqa: F401 - run here again
    test_the_link_is_audited,
    test_the_merged_away_person_points_to_the_survivor_everywhere,
    world,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
