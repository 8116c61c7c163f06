"""What goes to a laptop: the cases in its scope, the rows that go with them, and the centre's
changes since the laptop's last pull."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlmodel import SQLModel, col

from caseterm.db.engine import Database
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo.sync.changeset import (
    ChangeSetError,
    Tally,
    _require_role,
    _state,
    change_dict,
    envelope,
)
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.sync import (
    SyncChange,
    SyncField,
    SyncPeer,
    SyncPeerCase,
    SyncRole,
)
from caseterm.models.worker import Worker


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
    return list(_iter_case_rows(s, case_ids, shared=shared))


def _iter_case_rows(s, case_ids: list[uuid.UUID], *, shared: bool) -> Iterator[dict]:
    """_case_rows one by one (a bundle of 10,000 cases streams them to its file)."""
    conn = s.connection()
    picked: dict[str, set] = {"casefile": set(case_ids)}
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
        result = conn.execute(stmt.execution_options(yield_per=2000)).mappings()
        for r in result:
            row = {k: cap.encode(v) for k, v in r.items()}
            yield {"table": table.name, "row": row}
            if "id" in r:
                ids.add(r["id"])
        result.close()
        picked[table.name] = ids
    records = set().union(*picked.values()) if picked else set()
    if records:
        for r in conn.execute(select(SyncField.__table__)).mappings():
            if r["record_id"] in records:
                yield {"table": "sync_field", "row": {k: cap.encode(v) for k, v in r.items()}}


def export_for_device(db: Database, device_id: uuid.UUID, since: int | None,
                      limit: int | None, sink=None) -> dict:
    """With `sink(key, item)` the rows and changes go there one by one (a bundle being
    written); the returned change set then has empty lists and the counts."""
    tally = Tally(sink)
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
        for item in _iter_case_rows(s, send, shared=False) if send else ():
            tally.row(item)
        cases = set(known) | set(send)
        clients = set(s.connection().execute(select(Case.client_id).where(
            col(Case.id).in_(list(cases)))).scalars()) if cases else set()
        last = current
        result = s.connection().execute(
            select(SyncChange.__table__).where(SyncChange.server_version > since)
            .order_by(SyncChange.server_version).execution_options(yield_per=2000))
        for r in result:
            if not _routes(r, cases, clients, device_id):
                continue
            tally.change(change_dict(r))
            if limit and tally.counts["changes"] >= limit:
                last = r.server_version
                break
        result.close()
        first = tally.first["server_version"] if tally.first else since + 1
        return envelope(st.device_id, SyncRole.central.value, tally.changes, first=first,
                        last=last, since=since, target=device_id, rows=tally.rows,
                        counts=tally.counts)


def _routes(r, cases: set, clients: set, device=None) -> bool:
    if r.field == "erased" and r.device_id == device:
        return True  # an erasure's tombstone goes back to its laptop (acknowledged there)
    if r.case_id is not None:
        return r.case_id in cases
    if r.entity == "client":  # a merged-away person's link goes where the survivor goes
        return r.record_id in clients or (r.field == "merged_into" and r.value.strip('"')
                                          in {str(c) for c in clients})
    return r.entity not in ("sync_duplicate", "sync_conflict")
