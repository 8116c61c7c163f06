"""Demo data: a small fictional office (Stadt Lindenau, NRW) with cases in every legal area.

`load_demo(db)` migrates an empty database and fills it in ONE unit of work by running every
loader module of this package in the order of its `ORDER`. A loader module is any module here
(other than this one) that defines `ORDER: int` and `load(session, ctx) -> None`; later
features add their own (goals, resources, …) that build on what earlier ones created.

`ctx` is a plain dict shared by the loaders:
- ``workers``   username → Worker
- ``cases``     case_number → Case (in the order of the data file)
- ``clients``   case_number → Client
- ``today``     the (possibly simulated) day the demo is anchored to (clock.today())
- ``data_dir``  Path of the folder holding the demo's data files (``data/demo``)
- ``current_worker``  username of the worker the demo acts as (set by the base loader)

All dates in the data files are relative to ``today``, so the demo always has overdue, due
and later follow-ups.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from caseterm.core import clock
from caseterm.core.vocab import Role
from caseterm.db.engine import Database
from caseterm.db.ordered import ordered_modules
from caseterm.models.base import deterministic_ids
from caseterm.shipped import data_dir  # also used by callers as db.demo.data_dir

DemoContext = dict[str, Any]
DEMO_SEED = 20261122


def loader_modules() -> list[ModuleType]:
    """Every loader module of this package, sorted by ORDER (then by name)."""
    return ordered_modules(__path__, __name__, "load")


def _ensure_schema(db: Database) -> None:
    from caseterm.db import migrate

    if migrate.current_revision(db) != migrate.head_revision():
        migrate.upgrade(db, make_backup=False)


def has_cases(db: Database) -> bool:
    from caseterm.models.case import Case

    with db.read() as s:
        return s.exec(select(func.count()).select_from(Case)).one() > 0


def load_demo(db: Database) -> int:
    """Fill an empty database with the demo; returns the number of cases.

    Raises ValueError when the database already holds cases (the demo never mixes with real
    or earlier data)."""
    from caseterm.db.repo import settings

    _ensure_schema(db)
    if has_cases(db):
        raise ValueError("the database already contains cases; the demo is loaded only into "
                         "an empty database")
    ctx: DemoContext = {
        "workers": {},
        "cases": {},
        "clients": {},
        "today": clock.today(),
        "data_dir": data_dir() / "demo",
    }
    # The same records (and ids) on every machine: trainers can refer to them in exercises.
    with deterministic_ids(DEMO_SEED), db.write() as session:
        for module in loader_modules():
            module.load(session, ctx)
        current = ctx.get("current_worker")
        worker = ctx["workers"].get(current) if current else None
        if worker is None:
            worker = next((w for w in ctx["workers"].values()
                           if w.role == Role.caseworker.value), None)
        if worker is not None:
            settings.put(session, settings.CURRENT_WORKER, str(worker.id))
    return len(ctx["cases"])


__all__ = ["DemoContext", "data_dir", "load_demo", "loader_modules"]
