"""Stored settings (key/value)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseterm.db import tables
from caseterm.db.engine import Database

Session = Any

LANGUAGE = "language"
CURRENT_WORKER = "current_worker"


def get(db: Database, key: str, default: str | None = None) -> str | None:
    with db.read() as s:
        return get_in(s, key, default)


def get_in(session: Session, key: str, default: str | None = None) -> str | None:
    t = tables.setting
    value = session.execute(select(t.c.value).where(t.c.key == key)).scalar()
    return value if value is not None else default


def put(session: Session, key: str, value: str) -> None:
    from caseterm.models.setting import Setting

    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def set(db: Database, key: str, value: str) -> None:
    with db.write() as s:
        put(s, key, value)
