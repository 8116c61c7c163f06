"""Change capture for sync: in the same flush (and so the same transaction) as a write through
the door, one `sync_change` row per changed field, inserted item or deleted item.

Called from the audit trail's before_flush hook (db/repo/audit.py). Only when this database
takes part in sync (`sync_state.role` is `replica` or `central`); a plain single-desk file
captures nothing. Sessions that apply a change set (`session.info["sync_apply"]`) capture
nothing either, except the rows they name in `session.info["sync_emit"]` (conflicts and
duplicate candidates found by the centre, which travel to the laptops like any change).

Each change carries its base: the field's last change id (`sync_field`), then becomes it.
At the centre a change is numbered (`server_version`) at once; at a laptop it waits for the
centre (`outcome = pending`).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, Uuid, select, text, update

from caseterm.core.merge import HLC
from caseterm.models.sync import SyncChange, SyncField, SyncRole, SyncState

# Per-database columns, recomputed by each side's own listeners (search key, name keys) or
# bumped by each write (version, time of the last change).
LOCAL_FIELDS = frozenset({"row_version", "updated_at", "search_key", "name_key",
                          "phonetic_key"})
NOT_SYNCED = frozenset({"audit_entry", "audit_head", "setting", "intake_draft",
                        "sync_change", "sync_field", "sync_peer", "sync_peer_case",
                        "sync_inbox", "sync_state", "sync_person_index", "alembic_version",
                        # each database's own key registry and bundle receipts (bundles)
                        "device_key", "device_secret", "bundle_receipt"})

_ROLE = "_caseterm_sync_role"


def forget_role(engine: Any = None) -> None:
    """Drop the cached role (after init-central or check-out changed it)."""
    if engine is not None and hasattr(engine, _ROLE):
        delattr(engine, _ROLE)


def role_of(session) -> str:
    """This database's sync role, remembered on its engine once it has one."""
    engine = session.get_bind()
    role = getattr(engine, _ROLE, None)
    if role is None:
        conn = session.connection()
        try:
            with conn.begin_nested():
                found = conn.execute(text("SELECT role FROM sync_state WHERE id = 1")).first()
        except Exception:
            found = None
        role = found[0] if found else SyncRole.none.value
        if role != SyncRole.none.value:
            # a role, once given, stays; "none" is asked again (another process may run
            # init-central while this one is open)
            setattr(engine, _ROLE, role)
    return role


def take_turn(session) -> None:
    """At a database known to be a sync centre: take the apply's turn (db/sync_lock.py) before
    the audit chain's head is locked, also for a write that logs no change (a device row): a
    transaction holding the head while waiting for the turn would deadlock with an apply that
    holds the turn and appends its audit entries at its end. Only on PostgreSQL (the turn is
    a PostgreSQL lock; a SQLite file pays nothing), where the role is remembered on the engine
    once it is known."""
    if session.info.get("sync_apply") or session.get_bind().dialect.name != "postgresql":
        return  # an apply took its turn first thing
    if role_of(session) == SyncRole.central.value:
        from caseterm.db.sync_lock import serialise_apply

        serialise_apply(session)


# -- values as JSON ------------------------------------------------------------------------

def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def decode(column, value: Any) -> Any:
    """A JSON value back into what the column holds."""
    if value is None:
        return None
    kind = column.type
    kind = getattr(kind, "impl", kind) if not isinstance(kind, Uuid) else kind
    if isinstance(kind, Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, DateTime):
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return value if isinstance(value, date) else date.fromisoformat(value[:10])
    if isinstance(kind, LargeBinary):
        return value if isinstance(value, bytes) else base64.b64decode(value["b64"])
    return value


def decoders(table) -> dict[str, Any]:
    """Per column of `table`: the function `decode` would apply to a non-null value, or None
    where the JSON value is the column's value (worked out once per table, not per value)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        kind = column.type
        kind = getattr(kind, "impl", kind) if not isinstance(kind, Uuid) else kind
        if isinstance(kind, Uuid | DateTime | Date | LargeBinary):
            out[column.name] = lambda v, c=column: decode(c, v)
        else:
            out[column.name] = None
    return out


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- counters ------------------------------------------------------------------------------

def take(conn, column: str, count: int) -> int:
    """Reserve `count` numbers of a counter in sync_state; returns the first (one statement:
    UPDATE … RETURNING, on PostgreSQL and SQLite alike)."""
    return int(conn.execute(text(
        f"UPDATE sync_state SET {column} = {column} + :n WHERE id = 1 RETURNING {column}"),
        {"n": count}).scalar()) - count


def wall_ms() -> int:
    """This machine's wall clock in milliseconds (for HLC labels only; tests skew it)."""
    return int(time.time() * 1000)


def next_hlc(conn, count: int, row: Any = None) -> list[str]:
    """`count` HLC labels for local events now (display only). `row`: the state's (hlc,
    device_id) when the caller has read them already."""
    if row is None:
        row = conn.execute(text("SELECT hlc, device_id FROM sync_state WHERE id = 1")).first()
    clock = HLC.parse(row[0]) if row and row[0] else HLC(0, 0, "")
    node = str(row[1])[:8] if row else ""
    clock = HLC(clock.wall, clock.counter, node)
    labels = []
    now = wall_ms()
    for _ in range(count):
        clock = clock.tick(now)
        labels.append(clock.text())
    conn.execute(update(SyncState).where(SyncState.id == 1).values(hlc=clock.text()))
    return labels


