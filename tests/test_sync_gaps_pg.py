"""Held changes retried and the merged-into link with a PostgreSQL centre (issue 17)."""

from __future__ import annotations

import pytest

from tests.test_sync_held import (  # noqa: F401 - run here again
    test_held_changes_are_applied_when_their_case_arrives,
    world,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
