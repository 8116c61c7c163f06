"""Storage failures: a full disk (injected ENOSPC and SQLite's own "database or disk is full"),
a write lock held by another program, the one-window lock under a hard link, and raw SQL text
never reaching the user."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.db import migrate
from caseterm.db.engine import Database
from caseterm.db.lock import AlreadyOpen, InstanceLock
from tests.conftest import make_app, wait_idle

runner = CliRunner()
RAW = ("SELECT", "INSERT", "sqlalche.me", "[SQL", "OperationalError", "Traceback")


@pytest.fixture(autouse=True)
def _private_runtime_dir(tmp_path, monkeypatch):
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))


def cli(*args: str):
    return runner.invoke(app, ["--lang", "en", *args], catch_exceptions=False)


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """The console script in-process: `caseterm.cli.main()` with these arguments."""
    from caseterm.cli import main

    monkeypatch.setattr(sys, "argv", ["caseterm", "--lang", "en", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    return (0 if code is None else int(code)), capsys.readouterr().err


# -- full disk ----------------------------------------------------------------------------------

class _FullDisk:
    """A sqlite3 connection whose backup() copies and then fails like a full disk."""

    def __init__(self, conn, error):
        self._conn, self._error = conn, error

    def backup(self, target, **kw):
        self._conn.backup(getattr(target, "_conn", target), **kw)
        raise self._error

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.fixture(params=["sqlite", "oserror"])
def full_disk(request, monkeypatch):
    import types

    from caseterm.db import cipher

    error = (cipher.dbapi.OperationalError("database or disk is full")
             if request.param == "sqlite" else OSError(errno.ENOSPC, "No space left on device"))
    shim = types.SimpleNamespace(**vars(cipher))
    shim.connect = lambda *a, **k: _FullDisk(cipher.connect(*a, **k), error)
    monkeypatch.setattr(migrate, "cipher", shim)


def test_backup_on_a_full_disk_leaves_nothing_and_says_so(db, tmp_path, full_disk):
    db.dispose()
    target = tmp_path / "out" / "copy.db"
    result = cli("--db", str(db.path), "db", "backup", str(target))
    assert result.exit_code == 1
    assert "not enough space" in result.stderr and "unchanged" in result.stderr
    assert not any(p.name.endswith(".part") for p in target.parent.iterdir())
    assert not target.exists()


def test_pre_migration_backup_on_a_full_disk_changes_nothing(tmp_path, full_disk):
    path = tmp_path / "old.db"
    migrate.upgrade(Database(str(path)), "0001_foundation", make_backup=False)
    result = cli("--db", str(path), "queue")
    assert result.exit_code == 1 and "not enough space" in result.stderr
    assert migrate.revision_of(Database(str(path))) == "0001_foundation"
    assert not [p for p in tmp_path.iterdir() if ".backup-" in p.name]


def test_a_save_on_a_full_database_says_so(db, worker, make_case, monkeypatch, capsys):
    """SQLite's own SQLITE_FULL, made by capping the file at its present size."""
    from caseterm.db import engine
    from caseterm.db.repo import cases

    number = cases.overview(db, make_case()).case.case_number
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.dispose()
    monkeypatch.setattr(engine, "SQLITE_PRAGMAS",
                        (*engine.SQLITE_PRAGMAS, f"max_page_count={pages}"))
    code, err = run_main(monkeypatch, capsys, "--db", str(db.path), "case", "note", number,
                         "--text", "Gespräch " * 2000)
    assert code == 1
    assert "disk is full" in err and "not saved" in err and "Nothing saved before" in err
    assert not any(raw in err for raw in RAW)


async def test_tui_save_failure_shows_the_plain_message(db, worker, make_case, monkeypatch):
    from sqlalchemy import text

    app_ = make_app(db, worker)
    async with app_.run_test() as pilot:
        await wait_idle(pilot, app_)

        def broken():
            with db.write() as s:
                s.exec(text("INSERT INTO no_such_table VALUES (1)"))

        app_.screen.db_work(broken)
        await wait_idle(pilot, app_)
        messages = [n.message for n in app_._notifications]
        assert any("Struktur" in m and "Nichts wurde geändert" in m for m in messages), messages
        assert not any(raw in m for m in messages for raw in RAW)


def test_tui_starts_when_the_pid_cannot_be_written(db, worker, monkeypatch):
    from caseterm.app import CasetermApp
    from caseterm.db import lock

    real_write = os.write

    def full(fd, data):
        if data.isdigit():
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    started = []
    monkeypatch.setattr(lock.os, "write", full)
    monkeypatch.setattr(CasetermApp, "run", lambda self, *a, **k: started.append(self))
    db.dispose()
    result = cli("--db", str(db.path))
    assert result.exit_code == 0, result.output
    assert len(started) == 1


