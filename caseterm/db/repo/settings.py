"""Stored settings (key/value)."""

from __future__ import annotations

from sqlmodel import Session

from caseterm.db.engine import Database
from caseterm.models.setting import Setting

LANGUAGE = "language"
CURRENT_WORKER = "current_worker"


def get(db: Database, key: str, default: str | None = None) -> str | None:
    with db.read() as s:
        return get_in(s, key, default)


def get_in(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def set(db: Database, key: str, value: str) -> None:
    with db.write() as s:
        put(s, key, value)
