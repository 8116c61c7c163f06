"""Looking after the database file itself: the start-up integrity check."""

from __future__ import annotations

import threading

from caseterm.db import migrate
from caseterm.db.engine import Database


def quick_check(db: Database) -> str | None:
    """SQLite's quick_check; None when fine (nothing is read into the app, nothing changed)."""
    return migrate.quick_check(db)


class StartCheck:
    """The start-up quick_check, which quitting never waits for.

    `run()` (in a thread) checks the file; `cancel()` (from any thread, e.g. on quit) stops it
    at once: SQLite's `interrupt()` on the checking connection, which ends the PRAGMA within
    milliseconds even on a 700 MB file. `state` is "waiting", "running", "done" or
    "cancelled"; `problem` is the damage found (None when fine or not finished)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.state = "waiting"
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._raw = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _attach(self, raw) -> None:
        with self._lock:
            self._raw = raw
            if raw is not None and self._cancelled:
                raw.interrupt()

    def run(self) -> str | None:
        with self._lock:
            if self._cancelled:
                self.state = "cancelled"
                return None
            self.state = "running"
        try:
            problem = migrate.quick_check(self.db, self._attach)
        except Exception:
            if self._cancelled:
                self.state = "cancelled"
                return None
            raise
        if self._cancelled:
            self.state = "cancelled"
            return None
        self.problem, self.state = problem, "done"
        return problem

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._raw is not None:
                self._raw.interrupt()
