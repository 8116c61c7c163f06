"""Sync below the door: change sets out and in, the centre's merge, check-out, conflicts and
duplicate candidates. The rules are core/merge.py; the change log is written by
db/repo/sync_capture.py. See services/sync.py for the shape of a change set.

Every apply is one transaction: a change set is taken whole or not at all, and taking it
again changes nothing (change ids and (device, seq) are unique; the centre remembers the last
sequence number taken from each device, a laptop the last server version it pulled)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, text, update
from sqlmodel import SQLModel, col

from caseterm.core import merge
from caseterm.core.access import Actor
from caseterm.core.sync_facts import (
    ApplyResult,
    CheckoutSummary,
    ConflictRow,
    DuplicateRow,
    SyncStatus,
)
from caseterm.db.engine import Database
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo import sync_held
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.sync import (
    ConflictState,
    DuplicateState,
    Outcome,
    SyncChange,
    SyncConflict,
    SyncDuplicate,
    SyncField,
    SyncInbox,
    SyncPeer,
    SyncPeerCase,
    SyncPersonIndex,
    SyncRole,
    SyncState,
)
from caseterm.models.worker import Worker

FORMAT = "caseterm-sync"
VERSION = 1
SCHEMA = "0014_sync"
NS = uuid.UUID("6f1d7c1e-27a4-4b8f-9d55-3c0a5e1b7a17")
CHANGE_COLS = ("change_id", "device_id", "seq", "entity", "record_id", "field", "op", "base",
               "value", "author_id", "author_name", "hlc", "case_id", "server_version",
               "outcome", "against")
_UUID_COLS = frozenset({"change_id", "device_id", "record_id", "base", "author_id", "case_id",
                        "against"})


class ChangeSetError(ValueError):
    """A change set that cannot be applied here; nothing was applied."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- helpers -------------------------------------------------------------------------------

_models: dict[str, Any] = {}


def model_of(entity: str):
    if not _models:
        for mapper in SQLModel._sa_registry.mappers:  # type: ignore[attr-defined]
            table = getattr(mapper, "local_table", None)
            if table is not None:
                _models[table.name] = mapper.class_
    return _models.get(entity)


def _uuid(value) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


class Batch:
    """What one apply keeps in memory and writes once: the field bases of the records it
    touches, the objects it made, the change rows it logs. Loaded in a few queries per batch
    (not per change), written at the end with one flush (one audit append)."""

    def __init__(self, s, changes: list[dict]):
        self.s = s
        self.fields: dict[tuple, dict[str, uuid.UUID]] = {}
        self.dirty: dict[tuple, uuid.UUID] = {}
        self.rows: list[dict] = []
        self.index: dict[str, dict] = {}
        self.objs: dict[tuple, Any] = {}
        self.known: set[uuid.UUID] = set()
        self.prefetch(changes)

    def prefetch(self, changes: list[dict]) -> None:
        conn = self.s.connection()
        by_entity: dict[str, set] = {}
        for ch in changes:
            by_entity.setdefault(ch["entity"], set()).add(_uuid(ch["record_id"]))
        ids = [_uuid(ch["change_id"]) for ch in changes]
        table = SyncField.__table__
        for entity, rids in by_entity.items():
            rid_list = sorted(rids, key=str)
            for start in range(0, len(rid_list), 500):
                part = rid_list[start:start + 500]
                for rid in part:
                    self.fields.setdefault((entity, rid), {})
                for r in conn.execute(select(table.c.record_id, table.c.field,
                                             table.c.change_id).where(
                        table.c.entity == entity, table.c.record_id.in_(part))):
                    self.fields[(entity, r.record_id)][r.field] = r.change_id
                self._load(entity, part)
        # the records new rows point at (a new note's case …): one query per table too
        parents: dict[str, set] = {}
        for ch in changes:
            if ch["op"] != "insert" or not isinstance(ch.get("value"), dict):
                continue
            model = model_of(ch["entity"])
            if model is None:
                continue
            for column in model.__table__.columns:
                target = ch["value"].get(column.name)
                if target is None:
                    continue
                for fk in column.foreign_keys:
                    if fk.column.name == "id" and model_of(fk.column.table.name) is not None:
                        parents.setdefault(fk.column.table.name, set()).add(
                            cap.decode(fk.column, target))
        for entity, rids in parents.items():
            todo = sorted((r for r in rids if (entity, r) not in self.objs), key=str)
            for start in range(0, len(todo), 500):
                self._load(entity, todo[start:start + 500])
        for start in range(0, len(ids), 500):
            self.known |= set(conn.execute(select(SyncChange.change_id).where(
                col(SyncChange.change_id).in_(ids[start:start + 500]))).scalars())

    def _load(self, entity: str, part: list) -> None:
        """The rows of `entity` with these ids, one query; an id not there is remembered as
        absent (None), so asking again costs nothing."""
        model = model_of(entity)
        if model is None:
            return
        for rid in part:
            self.objs.setdefault((entity, rid), None)
        for obj in self.s.execute(select(model).where(
                model.__table__.c.id.in_(part))).scalars():
            self.objs[(entity, obj.id)] = obj

    def bases(self, entity: str, rid: uuid.UUID) -> dict[str, uuid.UUID]:
        key = (entity, rid)
        if key not in self.fields:
            self.fields[key] = cap.bases(self.s.connection(), entity, rid)
        return self.fields[key]

    def set_field(self, entity: str, rid: uuid.UUID, field: str, change_id) -> None:
        self.bases(entity, rid)[field] = change_id
        self.dirty[(entity, rid, field)] = change_id

    def get(self, model, entity: str, rid: uuid.UUID):
        key = (entity, rid)
        if key in self.objs:
            return self.objs[key]
        obj = self.s.get(model, rid)
        self.objs[key] = obj
        return obj

    def log(self, row: dict) -> None:
        self.rows.append(row)
        self.index[str(row["change_id"])] = row
        self.known.add(row["change_id"])

    def write(self) -> None:
        self.s.flush()
        conn = self.s.connection()
        table = SyncField.__table__
        if self.dirty:
            from sqlalchemy import bindparam

            items = [{"e": e, "r": r, "f": f, "c": c} for (e, r, f), c in self.dirty.items()]
            conn.execute(table.delete().where(
                table.c.entity == bindparam("e"), table.c.record_id == bindparam("r"),
                table.c.field == bindparam("f")), items)
            conn.execute(table.insert(), [{"entity": i["e"], "record_id": i["r"],
                                           "field": i["f"], "change_id": i["c"]}
                                          for i in items])
            self.dirty.clear()
        if self.rows:
            conn.execute(SyncChange.__table__.insert(), self.rows)
            self.rows = []


