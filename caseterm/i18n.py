"""gettext set-up. Source strings (msgids) are English; German is the default language.

Catalogues live in caseterm/locale/<lang>/LC_MESSAGES/<area>.po, one per area of the app so
that areas can be translated independently; every compiled .mo of a language is chained into
one translation. Compile with `python scripts/i18n.py compile`; a test checks that every
string in the code is translated and that the .mo files are current.

Use `_()` for strings made at run time and `N_()` to mark strings that must be translated
later (class-level binding descriptions, enum labels); translate those with `_()` where they
are shown, so switching the language needs no re-import.

One msgid has one meaning and lives in exactly one catalogue (tests/test_i18n_consistency.py).
Where the same English word has two meanings in German, give it a context: `pgettext(ctx, msg)`
at run time, `NP_(ctx, msg)` to mark it for later (`_()` of the marked string translates it in
its context). Numbers are shown through `fmt_number()` (decimal comma in German).
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

LOCALE_DIR = Path(__file__).parent / "locale"

_language = DEFAULT_LANGUAGE
_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_cache: dict[str, _gettext.NullTranslations] = {}


def _load(lang: str) -> _gettext.NullTranslations:
    if lang in _cache:
        return _cache[lang]
    chain: _gettext.NullTranslations = _gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    first: _gettext.NullTranslations | None = None
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        with mo.open("rb") as fh:
            t = _gettext.GNUTranslations(fh)
        if first is None:
            first = t
        else:
            first.add_fallback(t)
    if first is not None:
        chain = first
    _cache[lang] = chain
    return chain


def set_language(lang: str) -> None:
    global _language, _translation
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang
    _translation = _load(lang) if lang != "en" else _gettext.NullTranslations()


def language() -> str:
    return _language


CONTEXT_SEP = "\x04"  # gettext's separator between context and msgid


def _(message: str) -> str:
    if CONTEXT_SEP in message:
        context, _sep, text = message.partition(CONTEXT_SEP)
        return _translation.pgettext(context, text)
    return _translation.gettext(message)


def pgettext(context: str, message: str) -> str:
    """Translate `message` in `context` (the same English word with another meaning)."""
    return _translation.pgettext(context, message)


def NP_(context: str, message: str) -> str:
    """Mark `message` in `context` for translation later with `_()`."""
    return f"{context}{CONTEXT_SEP}{message}"


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now."""
    return message


def fmt_date(value: date | datetime | None) -> str:
    """DD.MM.YYYY in German, ISO 8601 in English; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if _language == "de":
        return value.strftime("%d.%m.%Y")
    return value.isoformat()


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value
    if _language == "de":
        return local.strftime("%d.%m.%Y %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def fmt_number(value: float | int | None, decimals: int = 1, *, sign: bool = False,
               unit: str = "") -> str:
    """A number for people: decimal comma and point grouping in German ("1.234,5"), point in
    English ("1,234.5"). `sign` shows "+" for positive values; a value that rounds to zero is
    always "0,0" (never "-0,0"). `unit` is appended with a space ("100 %", "12,50 €")."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=_BABEL_LOCALE.get(_language, "en_US"))
    if sign and rounded > 0:
        text = "+" + text
    return f"{text} {unit}" if unit else text


def fmt_money(amount: Decimal | float | int | None) -> str:
    """An amount in euro for people, in the reader's language: "1.250,50 EUR" in German,
    "1,250.50 EUR" in English; "–" when there is none."""
    if amount is None:
        return "–"
    return fmt_number(amount, 2, unit="EUR")


_BABEL_LOCALE = {"de": "de_DE", "en": "en_US"}


set_language(DEFAULT_LANGUAGE)
