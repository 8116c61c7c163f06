"""One import or sync at a time per database (README "Außenstelle und Zentrale", lock).

A second `caseterm bundle import` or `caseterm sync` on a database where one is running is
refused at once (SyncBusy, a message); the first goes on untouched.
- SQLite: an exclusive `flock` on `<file>.sync-lock` beside the database (it holds the PID for
  the message). The OS releases it when the process ends, also after kill -9, so no stale
  lock is left behind (a lock row would outlive a killed process).
- PostgreSQL: `pg_try_advisory_lock` on a connection of its own, held for the whole run (the
  run commits batch by batch) and released at the end, or by the server when the connection
  drops.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from caseterm.db.errors import DatabaseBusy

# pg_advisory_lock key: "caseterm" "sync" as a 63-bit number, the same on every client
PG_KEY = 0x6361_7365_7379_6E63


class SyncBusy(DatabaseBusy):
    """Another import or sync runs on this database."""


def _message(what: str, pid: int | None) -> str:
    from caseterm.i18n import _

    who = _(" (process {pid})").format(pid=pid) if pid else ""
    return _("Another bundle import or sync is running on this database{who}; {what} was "
             "not started and nothing was changed. Try again when it has finished.").format(
                 who=who, what=what)


@contextmanager
def exclusive(db, what: str) -> Iterator[None]:
    """Hold the database's import/sync lock for the block, or raise SyncBusy at once."""
    path = db.path
    if db.is_sqlite and path is not None:
        with _file_lock(path.with_name(path.name + ".sync-lock"), what):
            yield
        return
    if db.is_sqlite:  # an in-memory database: one process only
        yield
        return
    with db.engine.connect() as conn:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_KEY}).scalar()
        conn.commit()
        if not got:
            pid = conn.execute(text(
                "SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
                "AND ((l.classid::bigint << 32) | l.objid::bigint) = :k"),
                {"k": PG_KEY}).scalar()
            conn.rollback()
            raise SyncBusy(_message(what, None if pid is None else int(pid)))
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_KEY})
                conn.commit()
            except Exception:
                pass


@contextmanager
def _file_lock(lock_path, what: str) -> Iterator[None]:
    import fcntl

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                pid = int(os.pread(fd, 32, 0).decode().strip() or 0) or None
            except (OSError, ValueError):
                pid = None
            raise SyncBusy(_message(what, pid)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
