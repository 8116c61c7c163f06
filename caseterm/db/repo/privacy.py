"""Privacy below the door: what is stored about a person, erasure, restriction, legal hold,
the facts for the retention schedule, and the managed backups an erasure must reach.

Which rows belong to a case or a person is read from the foreign keys of the models: a table
that points at `casefile` (or, for a person, at `client`) belongs to it, and so does a table
that points at such a table (a GAS level's goal, a network tie's map …). Workers, providers
and offerings are shared by everyone and never belong to a case. A new table is therefore
covered without a change here.

Erasure (Art. 17 DSGVO, § 84 SGB X; reliability-security.md §6.2): one transaction deletes the
rows, drops them from the search index, redacts their content from the audit trail and appends
one content-free erasure entry (db/repo/audit.py `redact`), so a kill -9 leaves all or nothing.
Then the database file is cleaned on SQLite: `secure_delete` is on for every connection
(db/engine.py), the search index is merged ('optimize'), and `wal_checkpoint(TRUNCATE)`,
`VACUUM`, `wal_checkpoint(TRUNCATE)` leave no copy in free pages or the WAL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Table, or_, select, text
from sqlmodel import Session, SQLModel

from caseterm.core.access import Actor
from caseterm.core.retention import CaseFacts
from caseterm.db.engine import Database
from caseterm.db.repo import audit
from caseterm.models.case import Case
from caseterm.models.client import Client

SHARED = frozenset({"worker", "service_provider", "service_offering", "setting", "audit_entry",
                    "audit_head", "absence"})


def _tables() -> dict[str, Table]:
    return dict(SQLModel.metadata.tables)


def owned_conditions(case_ids: list[uuid.UUID], client_ids: list[uuid.UUID],
                     present: set[str] | None = None) -> dict[str, object]:
    """table name -> condition selecting its rows that belong to the cases / persons, parents
    before children. `present`: the tables that exist (an older backup may lack some)."""
    tables = _tables()
    conds: dict[str, object] = {"casefile": tables["casefile"].c.id.in_(case_ids)}
    if client_ids:
        conds["client"] = tables["client"].c.id.in_(client_ids)
    for t in SQLModel.metadata.sorted_tables:
        if t.name in conds or t.name in SHARED:
            continue
        if present is not None and t.name not in present:
            continue
        ors = []
        for column in t.columns:
            for fk in column.foreign_keys:
                parent = fk.column.table
                if parent is not t and parent.name in conds:
                    ors.append(column.in_(select(parent.c.id).where(conds[parent.name])))
        if ors:
            conds[t.name] = or_(*ors)
    return conds


# -- facts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseHead:
    id: uuid.UUID
    case_number: str
    client_id: uuid.UUID
    legal_area: str
    closed_on: date | None
    birth_date: date | None
    restricted_on: date | None
    legal_hold: bool
    legal_hold_reason: str

    def facts(self) -> CaseFacts:
        return CaseFacts(self.id, self.case_number, self.legal_area, self.closed_on,
                         self.birth_date, self.legal_hold, self.restricted_on is not None)


def _heads(session: Session, cond) -> list[CaseHead]:
    rows = session.exec(select(Case.id, Case.case_number, Case.client_id, Case.legal_area,
                               Case.closed_on, Client.birth_date, Case.restricted_on,
                               Case.legal_hold, Case.legal_hold_reason)
                        .join(Client, Client.id == Case.client_id).where(cond)
                        .order_by(Case.case_number)).all()
    return [CaseHead(*r) for r in rows]


def case_by_number(db: Database, number: str) -> CaseHead | None:
    with db.read() as s:
        found = _heads(s, Case.case_number == number)
    return found[0] if found else None


def case_by_id(db: Database, case_id: uuid.UUID) -> CaseHead | None:
    with db.read() as s:
        found = _heads(s, Case.id == case_id)
    return found[0] if found else None


def cases_of_client(db: Database, client_id: uuid.UUID) -> list[CaseHead]:
    with db.read() as s:
        return _heads(s, Case.client_id == client_id)


def all_case_facts(db: Database) -> list[CaseHead]:
    """Every case with the facts the retention schedule needs (closed cases and, for rules
    counted from a birthday, all)."""
    with db.read() as s:
        return _heads(s, Case.id.is_not(None))


# -- access (Art. 15) ----------------------------------------------------------------------

INTERNAL = frozenset({"id", "row_version", "updated_at", "name_key", "phonetic_key",
                      "search_key"})


def rows_of_person(db: Database, client_id: uuid.UUID) -> dict[str, list[dict]]:
    """table -> rows (column -> value) of everything stored about the person and her cases,
    internal keys left out."""
    case_ids = [h.id for h in cases_of_client(db, client_id)]
    conds = owned_conditions(case_ids, [client_id])
    tables = _tables()
    out: dict[str, list[dict]] = {}
    with db.read() as s:
        conn = s.connection()
        for name, cond in conds.items():
            t = tables[name]
            rows = conn.execute(select(t).where(cond)).mappings().all()
            if rows:
                out[name] = [{k: v for k, v in r.items()
                              if k not in INTERNAL and not (k.endswith("_id") and k != "case_id")}
                             | ({"case_id": r["case_id"]} if "case_id" in r else {})
                             for r in rows]
    return out


def case_numbers(db: Database, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    with db.read() as s:
        return dict(s.exec(select(Case.id, Case.case_number)
                           .where(Case.id.in_(case_ids))).all())


def audit_of_cases(db: Database, case_ids: list[uuid.UUID]) -> list[audit.EntryRow]:
    out: list[audit.EntryRow] = []
    for cid in case_ids:
        out += audit.for_case(db, cid, limit=5000)
    return out


# -- restriction and legal hold -----------------------------------------------------------

def set_restriction(db: Database, case_id: uuid.UUID, on: date | None, reason: str) -> None:
    with db.write() as s:
        case = s.get(Case, case_id)
        case.restricted_on = on
        case.restriction_reason = reason
        s.add(case)


def set_hold(db: Database, case_id: uuid.UUID, hold: bool, reason: str) -> None:
    with db.write() as s:
        case = s.get(Case, case_id)
        case.legal_hold = hold
        case.legal_hold_reason = reason
        s.add(case)


# -- erasure -------------------------------------------------------------------------------

@dataclass
class Erased:
    cases: int = 0
    rows: int = 0
    redacted: int = 0
    by_table: dict[str, int] = field(default_factory=dict)
    backups: list[str] = field(default_factory=list)
    records: dict = field(default_factory=dict)  # erased id -> its table (ids, no content)


def _present(session: Session) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(session.connection()).get_table_names())


def erase_in(session: Session, actor: Actor | None, case_ids: list[uuid.UUID],
             client_ids: list[uuid.UUID], fact: dict, *, emit: bool = True,
             tomb: uuid.UUID | None = None) -> Erased:
    """Delete the rows, their search entries and their content in the audit trail, and the
    sync tables' copies (db/repo/sync_erase.py), in the caller's transaction. With `emit`, a
    database in a sync setup logs the erasure as a tombstone change for the other side;
    `tomb`: the tombstone that arrived by sync (its records are marked erased)."""
    from caseterm.db.repo import sync_erase
    tables = _tables()
    present = _present(session)
    conn = session.connection()
    conds = owned_conditions(case_ids, client_ids, present)
    result = Erased(cases=len(case_ids))
    ids: set[str] = {str(c) for c in case_ids} | {str(c) for c in client_ids}
    result.records = {c: "casefile" for c in case_ids} | {c: "client" for c in client_ids}
    for name, cond in conds.items():
        for (rid,) in conn.execute(select(tables[name].c.id).where(cond)):
            ids.add(str(rid))
            result.records.setdefault(rid, name)
    fts = "case_fts" in present
    if fts and case_ids:
        keys = [k for (k,) in conn.execute(select(Case.search_key).where(
            Case.id.in_(case_ids))) if k is not None]
        for k in keys:
            conn.exec_driver_sql("DELETE FROM case_fts WHERE rowid = ?", (k,))
    for t in reversed(SQLModel.metadata.sorted_tables):
        if t.name not in conds:
            continue
        n = conn.execute(t.delete().where(conds[t.name])).rowcount or 0
        if n:
            result.by_table[t.name] = n
            result.rows += n
    if fts:
        conn.exec_driver_sql("INSERT INTO case_fts(case_fts) VALUES('optimize')")
    sync_erase.purge(session, case_ids, client_ids, set(result.records), present)
    if tomb is not None:
        sync_erase.mark(conn, result.records, tomb)
    elif emit and (case_ids or client_ids):
        sync_erase.tombstone(session, actor, case_ids, client_ids, result.records)
    trigger = None
    if "audit_entry" in present and session.bind.dialect.name == "sqlite":
        # an older backup still has the strict trigger of 0007: lift it for this
        # transaction only, and put back exactly what was there
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
            "name = 'audit_entry_no_update'").scalar()
        if trigger and "redacted" not in trigger:
            conn.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        else:
            trigger = None
    result.redacted = audit.redact(session, actor, case_ids, ids,
                                   {**fact, "rows": result.rows, "tables": result.by_table})
    if trigger:
        conn.exec_driver_sql(trigger)
    return result


def clean_file(db: Database) -> None:
    """Leave no copy of deleted content in free pages or the WAL (SQLite only)."""
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection  # autocommit (db/engine.py): no BEGIN
        for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM",
                          "PRAGMA wal_checkpoint(TRUNCATE)"):
            raw.execute(statement).fetchall()


def managed_backups(db: Database) -> list[Path]:
    """The backups caseterm made of this file (`<stem>.backup-*`, next to it)."""
    path = db.path
    if path is None:
        return []
    return sorted(p for p in path.parent.glob(f"{path.stem}.backup-*")
                  if p.is_file() and not p.name.endswith((".part", "-wal", "-shm",
                                                          "-journal")))


def erase(db: Database, actor: Actor | None, case_ids: list[uuid.UUID],
          client_ids: list[uuid.UUID], fact: dict, *, finish: bool = True) -> Erased:
    """Erase in the database; with `finish` (the default) clean the file and replay every
    erasure of the journal into the managed backups (`finish_erasures`). A retention run
    erases many cases and finishes once at the end."""
    fact = {**fact, "case_ids": [str(c) for c in case_ids],
            "client_ids": [str(c) for c in client_ids]}
    with db.write() as s:
        result = erase_in(s, actor, case_ids, client_ids, fact)
    if finish:
        result.backups = finish_erasures(db, actor)
    return result


def finish_erasures(db: Database, actor: Actor | None) -> list[str]:
    """Clean the file (checkpoint, VACUUM), then bring the managed backups in step."""
    clean_file(db)
    return replay_to_backups(db, actor)


def journal(db: Database) -> list[tuple[list[uuid.UUID], list[uuid.UUID], dict]]:
    """Every erasure so far (the deletion journal): the erasure entries of the audit trail,
    which keep the ids, never the content."""
    import json

    out = []
    with db.read() as s:
        for (detail,) in s.connection().execute(text(
                "SELECT detail FROM audit_entry WHERE action = 'erase' ORDER BY seq")):
            try:
                d = json.loads(detail)
                cases = [uuid.UUID(x) for x in d.get("case_ids", [])]
                clients = [uuid.UUID(x) for x in d.get("client_ids", [])]
            except (ValueError, AttributeError, TypeError):
                continue
            fact = {k: v for k, v in d.items() if k in ("kind", "cases", "reason")}
            out.append((cases, clients, fact))
    return out


def _still_there(session: Session, case_ids: list[uuid.UUID],
                 client_ids: list[uuid.UUID]) -> bool:
    conn = session.connection()
    t = _tables()
    return bool(conn.execute(select(text("count(*)")).select_from(t["casefile"])
                             .where(t["casefile"].c.id.in_(case_ids))).scalar()
                or conn.execute(select(text("count(*)")).select_from(t["client"])
                                .where(t["client"].c.id.in_(client_ids))).scalar())


def replay_to_backups(db: Database, actor: Actor | None) -> list[str]:
    """Apply every erasure of the journal to each backup caseterm made of this file (an
    erasure whose records a backup no longer holds is skipped), then clean that file.
    Returns the backups' paths."""
    done: list[str] = []
    entries = journal(db)
    for backup in managed_backups(db):
        other = Database(str(backup), db.key)  # backups share the file's key
        try:
            for case_ids, client_ids, fact in entries:
                with other.write() as s:
                    if not _still_there(s, case_ids, client_ids):
                        continue
                    erase_in(s, actor, case_ids, client_ids,
                             {**fact, "entity": "casefile", "record_id": "",
                              "case_ids": [str(c) for c in case_ids],
                              "client_ids": [str(c) for c in client_ids], "replay": True},
                             emit=False)
            clean_file(other)
        finally:
            other.dispose()
        done.append(str(backup))
    return done


