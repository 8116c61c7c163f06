"""Workers and the current worker of this installation."""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select as core_select

from caseterm.core.vocab import Bundesland, Role
from caseterm.db import tables
from caseterm.db.engine import Database
from caseterm.db.repo import settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseterm.models.worker import Worker

# The model classes are imported inside the functions that write or list: `get` (who is at
# the desk, on the TUI's start path) reads the lean Core table (caseterm.db.tables).


@dataclass(frozen=True)
class WorkerRow:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    team: str
    office: str
    land: Bundesland
    catholic_municipality: bool
    augsburg: bool
    deputy_id: uuid.UUID | None
    team_lead_id: uuid.UUID | None
    db_role: str | None = None


def _row(w) -> WorkerRow:
    """From a Worker or a Core row of tables.worker (same attribute names)."""
    return WorkerRow(
        id=w.id, username=w.username, display_name=w.display_name, role=Role(w.role),
        team=w.team, office=w.office, land=Bundesland(w.land),
        catholic_municipality=w.catholic_municipality, augsburg=w.augsburg,
        deputy_id=w.deputy_id, team_lead_id=w.team_lead_id, db_role=w.db_role,
    )


def get(db: Database, worker_id: uuid.UUID) -> WorkerRow | None:
    with db.read() as s:
        w = s.execute(core_select(*tables.worker.c).where(tables.worker.c.id == worker_id)).first()
        return _row(w) if w else None


def by_username(db: Database, username: str) -> WorkerRow | None:
    from sqlmodel import select

    from caseterm.models.worker import Worker

    with db.read() as s:
        w = s.exec(select(Worker).where(Worker.username == username)).first()
        return _row(w) if w else None


def list_all(db: Database) -> list[WorkerRow]:
    from sqlmodel import select

    from caseterm.models.worker import Worker

    with db.read() as s:
        return [_row(w) for w in s.exec(select(Worker).order_by(Worker.display_name))]


def add(session: Session, **fields) -> Worker:
    from caseterm.models.worker import Worker

    worker = Worker(**fields)
    session.add(worker)
    session.flush()
    return worker


def current(db: Database) -> WorkerRow:
    """The worker this installation acts as; made from the OS user on first start."""
    stored = settings.get(db, settings.CURRENT_WORKER)
    if stored:
        row = get(db, uuid.UUID(stored))
        if row is not None:
            return row
    from sqlmodel import select

    from caseterm.models.worker import Worker

    with db.write() as s:
        first = s.exec(select(Worker).where(Worker.active).order_by(Worker.created_at)).first()
        if first is None:
            try:
                username = getpass.getuser() or "caseworker"
            except Exception:  # pragma: no cover - no user name in some containers
                username = "caseworker"
            first = add(s, username=username[:64], display_name=username[:120],
                        role=Role.caseworker.value)
        settings.put(s, settings.CURRENT_WORKER, str(first.id))
        return _row(first)


def use(db: Database, username: str) -> WorkerRow | None:
    """Make `username` the current worker; None if there is no such worker."""
    row = by_username(db, username)
    if row is not None:
        settings.set(db, settings.CURRENT_WORKER, str(row.id))
    return row


PROFILE_CONFIRMED = "profile_confirmed"


def profile_confirmed(db: Database) -> bool:
    return settings.get(db, PROFILE_CONFIRMED) == "1"


def update_profile(db: Database, worker_id: uuid.UUID, data) -> WorkerRow:
    """Save the worker's own profile (a core.inputs.ProfileInput) and mark it confirmed."""
    from caseterm.models.worker import Worker

    with db.write() as s:
        w = s.get(Worker, worker_id)
        if w is None:
            raise LookupError(str(worker_id))
        w.display_name = data.display_name
        w.team = data.team
        w.office = data.office
        w.land = data.land.value
        w.catholic_municipality = data.catholic_municipality
        w.augsburg = data.augsburg
        settings.put(s, PROFILE_CONFIRMED, "1")
        s.flush()
        return _row(w)
