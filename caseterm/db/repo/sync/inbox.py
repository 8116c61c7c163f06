"""Change sets that arrived ahead of a gap are held in the inbox until the gap is filled."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select
from sqlmodel import col

from caseterm.models.sync import (
    SyncInbox,
)


def _hold(s, source: uuid.UUID, first: int, last: int, cs: dict) -> None:
    found = s.exec(select(SyncInbox).where(SyncInbox.source == source,
                                           SyncInbox.first == first)).scalars().first()
    if found is None:
        s.add(SyncInbox(source=source, first=first, last=last, payload=json.dumps(cs)))
        s.flush()


def _next_held(s, source: uuid.UUID, upto: int) -> dict | None:
    row = s.exec(select(SyncInbox).where(SyncInbox.source == source,
                                         SyncInbox.first <= upto + 1)
                 .order_by(col(SyncInbox.first))).scalars().first()
    if row is None:
        return None
    payload = json.loads(row.payload)
    s.delete(row)
    s.flush()
    return payload


def _gaps(s, source: uuid.UUID, have: int) -> list[tuple[str, int, int]]:
    out = []
    for row in s.exec(select(SyncInbox).where(SyncInbox.source == source)
                      .order_by(col(SyncInbox.first))).scalars():
        if row.first > have + 1:
            out.append((str(source), have + 1, row.first - 1))
        have = max(have, row.last)
    return out
