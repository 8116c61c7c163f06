"""The sync acceptance model (tests/sync_machine.py) against a real PostgreSQL centre (the
acceptance: 2,000 examples in CI) and a SQLite centre (a smaller run: the other dialect of
the centre's code). Examples: CASETERM_SYNC_PG_EXAMPLES and CASETERM_SYNC_EXAMPLES (defaults
below); `-m soak` runs many more."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from tests.sync_machine import SyncMachine, build_world

# CI: 2,000 examples with a PostgreSQL centre and 100 with a SQLite centre, about 6 minutes
# of CPU (README, "Tests" of the sync section). Examples are short (STEPS steps with the
# start: about 4.7 rules on average) and each ends with a full round (everyone syncs, all
# replicas equal, replay changes nothing): about 9,800 rule steps in all, more than the 450
# examples of 25 steps before (about 9,200), and 2,100 final rounds besides.
CI_EXAMPLES = int(os.environ.get("CASETERM_SYNC_EXAMPLES", "100"))
PG_EXAMPLES = int(os.environ.get("CASETERM_SYNC_PG_EXAMPLES", "2000"))
SLOW_EXAMPLES = int(os.environ.get("CASETERM_SYNC_SLOW_EXAMPLES", "20000"))
PART = 200  # examples per test: `pytest -n 2` spreads the parts over both workers
STEPS = 7  # Hypothesis' stateful_step_count: the start (initialize) and at most 6 rules
MIN_MEAN_STEPS = 3.5  # a run with fewer rules per example on average fails (see _run)


def _parts(total: int) -> list[int]:
    """`total` examples as tests of at most PART examples each (each its own random draw)."""
    count = max(1, -(-total // PART))
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def _settings(n: int):
    # No shrinking by default (a failing run prints its steps; shrinking real databases takes
    # minutes): CASETERM_SYNC_SHRINK=1 turns it on.
    phases = list(Phase) if os.environ.get("CASETERM_SYNC_SHRINK") else \
        [Phase.explicit, Phase.reuse, Phase.generate]
    return settings(max_examples=n, stateful_step_count=STEPS, deadline=None,
                    suppress_health_check=list(HealthCheck), phases=phases)


class _Files:
    """One world built once, copied for every example (a few milliseconds)."""

    def __init__(self, root: Path, centre_url_for=None):
        self.root = root
        self.n = 0
        root.mkdir(parents=True, exist_ok=True)
        empty = root / "empty.db"
        db = Database(str(empty))
        upgrade(db, make_backup=False)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        self.empty = empty.read_bytes()

    def new_file(self, name: str) -> Path:
        self.n += 1
        path = self.root / f"{name}-{self.n}.db"
        path.write_bytes(self.empty)
        return path

    def laptop(self, path: Path) -> Database:
        return Database(str(path))


def _keeper(dbs: dict, templates: dict, anna, bernd):
    """One set of Database objects (engines, pools, statement caches) for every example:
    each example starts from the world's contents written back into them (sync_reset), and
    its end disposes nothing. A new engine per example compiled every SQL statement again;
    a new PostgreSQL database per example (CREATE DATABASE … TEMPLATE) cost about half a
    second of the server's CPU; reconnecting cost the PRAGMAs and the pool's warm-up."""
    from tests.sync_machine import SyncWorld, actor_of

    actors: dict = {}

    def make():
        for site, template in templates.items():
            template.restore(dbs[site])
        world = SyncWorld(dbs["C"], {"A": dbs["A"], "B": dbs["B"]}, anna, bernd)
        if not actors:  # the same rows every time, so the same actors
            actors.update({k: actor_of(db, anna) for k, db in dbs.items()})
        world.actors = dict(actors)
        return world

    return make


def _sqlite_worlds(tmp_path: Path):
    from tests.sync_reset import SqliteTemplate

    files = _Files(tmp_path / "w")
    centre_path = files.new_file("centre")
    centre = Database(str(centre_path))
    paths = {"A": files.new_file("A"), "B": files.new_file("B")}
    world = build_world(centre, paths, files.laptop)
    templates = {site: SqliteTemplate(db) for site, db in world.dbs.items()}
    return _keeper(world.dbs, templates, world.anna, world.bernd)


@pytest.fixture
def fast_dir(tmp_path):
    """The examples' files on a RAM disk where there is one (no fsync cost per commit)."""
    import shutil
    import tempfile

    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="caseterm-sync-", dir=shm))
        yield path
        shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path


