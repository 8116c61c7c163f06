"""The office-wide steering figures read the cases through a covering index (0019_steerkeys,
db/indexed.py) and with a larger page cache. Neither may change a figure: on a generated
office every table equals the one computed the old way (the primary key and the case's row,
the planner's own choice) and the one computed for a "team" of every worker (the team path,
whose figures are checked by hand in test_steering_figures.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite

from caseterm.core import steering as st
from caseterm.db.indexed import indexed
from caseterm.db.repo import steering as repo
from caseterm.models.case import Case
from caseterm.models.worker import Worker
from tests.conftest import TODAY
from tests.test_generate import _make

START = date(TODAY.year - 1, 1, 1)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    db, _ctx = _make(tmp_path_factory.mktemp("office"), "office.db", 3, 600)
    yield db
    db.dispose()


def _tables(db, sel: repo.Selection, scope=st.Scope.office) -> dict:
    with db.read() as s:
        rep = repo.report(s, sel, scope=scope, label="x")
    assert not rep.empty
    return {t.key: t.rows for t in rep.tables} | {"persons": rep.persons}


def _statements(db, sel: repo.Selection) -> list[str]:
    seen: list[str] = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        _tables(db, sel)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


@pytest.mark.parametrize("area", [None, "sgb2"])
def test_the_covering_index_changes_no_figure(office, monkeypatch, area):
    sel = repo.Selection(None, START, TODAY, area)
    new = _tables(office, sel)
    monkeypatch.setattr(repo, "_case", lambda _sel: Case)  # the plan before 0019_steerkeys
    old = _tables(office, sel)
    assert new == old
    shown = {k: sum(1 for row in rows for c in row if getattr(c, "shown", False))
             for k, rows in new.items() if k != "persons"}
    for key in ("caseload", "phases", "integration", "gas", "referrals", "followups",
                "costs"):
        assert shown[key], key  # the comparison compared figures, not empty tables


def test_the_office_equals_a_team_of_every_worker(office):
    with office.read() as s:
        everyone = tuple(s.execute(select(Worker.id)).scalars())
    whole = _tables(office, repo.Selection(None, START, TODAY))
    team = _tables(office, repo.Selection(everyone, START, TODAY), st.Scope.team)
    # the office also counts unmet needs recorded without a case; the generator has none
    assert whole == team


def test_office_statements_name_the_index_and_team_statements_do_not(office):
    seen = _statements(office, repo.Selection(None, START, TODAY))
    hinted = [s for s in seen if "INDEXED BY ix_casefile_steer_key" in s]
    # plan time, integration, GAS, referrals, follow-ups, unmet needs, costs
    assert len(hinted) == 7
    with office.read() as s:
        some = tuple(s.execute(select(Worker.id).limit(20)).scalars())
    assert not any("INDEXED BY" in s for s in _statements(office, repo.Selection(
        some, START, TODAY)))


def test_the_page_cache_is_given_back_after_the_report(office):
    with office.read() as s:
        conn = s.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        sizes = []
        listen = lambda *_a: sizes.append(  # noqa: E731
            conn.connection.driver_connection.execute("PRAGMA cache_size").fetchone()[0])
        event.listen(office.engine, "after_cursor_execute", listen)
        try:
            repo.report(s, repo.Selection(None, START, TODAY), scope=st.Scope.office,
                        label="x")
        finally:
            event.remove(office.engine, "after_cursor_execute", listen)
        assert -repo.REPORT_CACHE_KIB in sizes  # the figures ran with the larger cache
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == before


def test_indexed_renders_the_index_on_sqlite_only():
    c = indexed(Case, "ix_casefile_steer_key")
    stmt = select(c.client_id).where(c.id.is_not(None))
    lite = str(stmt.compile(dialect=sqlite.dialect()))
    assert "FROM casefile AS ix_casefile_steer_key INDEXED BY ix_casefile_steer_key" in lite
    assert "ix_casefile_steer_key.client_id" in lite
    assert "INDEXED BY" not in str(stmt.compile(dialect=postgresql.dialect()))
    with pytest.raises(ValueError):
        indexed(Case, "ix_casefile_no_such_index")
