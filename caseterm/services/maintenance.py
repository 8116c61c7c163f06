"""Looking after the database file itself: the start-up integrity check."""

from __future__ import annotations

from caseterm.db import migrate
from caseterm.db.engine import Database


def quick_check(db: Database) -> str | None:
    """SQLite's quick_check; None when fine (nothing is read into the app, nothing changed)."""
    return migrate.quick_check(db)
