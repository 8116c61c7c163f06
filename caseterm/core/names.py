"""Name normalisation for matching (not for display: names are shown as typed).

`match_key()` folds case, Unicode forms, German transliteration (ä→ae, ö→oe, ü→ue, ß→ss),
remaining diacritics, hyphens, apostrophes and spaces, so "Müller-Lüdenscheidt" and
"MUELLER LUEDENSCHEIDT" give the same key.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe"}
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’`´.,]+")


def fold(text: str) -> str:
    """Casefolded, transliterated, diacritics removed, separators collapsed to one space."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _ZERO_WIDTH.sub("", text).casefold()
    text = unicodedata.normalize("NFC", text)
    text = "".join(_TRANSLIT.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", text).strip()


def match_key(first_name: str, last_name: str) -> str:
    """The stored key: folded last name, a bar, folded first name."""
    return f"{fold(last_name)}|{fold(first_name)}"
