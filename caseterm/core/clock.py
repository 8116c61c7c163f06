""""Today" for every date computation, overridable for training labs and tests.

`caseterm --today 2026-03-02` or CASETERM_TODAY=2026-03-02 sets a simulated day; every rule
asks `today()` instead of `date.today()`.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

_override: date | None = None


def set_today(value: date | None) -> None:
    global _override
    _override = value


def today() -> date:
    if _override is not None:
        return _override
    env = os.environ.get("CASETERM_TODAY")
    if env:
        return date.fromisoformat(env)
    return date.today()


def now() -> datetime:
    """Aware UTC now; on a simulated day, that day at the current wall-clock time."""
    real = datetime.now(UTC)
    simulated = today()
    if simulated == real.date():
        return real
    return real.replace(year=simulated.year, month=simulated.month, day=simulated.day)
