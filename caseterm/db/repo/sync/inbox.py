"""Change sets that arrived ahead of a gap are held in the inbox until the gap is filled.

One apply reads a source's held sets once (`_rows`: usually none) and keeps them in the
session's info while it holds, releases and reports gaps (one query per apply, not one per
step)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select
from sqlmodel import col

from caseterm.models.sync import (
    SyncInbox,
)

_KEY = "sync_inbox_rows"


def _rows(s, source: uuid.UUID) -> list[SyncInbox]:
    """The source's held sets, by first number; read once per unit of work."""
    cache = s.info.setdefault(_KEY, {})
    if source not in cache:
        cache[source] = list(s.exec(select(SyncInbox).where(SyncInbox.source == source)
                                    .order_by(col(SyncInbox.first))).scalars())
    return cache[source]


def _hold(s, source: uuid.UUID, first: int, last: int, cs: dict) -> None:
    rows = _rows(s, source)
    if not any(row.first == first for row in rows):
        row = SyncInbox(source=source, first=first, last=last, payload=json.dumps(cs))
        s.add(row)
        s.flush()
        rows.append(row)
        rows.sort(key=lambda r: r.first)


def _next_held(s, source: uuid.UUID, upto: int) -> dict | None:
    rows = _rows(s, source)
    row = next((r for r in rows if r.first <= upto + 1), None)
    if row is None:
        return None
    s.refresh(row, ["payload"])  # an erasure applied meanwhile may have rewritten it
    payload = json.loads(row.payload)
    rows.remove(row)
    s.delete(row)
    s.flush()
    return payload


def _gaps(s, source: uuid.UUID, have: int) -> list[tuple[str, int, int]]:
    out = []
    for row in _rows(s, source):
        if row.first > have + 1:
            out.append((str(source), have + 1, row.first - 1))
        have = max(have, row.last)
    return out
