"""kill -9 at random points while `caseterm bundle import` runs (issue 17, faults): the bundle
is applied whole or not at all, a re-import completes it, nothing is duplicated."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from caseterm.core.inputs import check_note
from caseterm.db.engine import Database
from caseterm.services import Ctx, bundle, cases, devices
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin

NOTES = 150


def _counts(path: Path) -> tuple[int, int, int]:
    db = Database(str(path))
    try:
        with db.engine.connect() as conn:
            notes = conn.execute(text("SELECT count(*) FROM contact_note")).scalar()
            changes = conn.execute(text("SELECT count(*) FROM sync_change")).scalar()
            receipts = conn.execute(text("SELECT count(*) FROM bundle_receipt")).scalar()
        return int(notes), int(changes), int(receipts)
    finally:
        db.dispose()


def _import(path: Path, stick: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "caseterm", "--db", str(path), "--lang",
                             "en", "bundle", "import", str(stick)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_kill_9_during_import_then_reimport_completes(db, worker, make_case, tmp_path):
    from caseterm.db.repo import workers

    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    from caseterm.services import sync

    sync.init_central(admin, "Zentrale")
    case_id = make_case()
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    devices.checkout_keys(admin, Ctx(laptop, admin.actor), "Laptop Nord", "anna")
    lap = ctx_for(laptop, workers.current(db))
    for n in range(NOTES):
        cases.add_note(lap, case_id, check_note({"text": f"Notiz {n} vom Laptop"}))
    stick = tmp_path / "big.ctb"
    bundle.export_changeset(lap, sync.collect_outgoing(lap), devices.central_device(lap),
                            stick)
    laptop.dispose()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    pristine = tmp_path / "centre-pristine.db"
    shutil.copy(db.path, pristine)
    base_notes, base_changes, _r = _counts(pristine)

    env = {**os.environ, "CASETERM_WORKER": "anna", "CASETERM_PLAIN": "1"}
    # one clean run: how long an import takes, and what it leaves
    clean = tmp_path / "centre-clean.db"
    shutil.copy(pristine, clean)
    started = time.monotonic()
    proc = _import(clean, stick, env)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    duration = time.monotonic() - started
    want = _counts(clean)
    assert want[0] == base_notes + NOTES and want[2] == 1

    rng = random.Random(17)
    outcomes = {"none": 0, "whole": 0}
    trials = 5
    for trial in range(trials):
        target = tmp_path / f"centre-{trial}.db"
        shutil.copy(pristine, target)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        proc = _import(target, stick, env)
        # stratified random points over the run (start-up, reading, applying, the receipt)
        time.sleep((trial + rng.random()) / trials * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        notes, changes, _receipts = _counts(target)
        # whole or nothing (the receipt may trail the applied change set)
        assert (notes, changes) in ((base_notes, base_changes), want[:2]), (trial, notes)
        outcomes["whole" if notes == want[0] else "none"] += 1
        again = _import(target, stick, env)
        assert again.wait(timeout=300) == 0, again.stderr.read()
        assert _counts(target) == want, trial
        if trial == 0:
            third = _import(target, stick, env)
            out, _err = third.communicate(timeout=300)
            assert third.returncode == 0 and b"Already imported" in out
            assert _counts(target) == want
    print(f"import {duration:.1f} s; killed: {outcomes}")
    assert sum(outcomes.values()) == trials
