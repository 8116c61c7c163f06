"""Working days and public holidays of the office's Bundesland (methods.md §7.3).

- A working day is Monday to Friday and not a public holiday of the office's Land. For BY,
  SN and TH the municipality's Catholic flag adds Mariä Himmelfahrt (BY) or Fronleichnam
  (SN/TH); Augsburg adds the Hohes Friedensfest (8 August). Holidays come from the
  well-kept `holidays` package.
- Legal deadlines (`frist`) follow § 26 (3) SGB X: a period ending on a Saturday, Sunday or
  public holiday ends at the end of the next working day.
- Internal follow-ups (Wiedervorlagen and all automatic ones) also move to the next working
  day of the assignee's office [design].
- Appointments (`termin`) set by the authority stand even on a weekend or holiday (§ 26 (5)
  SGB X): they never move.

Pure Python: no database, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from caseterm.core.dates import add_months

LANDS = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN",
         "ST", "TH")
CATHOLIC_FLAG_LANDS = ("BY", "SN", "TH")

# Kinds whose due date never moves (§ 26 (5) SGB X) and kinds that are legal deadlines.
FIXED_KINDS = frozenset({"termin"})
LEGAL_KINDS = frozenset({"frist"})


class HolidayStore(Protocol):
    """Somewhere to keep computed holidays between runs (the holidays library imports all of
    its 250 countries, which `caseterm queue` should not pay for). Installed by the
    application (caseterm/holiday_cache.py); core itself does no I/O."""

    def load(self, key: str) -> dict[str, str] | None: ...

    def save(self, key: str, days: dict[str, str]) -> None: ...


_store: HolidayStore | None = None


def use_store(store: HolidayStore | None) -> None:
    global _store
    _store = store
    _holidays.cache_clear()


@lru_cache(maxsize=256)
def _holidays(land: str, catholic: bool, augsburg: bool, year: int) -> dict[date, str]:
    if land not in LANDS:
        raise ValueError(f"unknown Bundesland: {land!r}")
    subdiv = "Augsburg" if (land == "BY" and augsburg) else land
    categories: tuple[str, ...] = ("public",)
    if land in CATHOLIC_FLAG_LANDS and (catholic or augsburg):
        categories = ("public", "catholic")
    key = f"DE-{subdiv}-{'+'.join(categories)}-{year}"
    if _store is not None:
        stored = _store.load(key)
        if stored is not None:
            try:
                return {date.fromisoformat(k): v for k, v in stored.items()}
            except (TypeError, ValueError):
                pass
    import holidays  # the library loads every country: only when the store has no entry

    found = {day: name for day, name in holidays.country_holidays(
        "DE", subdiv=subdiv, years=year, language="de", categories=categories).items()}
    if _store is not None:
        _store.save(key, {d.isoformat(): n for d, n in sorted(found.items())})
    return found


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar of one office."""

    land: str = "NW"
    catholic: bool = False
    augsburg: bool = False

    def holidays(self, year: int) -> dict[date, str]:
        return _holidays(self.land, bool(self.catholic), bool(self.augsburg), year)

    def holiday_name(self, day: date) -> str | None:
        return self.holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays(day.year)

    def next_working_day(self, day: date, *, strictly_after: bool = False) -> date:
        """`day` itself if it is a working day (unless strictly_after), else the next one."""
        current = day + timedelta(days=1) if strictly_after else day
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def previous_working_day(self, day: date) -> date:
        current = day
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current

    def add_working_days(self, day: date, n: int) -> date:
        """Move `n` working days from `day` (negative: backwards). n = 0 → next working day."""
        if n == 0:
            return self.next_working_day(day)
        step = 1 if n > 0 else -1
        current, left = day, abs(n)
        while left:
            current += timedelta(days=step)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        if end <= start:
            return 0
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def roll_forward(self, day: date) -> date:
        """§ 26 (3) SGB X: a period ending on a weekend or public holiday ends on the next
        working day."""
        return self.next_working_day(day)

    def due_for(self, kind: str, day: date) -> date:
        """The effective due date of a follow-up of `kind` set for `day`: appointments stand,
        legal deadlines roll forward under § 26 SGB X, internal items move to the next
        working day."""
        if kind in FIXED_KINDS:
            return day
        return self.roll_forward(day)


def calendar_for(land: str | None, catholic: bool = False, augsburg: bool = False) -> WorkCalendar:
    land = (land or "NW").upper()
    return WorkCalendar(land=land if land in LANDS else "NW", catholic=bool(catholic),
                        augsburg=bool(augsburg) and land == "BY")


def period_end(cal: WorkCalendar, announced: date, *, days: int = 0, weeks: int = 0,
               months: int = 0) -> date:
    """The end of a legal period set by an authority (§ 26 SGB X with §§ 187, 188 BGB).

    The period starts the day after it was announced; a period in days ends after that many
    days, one in weeks or months on the day of the same weekday/number as the announcement.
    If that day is a Saturday, Sunday or public holiday the period ends on the next working
    day (§ 26 (3))."""
    if days:
        end = announced + timedelta(days=days)
    else:
        end = add_months(announced + timedelta(weeks=weeks), months)
    return cal.roll_forward(end)


# -- intervals used by chains, recurrences and postponement presets -------------------------
UNITS = ("workdays", "days", "weeks", "months")


def add_interval(cal: WorkCalendar, start: date, n: int, unit: str) -> date:
    """`start` plus n units; a result in calendar units that is no working day moves on."""
    if unit == "workdays":
        return cal.add_working_days(start, n)
    if unit == "days":
        return start + timedelta(days=n)
    if unit == "weeks":
        return start + timedelta(weeks=n)
    if unit == "months":
        return add_months(start, n)
    raise ValueError(f"unknown unit: {unit!r}")
