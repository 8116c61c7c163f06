"""A second TUI on the same database file is refused; the lock goes with the process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from caseterm.db.lock import AlreadyOpen, InstanceLock


def test_second_holder_is_refused_and_release_frees(tmp_path):
    db = tmp_path / "x.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from caseterm.db.lock import InstanceLock;"
         f"InstanceLock(Path({str(db)!r})).acquire(); print('locked', flush=True); "
         "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpen):
            InstanceLock(db).acquire()
    finally:
        holder.kill()
        holder.wait()
    with InstanceLock(db):
        pass


def test_corrupt_database_is_refused_with_a_message(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is no database, just a text file\n" * 20)
    result = subprocess.run([sys.executable, "-m", "caseterm", "--db", str(bad), "db", "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "not a database" in result.stderr and "Traceback" not in result.stderr
    assert bad.read_bytes().startswith(b"this is no database")
