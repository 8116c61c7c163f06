"""Drafts: a half-typed intake kept in the database (so it is backed up and protected with
it), one per worker, offered again on the next start. A scratch pad, not a record: it is not
copied field by field into the audit trail (db/repo/audit.SKIP_TABLES)."""

from __future__ import annotations

import uuid

from sqlalchemy import Column, ForeignKey, Text, Uuid
from sqlmodel import Field

from caseterm.models.base import Record


class IntakeDraft(Record, table=True):
    __tablename__ = "intake_draft"

    worker_id: uuid.UUID = Field(sa_column=Column(
        Uuid, ForeignKey("worker.id"), nullable=False, unique=True))
    data: str = Field(sa_column=Column(Text, nullable=False))  # the form's fields as JSON
