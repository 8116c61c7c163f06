"""Pure rules of core.smart at their boundaries: two sentences, confidence 5/6, open goals
5/6, due date on today and on the review date, word counts, and `check_fields()` (the editor's
path). Assertions name the exact hint codes."""

from __future__ import annotations

from datetime import date, timedelta

from caseterm.core.smart import (
    CheckContext,
    GoalCheckInput,
    SmartResult,
    check,
    check_fields,
    several_goals,
)

TODAY = date(2026, 11, 23)
REVIEW = date(2027, 2, 1)
GOOD = "Bis 31.01.2027 habe ich 3 Wohnungen besichtigt."
CTX = CheckContext(today=TODAY, review_date=REVIEW)


def _codes(**over) -> set[str]:
    goal = dict(text=GOOD, due_date=date(2027, 1, 31), confidence=8, resources=2)
    goal.update(over)
    return check(GoalCheckInput(**goal), CTX).codes


def test_the_reference_goal_passes_everything():
    r = check(GoalCheckInput(text=GOOD, due_date=date(2027, 1, 31), confidence=8, resources=2),
              CTX)
    assert r.codes == set()
    assert (r.score, r.passed, len(r.criteria)) == (100, 7, 7)


def test_two_sentences_are_several_goals():
    text = "Bis 31.01.2027 schreibe ich 5 Bewerbungen. Ich gehe zweimal pro Woche zum Sport."
    assert several_goals(text)
    assert _codes(text=text) == {"several_goals"}
    assert several_goals("Ich gehe zum Sport! Ich lerne Deutsch.")


def test_one_sentence_with_one_verb_joined_by_and_is_one_goal():
    assert not several_goals("Ich schreibe bis 31.01.2027 fünf Bewerbungen und Lebensläufe.")
    assert several_goals("Ich schreibe fünf Bewerbungen und gehe zweimal zum Sport.")
    assert not several_goals("Job")


def test_confidence_5_is_low_6_is_enough():
    assert _codes(confidence=5) == {"low_confidence"}
    assert _codes(confidence=6) == set()
    assert _codes(confidence=0) == {"low_confidence"}


def test_five_open_goals_are_fine_six_are_too_many():
    goal = GoalCheckInput(text=GOOD, due_date=date(2027, 1, 31), confidence=8, resources=2)
    five = CheckContext(today=TODAY, review_date=REVIEW, open_goals=5)
    six = CheckContext(today=TODAY, review_date=REVIEW, open_goals=6)
    assert CheckContext(today=TODAY).max_open_goals == 5
    assert check(goal, five).codes == set()
    r = check(goal, six)
    assert r.codes == {"too_many_goals"}
    assert r.get("realistic").explanation == (
        "6 Handlungsziele sind gleichzeitig offen. Mehr als 5 sind meist zu viel; legen Sie "
        "fest, was zuerst kommt.")


def test_due_date_today_is_not_in_the_past_yesterday_is():
    assert _codes(due_date=TODAY) == set()
    assert _codes(due_date=TODAY - timedelta(days=1)) == {"due_past"}
    assert _codes(due_date=TODAY - timedelta(days=1), is_new=False) == set()


def test_due_date_on_the_review_date_is_fine_a_day_later_is_not():
    assert _codes(due_date=REVIEW) == set()
    assert _codes(due_date=REVIEW + timedelta(days=1)) == {"due_after_review"}


def test_review_date_today_is_not_yet_overdue():
    goal = GoalCheckInput(text=GOOD, due_date=TODAY, confidence=8, resources=2)
    assert check(goal, CheckContext(today=TODAY, review_date=TODAY)).codes == set()
    passed = TODAY - timedelta(days=1)
    assert check(goal, CheckContext(today=TODAY, review_date=passed)).codes == {
        "due_after_review", "review_overdue"}


def test_review_recorded_on_the_review_date_counts_one_before_does_not():
    goal = GoalCheckInput(text=GOOD, due_date=date(2026, 11, 1), confidence=8, resources=2,
                          is_new=False)
    review = date(2026, 11, 10)
    on_day = CheckContext(today=TODAY, review_date=review, last_review=review)
    before = CheckContext(today=TODAY, review_date=review, last_review=review - timedelta(1))
    assert check(goal, on_day).codes == set()
    assert check(goal, before).codes == {"review_overdue"}


