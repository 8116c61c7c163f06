"""The worker's intake draft: save (insert or replace), load, drop."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping

from sqlmodel import select

from caseterm.db.engine import Database
from caseterm.models.draft import IntakeDraft


def save(db: Database, worker_id: uuid.UUID, values: Mapping[str, object]) -> None:
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
        text = s.exec(select(IntakeDraft.data).where(IntakeDraft.worker_id == worker_id)).first()
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def drop(db: Database, worker_id: uuid.UUID) -> None:
    with db.write() as s:
        row = s.exec(select(IntakeDraft).where(IntakeDraft.worker_id == worker_id)).first()
        if row is not None:
            s.delete(row)
