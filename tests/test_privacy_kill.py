"""An erasure interrupted by kill -9 leaves the case either fully present or fully erased,
never half; `db check` stays clean and the audit trail verifies (issue 15, "Bad input")."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from caseterm.db.migrate import check
from caseterm.db.repo import audit as audit_repo
from caseterm.db.repo import privacy as privacy_repo
from caseterm.db.repo import workers as workers_repo
from caseterm.models.note import ContactNote

NOTES = 3000  # a case big enough that the erasure's transaction takes a while


@pytest.mark.slow
def test_kill_9_during_erasure_is_all_or_nothing(db, worker, make_case, tmp_path):
    case_id = make_case("Abbruch", "Testperson")
    with db.write() as s:
        workers_repo.add(s, username="dora", display_name="Dora DSB", role="dpo", team="",
                         office="Rathaus", land="NW")
        for n in range(NOTES):
            s.add(ContactNote(case_id=case_id, kind="conversation", text=f"Notiz {n} " * 20,
                              occurred_at=datetime(2026, 11, 1, tzinfo=UTC)))
    full = privacy_repo.count_case_rows(db, [case_id])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    template = db.path.read_bytes()
    env = {**os.environ, "CASETERM_WORKER": "dora"}
    rng = random.Random(15)
    outcomes = {"present": 0, "erased": 0}
    for run in range(8):
        path = tmp_path / f"run{run}.db"
        path.write_bytes(template)
        proc = subprocess.Popen(
            [sys.executable, "-m", "caseterm", "--db", str(path), "privacy", "erase",
             "JC-2026-00001", "--yes", "--reason", "Test", "--before-period-end"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 3.0))  # python start ~1 s, then the erasure runs
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        other = type(db)(str(path))
        try:
            left = privacy_repo.count_case_rows(other, [case_id])
            assert left in (0, full), f"run {run}: {left} of {full} rows left"
            outcomes["present" if left else "erased"] += 1
            assert check(other) == [], f"run {run}"
            assert audit_repo.verify(other)[1] == []
            erased_entries = [e for e in audit_repo.latest(other) if e.action == "erase"]
            assert len(erased_entries) == (0 if left else 1)
        finally:
            other.dispose()
    print(outcomes)
