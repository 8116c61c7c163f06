"""Pure rules of core.queue at their edges: "this week" from a Friday, high vs normal on the
same day, postponing to today / to the current due date, plan limits, default weeks."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core import queue as q
from caseterm.core.validate import Errors, InputError
from caseterm.core.workdays import calendar_for
from caseterm.i18n import _

NW = calendar_for("NW")
MON = date(2026, 11, 23)
FRI = date(2026, 11, 27)


def test_this_week_seen_from_a_friday_ends_on_that_sunday():
    assert q.week_end(FRI) == date(2026, 11, 29)
    assert q.section_of(date(2026, 11, 28), FRI) is q.Section.week  # Saturday
    assert q.section_of(date(2026, 11, 29), FRI) is q.Section.week  # Sunday
    assert q.section_of(date(2026, 11, 30), FRI) is q.Section.later  # next Monday


def test_this_week_seen_from_a_saturday_or_sunday_is_the_coming_working_week():
    assert q.week_end(date(2026, 11, 28)) == date(2026, 12, 6)
    assert q.week_end(date(2026, 11, 29)) == date(2026, 12, 6)
    assert q.week_end(MON) == date(2026, 11, 29)


def test_high_priority_comes_before_normal_on_the_same_day_and_low_after():
    common = dict(due=MON, today=MON, child_protection=False, kind="wiedervorlage")
    keys = {p: q.sort_key(priority=p, **common) for p in ("low", "normal", "high", "odd")}
    assert keys["high"] < keys["normal"] < keys["low"]
    assert keys["odd"] == keys["normal"]  # an unknown priority counts as normal


def test_sort_key_is_section_child_protection_legal_due_priority():
    # The database sorts by the same columns, so the exact values matter.
    assert q.sort_key(due=MON, today=MON, child_protection=True, kind="frist",
                      priority="high") == (1, 0, 0, MON, 0)
    assert q.sort_key(due=date(2026, 11, 20), today=MON, child_protection=False,
                      kind="termin", priority="low") == (0, 1, 1, date(2026, 11, 20), 2)
    assert [int(s) for s in q.Section] == [0, 1, 2, 3]


def test_escalation_levels_are_ordered_none_deputy_team_lead():
    assert [int(x) for x in q.Escalation] == [0, 1, 2]
    assert q.section_label(q.Section.week) == _("This week")


def test_legal_deadline_warning_counts_working_days_left():
    assert q.deadline_warning(MON, MON, NW, kind="frist") == 0
    assert q.deadline_warning(date(2026, 11, 26), MON, NW, kind="frist") == 3
    assert q.deadline_warning(FRI, MON, NW, kind="frist") is None  # 4 left
    assert q.deadline_warning(FRI, MON, NW, kind="frist", days=4) == 4
    assert q.deadline_warning(MON, MON, NW, kind="wiedervorlage") is None
    assert q.deadline_warning(date(2026, 11, 20), MON, NW, kind="frist") is None  # past


def test_legal_deadline_warning_over_a_long_window_counts_every_working_day():
    # 35 calendar days from Monday 23.11.2026: 25 weekdays less Christmas Day = 24 left
    assert q.deadline_warning(date(2026, 12, 28), MON, NW, kind="frist", days=25) == 24


def test_postponing_an_overdue_item_to_today_is_allowed():
    p = q.check_postpone({"date": "23.11.2026", "reason": "krank"},
                         current_due=date(2026, 11, 16), today=MON, cal=NW)
    assert p == q.Postponement(new_due=MON, reason="krank")


def test_postponing_to_last_friday_is_into_the_past():
    with pytest.raises(InputError) as exc:
        q.check_postpone({"date": "20.11.2026", "reason": "x"},
                         current_due=date(2026, 11, 16), today=MON, cal=NW)
    assert exc.value.errors == {"date": _("A follow-up cannot be postponed into the past.")}


def test_postponing_to_the_current_due_date_is_an_error():
    with pytest.raises(InputError) as exc:
        q.check_postpone({"preset": "date", "date": "30.11.2026", "reason": "x"},
                         current_due=date(2026, 11, 30), today=MON, cal=NW)
    assert exc.value.errors == {"date": _("That is the current due date; choose another one.")}


def test_postponing_by_the_date_preset_needs_a_date():
    with pytest.raises(InputError) as exc:
        q.check_postpone({"preset": "date", "reason": "x"}, current_due=MON, today=MON, cal=NW)
    assert exc.value.errors == {"date": _("Please enter a date (DD.MM.YYYY).")}
    with pytest.raises(InputError) as exc:
        q.check_postpone({"reason": "x"}, current_due=MON, today=MON, cal=NW)  # default: date
    assert set(exc.value.errors) == {"date"}


def test_postponing_to_a_saturday_moves_to_monday_an_appointment_stays():
    p = q.check_postpone({"date": "28.11.2026", "reason": "x"}, current_due=MON, today=MON,
                         cal=NW)
    assert p.new_due == date(2026, 11, 30)
    p = q.check_postpone({"date": "28.11.2026", "reason": "x"}, current_due=MON, today=MON,
                         cal=NW, kind="termin")
    assert p.new_due == date(2026, 11, 28)


def test_postponing_with_an_unknown_preset_asks_for_a_choice():
    with pytest.raises(InputError) as exc:
        q.check_postpone({"preset": "forever", "reason": "x"}, current_due=MON, today=MON, cal=NW)
    assert exc.value.errors == {"preset": _("Choose how far to postpone.")}


def test_postponing_reason_is_required_and_at_most_500_characters():
    ok = q.check_postpone({"preset": "week", "reason": "r" * 500}, current_due=MON, today=MON,
                          cal=NW)
    assert ok.new_due == date(2026, 11, 30) and len(ok.reason) == 500
    with pytest.raises(InputError) as exc:
        q.check_postpone({"preset": "week", "reason": "r" * 501}, current_due=MON, today=MON,
                         cal=NW)
    assert set(exc.value.errors) == {"reason"}
    with pytest.raises(InputError) as exc:
        q.check_postpone({"preset": "week", "reason": " "}, current_due=MON, today=MON, cal=NW)
    assert exc.value.errors == {"reason": _("A reason for postponing is required.")}


def test_presets_count_from_the_later_of_today_and_the_due_date():
    assert q.preset_date("next_working_day", FRI, MON, NW) == date(2026, 11, 30)
    assert q.preset_date("next_working_day", date(2026, 11, 2), MON, NW) == date(2026, 11, 24)
    assert q.preset_date("week", FRI, MON, NW) == date(2026, 12, 4)
    assert q.preset_date("month", MON, MON, NW) == date(2026, 12, 23)
    assert q.preset_date("date", MON, MON, NW) is None


def test_postponements_flagged_from_three():
    assert not q.is_flagged_postponed(2)
    assert q.is_flagged_postponed(3)
    assert q.DEFAULT_ESCALATION == q.EscalationRule(deputy_after=5, lead_after=10,
                                                    postpone_flag=3)


def test_plan_defaults_are_a_single_chain_in_working_days():
    assert q.check_plan({"interval": "10"}) == q.PlanSpec(
        mode=q.PlanMode.chain, interval=10, unit="workdays", remaining=1, next_step="")


def test_plan_interval_of_exactly_400_is_accepted_401_is_not():
    assert q.check_plan({"interval": 400, "unit": "days"}).interval == 400
    with pytest.raises(InputError) as exc:
        q.check_plan({"interval": 401})
    assert exc.value.errors == {"interval": _("At most {n}.").format(n=400)}


def test_plan_count_of_exactly_60_is_accepted_61_is_not():
    assert q.check_plan({"interval": 1, "count": "60", "mode": "recurrence"}).remaining == 60
    with pytest.raises(InputError) as exc:
        q.check_plan({"interval": 1, "count": "61"})
    assert exc.value.errors == {"count": _("At most {n}.").format(n=60)}


def test_plan_count_of_zero_is_rejected_as_not_positive():
    with pytest.raises(InputError) as exc:
        q.check_plan({"interval": 1, "count": "0"})
    assert exc.value.errors == {"count": _("The interval cannot be negative or zero.")}


def test_plan_interval_zero_is_not_positive_and_text_is_not_a_number():
    with pytest.raises(InputError) as exc:
        q.check_plan({"interval": "0", "count": "zwei", "unit": "years"})
    assert exc.value.errors == {
        "interval": _("The interval cannot be negative or zero."),
        "count": _("Please enter a whole number."),
        "unit": _("Choose a unit."),
    }


def test_plan_next_step_up_to_500_characters():
    assert len(q.check_plan({"interval": 1, "next_step": "s" * 500}).next_step) == 500
    with pytest.raises(InputError) as exc:
        q.check_plan({"interval": 1, "next_step": "s" * 501})
    assert set(exc.value.errors) == {"next_step"}


def test_whole_number_below_a_minimum_other_than_one_says_at_least():
    e = Errors()
    assert q._int(e, "n", " 3 ", minimum=5, maximum=9) == 3
    assert q._int(e, "m", "x", minimum=5, maximum=9) == 5
    assert q._int(e, "k", "-1", minimum=5, maximum=9) == -1
    assert e.errors == {"n": _("At least {n}.").format(n=5),
                        "m": _("Please enter a whole number."),
                        "k": _("At least {n}.").format(n=5)}


def test_chain_in_calendar_days_rolls_to_a_working_day():
    spec = q.check_plan({"interval": "1", "unit": "days"})
    assert q.next_due(spec, cal=NW, kind="wiedervorlage", done_on=FRI, anchor=FRI,
                      occurrence=1) == date(2026, 11, 30)


def test_default_no_contact_weeks_per_legal_area():
    assert q.DEFAULT_NO_CONTACT_WEEKS == {"sgb2": 6, "sgb8": 4, "sgb12": 8, "integration": 6,
                                          "other": 8}


def test_default_stall_weeks_per_phase():
    assert q.DEFAULT_STALL_WEEKS == {"access": 2, "intake": 4, "assessment": 6, "planning": 6,
                                     "linking": 8, "monitoring": 26, "evaluation": 6}


def test_stalled_due_is_weeks_after_the_phase_began_on_a_working_day():
    assert q.stalled_due(date(2026, 11, 2), 4, NW) == date(2026, 11, 30)
    assert q.stalled_due(date(2026, 10, 31), 4, NW) == date(2026, 11, 30)  # Sat -> Mon
    assert q.no_contact_due(date(2026, 10, 31), 4, NW) == date(2026, 11, 30)
