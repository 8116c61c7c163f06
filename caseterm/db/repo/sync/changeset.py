"""The change set: its format, the sync_state row, change rows in and out of JSON, and the
laptop's outgoing set."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, update
from sqlmodel import SQLModel, col

from caseterm.db.engine import Database
from caseterm.db.repo import sync_capture as cap
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.sync import (
    Outcome,
    SyncChange,
    SyncRole,
    SyncState,
)

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


_STATE_ROW: Any = None


def _state(session) -> Any:
    """This database's sync_state row (read with Core: it is asked on every sync call, and
    written only with _set_state). The statement is built once: building it and its cache
    key on every call cost more than running it."""
    global _STATE_ROW
    if _STATE_ROW is None:
        table = SyncState.__table__
        _STATE_ROW = select(table).where(table.c.id == 1)
    return session.connection().execute(_STATE_ROW).first()


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


class Tally:
    """Where a change set's items go: into its lists, or (streamed, a bundle being written)
    to `sink(key, item)` with only their counts kept."""

    def __init__(self, sink=None) -> None:
        self.sink = sink
        self.rows: list[dict] = []
        self.changes: list[dict] = []
        self.counts = {"changes": 0, "rows": 0, "insert": 0, "update": 0, "delete": 0}
        self.first: dict | None = None
        self.last: dict | None = None

    def row(self, item: dict) -> None:
        self.counts["rows"] += 1
        if self.sink is None:
            self.rows.append(item)
        else:
            self.sink("rows", item)

    def change(self, item: dict) -> None:
        self.counts["changes"] += 1
        self.counts[item["op"]] = self.counts.get(item["op"], 0) + 1
        self.first = self.first or item
        self.last = item
        if self.sink is None:
            self.changes.append(item)
        else:
            self.sink("changes", item)


def envelope(source, role: str, changes: list[dict], *, first: int, last: int,
             since: int | None = None, pulled: int | None = None, target=None,
             rows: list[dict] | None = None, counts: dict | None = None) -> dict:
    if counts is None:
        counts = {"changes": len(changes), "rows": len(rows or [])}
        for op in ("insert", "update", "delete"):
            counts[op] = sum(1 for c in changes if c["op"] == op)
    return {"format": FORMAT, "version": VERSION, "schema": SCHEMA, "source": str(source),
            "source_role": role, "target": str(target) if target else None,
            "first": first, "last": last, "since": since, "pulled": pulled,
            "counts": counts, "changes": changes, "rows": rows or []}


def check_changeset(cs: Any) -> None:
    from caseterm.core.bundle_stream import Streamed

    if not isinstance(cs, dict) or cs.get("format") != FORMAT:
        raise ChangeSetError(_("This is not a caseterm change set. Nothing was applied."))
    version = cs.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ChangeSetError(_(
            "This change set was made by a newer caseterm (format {version}); update caseterm "
            "here first. Nothing was applied.").format(version=version))
    if not (isinstance(cs.get("changes"), list) or isinstance(cs, Streamed)) \
            or not isinstance(cs.get("first"), int) \
            or not isinstance(cs.get("last"), int):
        raise ChangeSetError(_("The change set is incomplete. Nothing was applied."))


BATCH = 2000  # changes (or snapshot rows) applied at a time from a streamed change set


def whole(cs: dict) -> dict:
    """The change set with its lists in memory (to be held as JSON until a gap is filled)."""
    from caseterm.core.bundle_stream import Streamed

    return cs.whole() if isinstance(cs, Streamed) else cs


def batches(cs: dict, order: str, key: str = "changes") -> Iterator[list[dict]]:
    """A change set's changes ordered by `order` (seq or server_version) in batches; a list
    in memory is one batch, a streamed change set (a bundle) comes BATCH at a time, in the
    order it was written (out of order: ChangeSetError, nothing applied). With key="rows"
    the snapshot rows, in their order."""
    from caseterm.core.bundle_stream import Streamed

    if not isinstance(cs, Streamed):
        items = cs.get(key) or []
        if items:
            yield sorted(items, key=lambda c: int(c[order])) if key == "changes" else items
        return
    part: list[dict] = []
    last = None
    for item in cs.each(key):
        if key == "changes":
            n = int(item[order])
            if last is not None and n < last:
                raise ChangeSetError(_("The change set's changes are out of order. Nothing "
                                       "was applied."))
            last = n
        part.append(item)
        if len(part) >= BATCH:
            yield part
            part = []
    if part:
        yield part


def _require_role(st: SyncState | None, role: str) -> SyncState:
    if st is None or st.role != role:
        if role == SyncRole.central.value:
            raise ChangeSetError(_(
                "This database is not a sync centre (run: caseterm sync init-central)."))
        raise ChangeSetError(_(
            "This database is not a checked-out laptop (caseterm sync checkout makes one)."))
    return st


def collect_outgoing(db: Database, sink=None) -> dict:
    """The laptop's unsent changes; with `sink(key, item)` they go there one by one (the
    returned change set then has empty lists and the counts)."""
    tally = Tally(sink)
    with db.read() as s:
        st = _require_role(_state(s), SyncRole.replica.value)
        result = s.connection().execute(select(SyncChange.__table__).where(
            SyncChange.device_id == st.device_id, SyncChange.outcome == Outcome.pending.value)
            .order_by(col(SyncChange.seq)).execution_options(yield_per=2000))
        for r in result:
            tally.change(change_dict(r))
        result.close()
        first = tally.first["seq"] if tally.first else st.next_seq
        last = tally.last["seq"] if tally.last else st.next_seq - 1
        return envelope(st.device_id, SyncRole.replica.value, tally.changes, first=first,
                        last=last, pulled=st.last_pulled, counts=tally.counts)
