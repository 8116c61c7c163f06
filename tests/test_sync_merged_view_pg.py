"""Merged persons visible with a PostgreSQL centre (issue 17): the survivor's cases say whom
they hold, and a search for the merged-away name leads to the survivor."""

from __future__ import annotations

import pytest

from tests.test_sync_merged_view import (  # noqa: F401 - run here again
    test_searching_the_merged_away_name_leads_to_the_survivor,
    test_the_survivors_cases_hold_both,
    world,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
