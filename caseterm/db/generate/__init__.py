"""Realistic, deterministic test data at scale: `caseterm generate --clients N --seed S`.

The generator fills a database with a fictional municipal office: workers in teams (with
deputies and team leads), clients in households with plausible German and international names
(Faker's de_DE, tr_TR, pl_PL, uk_UA, ru_RU, ar_*, ro_RO, … locales), cases across the legal
areas and phases, their phase history, follow-ups spread around today and contact notes.

It is built like the demo loader (`caseterm.db.demo`): every module of this package (other
than this one) that defines `ORDER: int` and `generate(conn, ctx) -> None` is run in the order
of `ORDER`, inside ONE write transaction. Later features add their own module (goals,
assessments, network maps, referrals …) that reads what earlier ones left in `ctx`.

Speed: rows are written with SQLAlchemy Core bulk inserts (`insert_rows`), never ORM objects;
the large tables (phase history, follow-ups, notes) are produced and written in chunks, so
memory stays flat. 100,000 clients take well under three minutes on a 2-core laptop.

Determinism: every module draws from its own `random.Random` seeded by (seed, module name)
(`ctx_rng`), Faker instances are seeded from the same, UUIDs come from the generator
(`new_id`), and every timestamp is derived from the data (no wall clock). Same seed and same
`today` → identical rows. A module added later never changes the rows of the others.

`ctx` (a dict) holds:
- ``seed``, ``n_clients``, ``today``, ``now`` (a fixed datetime on `today`)
- ``progress``: an object with ``start(label, total)`` and ``advance(n)`` (no-op by default)
- ``workers``: list of `WorkerGen`; ``caseworkers``: legal area → list of `WorkerGen`
- ``current_worker``: the `WorkerGen` the installation will act as (a full caseload)
- ``clients``: list of `ClientGen`; ``cases``: list of `CaseGen` (compact, in memory)
- ``heavy_cases``: ids of long-running cases that get many notes (and, later, many goals);
  the first belongs to the current worker.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from types import ModuleType
from typing import Any, Protocol

from sqlalchemy import Boolean, Date, DateTime, TypeDecorator, Uuid

from caseterm.core import clock
from caseterm.db.engine import Database
from caseterm.db.ordered import ordered_modules

GenContext = dict[str, Any]
CHUNK = 5_000
# Bump when the generated data changes for the same seed (the benchmark caches by it).
GENERATOR_VERSION = 3


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class NoProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


@dataclass(slots=True)
class WorkerGen:
    id: uuid.UUID
    username: str
    role: str
    legal_area: str
    deputy_id: uuid.UUID | None = None


@dataclass(slots=True)
class ClientGen:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: date | None
    gender: str
    migrant: bool
    household: int
    first_contact: date
    active: bool


@dataclass(slots=True)
class CaseGen:
    id: uuid.UUID
    client: int  # index into ctx["clients"]
    legal_area: str
    lead_id: uuid.UUID
    deputy_id: uuid.UUID | None
    opened_on: date
    phase: str
    phase_since: datetime
    closed_on: date | None
    child_protection: bool
    extra: dict[str, Any] = field(default_factory=dict)


class GeneratorError(RuntimeError):
    pass


# -- helpers for area modules -------------------------------------------------------------

def ctx_rng(ctx: GenContext, name: str) -> random.Random:
    """A random generator of its own for `name`, seeded from the run's seed."""
    return random.Random(f"caseterm-generate:{ctx['seed']}:{name}")


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=UTC)


