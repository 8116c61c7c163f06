"""Looking after the database file itself: the start-up integrity check."""

from __future__ import annotations

from caseterm.db.engine import Database
from caseterm.db.migrate import quick_check as _quick_check


def quick_check(db: Database) -> str | None:
    """SQLite's quick_check; None when fine (nothing is read into the app, nothing changed)."""
    return _quick_check(db)
