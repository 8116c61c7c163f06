"""Pure rules of core.workdays at their edges: calendar days, 0 working days, the backwards
search, the defaults of a calendar, and the holiday cache read back from disk."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core import workdays as w

NW = w.calendar_for("NW")
FRI, SAT, SUN, MON = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)


def test_add_interval_in_calendar_days_counts_every_day():
    assert w.add_interval(NW, FRI, 1, "days") == SAT
    assert w.add_interval(NW, FRI, 3, "days") == MON
    assert w.add_interval(NW, MON, -3, "days") == FRI


def test_add_zero_working_days_is_the_next_working_day():
    assert NW.add_working_days(SAT, 0) == MON
    assert NW.add_working_days(FRI, 0) == FRI
    assert w.add_interval(NW, SUN, 0, "workdays") == MON


def test_add_working_days_forwards_and_backwards_skip_the_weekend():
    assert NW.add_working_days(FRI, 1) == MON
    assert NW.add_working_days(MON, -1) == FRI
    assert NW.add_working_days(SAT, -1) == FRI


def test_previous_working_day_searches_backwards():
    assert NW.previous_working_day(SUN) == FRI
    assert NW.previous_working_day(MON) == MON
    # Easter Monday 6.4.2026, weekend, Good Friday 3.4. -> Thursday 2.4.
    assert NW.previous_working_day(date(2026, 4, 6)) == date(2026, 4, 2)
    # Whit Monday 25.5.2026 -> Friday 22.5. (one day at a time: not Thursday)
    assert NW.previous_working_day(date(2026, 5, 25)) == date(2026, 5, 22)


def test_working_days_between_counts_after_start_up_to_end():
    assert NW.working_days_between(FRI, MON) == 1
    assert NW.working_days_between(MON, FRI) == 0
    assert NW.working_days_between(MON, MON) == 0
    assert NW.working_days_between(date(2026, 11, 23), FRI) == 4


def test_work_calendar_defaults_to_nrw_without_catholic_or_augsburg_holidays():
    assert w.WorkCalendar() == w.WorkCalendar(land="NW", catholic=False, augsburg=False)
    # Assumption Day (Fri 15.8.2025) is a holiday in Bavaria only where the flag is set
    assert w.WorkCalendar(land="BY").is_working_day(date(2025, 8, 15))
    assert not w.WorkCalendar(land="BY", catholic=True).is_working_day(date(2025, 8, 15))
    # Augsburg's peace festival (Fri 8.8.2025) only with the Augsburg flag
    assert w.WorkCalendar(land="BY", catholic=True).is_working_day(date(2025, 8, 8))
    assert not w.WorkCalendar(land="BY", augsburg=True).is_working_day(date(2025, 8, 8))


def test_holiday_name_and_unknown_day():
    assert NW.holiday_name(date(2026, 12, 25)) == "Erster Weihnachtstag"
    assert NW.holiday_name(FRI) is None


class MemoryStore:
    """A HolidayStore in memory: what core reads back and writes, without any file."""

    def __init__(self, data=None):
        self.data = dict(data or {})
        self.saved = []

    def load(self, key):
        return self.data.get(key)

    def save(self, key, days):
        self.saved.append(key)
        self.data[key] = days


@pytest.fixture
def store():
    memory = MemoryStore()
    w.use_store(memory)
    yield memory
    w.use_store(None)


def test_computed_holidays_are_stored_per_land_categories_and_year(store):
    days = w._holidays("HB", False, False, 2031)
    assert store.saved == ["DE-HB-public-2031"]
    assert store.data["DE-HB-public-2031"] == {d.isoformat(): n for d, n in days.items()}
    assert store.data["DE-HB-public-2031"]["2031-12-25"] == "Erster Weihnachtstag"
    w._holidays("BY", True, False, 2031)
    assert store.saved[-1] == "DE-BY-public+catholic-2031"


def test_holidays_are_read_back_from_the_store(store):
    store.data["DE-HB-public-2032"] = {"2032-03-03": "Testtag"}
    assert w._holidays("HB", False, False, 2032) == {date(2032, 3, 3): "Testtag"}
    assert not w.calendar_for("HB").is_working_day(date(2032, 3, 3))
    assert store.saved == []


def test_a_damaged_stored_entry_falls_back_to_the_library(store):
    store.data["DE-HB-public-2033"] = {"not a date": "x"}
    assert w._holidays("HB", False, False, 2033)[date(2033, 12, 25)] == "Erster Weihnachtstag"
    assert store.data["DE-HB-public-2033"]["2033-12-25"] == "Erster Weihnachtstag"


def test_without_a_store_holidays_are_computed():
    w.use_store(None)
    assert w._holidays("HB", False, False, 2034)[date(2034, 12, 25)] == "Erster Weihnachtstag"


def test_unknown_land_is_an_error():
    with pytest.raises(ValueError, match="unknown Bundesland"):
        w._holidays("XX", False, False, 2026)
