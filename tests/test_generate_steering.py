"""The generator's steering data (db/generate/steering.py): referrals with history and feedback,
costs with cost bearer, personal budgets, closures with evaluation and unmet needs, so the
steering figures at scale are not empty; deterministic for a seed."""

from __future__ import annotations

import sqlite3

import pytest

from caseterm.core.steering import Scope
from caseterm.db.repo import steering as repo
from tests.conftest import TODAY
from tests.test_generate import _make

TABLES = ("referral", "referral_event", "cost_item", "personal_budget", "case_closure",
          "unmet_need")


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gensteer")
    a, _ = _make(tmp, "a.db", 5, 400)
    b, _ = _make(tmp, "b.db", 5, 400)
    yield a, b
    a.dispose()
    b.dispose()


def _dump(db):
    con = sqlite3.connect(str(db.path))
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def test_steering_rows_are_deterministic_and_plausible(two):
    a, b = two
    rows = _dump(a)
    assert rows == _dump(b)
    con = sqlite3.connect(str(a.path))
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    cases = one("SELECT count(*) FROM casefile")
    refs = one("SELECT count(*) FROM referral")
    assert 0.3 * cases < refs < 0.7 * cases
    # every referral has its history, starting with "sent" on the day it was sent
    assert one("SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM referral_event"
               " e WHERE e.referral_id = r.id AND e.status = 'sent')") == 0
    assert one("SELECT count(*) FROM referral WHERE status = 'feedback_received' AND "
               "feedback = ''") == 0
    assert one("SELECT count(*) FROM referral WHERE status = 'feedback_received'") > 0
    assert one("SELECT count(*) FROM cost_item WHERE cost_bearer = ''") == 0
    assert one("SELECT count(*) FROM cost_item WHERE actual_cents IS NOT NULL") > 0
    assert one("SELECT count(*) FROM personal_budget") > 0
    closed = one("SELECT count(*) FROM casefile WHERE closed_on IS NOT NULL")
    assert one("SELECT count(*) FROM case_closure") == closed
    assert one("SELECT count(*) FROM case_closure c JOIN casefile f ON f.id = c.case_id "
               "WHERE c.closed_on <> f.closed_on") == 0
    con.close()


def test_the_figures_are_not_empty(two):
    a, _b = two
    start = TODAY.replace(year=TODAY.year - 2)
    with a.read() as s:
        rep = repo.report(s, repo.Selection(None, start, TODAY), scope=Scope.office,
                          label="Office")
    shown = {t.key: [c for row in t.rows for c in row if getattr(c, "shown", False)]
             for t in rep.tables}
    for key in ("caseload", "referrals", "costs", "gas", "integration"):
        assert shown[key], key
