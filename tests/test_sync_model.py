"""The sync acceptance model (tests/sync_machine.py) against a SQLite centre (fast, many
examples) and a real PostgreSQL centre. Examples: CASETERM_SYNC_EXAMPLES and
CASETERM_SYNC_PG_EXAMPLES (defaults below); `-m soak` runs many more."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from tests.sync_machine import SyncMachine, build_world

# CI: 300 examples with the SQLite centre took 118 s of CPU here, 10 with PostgreSQL about
# 8 s (this process): 300 + 50 stay near three minutes of CPU for this file.
CI_EXAMPLES = int(os.environ.get("CASETERM_SYNC_EXAMPLES", "300"))
PG_EXAMPLES = int(os.environ.get("CASETERM_SYNC_PG_EXAMPLES", "50"))
SLOW_EXAMPLES = int(os.environ.get("CASETERM_SYNC_SLOW_EXAMPLES", "2000"))


def _settings(n: int):
    # No shrinking by default (a failing run prints its steps; shrinking real databases takes
    # minutes): CASETERM_SYNC_SHRINK=1 turns it on.
    phases = list(Phase) if os.environ.get("CASETERM_SYNC_SHRINK") else \
        [Phase.explicit, Phase.reuse, Phase.generate]
    return settings(max_examples=n, stateful_step_count=25, deadline=None,
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


def _checkpoint(db: Database) -> None:
    if db.is_sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _sqlite_worlds(tmp_path: Path):
    files = _Files(tmp_path / "w")
    centre_path = files.new_file("centre")
    centre = Database(str(centre_path))
    paths = {"A": files.new_file("A"), "B": files.new_file("B")}
    world = build_world(centre, paths, files.laptop)
    for db in world.dbs.values():
        _checkpoint(db)
        db.dispose()
    blobs = {"C": centre_path.read_bytes(), **{k: p.read_bytes() for k, p in paths.items()}}
    anna, bernd = world.anna, world.bernd

    # The same three files and Database objects serve every example: each example writes
    # the world's bytes back (the engines were disposed at the end of the last one). A new
    # engine per example would compile every SQL statement again (SQLAlchemy's statement
    # cache lives on the engine): that was about half of an example's CPU time.
    dbs: dict[str, Database] = {}

    def make():
        from tests.sync_machine import SyncWorld

        for site, blob in blobs.items():
            path = files.root / f"{site}-x.db"
            _restore(path, blob)
            if site not in dbs:
                dbs[site] = Database(str(path))
        return SyncWorld(dbs["C"], {"A": dbs["A"], "B": dbs["B"]}, anna, bernd)

    return make


def _restore(path: Path, blob: bytes) -> None:
    """The world's file again, without the last example's write-ahead log."""
    for extra in ("-wal", "-shm", "-journal"):
        Path(str(path) + extra).unlink(missing_ok=True)
    path.write_bytes(blob)


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


def _run(make, n: int):
    class Machine(SyncMachine):
        pass

    Machine.make_world = staticmethod(make)
    run_state_machine_as_test(Machine, settings=_settings(n))


def test_sync_model_sqlite_centre(fast_dir):
    _run(_sqlite_worlds(fast_dir), CI_EXAMPLES)


@pytest.mark.soak
def test_sync_model_sqlite_centre_many(fast_dir):
    _run(_sqlite_worlds(fast_dir), SLOW_EXAMPLES)


def _pg_worlds(pg_cluster, tmp_path: Path):
    """A PostgreSQL centre: the world's centre is built once as a template database and
    each example gets CREATE DATABASE … TEMPLATE (fast); laptops are file copies."""
    from sqlalchemy import create_engine, text

    files = _Files(tmp_path / "w")
    template_url = pg_cluster.new_database()
    centre = Database(template_url)
    upgrade(centre, make_backup=False)
    paths = {"A": files.new_file("A"), "B": files.new_file("B")}
    world = build_world(centre, paths, files.laptop)
    for db in world.dbs.values():
        _checkpoint(db)
        db.dispose()
    blobs = {k: p.read_bytes() for k, p in paths.items()}
    from sqlalchemy.engine import make_url

    template = make_url(template_url).database
    admin = create_engine(pg_cluster.base_url(), isolation_level="AUTOCOMMIT")
    anna, bernd = world.anna, world.bernd

    # As with SQLite, one set of Database objects for all examples (warm statement caches):
    # the centre's database is dropped and made again from the template, the laptops' files
    # written back.
    name = f"{template}_x"
    dbs: dict[str, Database] = {}

    def make():
        from tests.sync_machine import SyncWorld

        if "C" in dbs:
            dbs["C"].dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        dbs.setdefault("C", Database(pg_cluster.base_url(name)))
        for site, blob in blobs.items():
            path = files.root / f"{site}-x.db"
            _restore(path, blob)
            if site not in dbs:
                dbs[site] = Database(str(path))
        return SyncWorld(dbs["C"], {"A": dbs["A"], "B": dbs["B"]}, anna, bernd)

    return make


@pytest.mark.postgres
def test_sync_model_postgres_centre(pg_cluster, fast_dir):
    _run(_pg_worlds(pg_cluster, fast_dir), PG_EXAMPLES)


@pytest.mark.postgres
@pytest.mark.soak
def test_sync_model_postgres_centre_many(pg_cluster, fast_dir):
    _run(_pg_worlds(pg_cluster, fast_dir), SLOW_EXAMPLES)


def test_the_audit_trail_names_sync_records_in_words():
    from caseterm.core.audit import record_label
    from caseterm.i18n import set_language

    for lang in ("en", "de"):
        set_language(lang)
        for table in ("sync_conflict", "sync_peer_case", "sync_duplicate", "sync_change"):
            assert "_" not in record_label(table)
    assert record_label("sync_conflict") == "Abgleichkonflikt"
