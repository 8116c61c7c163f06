"""Pure rules of core.validate at their boundaries: exact maximum lengths, earliest dates,
today for "not in the past", required choices. No database, no Textual."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseterm.core import clock
from caseterm.core.validate import NAME_MAX, Errors, InputError
from caseterm.i18n import _


def test_text_of_exactly_the_default_maximum_500_is_accepted_501_is_not():
    e = Errors()
    assert e.text("t", "a" * 500) == "a" * 500
    assert e.errors == {}
    e.text("t", "a" * 501)
    assert e.errors == {"t": _("At most {n} characters (now {m}).").format(n=500, m=501)}


def test_text_of_exactly_a_given_maximum_is_accepted_one_more_is_not():
    e = Errors()
    e.text("ok", "x" * 200, maximum=200)
    e.text("long", "x" * 201, maximum=200)
    assert set(e.errors) == {"long"}


def test_text_is_stripped_and_not_required_by_default():
    e = Errors()
    assert e.text("t", "  Anna  ") == "Anna"
    assert e.text("t", None) == ""
    assert e.text("t", "   ") == ""
    assert e.errors == {}
    assert not e


def test_required_text_that_is_empty_is_an_error_filled_is_not():
    e = Errors()
    assert e.text("full", "x", required=True) == "x"
    e.text("empty", "  ", required=True)
    assert e.errors == {"empty": _("Please fill in this field.")}
    assert e


def test_name_of_exactly_100_characters_is_accepted_101_is_not():
    assert NAME_MAX == 100
    e = Errors()
    assert e.name("n", "N" * 100) == "N" * 100
    assert e.errors == {}
    e.name("n", "N" * 101)
    assert e.errors == {"n": _("A name can have at most {n} characters.").format(n=100)}


def test_name_is_needed_and_stripped():
    e = Errors()
    assert e.name("a", " Jürgen ") == "Jürgen"
    assert e.errors == {}
    assert e.name("b", None) == ""
    assert e.errors == {"b": _("A name is needed.")}


def test_date_on_the_earliest_day_is_accepted_the_day_before_is_not():
    e = Errors()
    assert e.date("d", "01.01.1900", earliest=date(1900, 1, 1)) == date(1900, 1, 1)
    assert e.errors == {}
    assert e.date("d", "31.12.1999", earliest=date(2000, 1, 1)) == date(1999, 12, 31)
    assert set(e.errors) == {"d"}
    e = Errors()
    assert e.date("d", "31.12.1899", earliest=date(1900, 1, 1)) is None  # outside 1900–2100
    assert set(e.errors) == {"d"}


def test_date_today_is_not_in_the_future_tomorrow_is():
    today = clock.today()
    e = Errors()
    assert e.date("d", today, not_future=True) == today
    assert e.errors == {}
    e.date("d", today + timedelta(days=1), not_future=True)
    assert e.errors == {"d": _("The date cannot be in the future.")}


def test_date_today_is_not_in_the_past_yesterday_is():
    today = clock.today()
    e = Errors()
    assert e.date("d", today, not_past=True) == today
    assert e.errors == {}
    e.date("d", today - timedelta(days=1), not_past=True)
    assert e.errors == {"d": _("The date cannot be in the past.")}


def test_date_without_flags_accepts_past_and_future_and_an_empty_optional_date():
    today = clock.today()
    e = Errors()
    assert e.date("a", today + timedelta(days=400)) == today + timedelta(days=400)
    assert e.date("b", today - timedelta(days=400)) == today - timedelta(days=400)
    assert e.date("c", "") is None
    assert e.date("d", None) is None
    assert e.errors == {}


def test_required_date_that_is_empty_is_an_error():
    e = Errors()
    assert e.date("d", "  ", required=True) is None
    assert e.errors == {"d": _("Please enter a date (DD.MM.YYYY).")}


def test_unreadable_date_is_an_error_naming_the_text():
    e = Errors()
    assert e.date("d", " 30.02.2026 ") is None
    assert e.errors == {"d": _("“{text}” is not a valid date; write DD.MM.YYYY.").format(
        text="30.02.2026")}


def test_typed_date_is_parsed():
    e = Errors()
    assert e.date("d", "12.04.1980") == date(1980, 4, 12)
    assert e.errors == {}


def test_birth_date_from_1900_not_in_the_future_optional_by_default():
    today = clock.today()
    e = Errors()
    assert e.birth_date("b", "01.01.1900") == date(1900, 1, 1)
    assert e.birth_date("b", today) == today
    assert e.birth_date("b", "") is None
    assert e.errors == {}
    e.birth_date("old", "31.12.1899")
    e.birth_date("future", today + timedelta(days=1))
    e.birth_date("missing", "", required=True)
    assert set(e.errors) == {"old", "future", "missing"}


def test_choice_is_required_by_default():
    from caseterm.core.vocab import CasePhase

    e = Errors()
    assert e.choice("c", None, CasePhase) is None
    assert e.errors == {"c": _("Please choose a value.")}
    e = Errors()
    assert e.choice("c", "", CasePhase) is None
    assert set(e.errors) == {"c"}


def test_optional_choice_may_be_empty_and_a_valid_value_is_returned():
    from caseterm.core.vocab import CasePhase

    e = Errors()
    assert e.choice("c", None, CasePhase, required=False) is None
    assert e.choice("c", "", CasePhase, required=False) is None
    assert e.choice("c", "intake", CasePhase) is CasePhase.intake
    assert e.choice("c", CasePhase.closure, CasePhase) is CasePhase.closure
    assert e.errors == {}


def test_choice_outside_the_list_is_an_error_listing_the_allowed_values():
    from caseterm.core.vocab import CasePhase

    e = Errors()
    assert e.choice("c", "nirvana", CasePhase) is None
    assert "intake" in e.errors["c"] and "nirvana" in e.errors["c"]


def test_email_empty_is_fine_a_wrong_form_is_an_error_a_good_one_is_returned():
    e = Errors()
    assert e.email("m", None) == ""
    assert e.email("m", " anna@example.org ") == "anna@example.org"
    assert e.errors == {}
    assert e.email("m", "anna.example.org") == "anna.example.org"
    assert e.errors == {"m": _("An e-mail address needs the form name@example.org.")}


def test_errors_keep_the_first_message_per_field_and_raise_all():
    e = Errors()
    assert not e
    e.raise_if_any()  # nothing to raise
    e.add("a", "first")
    e.add("a", "second")
    e.add("b", "other")
    assert e
    with pytest.raises(InputError) as exc:
        e.raise_if_any()
    assert exc.value.errors == {"a": "first", "b": "other"}


# -- added with the strict input checks (issue 11) ---------------------------------------------

def test_the_last_accepted_date_is_31_12_2100():
    e = Errors()
    assert e.date("d", "31.12.2100") == date(2100, 12, 31) and e.errors == {}
    assert e.date("d", "01.01.2101") is None and set(e.errors) == {"d"}
    e = Errors()
    assert e.date("d", "30.12.2100") == date(2100, 12, 30) and e.errors == {}


def test_echoed_input_is_cut_to_exactly_80_characters():
    from caseterm.core.validate import shorten

    assert shorten("x" * 80) == "x" * 80
    cut = shorten("x" * 81)
    assert len(cut) == 80 and cut.endswith("…")


@pytest.mark.parametrize("method", ["text", "name", "email"])
def test_text_that_cannot_be_stored_returns_empty_text_and_an_error(method):
    e = Errors()
    assert getattr(e, method)("f", "a\x00b") == ""
    assert set(e.errors) == {"f"}


def test_flag_accepts_only_real_booleans_and_says_so():
    e = Errors()
    assert e.flag("a", None) is False and e.errors == {}
    assert e.flag("a", None, default=True) is True and e.errors == {}
    assert e.flag("a", True) is True and e.flag("a", False) is False and e.errors == {}
    assert e.flag("b", "yes") is False and set(e.errors) == {"b"}
    e = Errors()
    assert e.flag("b", "nein", default=True) is True and set(e.errors) == {"b"}
    e = Errors()
    assert e.flag("c", "false", required=True) is None and set(e.errors) == {"c"}
    e = Errors()
    assert e.flag("c", None, required=True) is None and set(e.errors) == {"c"}


def test_valid_passes_checked_values_and_refuses_an_unrecorded_none():
    e = Errors()
    day = e.date("d", "01.02.2020", required=True)
    e.raise_if_any()
    assert e.valid(day) == date(2020, 2, 1)
    assert e.valid(0) == 0 and e.valid("") == ""  # falsy values are values
    with pytest.raises(TypeError):
        Errors().valid(None)  # a None no checker recorded is a bug, never stored


def test_a_required_check_records_its_error_before_valid_is_reached():
    from caseterm.core.inputs import check_followup

    with pytest.raises(InputError) as err:
        check_followup({"due_date": "", "next_step": "x"})
    assert "due_date" in err.value.errors
