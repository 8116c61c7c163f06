"""Who is asking.

- On SQLite (one person per file, as a rule): the worker named by CASETERM_WORKER or by
  `worker = "…"` in the person's own config file; failing both, the file's default worker
  (the demo's Sabine Krüger, a generated database's caseworker, a file from before 0.2).
- On PostgreSQL (a central office): the worker whose `db_role` (or user name) is the role the
  connection logs in as; where all desks share one role, the worker whose user name is the
  OS login. Nothing stored in the shared database or in a config file can make one desk
  act as another person there.
"""

from __future__ import annotations

import getpass
import uuid
from typing import Any

from sqlalchemy import or_, select, text

from caseterm import userconfig
from caseterm.core import clock
from caseterm.core.access import Actor
from caseterm.db import tables
from caseterm.db.engine import Database
from caseterm.db.repo import access, settings
from caseterm.i18n import _
from caseterm.services.door import Ctx, IdentityError

# Who is asking is read on the lean path (caseterm.db.tables, no model classes): every CLI
# command and the TUI's first screen start here.
W = tables.worker


def os_login() -> str:
    try:
        return getpass.getuser() or ""
    except Exception:  # pragma: no cover - no user name in some containers
        return ""


def _actor(db: Database, worker: Any) -> Actor:
    worker_id = worker if isinstance(worker, uuid.UUID) else worker.id
    with db.read() as s:
        actor = access.actor_for(s, access.worker_row(s, worker_id), clock.today())
    if actor is None:
        raise IdentityError(_("Your worker record no longer exists."))
    return actor


def named_worker(db: Database, cfg: userconfig.UserConfig) -> tuple[str, str] | None:
    """(user name, where it was named) from the environment or the config file."""
    import os

    if os.environ.get("CASETERM_WORKER"):
        return os.environ["CASETERM_WORKER"], "CASETERM_WORKER"
    if cfg.worker:
        return cfg.worker, str(cfg.path)
    return None


def resolve(db: Database, cfg: userconfig.UserConfig | None = None) -> Actor | None:
    """The actor, or None on a SQLite file with no worker yet (the first start asks).
    Raises IdentityError with a clear message when the named person does not exist."""
    if cfg is None:
        try:
            cfg = userconfig.load()
        except userconfig.ConfigError as exc:
            raise IdentityError(_("Your configuration file cannot be read: {problem}").format(
                problem=str(exc))) from None
    if not db.is_sqlite:
        return _server_identity(db)
    named = named_worker(db, cfg)
    with db.read() as s:
        if named is not None:
            name, source = named
            worker = s.execute(select(W).where(W.c.username == name)).first()
            if worker is None or not worker.active:
                raise IdentityError(_(
                    "The worker '{name}' named in {source} does not exist in this database. "
                    "Run 'caseterm worker list' to see the workers, then "
                    "'caseterm worker use NAME'.").format(name=name[:64], source=source))
            return _actor(db, worker)
        stored = settings.get_in(s, settings.CURRENT_WORKER)
        worker = None
        if stored:
            try:
                worker = access.worker_row(s, uuid.UUID(stored))
            except ValueError:
                worker = None
        if worker is None:
            return None
        return _actor(db, worker)


def _server_identity(db: Database) -> Actor:
    with db.read() as s:
        role = s.connection().execute(text("SELECT current_user")).scalar() or ""
        worker = s.execute(select(W).where(
            or_(W.c.db_role == role, W.c.username == role), W.c.active)).first()
        login = os_login()
        if worker is None and login:
            worker = s.execute(select(W).where(
                W.c.username == login, W.c.active,
                or_(W.c.db_role.is_(None), W.c.db_role == role))).first()
        if worker is None:
            raise IdentityError(_(
                "The database role '{role}' and the login '{login}' belong to no worker. Ask "
                "your administrator: caseterm worker add NAME --db-role ROLE.").format(
                    role=role[:64], login=login[:64]))
        worker_id = worker.id
    return _actor(db, worker_id)


def context(db: Database, cfg: userconfig.UserConfig | None = None) -> Ctx | None:
    actor = resolve(db, cfg)
    return Ctx(db, actor) if actor is not None else None


def refresh(ctx: Ctx) -> Ctx:
    """The same person with today's deputyships and team (after an absence was set)."""
    with ctx.db.read() as s:
        worker = access.worker_row(s, ctx.actor.id)
    if worker is None:
        raise IdentityError(_("Your worker record no longer exists."))
    ctx.actor = _actor(ctx.db, worker)
    return ctx
