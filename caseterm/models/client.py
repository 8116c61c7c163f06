"""Clients: the people a case is about. Names are kept exactly as typed (NFC)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Column, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.models.base import Record, length_check


class Client(Record, table=True):
    __tablename__ = "client"
    __table_args__ = (
        length_check("first_name", 1, 100),
        length_check("last_name", 1, 100),
        CheckConstraint(
            "birth_date IS NULL OR birth_date >= '1900-01-01'", name="birth_date_range"
        ),
        Index("ix_client_name_key_birth", "name_key", "birth_date"),
        Index("ix_client_phonetic_birth", "phonetic_key", "birth_date"),
        Index("ix_client_birth_date", "birth_date"),
    )

    first_name: str = Field(sa_type=String(100), nullable=False)
    last_name: str = Field(sa_type=String(100), nullable=False)
    # Normalised key for duplicate search (casefold, transliteration, no diacritics).
    name_key: str = Field(default="", sa_type=String(220), nullable=False)
    # Kölner Phonetik of both names (Meier/Meyer); kept in step by models/intake.py.
    phonetic_key: str = Field(default="", sa_type=String(120), nullable=False)
    birth_date: date | None = Field(default=None, nullable=True)
    gender: str = Field(default="", sa_type=String(20), nullable=False)
    languages: str = Field(default="", sa_type=String(200), nullable=False)
    interpreter_needed: bool = Field(default=False, nullable=False)
    phone: str = Field(default="", sa_type=String(60), nullable=False)
    email: str = Field(default="", sa_type=String(200), nullable=False)
    address: str = Field(default="", sa_type=Text, nullable=False)
    district: str = Field(default="", sa_type=String(120), nullable=False)
    # merged away in the duplicate review: the person this record now lives on as
    merged_into: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
