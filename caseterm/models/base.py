"""Common columns and conventions for every table.

- UUID primary keys, so records made in different offices never collide.
- created_at / updated_at as aware UTC datetimes.
- row_version, bumped on every update (optimistic concurrency and sync).
- Enums are stored as strings and guarded by CHECK constraints (portable to PostgreSQL).
- A naming convention for constraints, so Alembic batch migrations can drop them by name.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, event
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    return datetime.now(UTC)


_id_factory = uuid.uuid4


def new_id() -> uuid.UUID:
    """A new primary key: random (uuid4), or from a seeded generator inside
    `deterministic_ids()` (demo data, so that every lab machine gets the same records)."""
    return _id_factory()


@contextmanager
def deterministic_ids(seed: int) -> Iterator[None]:
    global _id_factory
    rng = random.Random(seed)
    previous = _id_factory
    _id_factory = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # noqa: E731
    try:
        yield
    finally:
        _id_factory = previous


class Record(SQLModel):
    """Columns every table carries."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    row_version: int = Field(default=1, nullable=False)


@event.listens_for(Record, "before_update", propagate=True)
def _bump_version(_mapper, _connection, target) -> None:  # pragma: no cover - exercised via ORM
    target.updated_at = utcnow()
    target.row_version = (target.row_version or 0) + 1


def enum_check(column: str, enum: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """CHECK that `column` holds one of the enum's values (named `<column>_valid`)."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    expr = f"{column} IN ({values})"
    if nullable:
        expr = f"{column} IS NULL OR {expr}"
    return CheckConstraint(expr, name=f"{column}_valid")


def length_check(column: str, minimum: int, maximum: int) -> CheckConstraint:
    return CheckConstraint(
        f"length({column}) >= {minimum} AND length({column}) <= {maximum}",
        name=f"{column}_length",
    )