def count_case_rows(db: Database, case_ids: list[uuid.UUID]) -> int:
    """How many rows belong to the cases (0 after an erasure)."""
    conds = owned_conditions(case_ids, [])
    tables = _tables()
    with db.read() as s:
        conn = s.connection()
        return sum(conn.execute(select(text("count(*)")).select_from(tables[n]).where(c))
                   .scalar() or 0 for n, c in conds.items())


# -- the record of processing (Art. 30) ----------------------------------------------------

@dataclass(frozen=True)
class RegisterFacts:
    offices: list[tuple[str, str]]  # (office, Bundesland)
    dpos: list[str]
    roles: dict[str, int]
    cases_by_area: dict[str, int]
    restricted: int
    held: int
    providers: int
    database: str


def register_facts(db: Database) -> RegisterFacts:
    from sqlalchemy import func

    from caseterm.models.services import ServiceProvider
    from caseterm.models.worker import Worker

    with db.read() as s:
        offices = sorted({(o or "", land or "") for o, land in
                          s.exec(select(Worker.office, Worker.land)).all()})
        dpos = sorted(n for (n,) in s.exec(select(Worker.display_name)
                                           .where(Worker.role == "dpo")).all())
        roles = dict(s.exec(select(Worker.role, func.count()).group_by(Worker.role)).all())
        areas = dict(s.exec(select(Case.legal_area, func.count())
                            .group_by(Case.legal_area)).all())
        restricted = s.exec(select(func.count()).select_from(Case)
                            .where(Case.restricted_on.is_not(None))).one()[0]
        held = s.exec(select(func.count()).select_from(Case)
                      .where(Case.legal_hold.is_(True))).one()[0]
        providers = s.exec(select(func.count()).select_from(ServiceProvider)).one()[0]
    return RegisterFacts(offices, dpos, roles, areas, restricted, held, providers,
                         db.engine.dialect.name)
