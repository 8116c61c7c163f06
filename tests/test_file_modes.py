"""Social data at rest is for this user only: the database, its backups, exports and the
folders caseterm makes are 0600 / 0700, whatever the umask of the shell."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from caseterm.db import migrate
from caseterm.db.engine import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _caseterm(env, *args):
    proc = subprocess.run([sys.executable, "-m", "caseterm", "--lang", "en", *args],
                          env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(0o022))
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.slow
def test_files_and_folders_are_private(tmp_path):
    data = tmp_path / "userdata"
    env = {**os.environ, "CASETERM_DATA_DIR": str(data), "CASETERM_TODAY": "2026-11-23",
           "XDG_RUNTIME_DIR": str(tmp_path)}
    env.pop("CASETERM_DB", None)
    # the default database on first start, its folder, a default backup
    _caseterm(env, "worker", "list")
    assert _mode(data) == 0o700 and _mode(data / "caseterm.db") == 0o600
    backup = _caseterm(env, "db", "backup").stdout.strip()
    assert _mode(backup) == 0o600
    # a new database made with --create in new folders, an explicit backup, an export
    new = tmp_path / "a" / "b" / "c.db"
    _caseterm(env, "--db", str(new), "--create", "worker", "list")
    assert _mode(new) == 0o600 and _mode(new.parent) == 0o700
    target = tmp_path / "copies" / "copy.db"
    _caseterm(env, "--db", str(new), "db", "backup", str(target))
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
    ics = tmp_path / "q.ics"
    _caseterm(env, "--db", str(new), "worker", "add", "anna", "--name", "Anna", "--use")
    config = Path(os.environ["CASETERM_CONFIG"])  # the person's own settings file
    assert _mode(config) == 0o600 and _mode(config.parent) == 0o700
    _caseterm(env, "--db", str(new), "queue", "--ics", str(ics))
    assert _mode(ics) == 0o600
    # db init, and the automatic backup before a migration
    old = tmp_path / "old.db"
    migrate.upgrade(Database(str(old)), "0001_foundation", make_backup=False)
    os.chmod(old, 0o644)
    _caseterm(env, "--db", str(old), "worker", "list")
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("old.backup-")]
    assert len(backups) == 1 and _mode(backups[0]) == 0o600
    init = tmp_path / "init.db"
    _caseterm(env, "db", "init", str(init))
    assert _mode(init) == 0o600
    for leftover in tmp_path.rglob("*"):
        if leftover.name.endswith(("-wal", "-shm")) and not leftover.name.startswith("old.db"):
            assert _mode(leftover) == 0o600, leftover


def test_backup_is_private_through_the_python_api(db, tmp_path):
    old = os.umask(0o022)
    try:
        copy = migrate.backup(db, tmp_path / "api" / "copy.db")
    finally:
        os.umask(old)
    assert _mode(copy) == 0o600 and _mode(copy.parent) == 0o700
