"""Erasure reaches the sync tables (issue 17 with the data-protection issue): in the erasure's
own transaction (db/repo/privacy.py `erase_in`), every copy of the erased records' content
kept for sync is removed, and a tombstone tells the other side.

- purged: the change log's rows of the records (their values), the changes held for a missing
  parent, conflicts and duplicate candidates, the duplicate index's name keys, and the items
  of change sets held for a gap (the sync inbox, held bundles): those are rewritten without
  the records' items;
- the tombstone: one change `op = delete, field = "erased"` on the case (or the person) whose
  value lists the erased ids only (no content, as the erasure's audit entry), and a field
  base `erased` for every erased record. On a laptop it travels to the centre with the next
  sync or bundle; at the centre it is numbered and routed to every laptop holding the case.
  Whoever takes it erases the records too (the same `erase_in`); and a change that arrives
  later for an erased record (a bundle still on a stick, a laptop that had not heard) is
  dropped with its value, never applied or held, so no sync brings the data back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, or_, select, text, update

from caseterm.models.sync import (
    SyncChange,
    SyncConflict,
    SyncDuplicate,
    SyncField,
    SyncInbox,
    SyncPersonIndex,
)
from caseterm.models.sync_held import SyncHeld

ERASED = "erased"  # the field of a tombstone change, and of the erased records' bases


def _chunks(ids: list, n: int = 500) -> Iterable[list]:
    for start in range(0, len(ids), n):
        yield ids[start:start + n]


def purge(session, case_ids: list[uuid.UUID], client_ids: list[uuid.UUID],
          records: set[uuid.UUID], present: set[str]) -> int:
    """Remove the sync tables' copies of these records' content; returns rows touched.
    `present`: the tables that exist (an older backup may lack some)."""
    conn = session.connection()
    if "sync_change" not in present:
        return 0
    ids = sorted(records | set(case_ids) | set(client_ids), key=str)
    cases, clients = list(case_ids), list(client_ids)
    n = 0
    for part in _chunks(ids):
        n += conn.execute(delete(SyncChange).where(
            or_(SyncChange.record_id.in_(part), SyncChange.case_id.in_(part)),
            or_(SyncChange.field.is_(None), SyncChange.field != ERASED))).rowcount or 0
        n += conn.execute(delete(SyncConflict).where(or_(
            SyncConflict.record_id.in_(part), SyncConflict.case_id.in_(part)))).rowcount or 0
        n += conn.execute(delete(SyncField).where(
            SyncField.record_id.in_(part), SyncField.field != ERASED)).rowcount or 0
        if "sync_held" in present:
            n += conn.execute(delete(SyncHeld).where(or_(
                SyncHeld.record_id.in_(part), SyncHeld.case_id.in_(part),
                SyncHeld.parent_id.in_(part)))).rowcount or 0
    for part in _chunks(clients):
        n += conn.execute(delete(SyncDuplicate).where(or_(
            SyncDuplicate.person_a.in_(part), SyncDuplicate.person_b.in_(part)))).rowcount or 0
        n += conn.execute(delete(SyncPersonIndex).where(
            SyncPersonIndex.client_id.in_(part))).rowcount or 0
    for part in _chunks(cases):
        n += conn.execute(delete(SyncDuplicate).where(
            SyncDuplicate.case_id.in_(part))).rowcount or 0
    strs = {str(i) for i in ids}
    n += _rewrite_inbox(conn, strs)
    if "bundle_receipt" in present:
        n += _rewrite_held_bundles(conn, strs)
    return n


def _belongs(item: dict, ids: set[str]) -> bool:
    """A change or snapshot row of an erased record (or pointing at one)."""
    row = item.get("row") if isinstance(item.get("row"), dict) else None
    if row is not None:
        return any(str(v) in ids for v in row.values() if isinstance(v, str))
    if str(item.get("record_id")) in ids or str(item.get("case_id")) in ids:
        return True
    value = item.get("value")
    return isinstance(value, dict) and any(str(v) in ids for v in value.values()
                                           if isinstance(v, str))


def filter_changeset(cs: dict, ids: set[str]) -> tuple[dict, int]:
    """The change set without the erased records' items (a streamed one is read whole: a
    held change set is rewritten only when an erasure touches it)."""
    from caseterm.core.bundle_stream import STREAMS, Streamed

    whole = cs.whole() if isinstance(cs, Streamed) else dict(cs)
    dropped = 0
    for key in STREAMS:
        items = whole.get(key)
        if isinstance(items, list):
            kept = [i for i in items if not (isinstance(i, dict) and _belongs(i, ids))]
            dropped += len(items) - len(kept)
            whole[key] = kept
    return whole, dropped


def _rewrite_inbox(conn, ids: set[str]) -> int:
    n = 0
    table = SyncInbox.__table__
    for row in conn.execute(select(table.c.id, table.c.payload)).all():
        if not any(i in row.payload for i in ids):
            continue
        cs, dropped = filter_changeset(json.loads(row.payload), ids)
        if dropped:
            conn.execute(update(table).where(table.c.id == row.id).values(
                payload=json.dumps(cs)))
            n += dropped
    return n


def _rewrite_held_bundles(conn, ids: set[str]) -> int:
    from caseterm.core import bundle_stream as stream
    from caseterm.models.device import BundleReceipt

    table = BundleReceipt.__table__  # type: ignore[attr-defined]
    n = 0
    for row in conn.execute(select(table.c.bundle_id, table.c.held).where(
            table.c.held.is_not(None))).all():
        cs, dropped = filter_changeset(stream.from_held(row.held), ids)
        if dropped:
            conn.execute(update(table).where(table.c.bundle_id == row.bundle_id).values(
                held=stream.held_blob(cs)))
            n += dropped
    return n


def tombstone(session, actor: Any, case_ids: list[uuid.UUID], client_ids: list[uuid.UUID],
              records: dict[uuid.UUID, str]) -> uuid.UUID | None:
    """Log the erasure as a change (see the module) when this database takes part in sync;
    mark every erased record's base `erased`. Returns the change id (None: no sync here)."""
    from caseterm.db.repo import sync_capture as cap

    conn = session.connection()
    role = cap.role_of(session)
    if role not in ("central", "replica"):
        return None
    entity, rid = ("casefile", case_ids[0]) if case_ids else ("client", client_ids[0])
    value = {"cases": [str(c) for c in case_ids], "clients": [str(c) for c in client_ids],
             "records": sorted([[t, str(i)] for i, t in records.items()])}
    pending = [{"entity": entity, "record_id": rid, "field": ERASED, "op": "delete",
                "base": None, "value": cap.dumps(value), "obj": None}]
    cap.write_rows(session, actor, pending, role,
                   lambda _o: case_ids[0] if case_ids else None)
    change_id = conn.execute(select(SyncChange.change_id).where(
        SyncChange.record_id == rid, SyncChange.field == ERASED)
        .order_by(SyncChange.seq.desc())).scalars().first()
    mark(conn, records, change_id)
    return change_id