def _state(session) -> Any:
    """This database's sync_state row (read with Core: it is asked on every sync call, and
    written only with _set_state)."""
    table = SyncState.__table__
    return session.connection().execute(select(table).where(table.c.id == 1)).first()


def _set_state(session, **values) -> None:
    session.connection().execute(update(SyncState).where(SyncState.id == 1).values(**values))


def change_dict(row) -> dict:
    out = {}
    for name in CHANGE_COLS:
        value = getattr(row, name)
        if name == "value":
            value = json.loads(value)
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[name] = value
    return out


def change_row(d: dict) -> dict:
    out = {}
    for name in CHANGE_COLS:
        value = d.get(name)
        if name in _UUID_COLS:
            value = _uuid(value)
        elif name == "value":
            value = cap.dumps(value)
        out[name] = value
    out["author_name"] = out["author_name"] or ""
    out["hlc"] = out["hlc"] or ""
    out["created_at"] = utcnow()
    return out


def envelope(source, role: str, changes: list[dict], *, first: int, last: int,
             since: int | None = None, pulled: int | None = None, target=None,
             rows: list[dict] | None = None) -> dict:
    counts = {"changes": len(changes), "rows": len(rows or [])}
    for op in ("insert", "update", "delete"):
        counts[op] = sum(1 for c in changes if c["op"] == op)
    return {"format": FORMAT, "version": VERSION, "schema": SCHEMA, "source": str(source),
            "source_role": role, "target": str(target) if target else None,
            "first": first, "last": last, "since": since, "pulled": pulled,
            "counts": counts, "changes": changes, "rows": rows or []}


def check_changeset(cs: Any) -> None:
    if not isinstance(cs, dict) or cs.get("format") != FORMAT:
        raise ChangeSetError(_("This is not a caseterm change set. Nothing was applied."))
    version = cs.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ChangeSetError(_(
            "This change set was made by a newer caseterm (format {version}); update caseterm "
            "here first. Nothing was applied.").format(version=version))
    if not isinstance(cs.get("changes"), list) or not isinstance(cs.get("first"), int) \
            or not isinstance(cs.get("last"), int):
        raise ChangeSetError(_("The change set is incomplete. Nothing was applied."))


def _require_role(st: SyncState | None, role: str) -> SyncState:
    if st is None or st.role != role:
        if role == SyncRole.central.value:
            raise ChangeSetError(_(
                "This database is not a sync centre (run: caseterm sync init-central)."))
        raise ChangeSetError(_(
            "This database is not a checked-out laptop (caseterm sync checkout makes one)."))
    return st


# -- outgoing ------------------------------------------------------------------------------

def collect_outgoing(db: Database) -> dict:
    with db.read() as s:
        st = _require_role(_state(s), SyncRole.replica.value)
        rows = s.exec(select(SyncChange).where(
            SyncChange.device_id == st.device_id, SyncChange.outcome == Outcome.pending.value)
            .order_by(col(SyncChange.seq))).scalars().all()
        changes = [change_dict(r) for r in rows]
        first = rows[0].seq if rows else st.next_seq
        last = rows[-1].seq if rows else st.next_seq - 1
        return envelope(st.device_id, SyncRole.replica.value, changes, first=first,
                        last=last, pulled=st.last_pulled)


# -- incoming ------------------------------------------------------------------------------

def apply_incoming(db: Database, actor: Actor, cs: dict) -> ApplyResult:
    check_changeset(cs)
    result = ApplyResult()
    with db.write() as s:
        s.info["sync_apply"] = True
        s.info["sync_emit"] = set()
        s.info["audit_extra"] = {"sync": str(cs.get("source", ""))}
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
    return result


def _hold(s, source: uuid.UUID, first: int, last: int, cs: dict) -> None:
    found = s.exec(select(SyncInbox).where(SyncInbox.source == source,
                                           SyncInbox.first == first)).scalars().first()
    if found is None:
        s.add(SyncInbox(source=source, first=first, last=last, payload=json.dumps(cs)))
        s.flush()


def _next_held(s, source: uuid.UUID, upto: int) -> dict | None:
    row = s.exec(select(SyncInbox).where(SyncInbox.source == source,
                                         SyncInbox.first <= upto + 1)
                 .order_by(col(SyncInbox.first))).scalars().first()
    if row is None:
        return None
    payload = json.loads(row.payload)
    s.delete(row)
    s.flush()
    return payload


def _gaps(s, source: uuid.UUID, have: int) -> list[tuple[str, int, int]]:
    out = []
    for row in s.exec(select(SyncInbox).where(SyncInbox.source == source)
                      .order_by(col(SyncInbox.first))).scalars():
        if row.first > have + 1:
            out.append((str(source), have + 1, row.first - 1))
        have = max(have, row.last)
    return out


