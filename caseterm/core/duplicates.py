"""Duplicate warning: is the person being entered perhaps already a client?

Pure rules on top of `core.names`. The database layer fetches a few candidates cheaply (by
exact key, swapped key, phonetic key and birth date, all indexed); `compare()` decides for each
whether it is worth a warning and says why. The result is only ever a *warning*: the worker
opens the existing person or confirms a new one. Nothing is merged automatically.

Rules (strongest first):
- same normalised name (case, umlauts/ä=ae, ß=ss, diacritics, NFC/NFD, hyphens, spaces) and
  same birth date;
- first and last name swapped, same birth date;
- same Kölner Phonetik of both names (Meier/Meyer/Maier, Schmidt/Schmitt), same birth date;
- very similar spelling (a typing error), same birth date;
- same normalised name and a birth date that differs only by swapped day/month or one digit;
- same normalised name while one birth date is unknown.
Two people with the same birth date and the same last name but clearly different first names
(twins, siblings) are *not* reported; nor are namesakes with clearly different birth dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from rapidfuzz.distance import JaroWinkler

from caseterm.core.names import cologne_name, mixed_script, skeleton
from caseterm.i18n import N_, _

SIMILARITY = 0.92  # Jaro-Winkler on the folded "last first" name, for typing errors


class Strength(IntEnum):
    weak = 1
    probable = 2
    strong = 3


REASONS = {
    "same_name_birth": N_("same name and birth date"),
    "swapped": N_("first and last name swapped, same birth date"),
    "phonetic": N_("names sound alike (e.g. Meier/Meyer), same birth date"),
    "similar": N_("very similar spelling, same birth date"),
    "birth_near": N_("same name, birth date nearly the same (digits swapped?)"),
    "birth_unknown": N_("same name, a birth date is missing"),
}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    birth_date: date | None = None


@dataclass(frozen=True)
class Verdict:
    strength: Strength
    reason: str  # a key of REASONS

    @property
    def text(self) -> str:
        return _(REASONS[self.reason])


def _names(p: Person) -> tuple[str, str]:
    return skeleton(p.last_name), skeleton(p.first_name)


def _near_dates(a: date, b: date) -> bool:
    """Day and month swapped, or one digit different (12.04.1980 vs 12.04.1989)."""
    if a == b:
        return True
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return True
    sa, sb = a.strftime("%d%m%Y"), b.strftime("%d%m%Y")
    diff = [i for i in range(8) if sa[i] != sb[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and sa[diff[0]] == sb[diff[1]] \
        and sa[diff[1]] == sb[diff[0]]


def compare(new: Person, old: Person) -> Verdict | None:
    """Why `old` may be the same person as `new`, or None."""
    new_last, new_first = _names(new)
    old_last, old_first = _names(old)
    if not (new_last and old_last):
        return None
    same_name = (new_last, new_first) == (old_last, old_first)
    swapped = (new_last, new_first) == (old_first, old_last)
    both_dates = new.birth_date is not None and old.birth_date is not None
    same_birth = both_dates and new.birth_date == old.birth_date
    if same_birth:
        if same_name:
            return Verdict(Strength.strong, "same_name_birth")
        if swapped:
            return Verdict(Strength.strong, "swapped")
        new_ph = (cologne_name(new.last_name), cologne_name(new.first_name))
        old_ph = (cologne_name(old.last_name), cologne_name(old.first_name))
        # Kölner Phonetik ignores "h" and vowels' quality, so "Anna" and "Hanna" sound alike;
        # the initials must agree as well (C/K, Ph/F/V count as the same initial).
        if new_ph == old_ph and all(new_ph) and _initials_agree(new_last, old_last) \
                and _initials_agree(new_first, old_first):
            return Verdict(Strength.probable, "phonetic")
        if new_ph == old_ph[::-1] and all(new_ph) and _initials_agree(new_last, old_first) \
                and _initials_agree(new_first, old_last):
            return Verdict(Strength.probable, "swapped")
        # Typing errors: both names close, each judged on its own so that "Müller, Anna"
        # and "Müller, Hanna" (twins?) need the first names to be close too.
        if (JaroWinkler.similarity(new_last, old_last) >= SIMILARITY
                and JaroWinkler.similarity(new_first, old_first) >= SIMILARITY
                and _first_letters_agree(new_first, old_first)):
            return Verdict(Strength.probable, "similar")
        return None
    if same_name or swapped:
        if new.birth_date is not None and old.birth_date is not None:
            if _near_dates(new.birth_date, old.birth_date):
                return Verdict(Strength.probable, "birth_near")
            return None  # namesakes: clearly different birth dates
        return Verdict(Strength.weak, "birth_unknown")
    return None


def _first_letters_agree(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a[0] == b[0]


_INITIAL = {"c": "k", "v": "f", "w": "f"}


def _initial(name: str) -> str:
    if name.startswith("ph"):
        return "f"
    return _INITIAL.get(name[:1], name[:1])


def _initials_agree(a: str, b: str) -> bool:
    return bool(a) and bool(b) and _initial(a) == _initial(b)


@dataclass(frozen=True)
class NameWarning:
    field: str
    message: str


def script_warnings(first_name: str, last_name: str) -> list[NameWarning]:
    """Names mixing writing systems (a Cyrillic letter in a Latin name) are flagged."""
    out = []
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if mixed_script(value):
            out.append(NameWarning(field, _(
                "This name mixes writing systems (e.g. a Cyrillic letter among Latin ones). "
                "Please check the spelling.")))
    return out


def rank(new: Person, candidates: list[tuple[object, Person]]
         ) -> list[tuple[object, Person, Verdict]]:
    """Compare each (id, person) candidate; return the matches, strongest first."""
    found = []
    for key, person in candidates:
        verdict = compare(new, person)
        if verdict is not None:
            found.append((key, person, verdict))
    found.sort(key=lambda item: (-item[2].strength, skeleton(item[1].last_name),
                                 skeleton(item[1].first_name)))
    return found
