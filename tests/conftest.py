"""Shared fixtures: a migrated SQLite file per test, a worker, cases, and an app factory."""

from __future__ import annotations

import os
from datetime import date

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# Printing ("drucken") hands the PDF to $CASETERM_VIEWER: in tests a command that does nothing.
os.environ.setdefault("CASETERM_VIEWER", "true")

from caseterm.core import clock
from caseterm.core.inputs import check_case, check_client
from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from caseterm.i18n import set_language

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def _fixed_world(monkeypatch, tmp_path):
    """Every test: German, a fixed today, no user data directory touched."""
    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("CASETERM_DB", raising=False)
    monkeypatch.delenv("CASETERM_LANG", raising=False)
    monkeypatch.delenv("CASETERM_TODAY", raising=False)
    monkeypatch.delenv("CASETERM_WORKER", raising=False)
    # New files made through the CLI stay plain in the suite (tests read them with sqlite3);
    # tests/test_crypto.py and tests/test_unlock.py drop this and test the encrypted default.
    monkeypatch.setenv("CASETERM_PLAIN", "1")
    monkeypatch.delenv("CASETERM_PASSPHRASE", raising=False)
    monkeypatch.setenv("CASETERM_CONFIG", str(tmp_path / "userconfig" / "config.toml"))
    clock.set_today(TODAY)
    set_language("de")
    yield
    clock.set_today(None)
    set_language("de")
    from caseterm.commands.common import state

    state.db = state.lang = None
    state.plain = False


_TEMPLATE: dict[str, bytes] = {}


@pytest.fixture
def db(tmp_path) -> Database:
    """A fresh database at the newest schema (migrated once per session, then copied)."""
    path = tmp_path / "test.db"
    if "head" not in _TEMPLATE:
        template = tmp_path / "template.db"
        tdb = Database(str(template))
        upgrade(tdb, make_backup=False)
        with tdb.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        tdb.dispose()
        _TEMPLATE["head"] = template.read_bytes()
    path.write_bytes(_TEMPLATE["head"])
    database = Database(str(path))
    yield database
    database.dispose()


@pytest.fixture
def worker(db):
    from caseterm.db.repo import settings, workers

    with db.write() as s:
        w = workers.add(s, username="anna", display_name="Anna Becker", role="caseworker",
                        team="Team Nord", office="Rathaus", land="NW")
        settings.put(s, settings.CURRENT_WORKER, str(w.id))
    return workers.current(db)


@pytest.fixture
def make_case(db, worker):
    """make_case(first, last, **case_fields) -> case id."""
    from caseterm.db.repo import cases

    def _make(first="Jürgen", last="Müller", birth="1980-04-12", legal_area="sgb2",
              phase="intake", child_protection=False, title="", lead=None):
        with db.write() as s:
            client = cases.add_client(s, check_client(
                {"first_name": first, "last_name": last, "birth_date": birth}))
            case = cases.add_case(s, client.id, check_case(
                {"legal_area": legal_area, "phase": phase, "title": title,
                 "child_protection": child_protection}), lead or worker.id)
            return case.id

    return _make


def ctx_for(db, worker):
    """The door for `worker` (a WorkerRow or an Actor)."""
    from caseterm.db.repo import access
    from caseterm.models.worker import Worker
    from caseterm.services import Ctx

    with db.read() as s:
        actor = access.actor_for(s, s.get(Worker, worker.id), clock.today())
    return Ctx(db, actor)


def make_app(db, worker, **kw):
    from caseterm.app import CasetermApp

    kw.pop("ask_profile", None)
    return CasetermApp(db, ctx_for(db, worker), **kw)


def visible_text(app) -> str:
    """Everything the current screen shows in Static widgets and DataTables, as plain text."""
    from textual.widgets import DataTable, Static

    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(str(cell) for cell in table.get_row_at(row))
    return "\n".join(parts)


async def wait_workers(app) -> None:
    """Until the running workers are done. A load replaced by a newer one
    (`@work(exclusive=True)`) ends as cancelled: that is no failure, wait again."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def wait_idle(pilot, app, timeout: float = 15.0) -> None:
    """Until the app is idle: no worker is pending or running once the screen has handled
    every pending event. A callback may start the next worker (a load, then its refresh), so
    it looks again after each round, as long as that chain goes on; fails after `timeout`."""
    import time

    from textual.worker import WorkerState

    end = time.monotonic() + timeout
    while True:
        await wait_workers(app)
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return
        if time.monotonic() > end:
            raise AssertionError(f"the app was still busy after {timeout} s")



def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first. With two workers (`-n 2`) a long test that came last in
    file order kept one worker busy for minutes after the other had finished; begun first, the
    long ones are dealt out to both workers and the short ones fill the gaps. The order is the
    same in every worker (a stable sort), as pytest-xdist requires."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1)


@pytest.fixture(scope="session")
def pg_cluster():
    from tests.pg import PgCluster

    cluster = PgCluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_db(pg_cluster):
    """A fresh PostgreSQL database at the newest schema."""
    database = Database(pg_cluster.new_database())
    upgrade(database, make_backup=False)
    yield database
    database.dispose()


async def wait_until(pilot, app, condition, timeout: float = 10.0) -> None:
    """Wait on a condition (a debounce timer, a worker), not a fixed pause: returns as soon as
    `condition()` holds, fails after `timeout` seconds."""
    from tests.waiting import await_for

    async def ready():
        await wait_idle(pilot, app)
        return condition()

    await await_for(ready, timeout=timeout, what="the screen's condition")


def palette_offers(app, text: str) -> bool:
    """The command palette lists a command whose prompt contains `text` (the search runs in
    the background: wait on this before pressing Enter)."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists:
        return False
    options = lists.first()
    return options.option_count > 0 and any(
        text.lower() in str(options.get_option_at_index(i).prompt).lower()
        for i in range(options.option_count))
