"""Setting up sync: a database becomes the centre, a laptop is checked out from it."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, text
from sqlmodel import SQLModel, col

from caseterm.core.access import Actor
from caseterm.core.sync_facts import (
    CheckoutSummary,
)
from caseterm.db.engine import Database
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo.sync.changeset import (
    ChangeSetError,
    _require_role,
    _set_state,
    _state,
)
from caseterm.db.repo.sync.export import _case_rows, _scope_cases
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.sync import (
    SyncPeer,
    SyncPeerCase,
    SyncPersonIndex,
    SyncRole,
    SyncState,
)
from caseterm.models.worker import Worker


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