def _accepts(conn, base: str | None, current: str | None, batch: Batch | None = None) -> bool:
    """Is `base` as good as the field's current change? Equal, or the current change (or one
    it met) was the same value as `base` (an outcome `same`)."""
    if base == current:
        return True
    step = current
    for _i in range(8):
        if step is None:
            return False
        mem = batch.index.get(str(step)) if batch is not None else None
        if mem is not None:
            outcome, against = mem["outcome"], mem["against"]
        else:
            row = conn.execute(select(SyncChange.outcome, SyncChange.against).where(
                SyncChange.change_id == _uuid(step))).first()
            if row is None:
                return False
            outcome, against = row.outcome, row.against
        if outcome != Outcome.same.value or against is None:
            return False
        step = str(against)
        if step == base:
            return True
    return False


def _here(s, ch: dict, batch: Batch):
    model = model_of(ch["entity"])
    if model is None:
        return None, None, None
    rid = _uuid(ch["record_id"])
    obj = batch.get(model, ch["entity"], rid)
    fields = batch.bases(ch["entity"], rid)
    field = ch.get("field")
    value = None
    if obj is not None and field and field in model.__table__.c:
        value = cap.encode(getattr(obj, field))
    closed = ch["entity"] == "casefile" and obj is not None and obj.phase == merge.CLOSED_PHASE
    here = merge.Here(exists=obj is not None, deleted="*" in fields,
                      current=str(fields[field]) if field and field in fields else None,
                      value=value, closed_case=closed)
    return model, obj, here


def _write(s, model, obj, ch: dict, batch: Batch | None = None) -> Any:
    """Make one change on this database (through the ORM, so the search index, name keys and
    versions follow). Not flushed here: one flush per batch (and one audit append)."""
    table = model.__table__
    op = ch["op"]
    if op == "insert":
        if obj is not None:
            return obj
        values = {k: cap.decode(table.c[k], v) for k, v in (ch["value"] or {}).items()
                  if k in table.c and k not in cap.LOCAL_FIELDS}
        obj = model(**values)
        s.add(obj)
        if batch is not None:
            batch.objs[(ch["entity"], obj.id)] = obj
        else:
            s.flush()
        return obj
    if obj is None:
        return None
    if op == "delete":
        s.delete(obj)
        if batch is not None:
            batch.objs[(ch["entity"], obj.id)] = None
        return None
    field = ch.get("field")
    if field and field in table.c:
        value = cap.decode(table.c[field], ch["value"])
        if table.name == "casefile" and field == "case_number":
            # numbers are unique: a case holding this number here steps aside first, and the
            # change is written at once (one flush per batch would write the batch's
            # renumbers in key order, and a swap of two numbers would collide on the way)
            _make_room(s, value, obj.id)
            setattr(obj, field, value)
            s.flush()
            return obj
        setattr(obj, field, value)
    return obj


def _apply_centre(s, st: SyncState, cs: dict, res: ApplyResult) -> None:
    source = _uuid(cs.get("source"))
    if cs.get("source_role") != SyncRole.replica.value:
        raise ChangeSetError(_("The centre takes change sets from laptops only."))
    peer = s.get(SyncPeer, source)
    if peer is None:
        raise ChangeSetError(_(
            "Unknown device {device}: it was not checked out from this centre. Nothing was "
            "applied.").format(device=source))
    peer.acked_version = max(peer.acked_version, int(cs.get("pulled") or 0))
    peer.last_seen_at = utcnow()
    conn = s.connection()
    new_clients: list[uuid.UUID] = []
    todo: dict | None = cs
    while todo is not None:
        changes = sorted(todo["changes"], key=lambda c: int(c["seq"]))
        res.received += len(changes)
        if changes and int(todo["first"]) > peer.last_seq + 1:
            _hold(s, source, int(todo["first"]), int(todo["last"]), todo)
        else:
            batch = Batch(s, changes)
            fresh = [ch for ch in changes if int(ch["seq"]) > peer.last_seq
                     and _uuid(ch["change_id"]) not in batch.known]
            res.already += len(changes) - len(fresh)
            version = cap.take(conn, "next_server_version", len(fresh)) if fresh else 0
            with s.no_autoflush:  # one flush for the batch (and one audit append)
                for i, ch in enumerate(fresh):
                    _centre_one(s, conn, ch, res, source, new_clients, batch, version + i)
            peer.last_seq = max(peer.last_seq, int(todo["last"]) if changes else peer.last_seq)
            batch.write()
        s.flush()
        todo = _next_held(s, source, peer.last_seq)
    sync_held.release(s, res, new_clients)  # changes whose record has arrived now
    for client_id in new_clients:
        res.duplicates += _find_duplicates(s, client_id)
    res.held = _gaps(s, source, peer.last_seq)
    res.last = peer.last_seq


def _centre_one(s, conn, ch: dict, res: ApplyResult, source: uuid.UUID,
                new_clients: list[uuid.UUID], batch: Batch, version: int) -> None:
    row = change_row(ch)
    row["server_version"] = version
    model, obj, here = _here(s, ch, batch)
    if model is None:
        verdict, reason = merge.Verdict.ignored, merge.Reason.none
    else:
        decision = merge.decide(
            merge.Incoming(ch["op"], ch.get("field"), ch.get("base"), ch.get("value")), here,
            accepts=lambda b, c: _accepts(conn, b, c, batch))
        verdict, reason = decision.verdict, decision.reason
    rid = row["record_id"]
    renumber = None
    if verdict == merge.Verdict.applied and ch["entity"] == "casefile" and ch["op"] == "insert":
        renumber = _free_number(s, ch)
        row["value"] = cap.dumps(ch["value"])
    missing = _missing_parent(model, ch, batch) \
        if verdict == merge.Verdict.applied and ch["op"] == "insert" and obj is None else None
    if missing is not None:
        # one change that cannot stand here (the record it belongs to never arrived) is
        # held back with a message; the rest of the change set goes through
        verdict = merge.Verdict.ignored
        sync_held.hold(s, ch, model, batch)  # retried when the record arrives
        res.refused.append(_(
            "Held back: a new {entity} record ({record}) from {author} refers to a "
            "{parent} record that is not at the centre; the rest was applied.").format(
                entity=ch["entity"], record=str(rid)[:8], author=ch.get("author_name") or "?",
                parent=missing))
    if verdict == merge.Verdict.applied:
        obj = _write(s, model, obj, ch, batch)
        if renumber is not None:
            obj.case_number = renumber
            s.flush()
            cap.emit_update(s, s.info.get("actor"), obj, "case_number", renumber, rid)
        if ch["op"] == "update":
            batch.set_field(ch["entity"], rid, ch["field"], row["change_id"])
        elif ch["op"] == "delete":
            batch.set_field(ch["entity"], rid, "*", row["change_id"])
        elif ch["entity"] == "casefile":
            if s.get(SyncPeerCase, (source, rid)) is None:
                s.add(SyncPeerCase(device_id=source, case_id=rid, sent_version=0))
        elif ch["entity"] == "client":
            new_clients.append(rid)
        res.applied += 1
    elif verdict == merge.Verdict.same:
        if ch["op"] == "update":
            row["against"] = _uuid(here.current)
            batch.set_field(ch["entity"], rid, ch["field"], row["change_id"])
        res.same += 1
    elif verdict == merge.Verdict.conflict:
        row["against"] = _uuid(here.current) if here else None
        _conflict(s, ch, here, reason, batch)
        res.conflicts += 1
    else:
        res.ignored += 1
    row["outcome"] = verdict.value
    batch.log(row)


