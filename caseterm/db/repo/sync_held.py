"""Changes held back at the centre until the record they belong to arrives (README
"Außenstelle und Zentrale", held changes).

The sync engine (db/repo/sync/) calls three hooks:
- `hold` when a laptop's new row cannot stand at the centre because its parent record (the
  case, the person …) is not there: the change is kept whole in `sync_held`, with what it
  waits for (it is logged as `ignored` meanwhile, so the laptop knows it arrived);
- `release` at the end of every apply at the centre: each held change whose parent is now
  there is applied, in the order of its device's sequence, under a new server version (so
  every laptop receives it), and leaves `sync_held` in the same transaction: never twice;
- `forget_released` on a laptop: a change it had received as `ignored` and now receives as
  applied is taken like a new one (not mistaken for an acknowledgement).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import col

from caseterm.db.repo import sync_capture as cap
from caseterm.models.sync import Outcome, SyncChange, SyncPeer
from caseterm.models.sync_held import SyncHeld


def waits_for(model, ch: dict, batch) -> tuple[str, uuid.UUID | None]:
    """The parent table and id a new row points at that is neither here nor made earlier in
    this batch ("", None: every parent is there)."""
    from caseterm.db.repo.sync import model_of

    values = ch.get("value") or {}
    for column in model.__table__.columns:
        target = values.get(column.name)
        if target is None:
            continue
        for fk in column.foreign_keys:
            parent = fk.column.table.name
            parent_model = model_of(parent)
            if parent_model is None or fk.column.name != "id":
                continue
            pid = cap.decode(fk.column, target)
            if batch.get(parent_model, parent, pid) is None:
                return parent, pid if isinstance(pid, uuid.UUID) else None
    return "", None


def hold(s, ch: dict, model, batch) -> None:
    """Keep one change whose parent record is missing (once: a change id is held once)."""
    cid = uuid.UUID(str(ch["change_id"]))
    if s.get(SyncHeld, cid) is not None:
        return
    parent, pid = waits_for(model, ch, batch)
    case_id = ch.get("case_id")
    s.add(SyncHeld(change_id=cid, device_id=uuid.UUID(str(ch["device_id"])),
                   seq=int(ch["seq"]), entity=ch["entity"],
                   record_id=uuid.UUID(str(ch["record_id"])),
                   case_id=uuid.UUID(str(case_id)) if case_id else None,
                   parent_entity=parent, parent_id=pid,
                   author_name=ch.get("author_name") or "", change=json.dumps(ch)))


def release(s, res, new_clients: list[uuid.UUID]) -> None:
    """Apply every held change whose parent is now here, in sequence order, until nothing
    more fits (a held case lets its held notes follow in the same pass)."""
    from caseterm.db.repo import sync as eng

    conn = s.connection()
    s.flush()
    while True:
        rows = s.exec(select(SyncHeld).order_by(col(SyncHeld.device_id),
                                                col(SyncHeld.seq))).scalars().all()
        if not rows:  # nothing held (the usual case): nothing to release, nothing waits
            res.waiting = []
            return
        ready = []
        for row in rows:
            model = eng.model_of(row.entity)
            if model is None:
                continue
            if row.parent_id is None or s.get(eng.model_of(row.parent_entity) or model,
                                                row.parent_id) is not None:
                ready.append(row)
        if not ready:
            break
        for row in ready:
            ch = json.loads(row.change)
            conn.execute(delete(SyncChange).where(SyncChange.change_id == row.change_id))
            s.delete(row)
            s.flush()
            batch = eng.Batch(s, [ch])
            version = cap.take(conn, "next_server_version", 1)
            before = res.applied
            eng._centre_one(s, conn, ch, res, row.device_id, new_clients, batch, version)
            batch.write()
            s.flush()
            res.released += res.applied - before
        if all(s.get(SyncHeld, r.change_id) is not None for r in ready):
            break  # nothing moved (a parent still missing deeper down): stop
    res.waiting = [waiting_text(r) for r in s.exec(select(SyncHeld).order_by(
        col(SyncHeld.device_id), col(SyncHeld.seq))).scalars()]


def waiting_text(row: SyncHeld) -> str:
    from caseterm.i18n import _

    return _("{entity} {record} from {author} (change {seq}) waits for {parent} "
             "{parent_id}").format(entity=row.entity, record=str(row.record_id)[:8],
                                   author=row.author_name or "?", seq=row.seq,
                                   parent=row.parent_entity,
                                   parent_id=str(row.parent_id or "")[:8])


def forget_released(conn, changes: list[dict], own: uuid.UUID) -> None:
    """Laptop: another device's change that arrived as `ignored` (held at the centre) and now
    comes as applied: drop the old log row so it is applied here like a new change."""
    ids = [uuid.UUID(str(c["change_id"])) for c in changes
           if c.get("outcome") == Outcome.applied.value and str(c.get("device_id")) != str(own)]
    for start in range(0, len(ids), 500):
        conn.execute(delete(SyncChange).where(
            col(SyncChange.change_id).in_(ids[start:start + 500]),
            SyncChange.outcome == Outcome.ignored.value))


@dataclass(frozen=True)
class HeldChange:
    change_id: uuid.UUID
    device: str
    seq: int
    entity: str
    record_id: uuid.UUID
    case_number: str
    parent_entity: str
    parent_id: uuid.UUID | None
    author: str
    held_at: datetime


def listing(db, visible) -> list[HeldChange]:
    """Held changes of the cases in `visible` (a SQL condition on casefile.id; None: all),
    by device and sequence."""
    from caseterm.models.case import Case

    with db.read() as s:
        names = {p.device_id: p.name for p in s.exec(select(SyncPeer)).scalars()}
        stmt = select(SyncHeld, Case.case_number).join(
            Case, col(Case.id) == SyncHeld.case_id, isouter=True)
        if visible is not None:
            stmt = stmt.where(visible)
        out = []
        for r, number in s.exec(stmt.order_by(col(SyncHeld.device_id), col(SyncHeld.seq))):
            out.append(HeldChange(r.change_id, names.get(r.device_id) or str(r.device_id)[:8],
                                  r.seq, r.entity, r.record_id, number or "",
                                  r.parent_entity, r.parent_id, r.author_name, r.held_at))
        return out


def count(s: Any) -> int:
    from sqlalchemy import func

    return int(s.execute(select(func.count()).select_from(SyncHeld)).scalar() or 0)


def inbox_gaps(db) -> list[tuple[uuid.UUID, str, int, int, datetime, list[tuple[int, int]]]]:
    """Change sets held in the inbox for a gap in their sender's numbers (db/repo/sync/inbox):
    (sender, its name, first, last, received at, the ranges still missing before it)."""
    from caseterm.i18n import _
    from caseterm.models.sync import SyncInbox, SyncState

    with db.read() as s:
        rows = list(s.exec(select(SyncInbox).order_by(col(SyncInbox.source),
                                                      col(SyncInbox.first))).scalars())
        if not rows:
            return []
        peers = {p.device_id: p for p in s.exec(select(SyncPeer)).scalars()}
        state = s.get(SyncState, 1)
        pulled = int(state.last_pulled) if state is not None else 0
        out = []
        have: dict[uuid.UUID, int] = {}
        for r in rows:
            peer = peers.get(r.source)
            at = have.get(r.source, int(peer.last_seq) if peer is not None else pulled)
            missing = [(at + 1, r.first - 1)] if r.first > at + 1 else []
            name = peer.name if peer is not None and peer.name else (
                _("central office") if peer is None else str(r.source)[:8])
            out.append((r.source, name, r.first, r.last, r.received_at, missing))
            have[r.source] = max(at, r.last)
        return out


def held_count(s: Any, visible) -> int:
    """Everything held here: change sets and bundles waiting for a gap, and single changes
    waiting for their record (of the cases in `visible`, a SQL condition; None: all)."""
    from sqlalchemy import func

    from caseterm.models.case import Case
    from caseterm.models.device import BundleReceipt
    from caseterm.models.sync import SyncInbox

    one = select(func.count()).select_from(SyncHeld)
    if visible is not None:
        one = one.join(Case, col(Case.id) == SyncHeld.case_id, isouter=True).where(visible)
    # one statement (a status asks this at every sync)
    counts = s.connection().execute(select(
        one.scalar_subquery(), select(func.count()).select_from(SyncInbox).scalar_subquery(),
        select(func.count()).select_from(BundleReceipt).where(
            BundleReceipt.status == "held").scalar_subquery())).one()
    return sum(int(c or 0) for c in counts)