def _run(make, n: int) -> None:
    """`n` examples; fails when they ran fewer rule steps than MIN_MEAN_STEPS each on average
    (the total number of steps in CI must not shrink unnoticed)."""
    seen = {"examples": 0, "checks": 0}

    class Machine(SyncMachine):
        @invariant()
        def count_steps(self):
            seen["checks"] += 1  # before each example, after its start, after each rule

    def counted():
        seen["examples"] += 1
        return make()

    Machine.make_world = staticmethod(counted)
    run_state_machine_as_test(Machine, settings=_settings(n))
    steps = seen["checks"] - 2 * seen["examples"]
    assert seen["examples"] >= n
    assert steps >= MIN_MEAN_STEPS * n, (steps, seen["examples"])


@pytest.mark.slow  # begun first under `-n 2` (tests/conftest.py)
@pytest.mark.parametrize("n", _parts(CI_EXAMPLES))
def test_sync_model_sqlite_centre(fast_dir, n):
    _run(_sqlite_worlds(fast_dir), n)


@pytest.mark.soak
def test_sync_model_sqlite_centre_many(fast_dir):
    _run(_sqlite_worlds(fast_dir), SLOW_EXAMPLES)


def _pg_worlds(pg_cluster, tmp_path: Path):
    """A PostgreSQL centre: the world is built once; each example puts the centre's rows
    back with one statement (sync_reset.PgTemplate) and the laptops' pages with SQLite's
    backup API."""
    from tests.sync_reset import PgTemplate, SqliteTemplate

    files = _Files(tmp_path / "w")
    centre = Database(pg_cluster.new_database())
    upgrade(centre, make_backup=False)
    paths = {"A": files.new_file("A"), "B": files.new_file("B")}
    world = build_world(centre, paths, files.laptop)
    templates = {site: SqliteTemplate(db) for site, db in world.dbs.items() if site != "C"}
    templates["C"] = PgTemplate(centre)
    return _keeper(world.dbs, templates, world.anna, world.bernd)


@pytest.mark.postgres
@pytest.mark.slow  # ten tests of 200 examples, 40 to 100 s each: dealt out first
@pytest.mark.parametrize("n", _parts(PG_EXAMPLES))
def test_sync_model_postgres_centre(pg_cluster, fast_dir, n):
    _run(_pg_worlds(pg_cluster, fast_dir), n)


@pytest.mark.postgres
@pytest.mark.soak
def test_sync_model_postgres_centre_many(pg_cluster, fast_dir):
    _run(_pg_worlds(pg_cluster, fast_dir), SLOW_EXAMPLES)


def _every_row(db: Database) -> dict:
    """Every row of every table (and the next values of PostgreSQL's sequences), to compare."""
    from sqlalchemy import select, text
    from sqlmodel import SQLModel

    with db.engine.connect() as conn:
        out = {t.name: sorted(repr(tuple(r)) for r in conn.execute(select(t)))
               for t in SQLModel.metadata.sorted_tables}
        if not db.is_sqlite:
            out["sequences"] = sorted(conn.execute(text(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public'")).all())
    return out


def _reset_check(make):
    """An example's world written into, then the next one's: the same rows as the first
    (the reset leaves nothing of the last example behind, in any table)."""
    class Machine(SyncMachine):
        pass

    Machine.make_world = staticmethod(make)
    first = Machine()
    first.setup()
    start = {site: _every_row(db) for site, db in first.dbs.items()}
    first.edit("A", 0, "title", 1)
    first.add_note("C", 1, "Anruf")
    first.create_person("B", True, 0)
    first.round_end()
    assert {site: _every_row(db) for site, db in first.dbs.items()} != start
    first.teardown()
    second = Machine()
    second.setup()
    assert {site: _every_row(db) for site, db in second.dbs.items()} == start
    second.teardown()


def test_each_example_starts_from_the_same_world_sqlite(fast_dir):
    _reset_check(_sqlite_worlds(fast_dir))


@pytest.mark.postgres
def test_each_example_starts_from_the_same_world_postgres(pg_cluster, fast_dir):
    _reset_check(_pg_worlds(pg_cluster, fast_dir))


def test_the_audit_trail_names_sync_records_in_words():
    from caseterm.core.audit import record_label
    from caseterm.i18n import set_language

    for lang in ("en", "de"):
        set_language(lang)
        for table in ("sync_conflict", "sync_peer_case", "sync_duplicate", "sync_change"):
            assert "_" not in record_label(table)
    assert record_label("sync_conflict") == "Abgleichkonflikt"
