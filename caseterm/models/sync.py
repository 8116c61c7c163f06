"""Sync between district-office laptops (SQLite replicas) and the central office (PostgreSQL).

- `sync_state`: one row (id 1) saying what this database is in a sync setup: `none` (a plain
  single-desk file, nothing is captured), `central` (the ordering authority) or `replica`
  (a checked-out laptop), its device id, the next sequence number, the centre's address and
  the last server version pulled.
- `sync_change`: the per-device change log, written in the same transaction as the change
  (db/repo/sync_capture.py). One row per changed field (`field` set) or per inserted/deleted
  item (`field` NULL). `base` is the change id the field was at when it was edited (NULL: the
  state at check-out). The centre numbers every change it accepts (`server_version`) and
  records the outcome (applied, same, conflict, ignored).
- `sync_field`: the last change id of every field that has been changed, the base of the next
  edit (three-way merge). A `*` field is the tombstone of a deleted item.
- `sync_peer` (centre): each device, the last sequence number taken from it in order, and the
  last server version it acknowledged. `sync_peer_case`: which cases went to which device.
- `sync_inbox`: change sets held because an earlier one is missing (a gap), applied when the
  gap is filled.
- `sync_conflict`: the same field changed on two sides from the same base; both values kept
  until a caseworker decides. `sync_duplicate`: a person created on two sides who may be one.
- `sync_person_index` (replica): the minimal duplicate-check index of the centre's people that
  did not go with the laptop: name keys and birth date only.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlmodel import Field, SQLModel

from caseterm.models.base import Record, enum_check, utcnow


class SyncRole(StrEnum):
    none = "none"
    central = "central"
    replica = "replica"


class ChangeOp(StrEnum):
    insert = "insert"
    update = "update"
    delete = "delete"


class Outcome(StrEnum):
    pending = "pending"      # made here, not yet numbered by the centre
    applied = "applied"
    same = "same"            # same value as the other side: no conflict
    conflict = "conflict"    # kept in a sync_conflict, not applied
    ignored = "ignored"      # nothing to apply it to here (outside the checked-out scope)


class ConflictState(StrEnum):
    open = "open"
    decided = "decided"


class DuplicateState(StrEnum):
    open = "open"
    merged = "merged"
    different = "different"


class SyncState(SQLModel, table=True):
    __tablename__ = "sync_state"
    __table_args__ = (enum_check("role", SyncRole),)

    id: int = Field(default=1, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    role: str = Field(default=SyncRole.none.value, sa_type=String(10), nullable=False)
    device_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    device_name: str = Field(default="", sa_type=String(120), nullable=False)
    next_seq: int = Field(default=1, sa_column=Column(BigInteger, nullable=False))
    # centre: the next server version to hand out; replica: unused
    next_server_version: int = Field(default=1, sa_column=Column(BigInteger, nullable=False))
    central_url: str = Field(default="", sa_type=Text, nullable=False)
    last_pulled: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_sync_at: datetime | None = Field(default=None, nullable=True)
    scope_worker_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    scope_office: str = Field(default="", sa_type=String(120), nullable=False)
    hlc: str = Field(default="", sa_type=String(40), nullable=False)
    checked_out_at: datetime | None = Field(default=None, nullable=True)
    # the laptop warns when it has not synced for this many days
    stale_days: int = Field(default=7, nullable=False)


class SyncChange(SQLModel, table=True):
    __tablename__ = "sync_change"
    __table_args__ = (
        enum_check("op", ChangeOp),
        enum_check("outcome", Outcome),
        UniqueConstraint("device_id", "seq", name="uq_sync_change_device_seq"),
        Index("ix_sync_change_server_version", "server_version"),
        Index("ix_sync_change_record", "entity", "record_id"),
        Index("ix_sync_change_pending", "outcome", "device_id"),
    )

    change_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    device_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    entity: str = Field(sa_type=String(64), nullable=False)
    record_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    field: str | None = Field(default=None, sa_type=String(64), nullable=True)
    op: str = Field(sa_type=String(8), nullable=False)
    base: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    value: str = Field(default="null", sa_type=Text, nullable=False)  # JSON
    author_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    author_name: str = Field(default="", sa_type=String(200), nullable=False)
    hlc: str = Field(default="", sa_type=String(40), nullable=False)  # display only
    case_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True,
                                                                     index=True))
    server_version: int | None = Field(default=None, sa_column=Column(BigInteger,
                                                                      nullable=True))
    outcome: str = Field(default=Outcome.pending.value, sa_type=String(10), nullable=False)
    # for `same` and `conflict`: the change this one met (the field's change at the centre)
    against: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class SyncField(SQLModel, table=True):
    __tablename__ = "sync_field"

    entity: str = Field(sa_column=Column(String(64), primary_key=True))
    record_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    field: str = Field(sa_column=Column(String(64), primary_key=True))
    change_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))


class SyncPeer(SQLModel, table=True):
    __tablename__ = "sync_peer"

    device_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    name: str = Field(default="", sa_type=String(120), nullable=False)
    worker_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    office: str = Field(default="", sa_type=String(120), nullable=False)
    last_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    acked_version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_seen_at: datetime | None = Field(default=None, nullable=True)


class SyncPeerCase(SQLModel, table=True):
    __tablename__ = "sync_peer_case"

    device_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    # the server version when the case's rows were sent; sent again (harmlessly) until the
    # device acknowledges a version at or after it (a lost bundle loses nothing)
    sent_version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class SyncInbox(SQLModel, table=True):
    """A change set held until the one before it arrives."""

    __tablename__ = "sync_inbox"
    __table_args__ = (UniqueConstraint("source", "first", name="uq_sync_inbox_source_first"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True,
                                                          autoincrement=True))
    source: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    first: int = Field(sa_column=Column(BigInteger, nullable=False))
    last: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_type=Text, nullable=False)
    received_at: datetime = Field(default_factory=utcnow, nullable=False)


class SyncConflict(Record, table=True):
    __tablename__ = "sync_conflict"
    __table_args__ = (
        enum_check("state", ConflictState),
        Index("ix_sync_conflict_case_state", "case_id", "state"),
    )

    case_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    entity: str = Field(sa_type=String(64), nullable=False)
    record_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    field: str = Field(sa_type=String(64), nullable=False)
    base: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    # "local": the value the centre kept (first in server order, the provisional winner)
    local_change: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    local_value: str = Field(default="null", sa_type=Text, nullable=False)  # JSON
    local_author: str = Field(default="", sa_type=String(200), nullable=False)
    local_hlc: str = Field(default="", sa_type=String(40), nullable=False)
    # "remote": the value that arrived later from the other side
    remote_change: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    remote_value: str = Field(default="null", sa_type=Text, nullable=False)  # JSON
    remote_author: str = Field(default="", sa_type=String(200), nullable=False)
    remote_hlc: str = Field(default="", sa_type=String(40), nullable=False)
    reason: str = Field(default="same_field", sa_type=String(24), nullable=False)
    state: str = Field(default=ConflictState.open.value, sa_type=String(10), nullable=False)
    decision: str = Field(default="", sa_type=String(10), nullable=False)
    decided_value: str = Field(default="", sa_type=Text, nullable=False)  # JSON
    decided_by: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    decided_at: datetime | None = Field(default=None, nullable=True)


class SyncDuplicate(Record, table=True):
    __tablename__ = "sync_duplicate"
    __table_args__ = (
        enum_check("state", DuplicateState),
        UniqueConstraint("person_a", "person_b", name="uq_sync_duplicate_pair"),
    )

    person_a: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    person_b: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    # the case of the person who arrived by sync (routes the candidate to her laptop)
    case_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    score: int = Field(default=0, nullable=False)  # core.duplicates.Strength
    reason: str = Field(default="", sa_type=String(24), nullable=False)
    state: str = Field(default=DuplicateState.open.value, sa_type=String(10), nullable=False)
    decided_by: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    decided_at: datetime | None = Field(default=None, nullable=True)


class SyncPersonIndex(SQLModel, table=True):
    __tablename__ = "sync_person_index"
    __table_args__ = (Index("ix_sync_person_index_key_birth", "name_key", "birth_date"),
                      Index("ix_sync_person_index_phonetic", "phonetic_key", "birth_date"))

    client_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    name_key: str = Field(default="", sa_type=String(220), nullable=False)
    phonetic_key: str = Field(default="", sa_type=String(120), nullable=False)
    birth_date: date | None = Field(default=None, nullable=True)
