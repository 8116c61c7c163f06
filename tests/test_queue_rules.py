"""The queue's pure rules: sections, order, escalation, postponing, chains, recurrences."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core.queue import (
    Escalation,
    EscalationRule,
    PlanMode,
    Section,
    check_plan,
    check_postpone,
    escalation,
    escalation_cutoff,
    is_flagged_postponed,
    next_due,
    no_contact_due,
    preset_date,
    recurrence_dates,
    section_of,
    sort_key,
)
from caseterm.core.validate import InputError
from caseterm.core.workdays import calendar_for

NW = calendar_for("NW")
TODAY = date(2026, 11, 23)  # Monday


def test_sections():
    assert section_of(date(2026, 11, 20), TODAY) is Section.overdue
    assert section_of(TODAY, TODAY) is Section.today
    assert section_of(date(2026, 11, 29), TODAY) is Section.week  # Sunday
    assert section_of(date(2026, 11, 30), TODAY) is Section.later


def test_order_child_protection_then_legal_then_days_overdue_then_priority():
    items = {
        "old_low": dict(due=date(2026, 11, 2), child_protection=False, kind="wiedervorlage",
                        priority="low"),
        "recent_high": dict(due=date(2026, 11, 20), child_protection=False,
                            kind="wiedervorlage", priority="high"),
        "frist_recent": dict(due=date(2026, 11, 20), child_protection=False, kind="frist",
                             priority="normal"),
        "cp_recent": dict(due=date(2026, 11, 21), child_protection=True, kind="wiedervorlage",
                          priority="low"),
        "today_high": dict(due=TODAY, child_protection=False, kind="wiedervorlage",
                           priority="high"),
        "today_cp": dict(due=TODAY, child_protection=True, kind="wiedervorlage",
                         priority="low"),
        "same_day_normal": dict(due=date(2026, 11, 2), child_protection=False,
                                kind="wiedervorlage", priority="normal"),
        "later": dict(due=date(2027, 1, 4), child_protection=True, kind="frist",
                      priority="high"),
    }
    ordered = sorted(items, key=lambda k: sort_key(today=TODAY, **items[k]))
    assert ordered == ["cp_recent", "frist_recent", "same_day_normal", "old_low",
                       "recent_high", "today_cp", "today_high", "later"]


def test_escalation_after_five_and_ten_working_days():
    # Mon 16.11. → 5 working days overdue on Mon 23.11.: not yet
    assert escalation(date(2026, 11, 16), TODAY, NW) is Escalation.none
    assert escalation(date(2026, 11, 13), TODAY, NW) is Escalation.deputy  # 6
    assert escalation(date(2026, 11, 9), TODAY, NW) is Escalation.deputy  # 10
    assert escalation(date(2026, 11, 6), TODAY, NW) is Escalation.team_lead  # 11
    strict = EscalationRule(deputy_after=2, lead_after=4)
    assert escalation(date(2026, 11, 18), TODAY, NW, strict) is Escalation.deputy
    # holidays are not working days: over Christmas, escalation waits
    # 29.12. → 4.1.: six calendar days, three working days
    assert escalation(date(2026, 12, 29), date(2027, 1, 4), NW) is Escalation.none
    assert escalation(date(2026, 12, 22), date(2027, 1, 4), NW) is Escalation.deputy


def test_escalation_cutoff_matches_the_rule():
    for n in (5, 10):
        cutoff = escalation_cutoff(TODAY, NW, n)
        assert NW.working_days_between(cutoff, TODAY) > n
        nxt = date.fromordinal(cutoff.toordinal() + 1)
        assert NW.working_days_between(nxt, TODAY) <= n


def test_postpone_needs_a_reason_and_a_future_date():
    due = date(2026, 11, 20)
    with pytest.raises(InputError) as exc:
        check_postpone({"preset": "week", "reason": "  "}, current_due=due, today=TODAY,
                       cal=NW)
    assert set(exc.value.errors) == {"reason"}
    with pytest.raises(InputError) as exc:
        check_postpone({"preset": "date", "date": "20.11.2026", "reason": "krank"},
                       current_due=due, today=TODAY, cal=NW)
    assert "date" in exc.value.errors
    p = check_postpone({"preset": "date", "date": "28.11.2026", "reason": "Klient krank"},
                       current_due=due, today=TODAY, cal=NW)
    assert p.new_due == date(2026, 11, 30)  # Saturday → Monday
    assert p.reason == "Klient krank"


def test_postpone_presets():
    due = date(2026, 11, 20)
    assert preset_date("next_working_day", due, TODAY, NW) == date(2026, 11, 24)
    assert preset_date("week", due, TODAY, NW) == date(2026, 11, 30)
    assert preset_date("month", due, TODAY, NW) == date(2026, 12, 23)
    # from a future due date, counted from that date; 24.12.+1 day is Christmas
    assert preset_date("next_working_day", date(2026, 12, 24), TODAY, NW) == date(2026, 12, 28)
    assert preset_date("date", due, TODAY, NW) is None


def test_three_postponements_are_flagged():
    assert not is_flagged_postponed(2)
    assert is_flagged_postponed(3)


def test_chain_next_one_ten_working_days_after_done():
    spec = check_plan({"mode": "chain", "interval": "10", "unit": "workdays"})
    # done on Thu 17.12.2026: 10 working days, Christmas and New Year skipped
    assert next_due(spec, cal=NW, kind="wiedervorlage", done_on=date(2026, 12, 17),
                    anchor=date(2026, 12, 1), occurrence=1) == date(2027, 1, 4)


def test_recurrence_monthly_for_six_months_keeps_its_anchor():
    spec = check_plan({"mode": "recurrence", "interval": "1", "unit": "months", "count": "6"})
    assert spec.mode is PlanMode.recurrence and spec.remaining == 6
    dates = recurrence_dates(spec, cal=NW, kind="wiedervorlage", first=date(2026, 1, 31))
    assert dates == [date(2026, 2, 2), date(2026, 3, 2), date(2026, 3, 31), date(2026, 4, 30),
                     date(2026, 6, 1), date(2026, 6, 30)]
    # a late completion does not shift the series
    assert next_due(spec, cal=NW, kind="wiedervorlage", done_on=date(2026, 3, 20),
                    anchor=date(2026, 1, 31), occurrence=2) == date(2026, 3, 31)


def test_plan_rejects_negative_or_zero_intervals():
    for bad in ("-3", "0", "x"):
        with pytest.raises(InputError) as exc:
            check_plan({"mode": "chain", "interval": bad, "unit": "workdays"})
        assert "interval" in exc.value.errors


def test_no_contact_due():
    assert no_contact_due(date(2026, 11, 6), 6, NW) == date(2026, 12, 18)
    assert no_contact_due(date(2026, 11, 13), 6, NW) == date(2026, 12, 28)


def test_legal_deadline_pre_warning_three_working_days():
    from caseterm.core.queue import deadline_warning

    assert deadline_warning(date(2026, 11, 26), TODAY, NW, kind="frist") == 3
    assert deadline_warning(TODAY, TODAY, NW, kind="frist") == 0
    assert deadline_warning(date(2026, 11, 27), TODAY, NW, kind="frist") is None
    assert deadline_warning(date(2026, 11, 26), TODAY, NW, kind="wiedervorlage") is None
    # over Christmas: 23.12. → 28.12. is two working days
    assert deadline_warning(date(2026, 12, 28), date(2026, 12, 23), NW, kind="frist") == 2


def test_this_week_at_the_weekend_means_the_coming_working_week():
    saturday, sunday = date(2026, 11, 21), date(2026, 11, 22)
    for day in (saturday, sunday):
        assert section_of(date(2026, 11, 23), day) is Section.week  # Monday
        assert section_of(date(2026, 11, 29), day) is Section.week  # the Sunday after
        assert section_of(date(2026, 11, 30), day) is Section.later
