"""The worker's intake draft: save (insert or replace), load, drop."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select as core_select

from caseterm.db import tables

if TYPE_CHECKING:
    from caseterm.db.engine import Database

# `load` runs at every TUI start: it reads the lean Core table (caseterm.db.tables); the model
# class is imported only by the writes.


def save(db: Database, worker_id: uuid.UUID, values: Mapping[str, object]) -> None:
    from sqlmodel import select

    from caseterm.models.draft import IntakeDraft

    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    with db.write() as s:
        row = s.exec(select(IntakeDraft).where(IntakeDraft.worker_id == worker_id)).first()
        if row is None:
            s.add(IntakeDraft(worker_id=worker_id, data=text))
        elif row.data != text:
            row.data = text
            s.add(row)


def load(db: Database, worker_id: uuid.UUID) -> dict[str, object] | None:
    with db.read() as s:
        d = tables.intake_draft.c
        text = s.execute(core_select(d.data).where(d.worker_id == worker_id)).scalar()
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def drop(db: Database, worker_id: uuid.UUID) -> None:
    from sqlmodel import select

    from caseterm.models.draft import IntakeDraft

    with db.write() as s:
        row = s.exec(select(IntakeDraft).where(IntakeDraft.worker_id == worker_id)).first()
        if row is not None:
            s.delete(row)
