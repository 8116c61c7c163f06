"""The door's frame: the context of a call, its errors, and the three checks every call makes
(who may see it, which version it started from, what goes into the audit trail)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from caseterm.core import clock
from caseterm.core.access import Actor, CaseScope, Decision, Need, decide
from caseterm.db.engine import Database, acting
from caseterm.i18n import _

if TYPE_CHECKING:
    from caseterm.models.worker import Worker

T = TypeVar("T")


class AccessDenied(PermissionError):
    """Refused by the access rules; nothing was changed, the refusal is audited."""

    def __init__(self, message: str, case_number: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.case_number = case_number


class NotFound(LookupError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IdentityError(RuntimeError):
    """Who is asking cannot be established (no worker, unknown worker, unreadable config)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str
    base: Any
    theirs: Any
    mine: Any


class Conflict(RuntimeError):
    """Someone else saved the record after this edit started; nothing was overwritten."""

    def __init__(self, entity: str, record_id: uuid.UUID, base_version: int,
                 current_version: int, fields: list[FieldConflict], by: str = "") -> None:
        self.entity = entity
        self.record_id = record_id
        self.base_version = base_version
        self.current_version = current_version
        self.fields = fields
        self.by = by
        super().__init__(self.message)

    @property
    def message(self) -> str:
        names = ", ".join(f.label for f in self.fields) or "—"
        return _("Someone else ({who}) saved this record while you were editing it "
                 "(fields: {fields}); nothing was overwritten.").format(
                     who=self.by or "?", fields=names)


@dataclass
class Ctx:
    """One person's door: the database and who is asking."""

    db: Database
    actor: Actor
    extra: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def acting(self) -> Iterator[None]:
        with acting(self.actor):
            yield


def refuse(ctx: Ctx, scope: CaseScope, decision: Decision, what: str) -> AccessDenied:
    """Audit a refusal (its own small write) and return the error to raise."""
    from caseterm.db.repo import audit_log as audit

    message = decision.message(scope.case_number)
    with ctx.db.write() as s:  # only the refusal entry: nothing else is written here
        audit.append(s, ctx.actor, [audit.Pending(
            "refuse", "casefile", str(scope.case_id), scope.case_id,
            {"what": what, "reason": decision.reason.value})])
    return AccessDenied(message, scope.case_number)


def require(ctx: Ctx, session, case_id: uuid.UUID, need: Need = Need.read,
            what: str = "") -> CaseScope:
    """The case's scope if the actor may `need` it; otherwise audit and raise AccessDenied."""
    from caseterm.db.repo import access

    scope = access.scope(session, case_id)
    if scope is None:
        raise NotFound(_("No such case."))
    decision = decide(ctx.actor, scope, need, clock.today())
    if not decision.allowed:
        raise refuse(ctx, scope, decision, what or need.value)
    return scope


def present(row: T | None, message: str) -> T:
    """A row just looked up by key, or NotFound(message) when it is not there (deleted since
    the access check, or a wrong id)."""
    if row is None:
        raise NotFound(message)
    return row


def actor_row(ctx: Ctx, session: Any) -> Worker:
    """The acting worker's own row (IdentityError when it no longer exists)."""
    from caseterm.models.worker import Worker

    worker = session.get(Worker, ctx.actor.id)
    if worker is None:
        raise IdentityError(_("Your worker record no longer exists."))
    return worker


def check_case(ctx: Ctx, case_id: uuid.UUID, need: Need = Need.read, what: str = "") -> CaseScope:
    with ctx.db.read() as s:
        return require(ctx, s, case_id, need, what)


def record(ctx: Ctx, action: str, entity: str, record_id: Any, case_id: uuid.UUID | None,
           detail: dict | None = None) -> None:
    """Audit a read-type event (opening a case record, an export, a print)."""
    from caseterm.db.repo import audit_log as audit

    with ctx.db.write() as s:
        audit.append(s, ctx.actor, [audit.Pending(action, entity, str(record_id or ""),
                                                  case_id, detail or {})])


def check_version(entity: str, obj: Any, base_version: int | None, mine: dict[str, Any],
                  labels: dict[str, str] | None = None, base: dict[str, Any] | None = None,
                  by: str = "") -> None:
    """Raise Conflict when `obj` was saved by someone else since `base_version` and any field
    this edit sets differs from what is stored now. Fields nobody else touched are not
    conflicts: when only other fields changed the edit goes ahead on the newer version."""
    if base_version is None or obj.row_version == base_version:
        return
    base = base or {}
    fields: list[FieldConflict] = []
    for name, value in mine.items():
        theirs = getattr(obj, name)
        if name in base and base[name] == theirs:
            continue  # they did not change this field
        if theirs != value:
            fields.append(FieldConflict(name, (labels or {}).get(name, name), base.get(name),
                                        theirs, value))
    if fields or not base:
        raise Conflict(entity, obj.id, base_version, obj.row_version, fields, by)
