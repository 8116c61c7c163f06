"""Pure rules of core.duplicates: each rule decides on its own example, and every assertion
names the rule that matched (or that none did)."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core.duplicates import REASONS, Person, Strength, Verdict, compare, rank
from caseterm.i18n import _

D = date(1980, 4, 12)


def _reason(new: Person, old: Person) -> tuple[Strength, str] | None:
    v = compare(new, old)
    return None if v is None else (v.strength, v.reason)


def test_same_name_and_birth_date_is_strong():
    assert _reason(Person("Jürgen", "Müller", D), Person("JUERGEN", "Mueller", D)) == (
        Strength.strong, "same_name_birth")


def test_swapped_names_same_birth_date_is_strong():
    assert _reason(Person("Müller", "Jürgen", D), Person("Jürgen", "Müller", D)) == (
        Strength.strong, "swapped")


@pytest.mark.parametrize(("new", "old"), [("Carl", "Karl"), ("Claus", "Klaus")])
def test_c_and_k_sound_alike_as_first_names(new, old):
    assert _reason(Person(new, "Schmidt", D), Person(old, "Schmidt", D)) == (
        Strength.probable, "phonetic")


def test_ph_counts_as_f_for_the_initial():
    assert _reason(Person("Philipp", "Meier", D), Person("Filip", "Meier", D)) == (
        Strength.probable, "phonetic")


def test_swapped_and_sounding_alike_is_probable_swapped():
    assert _reason(Person("Jürgen", "Meyer", D), Person("Meier", "Jürgen", D)) == (
        Strength.probable, "swapped")


def test_typing_error_that_changes_the_sound_is_caught_by_the_similarity_rule():
    # Wagner/Wagber: Kölner Phonetik 3467 vs 3417, Jaro-Winkler 0.922 (threshold 0.92)
    assert _reason(Person("Anna", "Wagner", D), Person("Anna", "Wagber", D)) == (
        Strength.probable, "similar")
    assert _reason(Person("Christof", "Mustermann", D), Person("Cristof", "Mustertann", D)) == (
        Strength.probable, "similar")


def test_similar_first_names_with_different_initials_are_not_the_same_person():
    # twins? Anna and Hanna sound alike and are similar, but start differently
    assert compare(Person("Anna", "Müller", D), Person("Hanna", "Müller", D)) is None
    assert compare(Person("Anna", "Wagner", D), Person("Hanna", "Wagber", D)) is None


def test_similar_last_names_need_the_first_name_to_be_close_too():
    assert compare(Person("Anna", "Wagner", D), Person("Berta", "Wagber", D)) is None


def test_transposed_neighbouring_digits_of_the_birth_date_are_nearly_the_same():
    assert _reason(Person("Anna", "Kurz", date(1980, 4, 12)),
                   Person("Anna", "Kurz", date(1980, 4, 21))) == (Strength.probable, "birth_near")
    assert _reason(Person("Anna", "Kurz", date(1980, 4, 12)),
                   Person("Anna", "Kurz", date(1908, 4, 12))) == (Strength.probable, "birth_near")


def test_swapped_day_and_month_are_nearly_the_same():
    assert _reason(Person("Anna", "Kurz", date(1980, 4, 12)),
                   Person("Anna", "Kurz", date(1980, 12, 4))) == (Strength.probable, "birth_near")


def test_one_digit_different_in_any_place_is_nearly_the_same():
    assert _reason(Person("Anna", "Kurz", date(1980, 4, 12)),
                   Person("Anna", "Kurz", date(1989, 4, 12))) == (Strength.probable, "birth_near")
    assert _reason(Person("Anna", "Kurz", date(1980, 4, 12)),
                   Person("Anna", "Kurz", date(1980, 4, 13))) == (Strength.probable, "birth_near")


@pytest.mark.parametrize("other", [
    date(1980, 9, 3),  # same year, clearly another day
    date(1980, 4, 23),  # neighbouring digits changed, not swapped
    date(1981, 4, 22),  # two digits apart
    date(1981, 4, 2),  # a swap of digits that are not neighbours
    date(1980, 5, 21),  # three digits
    date(1979, 4, 12),  # 1980 vs 1979: two neighbouring digits, not a swap
])
def test_namesakes_with_clearly_different_birth_dates_are_not_reported(other):
    assert compare(Person("Anna", "Kurz", date(1980, 4, 12)), Person("Anna", "Kurz", other)) \
        is None


def test_same_name_with_a_missing_birth_date_is_weak():
    assert _reason(Person("Anna", "Kurz", None), Person("Anna", "Kurz", D)) == (
        Strength.weak, "birth_unknown")
    assert _reason(Person("Kurz", "Anna", D), Person("Anna", "Kurz", None)) == (
        Strength.weak, "birth_unknown")


def test_without_last_names_nothing_is_compared():
    assert compare(Person("Anna", "", None), Person("", "Anna", None)) is None
    assert compare(Person("Anna", "", D), Person("Anna", "", D)) is None


def test_verdict_text_is_the_translated_reason():
    assert Verdict(Strength.probable, "similar").text == _(REASONS["similar"])


def test_rank_puts_strong_before_probable_before_weak_whatever_the_names():
    new = Person("Anna", "Meyer", D)
    candidates = [
        ("weak", Person("Meyer", "Anna", None)),  # swapped, birth unknown; sorts first by name
        ("none", Person("Berta", "Kurz", D)),
        ("probable", Person("Anna", "Meier", D)),  # sounds alike; "meier" < "meyer"
        ("strong", Person("Anna", "Meyer", D)),
    ]
    ranked = rank(new, candidates)
    assert [(k, v.strength, v.reason) for k, _p, v in ranked] == [
        ("strong", Strength.strong, "same_name_birth"),
        ("probable", Strength.probable, "phonetic"),
        ("weak", Strength.weak, "birth_unknown"),
    ]


def test_rank_orders_equal_strength_by_last_then_first_name():
    new = Person("Anna", "Kurz", None)
    ranked = rank(new, [(1, Person("Kurz", "Anna", D)), (2, Person("Anna", "Kurz", D))])
    assert [k for k, _p, _v in ranked] == [1, 2]  # "anna" sorts before "kurz"


def test_similarity_of_exactly_the_threshold_counts_for_the_last_name():
    # Mayer/Mayen: Jaro-Winkler exactly 0.92, Kölner Phonetik 67 vs 66
    assert _reason(Person("Anna", "Mayer", D), Person("Anna", "Mayen", D)) == (
        Strength.probable, "similar")


def test_similarity_of_exactly_the_threshold_counts_for_the_first_name():
    # Jonas/Jonah: Jaro-Winkler exactly 0.92, Kölner Phonetik 068 vs 06
    assert _reason(Person("Jonas", "Kurz", D), Person("Jonah", "Kurz", D)) == (
        Strength.probable, "similar")
