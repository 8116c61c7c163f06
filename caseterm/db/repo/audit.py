"""The audit trail: every write through the door is recorded field by field, every opening of
a case and every export by what and whom. Entries are hash-chained (core/audit.py).

How writes are captured: a write session opened by the service layer carries its actor in
`session.info["actor"]`. Before each flush, the changed, new and deleted rows of that session
are turned into entries (old and new value of each changed field) and appended in the same
transaction, so a change and its entry commit or roll back together. Sessions without an
actor (migrations, the demo loader, the bulk generator) are not recorded; they are below the
door by design.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import event, inspect, select, text
from sqlmodel import Session, col

from caseterm.core import audit as chain
from caseterm.core.access import Actor
from caseterm.db.engine import Database
from caseterm.db.repo.audit_log import Pending, _iso, append
from caseterm.models.office import AuditEntry, AuditHead

SKIP_FIELDS = frozenset({"created_at", "updated_at", "row_version", "search_key", "name_key",
                         "phonetic_key"})
# document_blob: the bytes of a document are not copied into the trail; its `document` row
# (title, size, SHA-256) is. intake_draft: a scratch pad, audited when the intake is saved.
# sync_inbox, sync_held: copies of changes waiting for a gap or a parent (the sync's own entry
# says what waits; a change is audited when it is applied): not copied into the trail, where
# an erasure of their case could not find them.
SKIP_TABLES = frozenset({"audit_entry", "audit_head", "setting", "document_blob",
                         "intake_draft", "sync_inbox", "sync_held"})
MAX_VALUE = 2000


def _plain(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text_value = str(value)
    return text_value if len(text_value) <= MAX_VALUE else text_value[:MAX_VALUE] + "…"


_NO_CASE_PARENTS = frozenset({"worker", "client", "provider", "offering"})
_mappers: dict[str, object] = {}


def _mapper_of(obj, table: str):
    if not _mappers:
        for m in inspect(obj).mapper.registry.mappers:
            _mappers[m.local_table.name] = m
    return _mappers.get(table)


def _case_of(session: Session, obj, depth: int = 0) -> uuid.UUID | None:
    """The case a row belongs to: its own `case_id`, or that of the row it hangs from (an
    assessment domain's assessment, a GAS level's goal, a participant's agreement version …),
    followed along foreign keys up to three steps."""
    if getattr(obj, "__tablename__", "") == "casefile":
        return obj.id
    value = getattr(obj, "case_id", None)
    if isinstance(value, uuid.UUID):
        return value
    if depth >= 3:
        return None
    for column in obj.__table__.columns:
        for fk in column.foreign_keys:
            table = fk.column.table.name
            ref = getattr(obj, column.key, None)
            if table in _NO_CASE_PARENTS or ref is None:
                continue
            mapper = _mapper_of(obj, table)
            if mapper is None:
                continue
            with session.no_autoflush:
                parent = session.get(mapper.class_, ref)
            if parent is not None:
                found = _case_of(session, parent, depth + 1)
                if found is not None:
                    return found
    return None


def _changes(obj, kind: str) -> dict[str, list]:
    state = inspect(obj)
    out: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in SKIP_FIELDS:
            continue
        if kind == "create":
            value = getattr(obj, name)
            if value not in (None, ""):
                out[name] = [None, _plain(value)]
        elif kind == "delete":
            value = state.attrs[name].loaded_value
            out[name] = [_plain(value), None]
        else:
            hist = state.attrs[name].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
            out[name] = [_plain(old), _plain(new)]
    return out


@event.listens_for(Session, "before_flush")
def _record_writes(session: Session, _flush_context, _instances) -> None:
    record_writes(session, _flush_context, _instances)


def record_writes(session: Session, _flush_context, _instances) -> None:
    """Audit entries for the model objects about to be flushed (the sessions of
    db.engine.Database call this too)."""
    actor = session.info.get("actor")
    if actor is None:
        return
    items: list[Pending] = []
    for kind, objects in (("create", session.new), ("update", session.dirty),
                          ("delete", session.deleted)):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in SKIP_TABLES:
                continue
            if kind == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, kind)
            if kind == "update" and not changes:
                continue
            # A write for one case may set session.info["audit_case"] (a client edited from
            # her case: the client row has no case of its own) and ["audit_extra"] (e.g. that
            # the change corrects a wrongly recorded fact, and why).
            detail = {"fields": changes, **session.info.get("audit_extra", {})}
            items.append(Pending(kind, table, str(getattr(obj, "id", "")),
                                 _case_of(session, obj) or session.info.get("audit_case"),
                                 detail))
    items.sort(key=lambda p: (p.entity, p.record_id, p.action))
    # The same writes, for a database that takes part in sync, into the change log; first,
    # so that at a PostgreSQL centre the apply's turn is taken before the chain's head is
    # locked (an apply takes them in that order too: no deadlock between the two).
    from caseterm.db.repo import sync_capture

    sync_capture.capture(session, actor, list(session.new), list(session.dirty),
                         list(session.deleted),
                         lambda obj: _case_of(session, obj) or session.info.get("audit_case"))
    if items:
        sync_capture.take_turn(session)
    append(session, actor, items)


# -- reading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryRow:
    seq: int
    at: datetime
    actor_name: str
    action: str
    entity: str
    record_id: str
    case_id: uuid.UUID | None
    detail: dict


def _row(e: AuditEntry) -> EntryRow:
    try:
        detail = json.loads(e.detail) if e.detail else {}
    except ValueError:
        detail = {"raw": e.detail[:200]}
    return EntryRow(e.seq, e.at, e.actor_name, e.action, e.entity, e.record_id, e.case_id,
                    detail)


def for_case(db: Database, case_id: uuid.UUID, *, limit: int = 500) -> list[EntryRow]:
    with db.read() as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.case_id == case_id)
                      .order_by(col(AuditEntry.seq).desc()).limit(limit)).scalars()
        return [_row(e) for e in rows]


def latest(db: Database, *, limit: int = 200) -> list[EntryRow]:
    with db.read() as s:
        rows = s.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc())
                      .limit(limit)).scalars()
        return [_row(e) for e in rows]


def verify(db: Database) -> tuple[int, list[chain.Problem]]:
    """(number of entries, problems) — reads the whole trail in order, in batches."""
    with db.read() as s:
        conn = s.connection()
        head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
        result = conn.execution_options(yield_per=2000).execute(text(
            "SELECT seq, at, actor_id, actor_name, action, entity, record_id, case_id, detail, "
            "prev_hash, hash FROM audit_entry ORDER BY seq"))
        count = 0

        def facts():
            nonlocal count
            for r in result:
                count += 1
                yield chain.EntryFacts(
                    seq=r.seq, at=_iso(r.at), actor_id=_uuid_text(r.actor_id),
                    actor_name=r.actor_name, action=r.action, entity=r.entity,
                    record_id=r.record_id, case_id=_uuid_text(r.case_id), detail=r.detail,
                    prev_hash=r.prev_hash, hash=r.hash)

        problems = chain.verify(facts(), head.seq if head else 0, head.hash if head else "",
                                redactions(s))
        return count, problems


def redactions(session: Session) -> dict[int, str]:
    """seq -> skeleton digest of every entry an erasure redacted (from the erasure entries)."""
    out: dict[int, str] = {}
    for (detail,) in session.connection().execute(text(
            "SELECT detail FROM audit_entry WHERE action = 'erase' ORDER BY seq")):
        try:
            listed = json.loads(detail).get("redactions", [])
        except (ValueError, AttributeError):
            continue
        for item in listed:
            if isinstance(item, list) and len(item) == 2:
                out[int(item[0])] = str(item[1])
    return out


def redact(session: Session, actor: Actor | None, case_ids: list[uuid.UUID],
           record_ids: set[str], fact: dict) -> int:
    """Replace the content of every entry about the erased case(s) and records by a marker,
    and append one erasure entry (`fact`: what was erased, no content) that lists the digest
    of what stays of each redacted entry. In the caller's transaction. Returns the count."""
    conn = session.connection()

    found: dict[int, object] = {}
    for cid in case_ids:
        for r in conn.execute(select(AuditEntry.__table__).where(
                AuditEntry.__table__.c.case_id == cid)):
            found[r.seq] = r
    ids = sorted(record_ids)
    for start in range(0, len(ids), 500):
        for r in conn.execute(select(AuditEntry.__table__).where(
                AuditEntry.__table__.c.record_id.in_(ids[start:start + 500]))):
            found[r.seq] = r
    todo = []
    for seq in sorted(found):
        r = found[seq]
        if chain.is_redacted(r.detail):
            continue
        facts = chain.EntryFacts(
            seq=r.seq, at=_iso(r.at), actor_id=_uuid_text(r.actor_id),
            actor_name=r.actor_name, action=r.action, entity=r.entity,
            record_id=r.record_id, case_id=_uuid_text(r.case_id), detail=r.detail,
            prev_hash=r.prev_hash, hash=r.hash)
        todo.append([seq, chain.skeleton_digest(facts)])
    head = conn.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar() or 0
    erase_seq = head + 1
    table = AuditEntry.__table__
    for seq, _digest in todo:
        conn.execute(table.update().where(table.c.seq == seq)
                     .values(detail=chain.redaction_marker(erase_seq)))
    append(session, actor, [Pending("erase", fact.get("entity", "casefile"),
                                    str(fact.get("record_id", "")), None,
                                    {**{k: v for k, v in fact.items()
                                        if k not in ("entity", "record_id")},
                                     "redactions": todo})])
    return len(todo)




def _uuid_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, uuid.UUID):
        return str(value)
    text_value = str(value)
    if len(text_value) == 32:  # SQLite stores Uuid as 32 hex digits
        return str(uuid.UUID(text_value))
    return text_value
