"""Pure rules of core.workdays at their edges: calendar days, 0 working days, the backwards
search, the defaults of a calendar, and the holiday cache read back from disk."""

from __future__ import annotations

import importlib.metadata
import json
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


@pytest.fixture
def fresh_holidays(monkeypatch, tmp_path):
    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CASETERM_NO_HOLIDAY_CACHE", raising=False)
    w._holidays.cache_clear()
    yield tmp_path / "data" / "cache"
    w._holidays.cache_clear()


def test_holidays_are_cached_on_disk_per_land_categories_and_year(fresh_holidays):
    days = w._holidays("HB", False, False, 2031)
    path = w._cache_file("HB", ("public",), 2031)
    installed = importlib.metadata.version("holidays")
    assert path == fresh_holidays / f"holidays-{installed}-DE-HB-public-2031.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == {d.isoformat(): n for d, n in days.items()}
    assert stored["2031-12-25"] == "Erster Weihnachtstag"
    assert w._cache_file("BY", ("public", "catholic"), 2031).name.endswith(
        "-DE-BY-public+catholic-2031.json")


def test_holiday_cache_is_readable_utf8(fresh_holidays):
    w._holidays("SN", False, False, 2031)
    text = w._cache_file("SN", ("public",), 2031).read_text(encoding="utf-8")
    assert '"2031-11-19": "Buß- und Bettag"' in text


def test_holidays_are_read_back_from_the_cache(fresh_holidays):
    path = w._cache_file("HB", ("public",), 2032)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"2032-03-03": "Testtag"}), encoding="utf-8")
    assert w._holidays("HB", False, False, 2032) == {date(2032, 3, 3): "Testtag"}
    assert not w.calendar_for("HB").is_working_day(date(2032, 3, 3))


def test_corrupt_cache_falls_back_to_the_library(fresh_holidays):
    path = w._cache_file("HB", ("public",), 2033)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert w._holidays("HB", False, False, 2033)[date(2033, 12, 25)] == "Erster Weihnachtstag"
    assert json.loads(path.read_text(encoding="utf-8"))["2033-12-25"] == "Erster Weihnachtstag"


def test_no_holiday_cache_when_switched_off(fresh_holidays, monkeypatch):
    monkeypatch.setenv("CASETERM_NO_HOLIDAY_CACHE", "1")
    assert w._cache_file("HB", ("public",), 2034) is None
    assert w._holidays("HB", False, False, 2034)[date(2034, 12, 25)] == "Erster Weihnachtstag"
    assert not fresh_holidays.exists()


def test_unknown_land_is_an_error():
    with pytest.raises(ValueError, match="unknown Bundesland"):
        w._holidays("XX", False, False, 2026)
