"""Pure rules of core.consent at their boundaries: the consent age of exactly 15, custody
holders without names, dates (future, one-day, withdrawal on the day), field maxima.

Every call passes `information_given` explicitly, so the tests do not depend on its default."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseterm.core import clock
from caseterm.core import consent as c
from caseterm.core.validate import Errors, InputError
from caseterm.i18n import _

CM = frozenset({c.ConsentPurpose.case_management})
SHARE = frozenset({c.ConsentPurpose.data_exchange})


def _raw(**over) -> dict:
    raw = {"given_on": "23.11.2026", "purposes": ["case_management"], "form": "written",
           "information_given": True}
    raw.update(over)
    return raw


def _check(birth_date: date | None = None, **over) -> tuple[c.ConsentInput | None, dict]:
    e = Errors()
    result = c.check_consent(_raw(**over), e, birth_date=birth_date)
    return result, e.errors


def _errs(birth_date: date | None = None, **over) -> dict:
    return _check(birth_date, **over)[1]


def test_consent_age_is_15():
    assert c.CONSENT_AGE == 15


def test_age_on_counts_a_birthday_only_once_it_is_reached():
    assert c.age_on(date(2011, 11, 23), date(2026, 11, 23)) == 15  # birthday today
    assert c.age_on(date(2011, 11, 24), date(2026, 11, 23)) == 14  # tomorrow
    assert c.age_on(date(2011, 11, 22), date(2026, 11, 23)) == 15
    assert c.age_on(date(2011, 12, 1), date(2026, 11, 23)) == 14  # later month
    assert c.age_on(date(2011, 10, 30), date(2026, 11, 23)) == 15  # earlier month


def test_client_who_turned_exactly_15_today_may_consent_alone():
    result, errors = _check(birth_date=date(2011, 11, 23))
    assert errors == {}
    assert result is not None and result.given_by is c.GivenBy.client


def test_client_who_turns_15_tomorrow_needs_the_custody_holders():
    errors = _errs(birth_date=date(2011, 11, 24))
    assert errors == {"consent_given_by": _(
        "The client is under {age}: the holders of parental custody must consent as well."
    ).format(age=15)}


def test_under_15_with_the_custody_holders_named_is_fine():
    errors = _errs(birth_date=date(2014, 1, 1), given_by="client_and_custody",
                   given_by_name="Eva und Paul Kurz")
    assert errors == {}


@pytest.mark.parametrize("given_by", ["custody_holders", "client_and_custody", "legal_guardian"])
def test_consent_given_by_others_than_the_client_needs_their_names(given_by):
    errors = _errs(given_by=given_by)
    assert errors == {"consent_given_by_name": _(
        "Who exactly gave the consent? Enter the name(s).")}
    errors = _errs(given_by=given_by, given_by_name="Eva Kurz")
    assert errors == {}


def test_client_consenting_needs_no_name():
    result, errors = _check(given_by="client")
    assert errors == {}
    assert result.given_by_name == ""


def test_consent_dated_in_the_future_is_rejected_today_is_fine():
    errors = _errs(given_on="24.11.2026")
    assert errors == {"consent_given_on": _("The date cannot be in the future.")}
    errors = _errs(given_on="23.11.2026")
    assert errors == {}


def test_consent_without_a_date_is_rejected_and_nothing_is_returned():
    result, errors = _check(given_on="")
    assert result is None
    assert errors == {"consent_given_on": _("Please enter a date (DD.MM.YYYY).")}


def test_consent_dated_1900_is_accepted_1899_is_not():
    errors = _errs(given_on="01.01.1900")
    assert errors == {}
    errors = _errs(given_on="31.12.1899")
    assert set(errors) == {"consent_given_on"}


def test_one_day_consent_valid_until_the_day_it_was_given_is_accepted():
    result, errors = _check(given_on="20.11.2026", valid_until="20.11.2026")
    assert errors == {}
    assert c.is_valid(result.facts(), date(2026, 11, 20))
    assert c.status(result.facts(), date(2026, 11, 21)) is c.ConsentStatus.expired
    errors = _errs(given_on="20.11.2026", valid_until="19.11.2026")
    assert errors == {"consent_valid_until": _(
        "“Valid until” cannot be before the day it was given.")}


def test_check_consent_returns_the_cleaned_consent():
    result, errors = _check(given_by="legal_guardian", given_by_name=" Amt Köln ",
                            purposes="case_management, , data_exchange",
                            recipients="Jobcenter Köln; Caritas\n", form="oral_recorded",
                            note="am Telefon", valid_until="31.12.2026")
    assert errors == {}
    assert result == c.ConsentInput(
        given_by=c.GivenBy.legal_guardian, given_by_name="Amt Köln",
        purposes=frozenset({c.ConsentPurpose.case_management, c.ConsentPurpose.data_exchange}),
        recipients=("Jobcenter Köln", "Caritas"), form=c.ConsentForm.oral_recorded,
        information_given=True, given_on=date(2026, 11, 23), valid_until=date(2026, 12, 31),
        note="am Telefon")
    assert result.facts() == c.ConsentFacts(result.purposes, date(2026, 11, 23),
                                            date(2026, 12, 31), None,
                                            ("Jobcenter Köln", "Caritas"))


def test_consent_defaults_to_the_client_in_writing():
    result, errors = _check(given_by="", form="")
    assert errors == {}
    assert result.given_by is c.GivenBy.client and result.form is c.ConsentForm.written


def test_consent_without_purpose_is_rejected_with_exactly_that_error():
    errors = _errs(purposes=[])
    assert errors == {"consent_purposes": _("Name at least one purpose the consent is given for.")}
    errors = _errs(purposes=["nonsense"])
    assert set(errors) == {"consent_purposes"}


def test_passing_data_on_needs_recipients():
    errors = _errs(purposes=["case_conference"])
    assert errors == {"consent_recipients": _("Passing data on needs the recipients named.")}
    errors = _errs(purposes=["case_conference"], recipients=["Jugendamt"])
    assert errors == {}


def test_oral_consent_needs_a_note():
    errors = _errs(form="oral_recorded")
    assert set(errors) == {"consent_note"}


def test_consent_without_information_is_rejected():
    errors = _errs(information_given=False)
    assert set(errors) == {"consent_information_given"}


@pytest.mark.parametrize(("field", "value", "limit"), [
    ("given_by_name", "N", 200), ("note", "n", 1000)])
def test_consent_text_fields_accept_exactly_their_maximum(field, value, limit):
    errors = _errs(given_by="legal_guardian", **{"given_by_name": "Amt", field: value * limit})
    assert errors == {}
    errors = _errs(given_by="legal_guardian", **{"given_by_name": "Amt",
                                                  field: value * (limit + 1)})
    assert set(errors) == {"consent_" + field}


def test_recipient_of_exactly_200_characters_is_accepted_201_is_not():
    errors = _errs(purposes=["data_exchange"], recipients=["R" * 200])
    assert errors == {}
    errors = _errs(purposes=["data_exchange"], recipients=["R" * 201])
    assert set(errors) == {"consent_recipients"}


def test_split_recipients_on_semicolons_and_new_lines_without_empty_parts():
    assert c.split_recipients("Jobcenter Köln; Caritas\n\n ; Jugendamt ;") == (
        "Jobcenter Köln", "Caritas", "Jugendamt")
    assert c.split_recipients("") == ()
    assert c.split_recipients(None) == ()


def test_covers_purpose_while_valid_and_for_that_purpose_only():
    f = c.ConsentFacts(CM, date(2026, 1, 10))
    assert c.covers_purpose(f, c.ConsentPurpose.case_management, date(2026, 1, 10)) is True
    assert c.covers_purpose(f, c.ConsentPurpose.data_exchange, date(2026, 1, 10)) is False
    assert c.covers_purpose(f, c.ConsentPurpose.case_management, date(2026, 1, 9)) is False


def test_expired_or_withdrawn_consent_covers_no_recipient():
    day = date(2026, 6, 1)
    ok = c.ConsentFacts(SHARE, date(2026, 1, 1), recipients=("Jobcenter",))
    assert c.covers_recipient(ok, "Jobcenter Köln", day) is True
    expired = c.ConsentFacts(SHARE, date(2026, 1, 1), valid_until=date(2026, 5, 31),
                             recipients=("Jobcenter",))
    withdrawn = c.ConsentFacts(SHARE, date(2026, 1, 1), withdrawn_on=date(2026, 6, 1),
                               recipients=("Jobcenter",))
    assert c.covers_recipient(expired, "Jobcenter Köln", day) is False
    assert c.covers_recipient(withdrawn, "Jobcenter Köln", day) is False


def test_status_uses_today_when_no_day_is_given():
    today = clock.today()
    assert c.status(c.ConsentFacts(CM, today)) is c.ConsentStatus.valid
    assert c.status(c.ConsentFacts(CM, today + timedelta(days=1))) is c.ConsentStatus.not_yet


def test_withdrawal_on_the_day_the_consent_was_given_is_accepted():
    f = c.ConsentFacts(CM, date(2026, 11, 20))
    w = c.check_withdrawal({"withdrawn_on": "20.11.2026", "channel": "mündlich"}, f)
    assert w == c.WithdrawalInput(on=date(2026, 11, 20), channel="mündlich", note="")
    with pytest.raises(InputError) as exc:
        c.check_withdrawal({"withdrawn_on": "19.11.2026"}, f)
    assert exc.value.errors == {"withdrawn_on": _(
        "A consent cannot be withdrawn before it was given.")}


def test_withdrawal_defaults_to_today():
    f = c.ConsentFacts(CM, date(2026, 11, 1))
    assert c.check_withdrawal({}, f).on == clock.today()


def test_withdrawal_channel_up_to_60_and_note_up_to_1000_characters():
    f = c.ConsentFacts(CM, date(2026, 11, 1))
    w = c.check_withdrawal({"channel": "c" * 60, "note": "n" * 1000}, f)
    assert (len(w.channel), len(w.note)) == (60, 1000)
    with pytest.raises(InputError) as exc:
        c.check_withdrawal({"channel": "c" * 61, "note": "n" * 1001}, f)
    assert set(exc.value.errors) == {"channel", "note"}
