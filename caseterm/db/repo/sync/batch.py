"""One apply's working set (Batch) and the steps every change goes through: is its base as
good as the current change (_accepts), what is here (_here), write it (_write)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from caseterm.core import merge
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo.sync.changeset import (
    _uuid,
    model_of,
)
from caseterm.db.repo.sync_erase import ERASED, _as_uuid
from caseterm.models.case import Case
from caseterm.models.sync import (
    Outcome,
    SyncChange,
    SyncField,
)


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
        self.erased: set[uuid.UUID] = set()  # records erased here (sync_erase tombstones)
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
        touched = sorted({i for i in (_as_uuid(v) for ch in changes for v in _refs(ch))
                          if i is not None}, key=str)
        for start in range(0, len(touched), 500):
            self.erased |= set(conn.execute(select(table.c.record_id).where(
                table.c.field == ERASED,
                table.c.record_id.in_(touched[start:start + 500]))).scalars())

    def dropped(self, ch: dict) -> bool:
        """Does the change belong to a record erased here (never applied, never held)?"""
        return bool(self.erased) and any(_as_uuid(v) in self.erased for v in _refs(ch))

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


def _refs(ch: dict) -> list:
    """The record ids a change names: its record, its case, a new row's parents."""
    out = [ch.get("record_id"), ch.get("case_id")]
    if ch.get("op") == "insert" and isinstance(ch.get("value"), dict):
        model = model_of(ch["entity"])
        if model is not None:
            out += [ch["value"].get(c.name) for c in model.__table__.columns if c.foreign_keys]
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


def _make_room(s, number: str | None, case_id: uuid.UUID) -> None:
    """A laptop's own new case holds a number the centre gave to another case: the laptop's
    case steps aside under a placeholder until the centre's new number for it arrives."""
    s.flush()  # the numbers of cases made or renumbered earlier in this batch count too
    mine = s.exec(select(Case).where(Case.case_number == number)).scalars().first()
    if mine is not None and mine.id != case_id:
        mine.case_number = "~" + str(mine.id)[:30]
        s.flush()