def mark(conn, records: dict[uuid.UUID, str], change_id) -> None:
    """The erased records' bases: `erased` (kept: ids only, no content)."""
    table = SyncField.__table__
    for part in _chunks(sorted(records, key=str)):
        conn.execute(delete(table).where(table.c.record_id.in_(part),
                                         table.c.field == ERASED))
    rows = [{"entity": t, "record_id": i, "field": ERASED, "change_id": change_id}
            for i, t in records.items()]
    for part in _chunks(rows):
        conn.execute(table.insert(), part)


def is_erased(conn, ids: Iterable[Any]) -> bool:
    """Is any of these record ids erased here (a tombstone base)?"""
    wanted = [i for i in {_as_uuid(x) for x in ids} if i is not None]
    if not wanted:
        return False
    table = SyncField.__table__
    return conn.execute(select(text("1")).select_from(table).where(
        table.c.field == ERASED, table.c.record_id.in_(wanted)).limit(1)).first() is not None


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def erase_from(session, actor: Any, value: Any, change_id: Any) -> set[uuid.UUID]:
    """Take a tombstone that arrived by sync: erase its records here (the same erasure as
    at its origin, with a content-free audit entry), keep the tombstone bases."""
    from caseterm.db.repo.privacy import erase_in

    data = json.loads(value) if isinstance(value, str) else dict(value or {})
    cases = [u for u in (_as_uuid(c) for c in data.get("cases", [])) if u is not None]
    clients = [u for u in (_as_uuid(c) for c in data.get("clients", [])) if u is not None]
    session.flush()
    done = erase_in(session, actor, cases, clients,
                    {"entity": "casefile" if cases else "client", "kind": "sync",
                     "record_id": str((cases or clients or [""])[0]), "cases": [],
                     "reason": "sync", "case_ids": [str(c) for c in cases],
                     "client_ids": [str(c) for c in clients]},
                    emit=False, tomb=_as_uuid(change_id))
    return set(done.records)


def take(s, ch: dict, batch: Any, row: dict, res: Any) -> bool:
    """One incoming change in the light of erasures (both sides of an apply): a tombstone
    erases here too and is logged; a change to an erased record is logged without its
    value, never applied or held. False: neither, apply it as usual."""
    if ch.get("field") == ERASED and ch.get("op") == "delete" and _on_hold(s, ch):
        # a legal hold here (set after the other side last heard of it) stops the erasure:
        # kept, and said; the other side's copy is gone already
        from caseterm.i18n import _

        row["outcome"] = "ignored"
        res.ignored += 1
        res.refused.append(_("An erasure from {author} was not carried out here: the case "
                             "is under a legal hold.").format(
                                 author=ch.get("author_name") or "?"))
    elif ch.get("field") == ERASED and ch.get("op") == "delete":
        batch.write()  # what came before in this batch is written first (then erased)
        gone = erase_from(s, s.info.get("actor"), ch.get("value"), row["change_id"])
        batch.erased |= gone
        for key in [k for k in batch.objs if k[1] in gone]:
            obj = batch.objs[key]
            if obj is not None and obj in s:
                s.expunge(obj)
            batch.objs[key] = None
        row["outcome"] = "applied"
        res.applied += 1
    elif batch.dropped(ch):
        row["value"] = "null"
        row["outcome"] = "ignored"
        res.ignored += 1
    else:
        return False
    batch.log(row)
    return True


def _on_hold(s, ch: dict) -> bool:
    from caseterm.models.case import Case

    value = ch.get("value")
    data = json.loads(value) if isinstance(value, str) else dict(value or {})
    cases = [u for u in (_as_uuid(c) for c in data.get("cases", [])) if u is not None]
    return bool(cases) and s.connection().execute(select(Case.__table__.c.id).where(
        Case.__table__.c.id.in_(cases), Case.__table__.c.legal_hold.is_(True))).first() \
        is not None
