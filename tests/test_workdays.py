"""Working days per Bundesland, § 26 SGB X roll-forward, appointments that stand."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core.workdays import add_interval, calendar_for, period_end

NW, BE, NI, BW = (calendar_for(x) for x in ("NW", "BE", "NI", "BW"))
SN, SN_CATH = calendar_for("SN"), calendar_for("SN", catholic=True)
BY, BY_CATH = calendar_for("BY"), calendar_for("BY", catholic=True)
AUGSBURG = calendar_for("BY", catholic=True, augsburg=True)
TH = calendar_for("TH")


def test_easter_good_friday_and_easter_monday_are_skipped():
    # Thu 2.4.2026 + 1 working day: Good Friday 3.4., weekend, Easter Monday 6.4. → Tue 7.4.
    for cal in (NW, BE, SN, BY):
        assert cal.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert NW.holiday_name(date(2026, 4, 3)) == "Karfreitag"


def test_pentecost_monday_everywhere():
    assert NW.next_working_day(date(2026, 5, 23)) == date(2026, 5, 26)
    assert BE.roll_forward(date(2026, 5, 25)) == date(2026, 5, 26)


@pytest.mark.parametrize(("cal", "holiday"), [
    (NW, True), (BW, True), (BY, True), (BE, False), (NI, False), (SN, False),
    (SN_CATH, True), (TH, False),
])
def test_corpus_christi_depends_on_land_and_catholic_flag(cal, holiday):
    corpus_christi = date(2026, 6, 4)  # a Thursday
    assert cal.is_working_day(corpus_christi) is not holiday
    expected = date(2026, 6, 5) if holiday else corpus_christi
    assert cal.add_working_days(date(2026, 6, 3), 1) == expected


def test_reformation_day_in_the_north_and_east_only():
    reformation = date(2025, 10, 31)  # a Friday
    assert NI.roll_forward(reformation) == date(2025, 11, 3)
    assert SN.roll_forward(reformation) == date(2025, 11, 3)
    assert NW.roll_forward(reformation) == reformation
    assert BW.is_working_day(reformation)


def test_buss_und_bettag_only_in_saxony():
    repentance = date(2026, 11, 18)  # Wednesday before 23.11.
    assert not SN.is_working_day(repentance)
    assert SN.add_working_days(date(2026, 11, 17), 1) == date(2026, 11, 19)
    assert NW.add_working_days(date(2026, 11, 17), 1) == repentance


def test_year_end_and_epiphany():
    # Christmas 2026: Fri 25., Sat 26., Sun 27. → Mon 28.12.
    assert NW.roll_forward(date(2026, 12, 25)) == date(2026, 12, 28)
    # Thu 31.12.2026 + 1: New Year (Fri), weekend → Mon 4.1.2027
    assert NW.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Epiphany Wed 6.1.2027 in BY and BW, not in NW
    assert BY.add_working_days(date(2027, 1, 5), 1) == date(2027, 1, 7)
    assert BW.add_working_days(date(2027, 1, 5), 1) == date(2027, 1, 7)
    assert NW.add_working_days(date(2027, 1, 5), 1) == date(2027, 1, 6)
    # 24.12. and 31.12. are working days by law
    assert NW.is_working_day(date(2026, 12, 24))


def test_assumption_day_and_augsburg_peace_festival():
    assert BY.is_working_day(date(2025, 8, 15))
    assert not BY_CATH.is_working_day(date(2025, 8, 15))
    assert not AUGSBURG.is_working_day(date(2025, 8, 8))
    assert BY_CATH.is_working_day(date(2025, 8, 8))


def test_world_childrens_day_in_thuringia():
    assert not TH.is_working_day(date(2027, 9, 20))
    assert SN.is_working_day(date(2027, 9, 20))


def test_add_working_days_backwards_and_counting():
    assert NW.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert NW.working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert NW.working_days_between(date(2026, 11, 16), date(2026, 11, 23)) == 5
    assert NW.working_days_between(date(2026, 11, 23), date(2026, 11, 16)) == 0


def test_section_26_roll_forward_of_a_legal_period():
    # announced Thu 23.4.2026, one month → Sat 23.5.2026; Pentecost → ends Tue 26.5.2026
    assert period_end(NW, date(2026, 4, 23), months=1) == date(2026, 5, 26)
    # two weeks from Wed 4.11.2026 end on Wed 18.11.: Buß- und Bettag in Saxony only
    assert period_end(SN, date(2026, 11, 4), weeks=2) == date(2026, 11, 19)
    assert period_end(NW, date(2026, 11, 4), weeks=2) == date(2026, 11, 18)
    # a period in days
    assert period_end(NW, date(2026, 12, 21), days=4) == date(2026, 12, 28)


def test_kinds_legal_deadline_rolls_internal_moves_appointment_stands():
    saturday = date(2026, 11, 28)
    assert NW.due_for("frist", saturday) == date(2026, 11, 30)
    assert NW.due_for("wiedervorlage", saturday) == date(2026, 11, 30)
    assert NW.due_for("termin", saturday) == saturday
    assert NW.due_for("termin", date(2026, 12, 25)) == date(2026, 12, 25)


def test_intervals():
    assert add_interval(NW, date(2026, 1, 31), 1, "months") == date(2026, 2, 28)
    assert add_interval(NW, date(2026, 11, 23), 10, "workdays") == date(2026, 12, 7)
    assert add_interval(NW, date(2026, 11, 23), 2, "weeks") == date(2026, 12, 7)
    with pytest.raises(ValueError):
        add_interval(NW, date(2026, 11, 23), 1, "years")


def test_unknown_land_falls_back_and_bad_land_raises():
    assert calendar_for("xx").land == "NW"
    assert calendar_for("NW", augsburg=True).augsburg is False
