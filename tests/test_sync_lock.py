"""Two imports or syncs on one database (issue 17, gap 4): the second is refused at once with a
clear message, the first completes untouched. Threads with their own connections and a second
real process; SQLite here, PostgreSQL in test_sync_lock_pg.py."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import bundle, record, sync
from caseterm.services.sync_lock import SyncBusy
from tests.test_bundle_sync import _title, world  # noqa: F401 - the fixture
from tests.waiting import wait_for


def test_a_second_import_is_refused_while_the_first_runs(world, tmp_path, monkeypatch):  # noqa: F811
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    stick = tmp_path / "b.ctb"
    bundle.export_bundle(world.laptop, stick)
    data = stick.read_bytes()
    inside, go = threading.Event(), threading.Event()

    def slow(ctx, changeset):
        inside.set()
        assert go.wait(60)
        return sync.apply_incoming(ctx, changeset)

    done: dict = {}
    first = threading.Thread(target=lambda: done.setdefault(
        "r", bundle.import_bytes(world.centre, data, slow)))
    first.start()
    try:
        assert inside.wait(60)
        started = time.monotonic()
        with pytest.raises(SyncBusy) as err:
            bundle.import_bytes(world.centre, data)
        assert time.monotonic() - started < 5  # at once, not after a lock timeout
        assert "running" in str(err.value) or "läuft" in str(err.value)
        if world.db.is_sqlite:  # the CLI at a PostgreSQL centre knows people by db role
            monkeypatch.setenv("CASETERM_WORKER", "anna")
            r = CliRunner().invoke(app, ["--db", str(world.db.url), "bundle", "import",
                                         str(stick)])
            assert r.exit_code == 4, r.output
            assert "nothing was changed" in r.output.replace("\n", " ") \
                or "nichts wurde geändert" in r.output.replace("\n", " ")
        assert _title(world.db, world.case) != "vom Laptop"
    finally:
        go.set()
        first.join(60)
    assert done["r"].status == "applied"
    assert _title(world.db, world.case) == "vom Laptop"
    assert bundle.import_bytes(world.centre, data).status == "replay"  # the lock is free again


HOLD = """
import sys
from caseterm.db.engine import Database
from caseterm.db.sync_lock import exclusive
db = Database(sys.argv[1])
with exclusive(db, "test"):
    print("ready", flush=True)
    sys.stdin.readline()
"""


def hold_in_other_process(url: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, url], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def release(proc: subprocess.Popen) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(30)


def test_sync_is_refused_while_another_process_holds_the_laptop(world, monkeypatch):  # noqa: F811
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    proc = hold_in_other_process(str(world.ldb.url))
    try:
        monkeypatch.setenv("CASETERM_WORKER", "anna")
        r = CliRunner().invoke(app, ["--db", str(world.ldb.url), "sync", "--central",
                                     str(world.db.url)])
        assert r.exit_code == 4, r.output
        assert str(proc.pid) in r.output.replace("\n", " ")
        assert sync.sync_status(world.laptop).unsent == 1
        assert _title(world.db, world.case) != "vom Laptop"
    finally:
        release(proc)
    r = CliRunner().invoke(app, ["--db", str(world.ldb.url), "sync", "--central",
                                 str(world.db.url)])
    assert r.exit_code == 0, r.output
    assert _title(world.db, world.case) == "vom Laptop"


def test_a_killed_holder_leaves_no_stale_lock(world):  # noqa: F811
    from caseterm.services.sync_lock import exclusive

    proc = hold_in_other_process(str(world.db.url))
    with pytest.raises(SyncBusy), exclusive(world.centre, "import"):
        pass
    proc.kill()  # kill -9: the OS (or the server) frees the lock
    proc.wait(30)

    def free() -> bool:
        # PostgreSQL frees a dead session's advisory lock once its backend notices the
        # closed connection: a moment after the kill, not at once
        try:
            with exclusive(world.centre, "import"):
                return True
        except SyncBusy:
            return False

    wait_for(free, timeout=30, what="the killed holder's lock to be freed")
