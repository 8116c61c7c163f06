"""When the automatic follow-ups of a worker's cases need no refresh: an incremental refresh.

The refresh (db/repo/auto_followups.py) derives the automatic follow-ups from the cases,
their notes, phases, referrals and consents, the office's `followups.*` settings, the day
and the language of the texts. Every write of those goes through the door and appends a
create/update/delete entry to the audit trail. The mark stored after a refresh is (day, the
newest such entry, digest of the settings, language); while it is
unchanged, a refresh would change nothing and is skipped: two small indexed reads on the
lean path instead of the model classes and a write transaction.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, insert, not_, select

from caseterm.db import tables

PREFIX = "followups.refreshed."  # + worker id: the mark of the last refresh
WATCHED = "followups."  # the settings the refresh reads (no-contact weeks, consent weeks)
WRITES = ("create", "update", "delete")  # the actions of db/repo/audit.py record_writes


def current(session: Any, today: date) -> str:
    """The mark of what a refresh would see now."""
    from caseterm.i18n import language

    trail, st = tables.audit_entry, tables.setting
    # the newest write in the trail (reads, exports and prints are recorded too, but change
    # nothing a refresh reads); the primary key walked from the top, stopping at the first
    seq = session.execute(select(trail.c.seq).where(trail.c.action.in_(WRITES))
                          .order_by(trail.c.seq.desc()).limit(1)).scalar() or 0
    rows = session.execute(select(st.c.key, st.c.value).where(and_(
        st.c.key.startswith(WATCHED), not_(st.c.key.startswith(PREFIX)))
    ).order_by(st.c.key)).all()
    digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]
    return f"{today.isoformat()}|{seq}|{digest}|{language()}"


def stored(session: Any, worker_id: uuid.UUID) -> str | None:
    st = tables.setting
    return session.execute(select(st.c.value).where(st.c.key == PREFIX + str(worker_id))
                           ).scalar()


def store(session: Any, worker_id: uuid.UUID, mark: str) -> None:
    """Keep the mark (a cache entry, like the other settings not in the audit trail)."""
    st = tables.setting
    key = PREFIX + str(worker_id)
    session.execute(delete(st).where(st.c.key == key))
    session.execute(insert(st).values(key=key, value=mark))