def _missing_parent(model, ch: dict, batch: Batch) -> str | None:
    """The table a new row's foreign key points at when that row is neither here nor made
    earlier in this batch (None: every parent is there)."""
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
            if batch.get(parent_model, parent, cap.decode(fk.column, target)) is None:
                return parent
    return None


def _make_room(s, number: str | None, case_id: uuid.UUID) -> None:
    """A laptop's own new case holds a number the centre gave to another case: the laptop's
    case steps aside under a placeholder until the centre's new number for it arrives."""
    s.flush()  # the numbers of cases made or renumbered earlier in this batch count too
    mine = s.exec(select(Case).where(Case.case_number == number)).scalars().first()
    if mine is not None and mine.id != case_id:
        mine.case_number = "~" + str(mine.id)[:30]
        s.flush()


def _free_number(s, ch: dict) -> str | None:
    """A case made offline whose number another site took meanwhile (numbers are counted on
    each side) gets the next free number at the centre; the laptop learns it with the next
    sync. Returns the new number, or None when the number is free."""
    from caseterm.core.vocab import LegalArea
    from caseterm.db.repo.cases import next_case_number

    values = ch.get("value") or {}
    number = values.get("case_number")
    s.flush()  # cases made earlier in this batch hold their numbers too
    taken = s.exec(select(Case.id).where(Case.case_number == number)).scalars().first()
    if taken is None or str(taken) == str(ch["record_id"]):
        return None
    opened = cap.decode(Case.__table__.c.opened_on, values.get("opened_on"))
    fresh = next_case_number(s, LegalArea(values.get("legal_area")), opened.year)
    # insert under a placeholder first (unique), then renumber as a logged change
    ch["value"] = {**values, "case_number": "~" + str(ch["record_id"])[:30]}
    return fresh


def _conflict(s, ch: dict, here: merge.Here, reason: merge.Reason, batch: Batch) -> None:
    current = here.current
    cid = uuid.uuid5(NS, f"{current}|{ch['change_id']}")
    if s.get(SyncConflict, cid) is not None:
        return
    # the change it conflicts with: taken earlier in this batch (not written yet) or before
    cur: Any = batch.index.get(str(current)) if current else None
    if cur is not None:
        cur = SimpleNamespace(author_name=cur["author_name"], hlc=cur["hlc"])
    elif current:
        cur = s.get(SyncChange, _uuid(current))
    case_id = _uuid(ch.get("case_id"))
    if case_id is None and ch["entity"] == "client":
        case_id = s.exec(select(Case.id).where(Case.client_id == _uuid(ch["record_id"]))
                         .order_by(col(Case.opened_on).desc())).scalars().first()
    conflict = SyncConflict(
        id=cid, case_id=case_id, entity=ch["entity"],
        record_id=_uuid(ch["record_id"]), field=ch.get("field") or "*",
        base=_uuid(ch.get("base")), local_change=_uuid(current),
        local_value=cap.dumps(here.value), local_author=cur.author_name if cur else "",
        local_hlc=cur.hlc if cur else "", remote_change=_uuid(ch["change_id"]),
        remote_value=cap.dumps(ch.get("value")), remote_author=ch.get("author_name") or "",
        remote_hlc=ch.get("hlc") or "", reason=reason.value or merge.Reason.same_field.value)
    s.add(conflict)
    s.info["sync_emit"].add(id(conflict))
    s.flush()


def _find_duplicates(s, client_id: uuid.UUID) -> int:
    """Cross-site duplicate candidates of a person who arrived by sync: the intake's matcher
    (core/duplicates.py through db/repo/clients.candidates). Recorded, never merged."""
    from caseterm.db.repo.clients import candidates

    person = s.get(Client, client_id)
    if person is None:
        return 0
    case_id = s.exec(select(Case.id).where(Case.client_id == client_id)).scalars().first()
    found = 0
    for cand in candidates(s, person.first_name, person.last_name, person.birth_date,
                           exclude=client_id):
        pair = sorted([str(cand.client_id), str(client_id)])
        dup_id = uuid.uuid5(NS, "dup|" + "|".join(pair))
        if s.get(SyncDuplicate, dup_id) is not None:
            continue
        dup = SyncDuplicate(id=dup_id, person_a=cand.client_id, person_b=client_id,
                            score=int(cand.verdict.strength), reason=cand.verdict.reason,
                            case_id=case_id)
        s.add(dup)
        s.info["sync_emit"].add(id(dup))
        s.flush()
        found += 1
    return found


