"""Parsing dates as caseworkers type them.

Accepted: DD.MM.YYYY, D.M.YYYY, DD.MM.YY, YYYY-MM-DD, and relative forms: "heute"/"today",
"morgen"/"tomorrow", "+3" / "+3d" (days), "+2w" (weeks), "+1m" (months), "-1" (yesterday).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from caseterm.core import clock

_DE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_REL = re.compile(r"^\s*([+-])\s*(\d{1,4})\s*([dtwmj]?)\s*$", re.I)
_WORDS = {"heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "gestern": -1, "yesterday": -1}


class DateFormatError(ValueError):
    """The text is not a date we understand (the message is for logs; fields show their own)."""


def add_months(value: date, months: int) -> date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def parse_date(text: str, *, today: date | None = None) -> date:
    """Parse a typed date; raise DateFormatError for text that is no valid date (30.02.)."""
    try:
        return _parse(text, today or clock.today())
    except (OverflowError, ValueError) as exc:  # "+9999j": beyond the calendar
        if isinstance(exc, DateFormatError):
            raise
        raise DateFormatError(f"out of range: {text!r}") from exc


def _parse(text: str, base: date) -> date:
    raw = (text or "").strip().lower()
    if raw in _WORDS:
        return base + timedelta(days=_WORDS[raw])
    if m := _REL.match(raw):
        sign = -1 if m.group(1) == "-" else 1
        n = int(m.group(2)) * sign
        unit = m.group(3).lower()
        if unit == "w":
            return base + timedelta(weeks=n)
        if unit == "m":
            return add_months(base, n)
        if unit == "j":
            return add_months(base, 12 * n)
        return base + timedelta(days=n)
    if m := _DE.match(raw):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        y = int(year)
        if len(year) == 2:
            # Two-digit years: the nearest century that is not more than 10 years ahead.
            y += 2000 if y <= (base.year % 100) + 10 else 1900
    elif m := _ISO.match(raw):
        y, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise DateFormatError(f"not a date: {text!r}")
    try:
        return date(y, month, day)
    except ValueError as exc:
        raise DateFormatError(f"no such day: {text!r}") from exc