def set_field(conn, entity: str, record_id: uuid.UUID, field: str,
              change_id: uuid.UUID) -> None:
    table = SyncField.__table__
    done = conn.execute(table.update().where(
        table.c.entity == entity, table.c.record_id == record_id, table.c.field == field)
        .values(change_id=change_id))
    if done.rowcount == 0:
        conn.execute(table.insert().values(entity=entity, record_id=record_id, field=field,
                                           change_id=change_id))


def bases(conn, entity: str, record_id: uuid.UUID) -> dict[str, uuid.UUID]:
    table = SyncField.__table__
    return {r.field: r.change_id for r in conn.execute(
        select(table.c.field, table.c.change_id).where(
            table.c.entity == entity, table.c.record_id == record_id))}


# -- capture -------------------------------------------------------------------------------

_order: dict[str, int] = {}


def table_order(name: str) -> int:
    if not _order:
        from sqlmodel import SQLModel

        for i, t in enumerate(SQLModel.metadata.sorted_tables):
            _order[t.name] = i
    return _order.get(name, 10_000)


def capture(session, actor, new: list, dirty: list, deleted: list, case_of) -> None:
    """Write the change rows for one flush (see the module text). `case_of(obj)` gives the
    case a row belongs to (for routing to the laptops that hold the case)."""
    emit = session.info.get("sync_emit")
    if session.info.get("sync_apply"):
        if not emit:
            return
        new = [o for o in new if id(o) in emit]
        dirty = [o for o in dirty if id(o) in emit]
        deleted = []
    new = [o for o in new if getattr(o, "__tablename__", None) not in NOT_SYNCED]
    dirty = [o for o in dirty if getattr(o, "__tablename__", None) not in NOT_SYNCED
             and session.is_modified(o, include_collections=False)]
    deleted = [o for o in deleted if getattr(o, "__tablename__", None) not in NOT_SYNCED]
    if not (new or dirty or deleted):
        return
    role = role_of(session)
    if role not in (SyncRole.central.value, SyncRole.replica.value):
        return
    if role == SyncRole.central.value and not session.info.get("sync_apply"):
        # an edit at a PostgreSQL centre takes the apply's turn before it reads its bases:
        # a laptop's change set being applied meanwhile would otherwise have read the field
        # before this edit and applied over it without a conflict (db/sync_lock.py)
        from caseterm.db.sync_lock import serialise_apply

        serialise_apply(session)
    from sqlalchemy import inspect

    pending: list[dict] = []
    conn = session.connection()

    def add(obj, op, field, value, base):
        pending.append({"entity": obj.__tablename__, "record_id": obj.id, "field": field,
                        "op": op, "base": base, "value": dumps(value), "obj": obj})

    for obj in sorted(new, key=lambda o: table_order(o.__tablename__)):
        state = inspect(obj)
        values = {a.key: encode(getattr(obj, a.key)) for a in state.mapper.column_attrs
                  if a.key not in LOCAL_FIELDS}
        add(obj, "insert", None, values, None)
    for obj in sorted(dirty, key=lambda o: table_order(o.__tablename__)):
        state = inspect(obj)
        known = bases(conn, obj.__tablename__, obj.id)
        for attr in state.mapper.column_attrs:
            if attr.key in LOCAL_FIELDS:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new_value = hist.added[0] if hist.added else None
            if old == new_value:
                continue
            add(obj, "update", attr.key, encode(new_value), known.get(attr.key))
    for obj in sorted(deleted, key=lambda o: -table_order(o.__tablename__)):
        add(obj, "delete", None, None, bases(conn, obj.__tablename__, obj.id).get("*"))
    write_rows(session, actor, pending, role, case_of)


def emit_update(session, actor, obj, field: str, value: Any, case_id) -> None:
    """One field change made by the sync itself (the centre renumbering a case whose number
    was taken meanwhile), logged like a person's change so it reaches every side."""
    conn = session.connection()
    pending = [{"entity": obj.__tablename__, "record_id": obj.id, "field": field,
                "op": "update", "base": bases(conn, obj.__tablename__, obj.id).get(field),
                "value": dumps(encode(value)), "obj": obj}]
    write_rows(session, actor, pending, role_of(session), lambda _o: case_id)


def write_rows(session, actor, pending: list[dict], role: str, case_of) -> None:
    if not pending:
        return
    conn = session.connection()
    central = role == SyncRole.central.value
    n = len(pending)
    # both counters reserved, and the device and clock read, in one statement
    sv = ", next_server_version = next_server_version + :n" if central else ""
    state = conn.execute(text(
        f"UPDATE sync_state SET next_seq = next_seq + :n{sv} WHERE id = 1 "
        "RETURNING next_seq, next_server_version, device_id, hlc"), {"n": n}).one()
    first_seq = int(state[0]) - n
    first_sv = int(state[1]) - n if central else None
    device = state[2] if isinstance(state[2], uuid.UUID) else uuid.UUID(str(state[2]))
    labels = next_hlc(conn, n, (state[3], device))
    rows = []
    for i, p in enumerate(pending):
        obj = p.pop("obj")
        change_id = uuid.uuid4()
        rows.append({
            **p, "change_id": change_id, "device_id": device, "seq": first_seq + i,
            "author_id": getattr(actor, "id", None),
            "author_name": getattr(actor, "display_name", "") or "", "hlc": labels[i],
            "case_id": case_of(obj), "server_version": first_sv + i if central else None,
            "outcome": "applied" if central else "pending", "against": None,
            "created_at": datetime.now().astimezone()})
        if p["op"] == "update":
            set_field(conn, p["entity"], p["record_id"], p["field"], change_id)
        elif p["op"] == "delete":
            set_field(conn, p["entity"], p["record_id"], "*", change_id)
    conn.execute(SyncChange.__table__.insert(), rows)