def test_a_goal_needs_three_words_a_measure_two():
    assert "too_short" in _codes(text="Wohnung finden")
    assert "too_short" not in _codes(text="Wohnung finden jetzt")
    ctx = CheckContext(today=TODAY)
    assert "too_short" in check(GoalCheckInput(text="Antrag", is_measure=True), ctx).codes
    assert "too_short" not in check(GoalCheckInput(text="Antrag stellen", is_measure=True),
                                    ctx).codes


def test_explanation_is_the_first_hint_of_a_criterion():
    r = check(GoalCheckInput(text="Mehr Sport", due_date=date(2027, 1, 31), confidence=8), CTX)
    spec = r.get("specific")
    assert [h.code for h in spec.hints] == ["too_short", "vague_word"]
    assert spec.explanation == spec.hints[0].message


def test_no_resources_only_when_none_are_linked():
    assert _codes(resources=0) == {"no_resources"}
    assert _codes(resources=1) == set()
    assert _codes(resources=None) == set()


def test_measure_criteria_are_what_who_by_when_in_that_order():
    r = check(GoalCheckInput(text="Antrag stellen", is_measure=True, responsible="Frau X",
                             due_date=date(2026, 12, 1)), CheckContext(today=TODAY))
    assert [c.key for c in r.criteria] == ["specific", "responsible", "terminated"]
    assert r.score == 100


def test_empty_result_scores_zero():
    assert SmartResult().score == 0
    assert SmartResult().passed == 0


# -- check_fields: the goal editor's path -------------------------------------------------

FIELDS = {"level": "handlungsziel", "text_client": GOOD, "due_date": date(2027, 1, 31),
          "confidence": 8, "resources": "Schwester, Nachbar", "status": "agreed"}


def _fcodes(**over) -> set[str]:
    fields = dict(FIELDS)
    fields.update(over)
    return check_fields(fields, CTX).codes


def test_check_fields_checks_the_clients_text():
    assert _fcodes() == set()
    assert _fcodes(text_client="Ich will besser Deutsch sprechen.") == {
        "vague_word", "not_measurable"}
    assert _fcodes(text_client=None) == {"too_short", "not_measurable"}


def test_check_fields_reads_the_confidence_typed_as_text():
    assert _fcodes(confidence="7") == set()
    assert _fcodes(confidence="5") == {"low_confidence"}
    assert _fcodes(confidence="") == {"no_confidence"}
    assert _fcodes(confidence=None) == {"no_confidence"}
    assert _fcodes(confidence="sehr") == {"no_confidence"}


def test_check_fields_counts_the_resources_listed():
    assert _fcodes(resources="") == {"no_resources"}
    assert _fcodes(resources=" , ") == {"no_resources"}
    assert _fcodes(resources="Schwester") == set()
    assert _fcodes(resources=None) == {"no_resources"}


def test_check_fields_a_draft_is_not_yet_agreed_by_the_client():
    assert _fcodes(status="draft") == {"not_agreed"}
    assert _fcodes(status="agreed") == set()
    assert _fcodes(status="") == set()


def test_check_fields_reads_a_typed_due_date():
    assert _fcodes(due_date="31.01.2027") == set()
    assert _fcodes(due_date="02.02.2027") == {"due_after_review"}
    assert _fcodes(due_date="") == {"no_due_date"}
    assert _fcodes(due_date="kein Datum") == {"no_due_date"}
    assert _fcodes(due_date=None) == {"no_due_date"}


def test_check_fields_past_due_date_of_a_stored_goal_is_not_held_against_it():
    assert _fcodes(due_date=date(2026, 11, 1)) == {"due_past"}
    assert _fcodes(due_date=date(2026, 11, 1), is_new=False) == set()


def test_check_fields_measure_with_a_responsible_person():
    fields = {"level": "massnahme", "text_client": "Antrag stellen", "due_date": "01.12.2026",
              "responsible": "Frau X"}
    r = check_fields(fields, CTX)
    assert [c.key for c in r.criteria] == ["specific", "responsible", "terminated"]
    assert r.codes == set()
    fields["responsible"] = None
    assert check_fields(fields, CTX).codes == {"no_responsible"}


def test_check_fields_uses_indicator_and_target_for_measurability():
    text = "Ich komme mit meinem Geld klar bis 31.01.2027."
    assert _fcodes(text_client=text) == {"not_measurable"}
    assert _fcodes(text_client=text, indicator="Kontoauszug ohne Minus") == set()
    assert _fcodes(text_client=text, target="Kontostand über 0 €") == set()
    assert _fcodes(text_client=text, indicator=None, target=None) == {"not_measurable"}
