"""The centre's merge of a laptop's change set: each change decided by core/merge.py, conflicts
and cross-site duplicate candidates recorded."""

from __future__ import annotations

import uuid
from itertools import chain
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from caseterm.core import merge
from caseterm.core.sync_facts import (
    ApplyResult,
)
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo import sync_erase, sync_held
from caseterm.db.repo.sync.batch import Batch, _accepts, _here, _write
from caseterm.db.repo.sync.changeset import (
    NS,
    ChangeSetError,
    _uuid,
    batches,
    change_row,
    whole,
)
from caseterm.db.repo.sync.inbox import _gaps, _hold, _next_held
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.sync import (
    SyncChange,
    SyncConflict,
    SyncDuplicate,
    SyncPeer,
    SyncPeerCase,
    SyncRole,
    SyncState,
)


def _apply_centre(s, st: SyncState, cs: dict, res: ApplyResult) -> None:
    source = _uuid(cs.get("source"))
    if cs.get("source_role") != SyncRole.replica.value:
        raise ChangeSetError(_("The centre takes change sets from laptops only."))
    peer = s.get(SyncPeer, source)
    if peer is None:
        raise ChangeSetError(_(
            "Unknown device {device}: it was not checked out from this centre. Nothing was "
            "applied.").format(device=source))
    conn = s.connection()
    new_clients: list[uuid.UUID] = []
    todo: dict | None = cs
    while todo is not None:
        parts = batches(todo, "seq")
        head = next(parts, [])
        if head and int(todo["first"]) > peer.last_seq + 1:
            held = whole(todo)
            res.received += len(held["changes"])
            _hold(s, source, int(todo["first"]), int(todo["last"]), held)
        elif head:
            for changes in chain([head], parts):
                res.received += len(changes)
                batch = Batch(s, changes)
                fresh = [ch for ch in changes if int(ch["seq"]) > peer.last_seq
                         and _uuid(ch["change_id"]) not in batch.known]
                res.already += len(changes) - len(fresh)
                version = cap.take(conn, "next_server_version", len(fresh)) if fresh else 0
                with s.no_autoflush:  # one flush for the batch (and one audit append)
                    for i, ch in enumerate(fresh):
                        _centre_one(s, conn, ch, res, source, new_clients, batch,
                                    version + i)
                batch.write()
            peer.last_seq = max(peer.last_seq, int(todo["last"]))
        # the device's acknowledgement and contact with its last seq: one UPDATE of the row
        peer.acked_version = max(peer.acked_version, int(cs.get("pulled") or 0))
        peer.last_seen_at = utcnow()
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
    if sync_erase.take(s, ch, batch, row, res):  # a tombstone, or an erased record's change
        return
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
    earlier in this batch (None: every parent is there; one rule with the held changes')."""
    from caseterm.db.repo.sync_held import waits_for

    return waits_for(model, ch, batch)[0] or None


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
