"""A stand-in for services.sync's reads and decisions in screen tests: the screens are tested
for what they show and which service call a key makes (the service itself, its access rules
and its audit entries are tested with the engine, tests/test_sync*.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from caseterm.services import start, sync


def status(**kw) -> sync.SyncStatus:
    base = dict(role="replica", device_id=str(uuid.UUID(int=7)), device_name="Laptop Nord",
                central_url="postgresql://zentrale/caseterm", unsent=2,
                last_sync_at=datetime(2026, 11, 20, 15, 30, tzinfo=UTC), days_since=3,
                stale=False, stale_days=7, open_conflicts=2, open_duplicates=1,
                last_pulled=40)
    base.update(kw)
    return sync.SyncStatus(**base)


def conflict(n: int, case_id: uuid.UUID | None = None, **kw) -> sync.ConflictRow:
    base = dict(id=uuid.UUID(int=100 + n), case_id=case_id or uuid.UUID(int=1),
                case_number=f"2026-SGB2-00{n}", entity="casefile",
                record_id=uuid.UUID(int=200 + n), field="title",
                reason="same_field", local_value="Arbeitssuche Lager",
                local_author="Anna Becker", local_at="2026-11-20 08:12",
                remote_value="Arbeitssuche Lager und Führerschein",
                remote_author="Ben Yilmaz", remote_at="2026-11-24 13:03", state="open",
                decision="", row_version=1)
    base.update(kw)
    return sync.ConflictRow(**base)


def duplicate(n: int, **kw) -> sync.DuplicateRow:
    base = dict(id=uuid.UUID(int=300 + n), person_a=uuid.UUID(int=400 + n),
                person_b=uuid.UUID(int=500 + n), name_a="Meier, Jana", name_b="Meyer, Jana",
                birth_a=date(1991, 3, 4), birth_b=date(1991, 3, 4), score=2,
                reason="phonetic", state="open", case_id=uuid.UUID(int=1), row_version=1)
    base.update(kw)
    return sync.DuplicateRow(**base)


@dataclass
class FakeSync:
    state: sync.SyncStatus = field(default_factory=status)
    conflicts: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    unsent: set = field(default_factory=set)
    calls: list = field(default_factory=list)
    fail_with: Exception | None = None

    def install(self, monkeypatch) -> FakeSync:
        monkeypatch.setattr(sync, "sync_status", lambda ctx: self.state)
        # the start path's pre-check (a file with no sync_state row takes no part in sync)
        monkeypatch.setattr(start, "sync_status_if_none", lambda ctx: None)
        monkeypatch.setattr(sync, "list_conflicts", self.list_conflicts)
        monkeypatch.setattr(sync, "resolve_conflict", self.resolve_conflict)
        monkeypatch.setattr(sync, "list_duplicates", lambda ctx, include_decided=False:
                            list(self.duplicates))
        monkeypatch.setattr(sync, "decide_duplicate", self.decide_duplicate)
        monkeypatch.setattr(sync, "record_unsent",
                            lambda ctx, ids: {i for i in ids if i in self.unsent})
        return self

    def list_conflicts(self, ctx, case_id=None, include_decided=False):
        return [c for c in self.conflicts if case_id is None or c.case_id == case_id]

    def resolve_conflict(self, ctx, conflict_id, choice, value=None, expected_version=None):
        if self.fail_with is not None:
            raise self.fail_with
        self.calls.append(("resolve", conflict_id, choice, value, expected_version))
        self.conflicts = [c for c in self.conflicts if c.id != conflict_id]
        self.state = replace(self.state, open_conflicts=len(self.conflicts))

    def decide_duplicate(self, ctx, dup_id, choice, expected_version=None):
        self.calls.append(("duplicate", dup_id, choice, expected_version))
        self.duplicates = [d for d in self.duplicates if d.id != dup_id]
