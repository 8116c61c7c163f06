"""kill -9 during `caseterm sync` at random points: the next run finishes the job, and
nothing arrives twice (every change once at the centre, every note once on each side)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from sqlmodel import func, select

from caseterm.core.inputs import check_note
from caseterm.models.note import ContactNote
from caseterm.models.sync import SyncChange
from caseterm.services import cases, record, sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin


def _count(db, stmt) -> int:
    with db.read() as s:
        return s.exec(stmt).one()


@pytest.mark.slow
def test_kill_minus_nine_during_sync(db, worker, make_case, tmp_path):
    centre_admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(centre_admin, "Zentrale")
    case_ids = [make_case(first=f"Person{i}", last="Kill") for i in range(5)]
    laptop = checkout(centre_admin, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, worker)
    cen = ctx_for(db, worker)
    for i in range(60):
        cases.add_note(lap, case_ids[i % 5], check_note({"text": f"offline {i}"}))
    for i, case_id in enumerate(case_ids):
        record.edit_case(lap, case_id, {"title": f"Laptop {i}"})
        cases.add_note(cen, case_id, check_note({"text": f"zentral {i}"}))
    sent = sync.sync_status(lap).unsent
    laptop.dispose()
    env = {**os.environ, "CASETERM_WORKER": "anna", "CASETERM_PLAIN": "1"}
    cmd = [sys.executable, "-m", "caseterm", "--db", str(tmp_path / "laptop.db"), "sync",
           "--batch", "2"]
    rng = random.Random(int(os.environ.get("CASETERM_KILL_SEED", "17")))
    killed = 0
    for _attempt in range(6):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    from caseterm.db.engine import Database

    laptop = Database(str(tmp_path / "laptop.db"))
    lap = ctx_for(laptop, worker)
    assert sync.sync_status(lap).unsent == 0
    state = sync.sync_status(lap)
    assert _count(db, select(func.count()).select_from(SyncChange).where(
        SyncChange.device_id == __import__("uuid").UUID(state.device_id))) == sent
    for side in (db, laptop):
        texts = _notes(side)
        assert len(texts) == len(set(texts)) == 65  # each note once, none lost
    laptop.dispose()
    print(f"killed {killed} of 6 runs")


def _notes(db):
    with db.read() as s:
        return list(s.exec(select(ContactNote.text)))
