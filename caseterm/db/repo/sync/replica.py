"""A laptop takes the centre's change set: the centre's decisions, and its own changes numbered."""

from __future__ import annotations

from caseterm.core.sync_facts import (
    ApplyResult,
)
from caseterm.db.repo import sync_erase, sync_held
from caseterm.db.repo.sync.batch import Batch, _make_room, _write
from caseterm.db.repo.sync.changeset import (
    ChangeSetError,
    _set_state,
    _uuid,
    batches,
    change_row,
    model_of,
    whole,
)
from caseterm.db.repo.sync.inbox import _gaps, _hold, _next_held
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.sync import (
    Outcome,
    SyncChange,
    SyncRole,
    SyncState,
)


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
        since = int(todo.get("since") or 0)
        if since > pulled:
            held = whole(todo)
            res.received += len(held["changes"])
            _hold(s, source, since + 1, int(todo["last"]), held)
        else:
            made: dict = {}  # the snapshot's rows' cases, across batches
            for rows in batches(todo, "", "rows"):
                from caseterm.db.repo.sync_rows import put_rows

                s.flush()
                res.rows += put_rows(s, rows, model_of, _make_room, made)
            for changes in batches(todo, "server_version"):
                _replica_batch(s, conn, changes, pulled, st, res)
            pulled = max(pulled, int(todo["last"]))
        s.flush()
        todo = _next_held(s, source, pulled)
    _set_state(s, last_pulled=pulled, last_sync_at=utcnow())
    res.held = _gaps(s, source, pulled)
    res.last = pulled


def _replica_batch(s, conn, changes: list[dict], pulled: int, st: SyncState,
                   res: ApplyResult) -> None:
    res.received += len(changes)
    fresh = [ch for ch in changes if int(ch["server_version"]) > pulled]
    res.already += len(changes) - len(fresh)
    sync_held.forget_released(conn, fresh, st.device_id)
    batch = Batch(s, fresh)
    acks: list[dict] = []
    with s.no_autoflush:  # one flush for the batch (and one audit append)
        for ch in fresh:
            _replica_one(s, conn, ch, res, batch, acks)
    batch.write()
    if acks:
        from sqlalchemy import bindparam

        table = SyncChange.__table__
        conn.execute(table.update().where(table.c.change_id == bindparam("cid"))
                     .values(server_version=bindparam("sv"), outcome=bindparam("oc"),
                             against=bindparam("ag")), acks)


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
    if sync_erase.take(s, ch, batch, change_row(ch), res):  # erasures reach the laptop too
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
