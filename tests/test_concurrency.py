"""Several processes writing at once never see "database is locked", and no update is lost
(writes begin IMMEDIATE and wait on the busy timeout); a killed writer loses nothing that was
committed and leaves the file intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import text

WRITER = textwrap.dedent("""
    import sys
    from caseterm.db.engine import Database
    from caseterm.db.repo import settings
    db = Database(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        with db.write() as s:
            current = int(settings.get_in(s, "counter") or 0)
            settings.put(s, "counter", str(current + 1))
        if len(sys.argv) > 3:
            print("ack", current + 1, flush=True)
""")


def _counter(db) -> int:
    with db.engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM setting WHERE key='counter'")).scalar()
    return int(value or 0)


def test_four_writers_lose_nothing(db):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db.path), "60"],
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert _counter(db) == 240


def test_killed_writer_loses_no_acknowledged_commit(db):
    for _round in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db.path), "100000", "ack"],
                                stdout=subprocess.PIPE, text=True)
        acked = 0
        deadline = time.monotonic() + 20
        while acked < 30 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("ack"):
                acked = int(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert acked >= 30
        assert _counter(db) >= acked
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