def _apply_replica(s, st: SyncState, cs: dict, res: ApplyResult) -> None:
    if cs.get("source_role") != SyncRole.central.value:
        raise ChangeSetError(_("A laptop takes change sets from its centre only."))
    target = cs.get("target")
    if target and _uuid(target) != st.device_id:
        raise ChangeSetError(_("This change set is meant for another device. Nothing was "
                               "applied."))
    source = _uuid(cs.get("source"))
    conn = s.connection()
    pulled = st.last_pulled
    todo: dict | None = cs
    while todo is not None:
        changes = sorted(todo["changes"], key=lambda c: int(c["server_version"]))
        res.received += len(changes)
        since = int(todo.get("since") or 0)
        if since > pulled:
            _hold(s, source, since + 1, int(todo["last"]), todo)
        else:
            if todo.get("rows"):
                from caseterm.db.repo.sync_rows import put_rows

                s.flush()
                res.rows += put_rows(s, todo["rows"], model_of, _make_room)
            fresh = [ch for ch in changes if int(ch["server_version"]) > pulled]
            res.already += len(changes) - len(fresh)
            sync_held.forget_released(conn, fresh, st.device_id)
            batch = Batch(s, fresh)
            acks: list[dict] = []
            with s.no_autoflush:  # one flush for the batch (and one audit append)
                for ch in fresh:
                    _replica_one(s, conn, ch, res, batch, acks)
            pulled = max(pulled, int(todo["last"]))
            batch.write()
            if acks:
                from sqlalchemy import bindparam

                table = SyncChange.__table__
                conn.execute(table.update().where(table.c.change_id == bindparam("cid"))
                             .values(server_version=bindparam("sv"),
                                     outcome=bindparam("oc"), against=bindparam("ag")),
                             acks)
        s.flush()
        todo = _next_held(s, source, pulled)
    _set_state(s, last_pulled=pulled, last_sync_at=utcnow())
    res.held = _gaps(s, source, pulled)
    res.last = pulled


def _replica_one(s, conn, ch: dict, res: ApplyResult, batch: Batch,
                 acks: list[dict]) -> None:
    change_id = _uuid(ch["change_id"])
    if change_id in batch.known:  # our own change, now numbered by the centre
        acks.append({"cid": change_id, "sv": int(ch["server_version"]), "oc": ch["outcome"],
                     "ag": _uuid(ch.get("against"))})
        res.already += 1
        rid = _uuid(ch["record_id"])
        if ch["op"] == "update" and ch.get("outcome") == Outcome.applied.value \
                and (ch["entity"], rid, ch.get("field")) in batch.dirty:
            # another side's change to this field came earlier in the centre's order and
            # was just written here: ours follows it there, so it is the value here too
            model = model_of(ch["entity"])
            obj = batch.get(model, ch["entity"], rid) if model is not None else None
            if obj is not None:
                _write(s, model, obj, ch, batch)
                batch.set_field(ch["entity"], rid, ch["field"], change_id)
        return
    outcome = ch.get("outcome")
    if outcome in (Outcome.applied.value, Outcome.same.value):
        model = model_of(ch["entity"])
        if model is not None:
            rid = _uuid(ch["record_id"])
            obj = batch.get(model, ch["entity"], rid)
            if ch["op"] == "insert" or obj is not None:
                if ch["op"] == "insert" and batch.bases(ch["entity"], rid).get("*"):
                    pass  # deleted here: a tombstone is not undone
                else:
                    if ch["op"] == "insert" and ch["entity"] == "casefile" and obj is None:
                        _make_room(s, (ch.get("value") or {}).get("case_number"), rid)
                    _write(s, model, obj, ch, batch)
            if ch["op"] == "update":
                batch.set_field(ch["entity"], rid, ch["field"], change_id)
            elif ch["op"] == "delete":
                batch.set_field(ch["entity"], rid, "*", change_id)
        if outcome == Outcome.applied.value:
            res.applied += 1
        else:
            res.same += 1
    elif outcome == Outcome.conflict.value:
        res.conflicts += 1
    else:
        res.ignored += 1
    batch.log(change_row(ch))


# -- the centre's side ---------------------------------------------------------------------

