"""Device keys and bundle receipts (README "Bundles (USB-Stick)").

- `DeviceKey`: the public keys of a device (a laptop, or the central office), registered
  here: Ed25519 to check its signatures, X25519 to encrypt bundles to it. Revoked keys stay (the
  audit trail and old receipts refer to them) with who revoked them and when.
- `DeviceSecret`: this database's OWN private keys (one row). On a laptop they live inside the
  encrypted SQLite replica; a laptop's private keys are never sent to the centre. Written
  below the ORM so they never enter the audit trail.
- `BundleReceipt`: each bundle that arrived (applied, or held until the changes before it
  arrive), by its id, sender and sequence range: the ground for "already imported" and gaps.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Uuid,
)
from sqlmodel import Field, SQLModel

from caseterm.models.base import Record, utcnow


class DeviceKey(Record, table=True):
    __tablename__ = "device_key"
    __table_args__ = (
        CheckConstraint("kind IN ('laptop', 'central')", name="kind_valid"),
        Index("ix_device_key_worker_id", "worker_id"),
    )

    device_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False, unique=True))
    kind: str = Field(default="laptop", sa_type=String(16), nullable=False)
    name: str = Field(sa_type=String(80), nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
    sign_public: str = Field(sa_type=String(64), nullable=False)  # hex, Ed25519
    box_public: str = Field(sa_type=String(64), nullable=False)  # hex, X25519
    registered_at: datetime = Field(default_factory=utcnow, nullable=False)
    registered_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
    revoked_at: datetime | None = Field(default=None, nullable=True)
    revoked_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))


class DeviceSecret(SQLModel, table=True):
    __tablename__ = "device_secret"

    device_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    kind: str = Field(default="laptop", sa_type=String(16), nullable=False)
    name: str = Field(sa_type=String(80), nullable=False)
    sign_private: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    box_private: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class BundleReceipt(SQLModel, table=True):
    __tablename__ = "bundle_receipt"
    __table_args__ = (
        CheckConstraint("status IN ('applied', 'held')", name="status_valid"),
        Index("ix_bundle_receipt_sender_device", "sender_device", "seq_from"),
    )

    bundle_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    sender_device: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    seq_from: int = Field(sa_column=Column(Integer, nullable=False))
    seq_to: int = Field(sa_column=Column(Integer, nullable=False))
    status: str = Field(sa_type=String(8), nullable=False)
    received_at: datetime = Field(default_factory=utcnow, nullable=False)
    sha256: str = Field(sa_type=String(64), nullable=False)
    # a held bundle's verified change set, applied when the gap closes: core/bundle_stream
    # held_blob (JSON lines, zlib; an older caseterm's rows: the change set as JSON, zlib)
    held: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
