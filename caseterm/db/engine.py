"""Engine factory, SQLite pragmas and transactions.

Every SQLite connection sets foreign_keys, WAL, synchronous=FULL, a busy timeout and the other
pragmas of reliability-security.md §1.5. Python's sqlite3 driver is put into autocommit mode and
transactions are begun explicitly: `Database.write()` begins IMMEDIATE, so two processes writing
at once wait for each other instead of failing with "database is locked"; `Database.read()`
begins a plain deferred transaction that is rolled back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from caseterm.config import sqlite_path, to_url

SQLITE_PRAGMAS = (
    "foreign_keys=ON",
    "busy_timeout=10000",
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
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        for pragma in SQLITE_PRAGMAS:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("caseterm_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _install_sqlite_hooks(engine, wal=path is not None)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One per process: an engine plus short units of work."""

    def __init__(self, url: str | None = None) -> None:
        self.url = to_url(url)
        self.engine = make_engine(self.url)
        self._write_engine = self.engine.execution_options(caseterm_write=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; nothing is committed."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