def _scope_cases(s, worker_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if not worker_ids:
        return []
    return list(s.exec(select(Case.id).where(
        (col(Case.lead_worker_id).in_(worker_ids) | col(Case.deputy_worker_id).in_(worker_ids)),
        col(Case.closed_on).is_(None)).order_by(col(Case.case_number))).scalars())


def _peer_workers(s, peer: SyncPeer) -> list[uuid.UUID]:
    if peer.worker_id is not None:
        return [peer.worker_id]
    if peer.office:
        return list(s.exec(select(Worker.id).where(Worker.office == peer.office)).scalars())
    return []


_SKIP_COPY = cap.NOT_SYNCED | {"document_blob"} - {"sync_field"}


def _plan() -> list[tuple[Any, str, str | None]]:
    """How each table's rows go with a laptop: (table, how, column) with how one of
    `case` (its case_id), `client` (client ids), `parent` (a foreign key to a copied table),
    `all` (shared reference data: workers, offices, providers) or `skip`."""
    scoped = {"casefile", "client"}
    plan = []
    for table in SQLModel.metadata.sorted_tables:
        name = table.name
        if name in cap.NOT_SYNCED or name in ("audit_entry", "audit_head"):
            continue
        if name == "casefile":
            plan.append((table, "casefile", None))
        elif name == "client":
            plan.append((table, "client", None))
        elif "case_id" in table.c and table.c.case_id.foreign_keys:
            plan.append((table, "case", "case_id"))
            scoped.add(name)
        else:
            link = None
            for column in table.c:
                for fk in column.foreign_keys:
                    if fk.column.table.name in scoped:
                        link = column.name
                        break
                if link:
                    break
            if link:
                plan.append((table, "parent", link))
                scoped.add(name)
            elif name in ("sync_conflict", "sync_duplicate"):
                continue
            else:
                plan.append((table, "all", None))
    return plan


def _case_rows(s, case_ids: list[uuid.UUID], *, shared: bool) -> list[dict]:
    """The rows that go with these cases (and, with `shared`, the shared reference data)."""
    conn = s.connection()
    picked: dict[str, set] = {"casefile": set(case_ids)}
    out: list[dict] = []
    clients = set(conn.execute(select(Case.client_id).where(
        col(Case.id).in_(case_ids))).scalars()) if case_ids else set()
    picked["client"] = clients
    for table, how, column in _plan():
        if how == "all":
            if not shared:
                continue
            stmt = select(table)
        elif how == "casefile":
            stmt = select(table).where(table.c.id.in_(list(case_ids)))
        elif how == "client":
            stmt = select(table).where(table.c.id.in_(list(clients)))
        elif how == "case":
            stmt = select(table).where(table.c[column].in_(list(case_ids)))
        else:
            parent = next(iter(table.c[column].foreign_keys)).column.table.name
            stmt = select(table).where(table.c[column].in_(list(picked.get(parent, ()))))
        if how != "all" and not case_ids:
            continue
        ids = set()
        for r in conn.execute(stmt).mappings():
            row = {k: cap.encode(v) for k, v in r.items()}
            out.append({"table": table.name, "row": row})
            if "id" in r:
                ids.add(r["id"])
        picked[table.name] = ids
    records = set().union(*picked.values()) if picked else set()
    if records:
        for r in conn.execute(select(SyncField.__table__)).mappings():
            if r["record_id"] in records:
                out.append({"table": "sync_field", "row": {k: cap.encode(v)
                                                           for k, v in r.items()}})
    return out


def export_for_device(db: Database, device_id: uuid.UUID, since: int | None,
                      limit: int | None) -> dict:
    with db.write() as s:
        st = _require_role(_state(s), SyncRole.central.value)
        peer = s.get(SyncPeer, device_id)
        if peer is None:
            raise ChangeSetError(_("Unknown device {device}: it was not checked out from this "
                                   "centre.").format(device=device_id))
        since = peer.acked_version if since is None else since
        current = int(s.connection().execute(text(
            "SELECT next_server_version FROM sync_state WHERE id = 1")).scalar()) - 1
        known = {pc.case_id: pc for pc in s.exec(select(SyncPeerCase).where(
            SyncPeerCase.device_id == device_id)).scalars()}
        scope = _scope_cases(s, _peer_workers(s, peer))
        send = [c for c in scope if c not in known]
        send += [c for c, pc in known.items() if pc.sent_version > max(since, 0)
                 and pc.sent_version > peer.acked_version]
        for case_id in send:
            if case_id in known:
                known[case_id].sent_version = current
            else:
                s.add(SyncPeerCase(device_id=device_id, case_id=case_id,
                                   sent_version=current))
        rows = _case_rows(s, send, shared=False) if send else []
        cases = set(known) | set(send)
        clients = set(s.connection().execute(select(Case.client_id).where(
            col(Case.id).in_(list(cases)))).scalars()) if cases else set()
        out: list[dict] = []
        last = current
        result = s.connection().execute(
            select(SyncChange.__table__).where(SyncChange.server_version > since)
            .order_by(SyncChange.server_version).execution_options(yield_per=2000))
        for r in result:
            if not _routes(r, cases, clients):
                continue
            out.append(change_dict(r))
            if limit and len(out) >= limit:
                last = r.server_version
                break
        result.close()
        first = out[0]["server_version"] if out else since + 1
        return envelope(st.device_id, SyncRole.central.value, out, first=first, last=last,
                        since=since, target=device_id, rows=rows)


def _routes(r, cases: set, clients: set) -> bool:
    if r.case_id is not None:
        return r.case_id in cases
    if r.entity == "client":  # a merged-away person's link goes where the survivor goes
        return r.record_id in clients or (r.field == "merged_into" and r.value.strip('"')
                                          in {str(c) for c in clients})
    return r.entity not in ("sync_duplicate", "sync_conflict")


def init_central(db: Database, actor: Actor, name: str) -> str:
    with db.write() as s:
        st = _state(s)
        if st is not None and st.role == SyncRole.replica.value:
            raise ChangeSetError(_("This database is a checked-out laptop; it cannot be the "
                                   "centre."))
        if st is not None and st.role == SyncRole.central.value:
            return str(st.device_id)
        device = uuid.uuid4()
        if st is None:
            s.add(SyncState(id=1, role=SyncRole.central.value, device_id=device,
                            device_name=name or "central"))
        else:
            _set_state(s, role=SyncRole.central.value, device_id=device,
                       device_name=name or "central")
        from caseterm.db.repo import audit

        s.flush()
        audit.append(s, actor, [audit.Pending("sync_init", "sync_state", str(device), None,
                                              {"role": "central"})])
    cap.forget_role(db.engine)
    cap.forget_role(db._write_engine)
    return str(device)


def checkout(central: Database, actor: Actor, replica: Database | None, *,
             worker: str | None, office: str | None, name: str) -> CheckoutSummary:
    """Register a device at the centre and fill `replica` (already created and migrated) with
    its cases; `replica` None: only say what would go."""
    with central.write() as s:
        _require_role(_state(s), SyncRole.central.value)
        worker_id = None
        if worker:
            worker_id = s.exec(select(Worker.id).where(Worker.username == worker)
                               ).scalars().first()
            if worker_id is None:
                raise ChangeSetError(_("No worker with the user name {name}.").format(
                    name=worker))
            workers = [worker_id]
        else:
            workers = list(s.exec(select(Worker.id).where(Worker.office == (office or "")))
                           .scalars())
            if not office or not workers:
                raise ChangeSetError(_("No worker works in the office {office}.").format(
                    office=office or "—"))
        cases = _scope_cases(s, workers)
        numbers = list(s.exec(select(Case.case_number).where(col(Case.id).in_(cases))
                              .order_by(col(Case.case_number))).scalars()) if cases else []
        clients = set(s.exec(select(Case.client_id).where(col(Case.id).in_(cases)))
                      .scalars()) if cases else set()
        total_people = s.exec(select(func.count()).select_from(Client)).scalar() or 0
        device = uuid.uuid4()
        if replica is None:
            return CheckoutSummary(str(device), len(cases), len(clients), 0,
                                   int(total_people) - len(clients), numbers)
        current = int(s.connection().execute(text(
            "SELECT next_server_version FROM sync_state WHERE id = 1")).scalar()) - 1
        rows = _case_rows(s, cases, shared=True)
        index = [{"client_id": r.id, "name_key": r.name_key, "phonetic_key": r.phonetic_key,
                  "birth_date": r.birth_date}
                 for r in s.exec(select(Client.id, Client.name_key, Client.phonetic_key,
                                        Client.birth_date)) if r.id not in clients]
        s.add(SyncPeer(device_id=device, name=name, worker_id=worker_id,
                       office=office or "", last_seq=0, acked_version=current,
                       last_seen_at=utcnow()))
        for case_id in cases:
            s.add(SyncPeerCase(device_id=device, case_id=case_id, sent_version=0))
        _fill_replica(replica, rows, index, device=device, name=name, current=current,
                      central_url=central.url, worker_id=worker_id, office=office or "")
        from caseterm.db.repo import audit

        s.flush()
        audit.append(s, actor, [audit.Pending(
            "sync_checkout", "sync_peer", str(device), None,
            {"cases": len(cases), "worker": worker or "", "office": office or "",
             "name": name})])
    return CheckoutSummary(str(device), len(cases), len(clients), len(rows), len(index),
                           numbers)


def _insert_rows(conn, table, rows: list[dict]) -> None:
    """Insert rows whose columns may point at rows of the same table (two workers naming
    each other as deputy or team lead): those columns first empty, then set once every row
    is there, so no foreign key points at a row not yet inserted."""
    own = sorted({fk.parent.name for fk in table.foreign_keys
                  if fk.column.table is table})
    later = [(r["id"], {c: r[c] for c in own if r.get(c) is not None}) for r in rows]
    later = [(i, v) for i, v in later if v]
    if later:
        rows = [{**r, **dict.fromkeys(own)} if any(r.get(c) is not None for c in own) else r
                for r in rows]
    conn.execute(table.insert(), rows)
    for row_id, values in later:
        conn.execute(table.update().where(table.c.id == row_id).values(**values))


def _fill_replica(replica: Database, rows: list[dict], index: list[dict], *, device, name,
                  current, central_url, worker_id, office) -> None:
    from caseterm.db import search

    with replica.write() as r:
        conn = r.connection()
        if conn.execute(select(func.count()).select_from(Case)).scalar():
            raise ChangeSetError(_("The laptop database is not empty; check out into a new "
                                   "file."))
        by_table: dict[str, list[dict]] = {}
        for item in rows:
            by_table.setdefault(item["table"], []).append(item["row"])
        tables = SQLModel.metadata.tables
        for name_, items in by_table.items():
            table = tables[name_]
            decoded = [{k: cap.decode(table.c[k], v) for k, v in row.items() if k in table.c}
                       for row in items]
            if name_ == "worker":
                # a fresh laptop file may already hold the first-start worker rows
                present = set(conn.execute(select(table.c.id)).scalars())
                decoded = [d for d in decoded if d["id"] not in present]
            if decoded:
                _insert_rows(conn, table, decoded)
        if index:
            conn.execute(SyncPersonIndex.__table__.insert(), index)
        conn.execute(SyncState.__table__.delete())
        conn.execute(SyncState.__table__.insert().values(
            id=1, role=SyncRole.replica.value, device_id=device, device_name=name or "",
            next_seq=1, next_server_version=1, central_url=central_url, last_pulled=current,
            last_sync_at=utcnow(), scope_worker_id=worker_id, scope_office=office, hlc="",
            checked_out_at=utcnow(), stale_days=7))
        search.rebuild(r)
    cap.forget_role(replica.engine)
    cap.forget_role(replica._write_engine)


# -- status, conflicts, duplicates ---------------------------------------------------------

def status(db: Database, today: date, visible=None) -> SyncStatus:
    """`visible`: a SQL condition on casefile.id (the reader's cases); the conflict and
    duplicate counts cover only those (None: all, for tools below the door)."""
    with db.read() as s:
        st = _state(s)
        if st is None:
            return SyncStatus("none", "", "", "", 0, None, None, False, 7, 0, 0, 0)
        unsent = s.exec(select(func.count()).select_from(SyncChange).where(
            SyncChange.device_id == st.device_id,
            SyncChange.outcome == Outcome.pending.value)).scalar() or 0
        open_conflicts = select(func.count()).select_from(SyncConflict).where(
            SyncConflict.state == ConflictState.open.value)
        open_dups = select(func.count()).select_from(SyncDuplicate).where(
            SyncDuplicate.state == DuplicateState.open.value)
        if visible is not None:
            # the same rule as the lists: a conflict or candidate of a case the reader sees
            open_conflicts = open_conflicts.join(
                Case, col(Case.id) == SyncConflict.case_id).where(visible)
            open_dups = open_dups.join(Case, col(Case.id) == SyncDuplicate.case_id).where(
                visible)
        conflicts = s.exec(open_conflicts).scalar() or 0
        dups = s.exec(open_dups).scalar() or 0
        last = st.last_sync_at
        days = max(0, (today - last.date()).days) if last is not None else None
        stale = st.role == SyncRole.replica.value and days is not None and days > st.stale_days
        return SyncStatus(st.role, str(st.device_id), st.device_name, st.central_url,
                          int(unsent), last, days, stale, st.stale_days, int(conflicts),
                          int(dups), st.last_pulled)


def set_stale_days(db: Database, days: int) -> None:
    with db.write() as s:
        _require_role(_state(s), SyncRole.replica.value)
        _set_state(s, stale_days=days)


def _hlc_time(label: str) -> str:
    try:
        wall = merge.HLC.parse(label).wall
    except ValueError:
        return ""
    if not wall:
        return ""
    from datetime import UTC

    return datetime.fromtimestamp(wall / 1000, UTC).strftime("%Y-%m-%d %H:%M")


def conflicts(db: Database, visible, case_id: uuid.UUID | None,
              include_decided: bool) -> list[ConflictRow]:
    """Conflicts of the cases in `visible` (a SQL condition on casefile.id, None: all)."""
    with db.read() as s:
        stmt = select(SyncConflict, Case.case_number).join(
            Case, col(Case.id) == SyncConflict.case_id, isouter=True)
        if visible is not None:
            stmt = stmt.where(visible)
        if case_id is not None:
            stmt = stmt.where(SyncConflict.case_id == case_id)
        if not include_decided:
            stmt = stmt.where(SyncConflict.state == ConflictState.open.value)
        stmt = stmt.order_by(col(Case.case_number), col(SyncConflict.created_at))
        out = []
        for c, number in s.exec(stmt):
            out.append(ConflictRow(
                c.id, c.case_id, number or "", c.entity, c.record_id, c.field, c.reason,
                json.loads(c.local_value), c.local_author, _hlc_time(c.local_hlc),
                json.loads(c.remote_value), c.remote_author, _hlc_time(c.remote_hlc),
                c.state, c.decision, c.row_version))
        return out


def conflict_case(db: Database, conflict_id: uuid.UUID) -> tuple[uuid.UUID | None, int] | None:
    with db.read() as s:
        c = s.get(SyncConflict, conflict_id)
        return (c.case_id, c.row_version) if c is not None else None


def resolve(db: Database, actor: Actor, conflict_id: uuid.UUID, choice: str, value: Any,
            expected_version: int | None) -> str:
    """Decide a conflict; returns "" or "stale" (someone decided it meanwhile)."""
    with db.write() as s:
        c = s.get(SyncConflict, conflict_id)
        if c is None:
            return "missing"
        if c.state != ConflictState.open.value or (
                expected_version is not None and c.row_version != expected_version):
            return "stale"
        chosen = {"local": json.loads(c.local_value), "remote": json.loads(c.remote_value)
                  }.get(choice, value)
        model = model_of(c.entity)
        obj = s.get(model, c.record_id) if model is not None else None
        if obj is not None and c.field in model.__table__.c:
            column = model.__table__.c[c.field]
            new = cap.decode(column, chosen)
            if getattr(obj, c.field) != new:
                setattr(obj, c.field, new)
        c.state = ConflictState.decided.value
        c.decision = choice
        c.decided_value = cap.dumps(chosen)
        c.decided_by = actor.id
        c.decided_at = utcnow()
        s.flush()
    return ""


def duplicates(db: Database, visible, include_decided: bool) -> list[DuplicateRow]:
    with db.read() as s:
        stmt = select(SyncDuplicate)
        if not include_decided:
            stmt = stmt.where(SyncDuplicate.state == DuplicateState.open.value)
        out = []
        for d in s.exec(stmt.order_by(col(SyncDuplicate.created_at))).scalars():
            if visible is not None:
                ids = [i for i in (d.case_id,) if i is not None]
                ok = ids and s.exec(select(Case.id).where(col(Case.id).in_(ids), visible)
                                    ).first() is not None
                if not ok:
                    continue
            a, b = s.get(Client, d.person_a), s.get(Client, d.person_b)
            out.append(DuplicateRow(
                d.id, d.person_a, d.person_b,
                f"{a.last_name}, {a.first_name}" if a else "",
                f"{b.last_name}, {b.first_name}" if b else "",
                a.birth_date if a else None, b.birth_date if b else None,
                d.score, d.reason, d.state, d.case_id, d.row_version))
        return out


def duplicate_cases(db: Database, dup_id: uuid.UUID):
    """(the duplicate row, the case ids of person b) or None."""
    with db.read() as s:
        d = s.get(SyncDuplicate, dup_id)
        if d is None:
            return None
        cases = list(s.exec(select(Case.id).where(Case.client_id == d.person_b)).scalars())
        return d, cases


def decide_dup(db: Database, actor: Actor, dup_id: uuid.UUID, choice: str,
               expected_version: int | None) -> str:
    with db.write() as s:
        d = s.get(SyncDuplicate, dup_id)
        if d is None:
            return "missing"
        if d.state != DuplicateState.open.value or (
                expected_version is not None and d.row_version != expected_version):
            return "stale"
        if choice == "merge":
            if s.get(Client, d.person_a) is None:
                return "absent"
            for case in s.exec(select(Case).where(Case.client_id == d.person_b)).scalars():
                case.client_id = d.person_a
            from caseterm.db.repo.sync_merged import link
            link(s, d.person_b, d.person_a)  # the merged-away record points to the survivor
            d.state = DuplicateState.merged.value
        else:
            d.state = DuplicateState.different.value
        d.decided_by = actor.id
        d.decided_at = utcnow()
        s.flush()
    return ""


def record_unsent(db: Database, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    with db.read() as s:
        st = _state(s)
        if st is None or st.role != SyncRole.replica.value:
            return set()
        found: set[uuid.UUID] = set()
        chunk = list(ids)
        for start in range(0, len(chunk), 500):
            part = chunk[start:start + 500]
            for rid, cid in s.exec(select(SyncChange.record_id, SyncChange.case_id).where(
                    SyncChange.device_id == st.device_id,
                    SyncChange.outcome == Outcome.pending.value,
                    col(SyncChange.record_id).in_(part) | col(SyncChange.case_id).in_(part))):
                if rid in ids:
                    found.add(rid)
                if cid in ids:
                    found.add(cid)
        return found


def is_role(db: Database, role: str) -> bool:
    with db.read() as s:
        st = _state(s)
        return st is not None and st.role == role