def record(row_id: uuid.UUID, created: datetime, updated: datetime | None = None
           ) -> dict[str, Any]:
    """The columns every table carries (models.base.Record)."""
    return {"id": row_id, "created_at": created, "updated_at": updated or created,
            "row_version": 1}


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _sqlite_converter(column) -> Any:
    """How SQLAlchemy stores a Python value of this column in SQLite (see its SQLite dialect:
    UUID as 32 hex digits, DATETIME as 'YYYY-MM-DD HH:MM:SS.ffffff' without zone, DATE as ISO,
    booleans as 0/1), done directly for speed."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, Uuid):
        return lambda v: None if v is None else v.hex
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else _utc(v) if v.utcoffset() else (
            f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:"
            f"{v.second:02d}.{v.microsecond:06d}")
    if isinstance(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def _utc(v: datetime) -> str:
    v = v.astimezone(UTC)
    return (f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:"
            f"{v.second:02d}.{v.microsecond:06d}")


def insert_rows(conn, table, rows: Iterable[dict[str, Any]], size: int = CHUNK) -> int:
    """Bulk insert in chunks; returns the number of rows written.

    On SQLite the rows go straight to the driver's executemany with the values converted as
    SQLAlchemy would store them (several times faster than Core's per-value processing);
    other databases get a Core executemany (`conn.execute(table.insert(), rows)`)."""
    batch: list[Any] = []
    total = 0
    if conn.dialect.name == "sqlite":
        columns = list(table.columns)
        names = [c.name for c in columns]
        convert = [(c.name, _sqlite_converter(c)) for c in columns]
        # Columns a module does not know (added by a later migration) get their default.
        defaults = {c.name: c.default.arg if c.default is not None and c.default.is_scalar
                    else None for c in columns}
        sql = (f'INSERT INTO "{table.name}" ({", ".join(names)}) '
               f'VALUES ({", ".join("?" * len(names))})')
        cursor = conn.connection.driver_connection.cursor()

        def flush(items: list[Any]) -> None:
            cursor.executemany(sql, items)

        for row in rows:
            values = ((row[n] if n in row else defaults[n]) for n, _f in convert)
            batch.append(tuple(v if f is None or v is None else f(v)
                               for v, (_n, f) in zip(values, convert, strict=True)))
            if len(batch) >= size:
                flush(batch)
                total += len(batch)
                batch = []
        if batch:
            flush(batch)
            total += len(batch)
        cursor.close()
        return total
    stmt = table.insert()
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            conn.execute(stmt, batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(stmt, batch)
        total += len(batch)
    return total


class Weighted:
    """A weighted choice, precomputed: `Weighted(((value, weight), …))(rng)`."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, table: Sequence[tuple[Any, float]]) -> None:
        self.values = [v for v, _ in table]
        self.cum = list(itertools.accumulate(w for _, w in table))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]


def weighted(rng: random.Random, table: Sequence[tuple[Any, float]] | Weighted) -> Any:
    if not isinstance(table, Weighted):
        table = _weighted_cache(tuple(table))
    return table(rng)


@functools.lru_cache(maxsize=256)
def _weighted_cache(table: tuple[tuple[Any, float], ...]) -> Weighted:
    return Weighted(table)


# -- the run -------------------------------------------------------------------------------

def generator_modules() -> list[ModuleType]:
    """Every area module of this package, sorted by ORDER (then by name)."""
    return ordered_modules(__path__, __name__, "generate")


def count_cases(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM casefile").scalar() or 0


def generate(db: Database, n_clients: int, seed: int = 1, *, append: bool = False,
             progress: Progress | None = None, today: date | None = None) -> GenContext:
    """Fill `db` with `n_clients` clients and everything around them; returns the context.

    Raises GeneratorError when the database already holds cases and `append` is false."""
    from caseterm.db import migrate

    if n_clients < 1:
        raise GeneratorError("the number of clients must be at least 1")
    if migrate.current_revision(db) != migrate.head_revision():
        migrate.upgrade(db, make_backup=False)
    existing = count_cases(db)
    if existing and not append:
        raise GeneratorError(
            f"the database already contains {existing} cases; use --append to add to them")
    day = today or clock.today()
    ctx: GenContext = {
        "seed": seed,
        "n_clients": n_clients,
        "today": day,
        "now": at(day, 7, 30),
        "append": append,
        "progress": progress or NoProgress(),
        "workers": [],
        "caseworkers": {},
        "clients": [],
        "cases": [],
        "heavy_cases": [],
        "counts": {},
    }
    engine = db.engine.execution_options(caseterm_write=True)
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if db.is_sqlite and raw is not None:
            # A large page cache keeps the random-UUID index inserts in memory.
            raw.execute("PRAGMA cache_size=-262144")
        with conn.begin():
            for module in generator_modules():
                module.generate(conn, ctx)
        if db.is_sqlite and raw is not None:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return ctx


__all__ = [
    "CHUNK", "GENERATOR_VERSION", "CaseGen", "ClientGen", "GenContext", "GeneratorError",
    "NoProgress", "Progress", "Weighted", "WorkerGen", "at", "chunks", "count_cases", "ctx_rng",
    "generate", "generator_modules", "insert_rows", "new_id", "record", "weighted",
]
