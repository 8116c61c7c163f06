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


# -- phonetics and scripts (used by the duplicate check) ------------------------------------

# Letters of other scripts that look like Latin letters (a "skeleton" for matching only).
_CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x",
})


def skeleton(text: str) -> str:
    """`fold()` after mapping look-alike Cyrillic/Greek letters to Latin ones."""
    return fold(unicodedata.normalize("NFC", text or "").casefold().translate(_CONFUSABLES))


def scripts(text: str) -> set[str]:
    """The writing systems of the letters in `text` (LATIN, CYRILLIC, GREEK, ARABIC, …)."""
    found: set[str] = set()
    for ch in unicodedata.normalize("NFC", text or ""):
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name:
            found.add(name.split(" ", 1)[0])
    return found


def mixed_script(text: str) -> bool:
    """True when one word mixes writing systems, e.g. a Cyrillic "е" inside "Müllеr"."""
    return any(len(scripts(word)) > 1 for word in (text or "").split())


def cologne(word: str) -> str:
    """Kölner Phonetik (Postel 1969) of one word: "Meier", "Meyer", "Maier" → "67"."""
    text = fold(word).upper()
    text = "".join(ch for ch in text if "A" <= ch <= "Z")
    if not text:
        return ""
    codes: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in "AEIJOUY":
            code = "0"
        elif ch == "H":
            code = ""
        elif ch == "B":
            code = "1"
        elif ch == "P":
            code = "3" if nxt == "H" else "1"
        elif ch in "DT":
            code = "8" if nxt in ("C", "S", "Z") and nxt else "2"
        elif ch in "FVW":
            code = "3"
        elif ch in "GKQ":
            code = "4"
        elif ch == "C":
            if i == 0:
                code = "4" if nxt and nxt in "AHKLOQRUX" else "8"
            elif prev in ("S", "Z"):
                code = "8"
            else:
                code = "4" if nxt and nxt in "AHKOQUX" else "8"
        elif ch == "X":
            code = "8" if prev in ("C", "K", "Q") and prev else "48"
        elif ch == "L":
            code = "5"
        elif ch in "MN":
            code = "6"
        elif ch == "R":
            code = "7"
        elif ch in "SZ":
            code = "8"
        else:
            code = ""
        codes.append(code)
    raw = "".join(codes)
    collapsed: list[str] = []
    for digit in raw:
        if not collapsed or collapsed[-1] != digit:
            collapsed.append(digit)
    out = "".join(collapsed)
    return out[:1] + out[1:].replace("0", "") if out else ""


def cologne_name(text: str) -> str:
    """Kölner Phonetik of every part of a (folded) name, joined by spaces."""
    return " ".join(c for c in (cologne(part) for part in skeleton(text).split()) if c)


def phonetic_key(first_name: str, last_name: str) -> str:
    """The stored phonetic key: phonetic last name, a bar, phonetic first name."""
    return f"{cologne_name(last_name)}|{cologne_name(first_name)}"[:120]
