"""Validation of typed input, shared by the TUI and the CLI.

Each checker returns the cleaned value or records a message under the field's name in an
`Errors` collector; `Errors.raise_if_any()` raises `InputError`, whose `.errors` maps field
names to translated messages. Nothing is written while any error stands; the database's CHECK
constraints hold the same line underneath.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from caseterm.core import clock
from caseterm.core.dates import DateFormatError, parse_date
from caseterm.core.safe_text import (
    LINE_BREAK,
    STORAGE_UNSAFE,
    first_match,
    normalize_input,
    one_line,
)
from caseterm.i18n import _, fmt_date

E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")
_Date = date  # inside `Errors`, the name `date` is the checker method below

NAME_MAX = 100
# Dates outside this range are typing mistakes (and break date arithmetic near year 9999).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ECHO_MAX = 80  # input echoed in a message is cut to this many characters


def shorten(text: str, limit: int = ECHO_MAX) -> str:
    """Echoed input in a message: one clean line of at most `limit` characters."""
    return one_line(text, limit)


class InputError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class Errors:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InputError(self.errors)

    def valid(self, value: V | None) -> V:
        """A checked value, used after `raise_if_any()`: a checker returns None for a required
        value only after recording an error, so a None here is a bug in the calling code."""
        if value is None:
            raise TypeError("a required value is None although no error was recorded")
        return value

    # -- checkers -------------------------------------------------------------------------
    def _string(self, field: str, value: object) -> str | None:
        """Text as stored (NFC, stripped), or None after recording why it cannot be."""
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(field, _("Expected text here."))
            return None
        cleaned = normalize_input(value)
        if (pos := first_match(STORAGE_UNSAFE, cleaned)) is not None:
            self.add(field, _("The text holds a character that cannot be stored (a NUL or an "
                              "invalid character) at position {n}; remove it.").format(n=pos))
            return None
        return cleaned

    def text(
        self, field: str, value: str | None, *, required: bool = False, maximum: int = 500,
    ) -> str:
        cleaned = self._string(field, value)
        if cleaned is None:
            return ""
        if required and not cleaned:
            self.add(field, _("Please fill in this field."))
        elif len(cleaned) > maximum:
            self.add(field, _("At most {n} characters (now {m}).").format(n=maximum,
                                                                          m=len(cleaned)))
        return cleaned

    def name(self, field: str, value: str | None) -> str:
        cleaned = self._string(field, value)
        if cleaned is None:
            return ""
        if not cleaned:
            self.add(field, _("A name is needed."))
        elif (pos := first_match(LINE_BREAK, cleaned)) is not None:
            self.add(field, _("A name is one line: remove the line break or tab at position "
                              "{n}.").format(n=pos))
        elif len(cleaned) > NAME_MAX:
            self.add(field, _("A name can have at most {n} characters.").format(n=NAME_MAX))
        return cleaned

    def date(
        self, field: str, value: str | date | None, *, required: bool = False,
        not_future: bool = False, not_past: bool = False, earliest: date | None = None,
    ) -> date | None:
        if isinstance(value, date):
            result: _Date = value
        elif value is not None and not isinstance(value, str):
            self.add(field, _("Write the date as text, DD.MM.YYYY."))
            return None
        elif value is None or not value.strip():
            if required:
                self.add(field, _("Please enter a date (DD.MM.YYYY)."))
            return None
        else:
            try:
                result = parse_date(value)
            except DateFormatError:
                self.add(field, _("“{text}” is not a valid date; write DD.MM.YYYY.").format(
                    text=shorten(value.strip())))
                return None
        today = clock.today()
        if not DATE_MIN <= result <= DATE_MAX:
            self.add(field, _("The date must lie between {first} and {last}.").format(
                first=fmt_date(DATE_MIN), last=fmt_date(DATE_MAX)))
            return None
        if earliest is not None and result < earliest:
            self.add(field, _("The date cannot be before {date}.").format(
                date=fmt_date(earliest)))
        elif not_future and result > today:
            self.add(field, _("The date cannot be in the future."))
        elif not_past and result < today:
            self.add(field, _("The date cannot be in the past."))
        return result

    def birth_date(
        self, field: str, value: str | _Date | None, *, required: bool = False,
    ) -> _Date | None:
        return self.date(field, value, required=required, not_future=True,
                         earliest=date(1900, 1, 1))

    def choice(self, field: str, value: str | StrEnum | None, enum: type[E],
               *, required: bool = True) -> E | None:
        if value is None or value == "":
            if required:
                self.add(field, _("Please choose a value."))
            return None
        try:
            return enum(str(value))
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.add(field, _("“{value}” is not allowed here; choose one of: {allowed}.").format(
                value=shorten(str(value)), allowed=allowed))
            return None

    def flag(self, field: str, value: object, *, required: bool = False,
             default: bool = False) -> bool | None:
        """A yes/no value: only a real boolean (JSON true/false, a ticked box) counts.

        Text such as "false" or "nein" is refused, never read through bool(): a missing value
        is the default, or an error when `required` (a fact that must be stated)."""
        if value is None:
            if required:
                self.add(field, _("Please state this explicitly (true or false)."))
                return None
            return default
        if isinstance(value, bool):
            return value
        self.add(field, _("Write true or false (without quotes), not “{value}”.").format(
            value=shorten(str(value))))
        return None if required else default

    def email(self, field: str, value: str | None) -> str:
        cleaned = self._string(field, value)
        if cleaned is None:
            return ""
        if cleaned and not _EMAIL.match(cleaned):
            self.add(field, _("An e-mail address needs the form name@example.org."))
        return cleaned
