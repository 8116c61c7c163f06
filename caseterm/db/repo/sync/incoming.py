"""Taking a change set in: one transaction, at the centre or on a laptop, audited once."""

from __future__ import annotations

from caseterm.core.access import Actor
from caseterm.core.sync_facts import (
    ApplyResult,
)
from caseterm.db.engine import Database
from caseterm.db.repo.sync.centre import _apply_centre
from caseterm.db.repo.sync.changeset import (
    _require_role,
    _state,
    check_changeset,
)
from caseterm.db.repo.sync.replica import _apply_replica
from caseterm.models.sync import (
    SyncRole,
)


def apply_incoming(db: Database, actor: Actor, cs: dict) -> ApplyResult:
    check_changeset(cs)
    result = ApplyResult()
    with db.write() as s:
        from caseterm.db.sync_lock import serialise_apply

        serialise_apply(s)  # several laptops at once at a PostgreSQL centre: one at a time
        s.info["sync_apply"] = True
        s.info["sync_emit"] = set()
        s.info["audit_extra"] = {"sync": str(cs.get("source", ""))}
        from caseterm.db.repo import audit_log

        s.info[audit_log.DEFER] = []  # the flushes' entries and the set's own: one append
        st = _state(s)
        if st is not None and st.role == SyncRole.central.value:
            _apply_centre(s, st, cs, result)
        elif st is not None and st.role == SyncRole.replica.value:
            _apply_replica(s, st, cs, result)
        else:
            _require_role(st, SyncRole.replica.value)
        from caseterm.db.repo import audit

        s.flush()
        audit.append(s, actor, [audit.Pending(
            "sync_apply", "sync_change", str(cs.get("source", "")), None,
            {"first": cs.get("first"), "last": cs.get("last"), "applied": result.applied,
             "same": result.same, "conflicts": result.conflicts, "already": result.already,
             "held": [list(h) for h in result.held], "refused": result.refused,
             "released": result.released, "waiting": result.waiting})])
        audit_log.write_deferred(s)
    return result
