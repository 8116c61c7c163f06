"""The duplicate matcher on a German test set: recall over spelling variants, and no warning
(let alone a merge) for different people."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from caseterm.core.duplicates import Person, Strength, compare, rank, script_warnings
from caseterm.core.names import cologne, mixed_script, phonetic_key, skeleton

B = date(1980, 4, 12)

# (new, existing): each pair is the same person written differently — must be found.
SAME = [
    (("Jürgen", "Mueller"), ("Juergen", "Müller")),
    (("JÜRGEN", "MÜLLER"), ("jürgen", "müller")),
    (("Jürgen", unicodedata.normalize("NFD", "Müller")), ("Jürgen", "Müller")),
    (("Müller", "Jürgen"), ("Jürgen", "Müller")),  # swapped
    (("Hans", "Meier"), ("Hans", "Meyer")),
    (("Hans", "Maier"), ("Hans", "Mayer")),
    (("Hans", "Mayr"), ("Hans", "Meier")),
    (("Anna", "Schmidt"), ("Anna", "Schmitt")),
    (("Johann", "Strauß"), ("Johann", "Strauss")),
    (("Anna-Lena", "Schulz"), ("Anna Lena", "Schulz")),
    (("Ayşe", "Özdemir"), ("Ayse", "Oezdemir")),
    (("José", "García"), ("Jose", "Garcia")),
    (("Karl-Heinz", "Müller-Lüdenscheidt"), ("Karl Heinz", "Mueller Luedenscheidt")),
    (("Jürgen", "Mülller"), ("Jürgen", "Müller")),  # typing error
    (("Christoph", "Fischer"), ("Christof", "Fischer")),
    (("Jürgen", "Müllеr"), ("Jürgen", "Müller")),  # Cyrillic е inside the Latin name
    (("Stefanie", "Weiß"), ("Stephanie", "Weiss")),
]

# Different people — no warning at all.
DIFFERENT = [
    (("Jürgen", "Müller", B), ("Peter", "Müller", B)),  # twins / siblings
    (("Anna", "Müller", B), ("Hanna", "Müller", B)),
    (("Jürgen", "Müller", B), ("Jürgen", "Müller", date(1955, 3, 1))),  # father and son
    (("Hans", "Meier", B), ("Hans", "Neumann", B)),
    (("Anna", "Schmidt", B), ("Anna", "Schneider", B)),
    (("Lea", "Becker", B), ("Lena", "Bäcker", date(1981, 5, 3))),
    (("Ali", "Yılmaz", B), ("Ali", "Yildiz", B)),
    (("Max", "Mustermann", B), ("Erika", "Musterfrau", B)),
]


@pytest.mark.parametrize(("new", "old"), SAME)
def test_same_person_is_found_with_a_reason(new, old):
    verdict = compare(Person(*new, B), Person(*old, B))
    assert verdict is not None, (new, old)
    assert verdict.strength >= Strength.probable
    assert verdict.text


@pytest.mark.parametrize(("new", "old"), DIFFERENT)
def test_different_people_raise_no_warning(new, old):
    assert compare(Person(*new), Person(*old)) is None


def test_recall_and_precision_over_the_set():
    found = sum(compare(Person(*n, B), Person(*o, B)) is not None for n, o in SAME)
    false = sum(compare(Person(*n), Person(*o)) is not None for n, o in DIFFERENT)
    assert found / len(SAME) == 1.0
    assert false == 0


def test_reasons_name_what_matched():
    assert compare(Person("Jürgen", "Mueller", B), Person("Juergen", "Müller", B)).reason \
        == "same_name_birth"
    assert compare(Person("Müller", "Jürgen", B), Person("Jürgen", "Müller", B)).reason \
        == "swapped"
    assert compare(Person("Hans", "Meier", B), Person("Hans", "Meyer", B)).reason == "phonetic"


def test_birth_date_near_and_unknown():
    near = compare(Person("Jürgen", "Müller", date(1980, 12, 4)), Person("Jürgen", "Müller", B))
    assert near is not None and near.reason == "birth_near"  # day and month swapped
    digit = compare(Person("Jürgen", "Müller", date(1980, 4, 13)),
                    Person("Jürgen", "Müller", B))
    assert digit is not None and digit.reason == "birth_near"
    unknown = compare(Person("Jürgen", "Müller", None), Person("Jürgen", "Müller", B))
    assert unknown is not None and unknown.strength is Strength.weak


def test_rank_puts_strong_matches_first():
    new = Person("Hans", "Meier", B)
    ranked = rank(new, [("a", Person("Hans", "Meyer", B)), ("b", Person("Hans", "Meier", B)),
                        ("c", Person("Otto", "Meier", B))])
    assert [k for k, _p, _v in ranked] == ["b", "a"]


def test_cologne_phonetics_reference_values():
    assert cologne("Wikipedia") == "3412"
    assert cologne("Müller-Lüdenscheidt") == "65752682"
    assert {cologne(n) for n in ("Meier", "Meyer", "Maier", "Mayer", "Mayr")} == {"67"}
    assert cologne("Schmidt") == cologne("Schmitt")
    assert phonetic_key("Jürgen", "Müller") == phonetic_key("Juergen", "Mueller")


def test_mixed_scripts_are_flagged():
    assert mixed_script("Müllеr")  # Cyrillic е
    assert not mixed_script("Müller")
    assert not mixed_script("Иван Петров")  # wholly Cyrillic is fine
    assert skeleton("Müllеr") == skeleton("Müller")
    warnings = script_warnings("Jürgen", "Müllеr")
    assert [w.field for w in warnings] == ["last_name"]
