"""The check-out snapshot rows a laptop takes with a change set (cases newly assigned to it),
written in bulk: one query per table to see what is there already, Core inserts for the rest,
the case search index and the client name keys filled as the ORM's listeners would, and the
audit trail's `create` entries built field by field exactly as db/repo/audit.py does for an
ORM insert (one append for the whole snapshot instead of one flush per row)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from sqlalchemy import select

from caseterm.db.repo import sync_capture as cap


def put_rows(s, items: list[dict], model_of, make_room, made: dict | None = None) -> int:
    """Insert the snapshot rows that are not here yet; returns the count as the per-row path
    did (every sync_field row, every row inserted). `make_room(s, number, case_id)`: a case
    here holding an arriving case's number steps aside first. `made`: (table, id) -> case id
    of the rows inserted by earlier batches of the same snapshot (kept small: ids only)."""
    if not items:
        return 0
    from caseterm.db.repo import audit, audit_log

    conn = s.connection()
    count = 0
    by_table: dict[str, list[dict]] = {}
    for item in items:
        by_table.setdefault(item["table"], []).append(item["row"])
    made = {} if made is None else made
    pending: list[audit_log.Pending] = []
    actor = s.info.get("actor")
    extra = s.info.get("audit_extra", {})
    fields_rows = by_table.pop("sync_field", [])
    for name, rows in by_table.items():
        model = model_of(name)
        if model is None:
            continue
        table = model.__table__
        pk = [c.name for c in table.primary_key.columns]
        decs = cap.decoders(table)
        decs.pop("search_key", None)
        decoded = [{k: (d(v) if d is not None and v is not None else v)
                    for k, v in row.items() if k in decs for d in (decs[k],)}
                   for row in rows]
        present = _present(conn, table, pk, decoded)
        fresh = []
        seen: set = set()
        for values in decoded:
            key = tuple(values[k] for k in pk)
            if key in present or key in seen:
                continue
            seen.add(key)
            fresh.append(_complete(model, values))
        if not fresh:
            continue
        if name == "casefile":
            _casefiles(s, conn, table, fresh, make_room)
        if name == "client":
            from caseterm.models.intake import _client_keys

            for values in fresh:
                keys = SimpleNamespace(first_name=values.get("first_name"),
                                       last_name=values.get("last_name"))
                _client_keys(None, None, keys)
                values["name_key"], values["phonetic_key"] = keys.name_key, keys.phonetic_key
        from caseterm.db.repo.sync import _insert_rows

        _insert_rows(conn, table, fresh)
        if name == "casefile":
            _index_cases(conn, fresh)
        for values in fresh:
            if "id" in values:
                made[(name, values["id"])] = values
        cases = [_case_of(conn, model_of, name, values, made) for values in fresh]
        for values, case in zip(fresh, cases, strict=True):
            if "id" in values:
                made[(name, values["id"])] = case  # the row itself is not kept
        if actor is not None and name not in audit.SKIP_TABLES:
            for values, case in zip(fresh, cases, strict=True):
                changes = {k: [None, audit._plain(v)] for k, v in values.items()
                           if k not in audit.SKIP_FIELDS and v not in (None, "")}
                pending.append(audit_log.Pending(
                    "create", name, str(values.get("id", "")),
                    case or s.info.get("audit_case"), {"fields": changes, **extra}))
        count += len(fresh)
    count += _fields(conn, fields_rows)
    if pending:
        pending.sort(key=lambda p: (p.entity, p.record_id, p.action))
        audit_log.append(s, actor, pending)
    return count


def _present(conn, table, pk: list[str], decoded: list[dict]) -> set[tuple]:
    found: set[tuple] = set()
    if len(pk) == 1:
        ids = [v[pk[0]] for v in decoded]
        for start in range(0, len(ids), 500):
            found |= {(r,) for r in conn.execute(select(table.c[pk[0]]).where(
                table.c[pk[0]].in_(ids[start:start + 500]))).scalars()}
        return found
    for values in decoded:  # composite keys: rare in a snapshot
        cond = [table.c[k] == values[k] for k in pk]
        if conn.execute(select(*[table.c[k] for k in pk]).where(*cond)).first():
            found.add(tuple(values[k] for k in pk))
    return found


def _complete(model, values: dict) -> dict:
    """The row as the ORM would insert it: columns a snapshot leaves out get the model's
    defaults (an older centre's row without a newer column)."""
    table = model.__table__
    missing = [c.name for c in table.columns if c.name not in values and c.name != "search_key"]
    if not missing:
        return values
    blank = model(**{k: v for k, v in values.items()})
    for name in missing:
        values[name] = getattr(blank, name, None)
    return values


def _casefiles(s, conn, table, fresh: list[dict], make_room) -> None:
    """Numbers held here by other cases step aside; each new case gets its search key."""
    numbers = [v["case_number"] for v in fresh if v.get("case_number")]
    ids = {v["id"] for v in fresh}
    taken = set()
    for start in range(0, len(numbers), 500):
        taken |= {r.case_number for r in conn.execute(
            select(table.c.case_number, table.c.id).where(
                table.c.case_number.in_(numbers[start:start + 500]))) if r.id not in ids}
    for values in fresh:
        if values.get("case_number") in taken:
            make_room(s, values["case_number"], values["id"])
    last = conn.exec_driver_sql("SELECT max(search_key) FROM casefile").scalar() or 0
    for i, values in enumerate(fresh, start=1):
        values["search_key"] = last + i


def _index_cases(conn, cases: list[dict]) -> None:
    from caseterm.models.intake import _case_key, _insert_doc, fts_available

    if not fts_available(conn):
        return
    for values in cases:
        _insert_doc(conn, _case_key(conn, values["id"]), values["search_key"])


_NO = object()


def _case_of(conn, model_of, name: str, values: dict, made: dict, depth: int = 0):
    """As audit._case_of: the row's case, its own `case_id`, or its parent's (up to three
    steps), the parent looked up among the rows of this snapshot first."""
    from caseterm.db.repo.audit import _NO_CASE_PARENTS

    if name == "casefile":
        return values.get("id")
    value = values.get("case_id")
    if isinstance(value, uuid.UUID):
        return value
    if depth >= 3:
        return None
    model = model_of(name)
    for column in model.__table__.columns:
        for fk in column.foreign_keys:
            parent = fk.column.table.name
            ref = values.get(column.name)
            if parent in _NO_CASE_PARENTS or ref is None or model_of(parent) is None:
                continue
            row = made.get((parent, ref), _NO)
            if not isinstance(row, dict) and row is not _NO:
                case = row  # a row of this snapshot: its case was worked out already
            else:
                if row is _NO:
                    ptable = model_of(parent).__table__
                    found = conn.execute(select(ptable).where(
                        ptable.c[fk.column.name] == ref)).mappings().first()
                    row = dict(found) if found is not None else None
                case = _case_of(conn, model_of, parent, row, made, depth + 1) \
                    if row is not None else None
            if case is not None:
                return case
    return None


def _fields(conn, rows: list[dict]) -> int:
    """The field bases of the snapshot's records: a base already known here stays."""
    if not rows:
        return 0
    from caseterm.models.sync import SyncField

    table = SyncField.__table__
    wanted = [(r["entity"], cap.decode(table.c.record_id, r["record_id"]), r["field"],
               cap.decode(table.c.change_id, r["change_id"])) for r in rows]
    have: set[tuple] = set()
    rids = sorted({w[1] for w in wanted}, key=str)
    for start in range(0, len(rids), 500):
        have |= {(r.entity, r.record_id, r.field) for r in conn.execute(
            select(table.c.entity, table.c.record_id, table.c.field).where(
                table.c.record_id.in_(rids[start:start + 500])))}
    new = []
    for entity, rid, field, change_id in wanted:
        if (entity, rid, field) in have:
            continue
        have.add((entity, rid, field))
        new.append({"entity": entity, "record_id": rid, "field": field,
                    "change_id": change_id})
    if new:
        conn.execute(table.insert(), new)
    return len(rows)
