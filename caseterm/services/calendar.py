"""The .ics export's memory per person: which events she got last time, with which content
and SEQUENCE, so the next export raises SEQUENCE for changed events and sends
STATUS:CANCELLED for follow-ups done or dropped since (core.ics_state). Kept as a setting
`ics.<worker id>` in the database."""

from __future__ import annotations

import hashlib
import json
import uuid

from caseterm.core.ics_state import IcsPlan, plan
from caseterm.services.door import Ctx


def _key(ctx: Ctx) -> str:
    return f"ics.{ctx.actor.id}"


def fingerprint(row, summary: str) -> str:
    parts = [row.due_date.isoformat(), row.kind.value, row.priority.value, row.next_step,
             summary]
    if getattr(row, "due_time", None) is not None:  # a changed time bumps SEQUENCE too
        parts.append(row.due_time.strftime("%H:%M"))
    text = "|".join(parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


OFFICE_ZONE = "Europe/Berlin"


def office_zone():
    """The time zone of appointment times (German offices: Europe/Berlin)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(OFFICE_ZONE)


def prepare(ctx: Ctx, rows, summaries: dict) -> IcsPlan:
    """SEQUENCE per row and the cancelled events for this export of `rows` (queue rows already
    read through the door); `summaries`: row id → the event's summary."""
    from caseterm.db.repo import followups as followups_repo
    from caseterm.db.repo import settings

    raw = settings.get(ctx.db, _key(ctx))
    try:
        previous = json.loads(raw) if raw else {}
    except ValueError:
        previous = {}
    current = {str(r.id): (fingerprint(r, summaries.get(r.id, "")), r.due_date) for r in rows}
    missing = []
    for fid in previous:
        if fid not in current:
            try:
                missing.append(uuid.UUID(fid))
            except ValueError:
                continue
    with ctx.db.read() as s:
        finished = {str(i) for i in followups_repo.finished_among(s, missing)}
    return plan(previous, current, finished)


def save(ctx: Ctx, result: IcsPlan) -> None:
    """Remember this export (after the file was written)."""
    from caseterm.db.repo import settings

    settings.set(ctx.db, _key(ctx), json.dumps(result.state, sort_keys=True))
