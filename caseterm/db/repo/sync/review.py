"""Conflicts and duplicate candidates: listed for review and decided."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from caseterm.core import merge
from caseterm.core.access import Actor
from caseterm.core.sync_facts import (
    ConflictRow,
    DuplicateRow,
)
from caseterm.db.engine import Database
from caseterm.db.repo import sync_capture as cap
from caseterm.db.repo.sync.changeset import (
    model_of,
)
from caseterm.models.base import utcnow
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.sync import (
    ConflictState,
    DuplicateState,
    SyncConflict,
    SyncDuplicate,
)


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
