"""One import or sync at a time per database (README "Außenstelle und Zentrale", lock).

A second `caseterm bundle import` or `caseterm sync` on a database where one is running is
refused at once (SyncBusy, a message); the first goes on untouched.
- SQLite: an exclusive `flock` on `<file>.sync-lock` beside the database (it holds the PID for
  the message). The OS releases it when the process ends, also after kill -9, so no stale
  lock is left behind (a lock row would outlive a killed process).
- PostgreSQL: `pg_try_advisory_lock` on a connection of its own, held for the whole run (the
  run commits batch by batch) and released at the end, or by the server when the connection
  drops.

Separately, every apply at a PostgreSQL centre runs under `serialise_apply`: several laptops
syncing at once are taken one after another (see there why).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from caseterm.db.errors import DatabaseBusy

# pg_advisory_lock key: "caseterm" "sync" as a 63-bit number, the same on every client
PG_KEY = 0x6361_7365_7379_6E63
# pg_advisory_xact_lock key of one apply at the centre ("caseappq"); another key than
# PG_KEY, so a bundle import at the centre (which holds PG_KEY on a connection of its own)
# does not wait on itself
PG_APPLY_KEY = 0x6361_7365_6170_7071


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


def serialise_apply(s) -> None:
    """At a PostgreSQL centre: wait until no other laptop's change set is being applied, then
    hold the turn until this transaction ends (commit or rollback; the server frees it when
    the connection drops, also after kill -9). Call first in the apply's transaction, before
    anything is read. SQLite needs nothing: its write transactions are one at a time already.

    Why a lock and not SERIALIZABLE: an apply reads what it merges against (the current
    change of every field, the records, the change ids known) before it numbers its changes
    and decides each one. Two laptops applying at once under READ COMMITTED both read the
    state before the other's commit: a same-field edit would then be applied over the other
    one without a conflict (a lost update), and a case number or a duplicate made by the
    other laptop would go unseen. SERIALIZABLE would refuse one of them and the whole batch
    (up to thousands of changes) would have to be retried, again and again while laptops keep
    arriving; the advisory transaction lock makes the second simply wait its turn. With it
    the server version counter (sync_state.next_server_version) is taken by one apply at a
    time and committed before the next one reads it, so the centre's numbers stay gapless
    and in commit order, and a laptop pulling "everything newer than n" never misses a change
    numbered below n that commits later. (One hole is by design: a change held for its
    missing case is logged with a number and, once released, logged again under a new one;
    its first number is dropped.) The centre's own edits number their changes under
    the counter's row lock, which is held to their commit as well."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_APPLY_KEY})