# -- one window per file ------------------------------------------------------------------------

def _hold_instance_lock(path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pathlib import Path; from caseterm.db.lock import InstanceLock;"
         f"InstanceLock(Path({str(path)!r})).acquire(); print('locked', flush=True); "
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_hard_link_does_not_open_a_second_window(db, tmp_path):
    db.dispose()
    same_dir = tmp_path / "hardlink.db"
    other_dir = tmp_path / "elsewhere" / "copy-name.db"
    other_dir.parent.mkdir()
    os.link(db.path, same_dir)
    os.link(db.path, other_dir)
    holder = _hold_instance_lock(db.path)
    try:
        for name in (same_dir, other_dir, db.path):
            with pytest.raises(AlreadyOpen):
                InstanceLock(name).acquire()
        result = cli("--db", str(other_dir))
        assert result.exit_code == 1 and "another window" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    with InstanceLock(other_dir):
        pass


def test_lock_without_pid_still_locks(tmp_path, monkeypatch):
    from caseterm.db import lock

    path = tmp_path / "x.db"
    path.touch()
    monkeypatch.setattr(lock.os, "write",
                        lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with InstanceLock(path):
        with pytest.raises(AlreadyOpen):
            InstanceLock(path).acquire()


# -- a write lock held for a long time -----------------------------------------------------------

HOLDER = """
import sqlite3, sys, time
from pathlib import Path
from caseterm.db.lock import InstanceLock
InstanceLock(Path(sys.argv[1])).acquire()
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE setting SET value = value")
print("locked", flush=True)
held = time.monotonic()
if len(sys.argv) > 3:
    sys.stdin.readline()  # the test says when; held at least the given time all the same
time.sleep(max(0.0, float(sys.argv[2]) - (time.monotonic() - held)))
con.execute("COMMIT")
print("released", flush=True)
"""


@pytest.mark.slow
def test_a_writer_holding_the_lock_for_15_seconds(db, worker, make_case, tmp_path):
    from caseterm.db.repo import cases

    number = cases.overview(db, make_case()).case.case_number
    db.dispose()
    path = str(db.path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, path, "15", "wait"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        env = {**os.environ, "CASETERM_LANG": "en", "CASETERM_TODAY": "2026-11-23"}
        patient = subprocess.Popen(
            [sys.executable, "-m", "caseterm", "--db", path, "case", "note", number,
             "--text", "waited for the lock"], env={**env, "CASETERM_LOCK_WAIT": "180"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        hasty = subprocess.run(
            [sys.executable, "-m", "caseterm", "--db", path, "case", "note", number,
             "--text", "gave up"], env={**env, "CASETERM_LOCK_WAIT": "3"},
            capture_output=True, text=True, timeout=60)
        assert holder.poll() is None, "the holder must still hold the lock"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert hasty.returncode == 1
        assert "in use by caseterm in another window" in hasty.stderr
        assert f"process {holder.pid}" in hasty.stderr and "Nothing was lost" in hasty.stderr
        assert not any(raw in hasty.stderr for raw in RAW)
        _out, err = patient.communicate(timeout=240)
        assert patient.returncode == 0, err
        assert time.monotonic() - started >= 10  # it really waited beyond the busy timeout
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()
    check = Database(path)
    from sqlalchemy import text

    with check.engine.connect() as conn:
        notes = conn.execute(text("SELECT text FROM contact_note")).scalars().all()
    assert "waited for the lock" in notes and "gave up" not in notes


@pytest.mark.slow
async def test_tui_save_while_another_program_holds_the_lock(db, worker, make_case, monkeypatch):
    """The note dialog stays open with the typed text and says who holds the database."""
    from textual.widgets import TextArea

    from caseterm.screens.dialogs import NoteDialog

    case_id = make_case()
    monkeypatch.setenv("CASETERM_LOCK_WAIT", "2")
    db.dispose()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db.path), "30"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        app_ = make_app(db, worker)
        async with app_.run_test() as pilot:
            await wait_idle(pilot, app_)
            dialog = NoteDialog(case_id, "JC")
            app_.push_screen(dialog)
            await pilot.pause()
            dialog.query_one("#note-text", TextArea).text = "Telefonat, wichtig"
            dialog.action_save()
            await wait_idle(pilot, app_)
            messages = [n.message for n in app_._notifications]
            assert any("caseterm in einem anderen Fenster" in m and str(holder.pid) in m
                       and "nichts verloren" in m for m in messages), messages
            assert not any(raw in m for m in messages for raw in RAW)
            assert app_.screen is dialog
            assert dialog.query_one("#note-text", TextArea).text == "Telefonat, wichtig"
    finally:
        holder.kill()
        holder.wait()
