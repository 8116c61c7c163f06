"""Appending to the hash-chained audit trail, on the lean path (SQLAlchemy Core on
caseterm.db.tables): a refusal, an export or a print is recorded without importing the model
classes. db/repo/audit.py (the write hook, reading, verifying) re-exports `Pending` and
`append`."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from caseterm.core import audit as chain
from caseterm.core.access import Actor
from caseterm.db import tables


@dataclass
class Pending:
    action: str
    entity: str
    record_id: str
    case_id: uuid.UUID | None
    detail: dict



def utcnow() -> datetime:
    """When an entry is written (one place, so a test can fix the moment)."""
    return datetime.now(UTC)

def _iso(value) -> str:
    """One spelling of a moment, however the database hands it back (aware or naive UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


DEFER = "audit_defer"


def append(session: Any, actor: Actor | None, items: list[Pending]) -> None:
    """Append entries at the head of the chain, in the caller's transaction. In a unit of
    work that set `session.info[DEFER]` to a list (a sync apply: a flush per batch, each
    audited), the entries wait there and `write_deferred` appends them all at once, in the
    same order (one read and one update of the chain's head instead of one per flush)."""
    if not items:
        return
    deferred = session.info.get(DEFER)
    if deferred is not None:
        if deferred and _who(deferred[-1][0]) == _who(actor):
            deferred[-1][1].extend(items)
        else:
            deferred.append((actor, list(items)))
        return
    head, entry = tables.audit_head, tables.audit_entry
    conn = session.connection()
    row = conn.execute(
        select(head.c.seq, head.c.hash).where(head.c.id == 1).with_for_update()
    ).first()
    seq, prev = (row.seq, row.hash) if row else (0, chain.GENESIS)
    rows = []
    now = utcnow()
    for item in items:
        seq += 1
        facts = chain.EntryFacts(
            seq=seq, at=_iso(now), actor_id=str(actor.id) if actor else "",
            actor_name=actor.display_name if actor else "", action=item.action,
            entity=item.entity, record_id=item.record_id,
            case_id=str(item.case_id) if item.case_id else "",
            detail=json.dumps(item.detail, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")) if item.detail else "",
            prev_hash=prev)
        digest = chain.entry_hash(facts)
        rows.append({
            "seq": seq, "at": now,
            "actor_id": actor.id if actor else None, "actor_name": facts.actor_name,
            "action": item.action, "entity": item.entity, "record_id": item.record_id,
            "case_id": item.case_id, "detail": facts.detail, "prev_hash": prev, "hash": digest})
        prev = digest
    conn.execute(entry.insert(), rows)
    if row is None:
        conn.execute(head.insert().values(id=1, seq=seq, hash=prev))
    else:
        conn.execute(head.update().where(head.c.id == 1).values(seq=seq, hash=prev))


def _who(actor: Actor | None) -> tuple:
    return (actor.id, actor.display_name) if actor else (None, "")


def write_deferred(session: Any) -> None:
    """Append what waited in `session.info[DEFER]` (see `append`) and stop deferring."""
    for actor, items in session.info.pop(DEFER, None) or []:
        append(session, actor, items)
