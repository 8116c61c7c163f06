"""Client text is shown literally: no markup, no terminal control sequences."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from caseterm.core.safe_text import REPLACEMENT, clean, one_line

HOSTILE = [
    "[@click=app.quit]x",
    "[/]",
    "[link=https://x]y",
    "\x1b]0;t\x07",
    "\x1b[2J",
    "\u202eevil",
    "[b]bold[/b]",
    ":smile:",
    "back\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1bP1;2|payload\x1b\\",
    "\x9b31m",
    "nul\x00byte",
]
FORBIDDEN = set(range(0x00, 0x09)) | set(range(0x0B, 0x20)) | {0x7F} | set(range(0x80, 0xA0))
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_safe(text: str) -> bool:
    return not any(ord(ch) in FORBIDDEN or ch in BIDI for ch in text)


def test_hostile_corpus_is_neutralised():
    for value in HOSTILE:
        out = clean(value)
        assert _is_safe(out), repr(value)
    assert clean("\x1b]0;t\x07") == REPLACEMENT
    assert clean("\x1b[2J") == REPLACEMENT
    assert clean("\u202eevil") == REPLACEMENT + "evil"


def test_markup_characters_are_kept_literally():
    assert clean("[@click=app.quit]x") == "[@click=app.quit]x"
    assert clean("[/]") == "[/]"


def test_newlines_and_tabs_survive_and_one_line_folds_them():
    assert clean("a\nb\tc") == "a\nb\tc"
    assert one_line("a\nb\tc") == "a b c"
    assert one_line("abcdef", 4) == "abc…"


@settings(max_examples=3000, deadline=None)
@given(st.text())
def test_clean_output_is_always_safe_and_nfc(value):
    out = clean(value)
    assert _is_safe(out)
    assert unicodedata.is_normalized("NFC", out)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf"))))
def test_benign_text_is_unchanged_modulo_nfc(value):
    assert clean(value) == unicodedata.normalize("NFC", value)
