"""Pure rules of core.names: the Kölner Phonetik codes of C, X, S and Z, the cut of the
phonetic key, and scripts across punctuation."""

from __future__ import annotations

import pytest

from caseterm.core.names import (
    cologne,
    cologne_name,
    match_key,
    mixed_script,
    phonetic_key,
    scripts,
)


@pytest.mark.parametrize(("word", "code"), [
    ("Carl", "475"), ("Karl", "475"),  # initial C before A: 4
    ("Claus", "458"), ("Klaus", "458"),  # initial C before L: 4
    ("Christa", "4782"),  # initial C before H: 4
    ("Cyrill", "875"), ("Celle", "85"),  # initial C before other letters: 8
    ("C", "8"),  # a lone C: 8
    ("Marco", "674"),  # C inside before O: 4
    ("Marcel", "6785"),  # C inside before E: 8
    ("Dominic", "2668"),  # C at the end: 8
    ("Schmidt", "862"),  # C after S: 8
    ("Eckart", "0472"),  # C before K: 4
])
def test_cologne_codes_of_c(word, code):
    assert cologne(word) == code


@pytest.mark.parametrize(("word", "code"), [
    ("Max", "648"), ("Alex", "0548"),  # X after a vowel: 48
    ("Xaver", "4837"), ("Xek", "484"),  # X at the start: 48
    ("Dixon", "2486"),  # X after I: 48
    ("Hexe", "048"),
])
def test_cologne_codes_of_x(word, code):
    assert cologne(word) == code


def test_cologne_code_of_x_after_c_k_q_is_8():
    assert cologne("Lakx") == "548"  # K 4, X after K 8
    assert cologne("Lacx") == "548"


@pytest.mark.parametrize(("word", "code"), [
    ("Sara", "87"), ("Zoe", "8"), ("Susanne", "886"), ("Götz", "48"), ("Lutz", "58"),
])
def test_cologne_codes_of_s_and_z_are_8(word, code):
    assert cologne(word) == code


def test_cologne_keeps_a_leading_vowel_code_and_drops_later_zeros():
    assert cologne("Anna") == "06"
    assert cologne("Hanna") == "06"
    assert cologne("Ralph") == "753"  # PH: 3


def test_cologne_of_a_word_without_letters_is_empty():
    assert cologne("-") == ""
    assert cologne("123") == ""
    assert cologne_name("Anna - 2") == "06"


def test_phonetic_key_is_cut_at_120_characters():
    long = " ".join(["Meier"] * 60)
    assert len(phonetic_key("Anna", long)) == 120
    assert phonetic_key("Anna", long).startswith("67 67 ")
    assert phonetic_key("Anna", "Meyer") == "67|06"


def test_a_foreign_letter_after_punctuation_is_still_seen():
    name = "O'N\u0435ill"  # Cyrillic е after the apostrophe
    assert scripts(name) == {"LATIN", "CYRILLIC"}
    assert mixed_script(name)
    assert not mixed_script("O'Neill")


def test_match_key_is_folded_last_name_bar_first_name():
    assert match_key("Jürgen", "Müller-Lüdenscheidt") == "mueller luedenscheidt|juergen"
    assert match_key("JUERGEN", "MUELLER LUEDENSCHEIDT") == match_key("Jürgen",
                                                                      "Müller-Lüdenscheidt")
