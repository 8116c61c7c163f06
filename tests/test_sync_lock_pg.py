"""The import/sync lock on a PostgreSQL centre (pg_try_advisory_lock): the same tests."""

from __future__ import annotations

import pytest

from tests.test_bundle_sync import world  # noqa: F401 - the fixture
from tests.test_sync_lock import (  # noqa: F401 - run here again
    test_a_killed_holder_leaves_no_stale_lock,
    test_a_second_import_is_refused_while_the_first_runs,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db
