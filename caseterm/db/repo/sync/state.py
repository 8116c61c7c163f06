"""This database's sync status: role, unsent changes, open conflicts and candidates."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlmodel import col

from caseterm.core.sync_facts import (
    SyncStatus,
)
from caseterm.db.engine import Database
from caseterm.db.repo.sync.changeset import (
    _require_role,
    _set_state,
    _state,
)
from caseterm.models.case import Case
from caseterm.models.sync import (
    ConflictState,
    DuplicateState,
    Outcome,
    SyncChange,
    SyncConflict,
    SyncDuplicate,
    SyncRole,
)


def status(db: Database, today: date, visible=None, all_held: bool = False) -> SyncStatus:
    """`visible`: a SQL condition on casefile.id (the reader's cases); the conflict and
    duplicate counts cover only those (None: all, for tools below the door); so do the held
    changes unless `all_held` (team leads and administrators see every held change)."""
    with db.read() as s:
        st = _state(s)
        if st is None:
            return SyncStatus("none", "", "", "", 0, None, None, False, 7, 0, 0, 0)
        unsent_q = select(func.count()).select_from(SyncChange).where(
            SyncChange.device_id == st.device_id,
            SyncChange.outcome == Outcome.pending.value)
        open_conflicts = select(func.count()).select_from(SyncConflict).where(
            SyncConflict.state == ConflictState.open.value)
        open_dups = select(func.count()).select_from(SyncDuplicate).where(
            SyncDuplicate.state == DuplicateState.open.value)
        if visible is not None:
            # the same rule as the lists: a conflict or candidate of a case the reader sees
            open_conflicts = open_conflicts.join(
                Case, col(Case.id) == SyncConflict.case_id).where(visible)
            open_dups = open_dups.join(Case, col(Case.id) == SyncDuplicate.case_id).where(
                visible)
        from caseterm.db.repo.sync_held import held_count

        # the three counts in one statement (a status is asked at every sync and by the
        # status bar: one round trip instead of three)
        unsent, conflicts, dups = s.connection().execute(select(
            unsent_q.scalar_subquery(), open_conflicts.scalar_subquery(),
            open_dups.scalar_subquery())).one()
        held = held_count(s, None if all_held else visible)
        last = st.last_sync_at
        days = max(0, (today - last.date()).days) if last is not None else None
        stale = st.role == SyncRole.replica.value and days is not None and days > st.stale_days
        return SyncStatus(st.role, str(st.device_id), st.device_name, st.central_url,
                          int(unsent or 0), last, days, stale, st.stale_days,
                          int(conflicts or 0), int(dups or 0), st.last_pulled, held)


def pull_position(db: Database) -> tuple[str, int]:
    """A laptop's device id and the last server version it took: what a sync asks before
    each pull (the state row alone, not the counts of `status`)."""
    with db.read() as s:
        st = _state(s)
        _require_role(st, SyncRole.replica.value)
        return str(st.device_id), int(st.last_pulled)


def set_stale_days(db: Database, days: int) -> None:
    with db.write() as s:
        _require_role(_state(s), SyncRole.replica.value)
        _set_state(s, stale_days=days)


def record_unsent(db: Database, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    with db.read() as s:
        st = _state(s)
        if st is None or st.role != SyncRole.replica.value:
            return set()
        found: set[uuid.UUID] = set()
        chunk = list(ids)
        for start in range(0, len(chunk), 500):
            part = chunk[start:start + 500]
            for rid, cid in s.exec(select(SyncChange.record_id, SyncChange.case_id).where(
                    SyncChange.device_id == st.device_id,
                    SyncChange.outcome == Outcome.pending.value,
                    col(SyncChange.record_id).in_(part) | col(SyncChange.case_id).in_(part))):
                if rid in ids:
                    found.add(rid)
                if cid in ids:
                    found.add(cid)
        return found


def is_role(db: Database, role: str) -> bool:
    with db.read() as s:
        st = _state(s)
        return st is not None and st.role == role
