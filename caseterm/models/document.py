"""Documents of a case (a signed plan, a consent form, a letter, a report): the facts in
`document`, the bytes in `document_blob`, both in the case's database, so backups, access
checks, encryption at rest and erasure follow the case."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, LargeBinary, String, Uuid
from sqlmodel import Field

from caseterm.core.documents import DocumentKind
from caseterm.models.base import Record, enum_check, length_check


class Document(Record, table=True):
    __tablename__ = "document"
    __table_args__ = (
        enum_check("kind", DocumentKind),
        length_check("title", 1, 200),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        Index("ix_document_case_date", "case_id", "created_at"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    title: str = Field(sa_type=String(200), nullable=False)
    kind: str = Field(default=DocumentKind.other.value, sa_type=String(16), nullable=False)
    doc_date: date | None = Field(default=None, nullable=True)
    filename: str = Field(default="", sa_type=String(200), nullable=False)
    media_type: str = Field(sa_type=String(100), nullable=False)
    size: int = Field(nullable=False)
    sha256: str = Field(sa_type=String(64), nullable=False)
    added_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    # The signed plan of one agreement version (Kooperationsplan, Hilfeplan …), if it is one.
    agreement_version_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("agreement_version.id",
                                                        ondelete="SET NULL"),
                                       nullable=True, index=True)
    )


class DocumentBlob(Record, table=True):
    """The bytes of one document (kept apart so that listing documents never reads them)."""

    __tablename__ = "document_blob"

    document_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("document.id", ondelete="CASCADE"), nullable=False,
                         unique=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
