"""The ORM session of caseterm's units of work (`Database.write()`, and `Database.read()` once
a read needs the ORM: caseterm.db.engine.CoreRead), with the audit hook. Imported only then, so
a read on SQLAlchemy Core alone (the lean path) does not import the ORM."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session as _OrmSession


class LeanSession(_OrmSession):
    """The session of `Database.read()` and `.write()`: SQLAlchemy's own, so that a unit of
    work does not import SQLModel (and pydantic) on the lean path (caseterm.db.tables);
    `exec` behaves as SQLModel's for the code that uses the model classes."""

    def exec(self, statement, **kw):
        result = self.execute(statement, **kw)
        if type(statement).__name__ == "SelectOfScalar":  # sqlmodel.select(one column/model)
            return result.scalars()
        return result


@event.listens_for(LeanSession, "before_flush")
def _audit_writes(session, flush_context, instances) -> None:
    """The audit trail of every model object written (db/repo/audit.py); imported only when
    there is something to flush, which needs the model classes anyway."""
    if session.new or session.dirty or session.deleted:
        from caseterm.db.repo.audit import record_writes

        record_writes(session, flush_context, instances)
