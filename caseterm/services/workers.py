"""Workers through the door: who works here, adding them, roles, choosing who you are on a
one-person file, one's own profile, and absences with a deputy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from caseterm import userconfig
from caseterm.core import clock
from caseterm.core.access import AbsenceWindow, Actor, check_absence
from caseterm.core.validate import InputError
from caseterm.core.vocab import Role
from caseterm.db.engine import Database, acting
from caseterm.db.repo import workers as workers_repo
from caseterm.db.repo.workers import WorkerRow
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, NotFound, actor_row
from caseterm.services.identity import _actor

if TYPE_CHECKING:
    from caseterm.models.worker import Worker

__all__ = ["AbsenceRow", "WorkerRow"]

# The model classes (and sqlmodel) are imported inside the functions that use them: `me` is on
# the TUI's start path, which reads no model classes (issue 18, tests/test_lean_path.py).


def list_all(ctx: Ctx) -> list[WorkerRow]:
    return workers_repo.list_all(ctx.db)


def list_workers(db: Database) -> list[WorkerRow]:
    """Who works here (names and roles, no client data): for choosing who you are."""
    return workers_repo.list_all(db)


def get(ctx: Ctx, worker_id: uuid.UUID) -> WorkerRow | None:
    return workers_repo.get(ctx.db, worker_id)


def me(ctx: Ctx) -> WorkerRow:
    row = workers_repo.get(ctx.db, ctx.actor.id)
    assert row is not None
    return row


def _may_manage(db: Database, actor: Actor | None) -> bool:
    """Admins and team leads manage workers; on a database with neither yet, anyone may add
    the first ones (setting up an office)."""
    from sqlmodel import col, select

    from caseterm.models.worker import Worker

    if actor is not None and actor.manages_workers:
        return True
    with db.read() as s:
        managers = s.exec(select(Worker.id).where(
            col(Worker.role).in_([Role.admin.value, Role.team_lead.value]))).first()
    return managers is None


def add(db: Database, actor: Actor | None, fields: dict) -> WorkerRow:
    """Add a worker (fields already checked); refused unless the actor may manage workers."""
    if not _may_manage(db, actor):
        raise AccessDenied(_("Only an administrator or a team lead adds workers."))
    try:
        with acting(actor), db.write() as s:
            w = workers_repo.add(s, **fields)
            row = workers_repo._row(w)
    except IntegrityError:
        raise InputError({"username": _("This user name (or database role) exists "
                                        "already.")}) from None
    return row


def use(db: Database, username: str) -> WorkerRow:
    """Act as `username` from now on, on a one-person SQLite file: stored in the person's own
    config file, never in the database. On a server, identity comes from the login."""
    if not db.is_sqlite:
        raise AccessDenied(_("On a central database you are the worker of your database role "
                             "or login; this cannot be changed here."))
    row = workers_repo.by_username(db, username)
    if row is None:
        raise NotFound(_("No worker '{name}'; see 'caseterm worker list'.").format(
            name=username[:64]))
    userconfig.save(worker=username)
    return row


def create_me(db: Database, username: str, data) -> tuple[Ctx, WorkerRow]:
    """The first start on a file with no identity: make (or, on a one-person file, adopt)
    the worker named `username`, remember it in the config file, return her door."""
    row = workers_repo.by_username(db, username)
    if row is None:
        row = add(db, None, {"username": username, "display_name": data.display_name,
                             "role": Role.caseworker.value})
    if db.is_sqlite:
        userconfig.save(worker=username)
    ctx = Ctx(db, _actor(db, row.id))
    return ctx, update_profile(ctx, data)


def update_profile(ctx: Ctx, data) -> WorkerRow:
    with ctx.acting():
        return workers_repo.update_profile(ctx.db, ctx.actor.id, data)


def set_role(ctx: Ctx, username: str, role: Role, db_role: str | None = None) -> WorkerRow:
    from sqlmodel import select

    from caseterm.models.worker import Worker

    if not ctx.actor.manages_workers:
        raise AccessDenied(_("Only an administrator or a team lead changes roles."))
    with ctx.acting(), ctx.db.write() as s:
        w = s.exec(select(Worker).where(Worker.username == username)).first()
        if w is None:
            raise NotFound(_("No worker '{name}'.").format(name=username[:64]))
        w.role = role.value
        if db_role is not None:
            w.db_role = db_role or None
        s.flush()
        return workers_repo._row(w)


# -- absences -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AbsenceRow:
    id: uuid.UUID
    worker: str
    deputy: str
    starts_on: date
    ends_on: date
    note: str


def _worker_by_name(s, username: str, field: str) -> Worker:
    from sqlmodel import select

    from caseterm.models.worker import Worker

    w = s.exec(select(Worker).where(Worker.username == username)).first()
    if w is None:
        raise InputError({field: _("No worker '{name}'.").format(name=username[:64])})
    return w


def set_absence(ctx: Ctx, username: str | None, deputy: str, starts_on: date,
                ends_on: date, note: str = "") -> AbsenceRow:
    """An absence from … to … with a deputy: for oneself, or as team lead for the team."""
    from sqlmodel import select

    from caseterm.models.office import Absence

    with ctx.acting(), ctx.db.write() as s:
        who = _worker_by_name(s, username, "worker") if username else actor_row(ctx, s)
        if who.id != ctx.actor.id and ctx.actor.role not in (Role.team_lead, Role.admin):
            raise AccessDenied(_("Only a team lead sets another worker's absence."))
        dep = _worker_by_name(s, deputy, "deputy")
        theirs = [AbsenceWindow(a.worker_id, a.deputy_id, a.starts_on, a.ends_on)
                  for a in s.exec(select(Absence).where(Absence.worker_id == dep.id))]
        errors = check_absence(who.id, dep.id, starts_on, ends_on, theirs)
        if errors:
            raise InputError(errors)
        a = Absence(worker_id=who.id, deputy_id=dep.id, starts_on=starts_on, ends_on=ends_on,
                    note=note[:500], created_by=ctx.actor.id)
        s.add(a)
        s.flush()
        return AbsenceRow(a.id, who.display_name, dep.display_name, starts_on, ends_on,
                          a.note)


def absences(ctx: Ctx, *, current_only: bool = False) -> list[AbsenceRow]:
    from sqlmodel import col, select

    from caseterm.models.office import Absence
    from caseterm.models.worker import Worker

    today = clock.today()
    with ctx.db.read() as s:
        names = dict(s.exec(select(Worker.id, Worker.display_name)).all())
        stmt = select(Absence).order_by(col(Absence.starts_on))
        if current_only:
            stmt = stmt.where(Absence.ends_on >= today)
        return [AbsenceRow(a.id, names.get(a.worker_id, "?"), names.get(a.deputy_id, "?"),
                           a.starts_on, a.ends_on, a.note) for a in s.exec(stmt)]


def end_absence(ctx: Ctx, absence_id: uuid.UUID) -> None:
    """End an absence today (the worker is back early)."""
    from caseterm.models.office import Absence

    today = clock.today()
    with ctx.acting(), ctx.db.write() as s:
        a = s.get(Absence, absence_id)
        if a is None:
            raise NotFound(_("No such absence."))
        if a.worker_id != ctx.actor.id and ctx.actor.role not in (Role.team_lead, Role.admin):
            raise AccessDenied(_("Only a team lead ends another worker's absence."))
        if a.starts_on >= today:
            s.delete(a)  # not begun yet: it never happens
        else:
            a.ends_on = min(a.ends_on, today - timedelta(days=1))



