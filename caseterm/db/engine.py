"""Engine factory, SQLite pragmas and transactions.

Every SQLite connection sets foreign_keys, WAL, synchronous=FULL, a busy timeout and the other
pragmas of reliability-security.md §1.5. The driver is SQLCipher's (caseterm.db.cipher, the
sqlite3 interface; a plain file when no key is given); it is put into autocommit mode and
transactions are begun explicitly: `Database.write()` begins IMMEDIATE, so two processes writing
at once wait for each other instead of failing with "database is locked"; `Database.read()`
begins a plain deferred transaction that is rolled back at the end.

When another program holds SQLite's write lock for longer than the busy timeout, a write keeps
trying with growing pauses for up to CASETERM_LOCK_WAIT seconds in all (default 60); then it
fails with DatabaseBusy, whose message says who holds the database (when a caseterm window does)
and that nothing was lost. The lock is taken before the unit of work runs, so a retry never
repeats half of it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from caseterm.config import sqlite_path, to_url
from caseterm.db import cipher
from caseterm.db.cipher import Key

BUSY_TIMEOUT_MS = 10_000
LOCK_WAIT_ENV = "CASETERM_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 60.0


def lock_wait() -> float:
    """Seconds a write waits in all for another program's write lock."""
    try:
        value = float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT))
    except ValueError:
        return DEFAULT_LOCK_WAIT
    return value if 0 <= value <= 3600 else DEFAULT_LOCK_WAIT


class CoreRead:
    """The unit of work of `Database.read()`. SQLAlchemy Core statements (the lean path,
    caseterm.db.tables) run on the connection itself; anything that needs the ORM (a statement
    selecting model classes, `get`, `exec`, `query` …) goes to an ORM session opened on the
    same connection and transaction at its first use, and everything after it too. So a read
    that touches no model class imports no ORM (~0.1 s CPU of `caseterm queue` and of the
    TUI's start), and a read that does behaves as before."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._orm: Any = None

    def session(self) -> Any:
        if self._orm is None:
            from caseterm.db.session import LeanSession

            self._orm = LeanSession(bind=self._conn, expire_on_commit=False)
        return self._orm

    def _on_orm(self, statement: Any, kw: dict[str, Any]) -> bool:
        if self._orm is not None or kw:
            return True
        attrs = getattr(statement, "_propagate_attrs", None) or {}
        return attrs.get("compile_state_plugin") == "orm"

    def execute(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        if self._on_orm(statement, kw):
            return self.session().execute(statement, params, **kw)
        return self._conn.execute(statement, params)

    def scalar(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        if self._on_orm(statement, kw):
            return self.session().scalar(statement, params, **kw)
        return self._conn.scalar(statement, params)

    def scalars(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        if self._on_orm(statement, kw):
            return self.session().scalars(statement, params, **kw)
        return self._conn.scalars(statement, params)

    def connection(self) -> Any:
        return self._conn

    def get_bind(self, *args: Any, **kw: Any) -> Any:
        return self._conn

    def __getattr__(self, name: str) -> Any:  # get, exec, query, add, info …: the ORM's
        return getattr(self.session(), name)

    def close(self) -> None:
        if self._orm is not None:
            self._orm.close()


def _busy_timeout_ms() -> int:
    return int(min(BUSY_TIMEOUT_MS, lock_wait() * 1000))


def is_locked(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text


SQLITE_PRAGMAS = (
    "foreign_keys=ON",
    "synchronous=FULL",
    "secure_delete=ON",
    "trusted_schema=OFF",
    "mmap_size=0",
    "temp_store=MEMORY",
)


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Take transaction control away from the driver (see SQLAlchemy's pysqlite docs).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={_busy_timeout_ms()}")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        for pragma in SQLITE_PRAGMAS:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("caseterm_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


# Who the current unit of work acts for: set by the service layer (caseterm/services) around
# each call, read by `Database.write()` so that the audit trail (db/repo/audit.py) records it.
# A ContextVar, so each thread (the TUI's workers) has its own.
acting_for: ContextVar[Any] = ContextVar("caseterm_actor", default=None)


@contextmanager
def acting(actor: Any) -> Iterator[None]:
    token = acting_for.set(actor)
    try:
        yield
    finally:
        acting_for.reset(token)


def make_engine(url: str, key: Key | None = None) -> Engine:
    """SQLite files are opened through SQLCipher only (caseterm.db.cipher): with `key` the file
    is encrypted, without it plain."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = str(path) if path is not None else ":memory:"
        engine = create_engine(
            url, module=cipher.dbapi,
            creator=lambda: cipher.connect(target, key, check_same_thread=False))
        _install_sqlite_hooks(engine, wal=path is not None)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One per process: an engine plus short units of work.

    `key` opens an encrypted SQLite file (or makes a new file encrypted); without it the file
    is plain. A key for a plain file, no key for an encrypted one, or a wrong key raise a
    StorageError with a message (caseterm.db.cipher) before anything is written."""

    def __init__(self, url: str | None = None, key: Key | None = None) -> None:
        self.url = to_url(url)
        path = sqlite_path(self.url)
        self.key = key if path is not None else None
        if path is not None:
            cipher.verify(path, self.key)
        self.engine = make_engine(self.url, self.key)
        self._write_engine = self.engine.execution_options(caseterm_write=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def encrypted(self) -> bool:
        """True for an encrypted SQLite file; False for a plain one (demo, lab) and servers."""
        return self.key is not None

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A read-only unit of work; nothing is committed."""
        with self.engine.connect() as conn:
            unit = CoreRead(conn)
            try:
                yield unit
            finally:
                unit.close()
                conn.rollback()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A write unit of work: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        session = self._begin_write()
        actor = acting_for.get()
        if actor is not None:
            session.info["actor"] = actor
        with session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def _begin_write(self) -> Any:
        """A session that already holds the write lock, waiting for it with growing pauses."""
        deadline = time.monotonic() + lock_wait()
        pause = 0.1
        from caseterm.db.session import LeanSession

        while True:
            session = LeanSession(self._write_engine, expire_on_commit=False)
            try:
                session.connection()  # BEGIN IMMEDIATE: waits up to the busy timeout
                return session
            except OperationalError as exc:
                session.close()
                if not is_locked(exc):
                    raise
                left = deadline - time.monotonic()
                if left <= 0:
                    from caseterm.db.errors import DatabaseBusy, busy_message
                    from caseterm.db.lock import holder_pid

                    raise DatabaseBusy(busy_message(holder_pid(self.path))) from None
                time.sleep(min(pause, left))
                pause = min(pause * 2, 2.0)
            except BaseException:
                session.close()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
