"""What every file caseterm reads goes through: size, encoding, JSON syntax, nesting depth, and
strict field types (pydantic v2). Rules about the *content* (which values are allowed, how dates
relate) stay in caseterm.core; a schema only makes sure that each field has the form the rules
expect, and otherwise names the field and the form.

Text fields are NFC; they may not hold NUL, C0 controls (newline, tab and carriage return only
in multi-line fields), DEL, C1 controls, bidi embedding/override/isolate controls or lone
surrogates. A yes/no field is JSON true or false, nothing else.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictBool, ValidationError

from caseterm.core.safe_text import CONTROL, LINE_BREAK, first_match
from caseterm.core.validate import InputError, shorten
from caseterm.i18n import _

MAX_DEPTH = 20
FILE_FIELD = "file"


class FileModel(BaseModel):
    """Strict: no type coercion ("1" is no number, "false" no boolean), unknown keys refused
    (a misspelt "informaton_given" must not be silently ignored)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class FieldRule(ValueError):
    """A rule of a text field failed; its text is the message for the user."""


def _clean_text(max_length: int, multiline: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        pos = first_match(CONTROL, value)
        if pos is not None:
            raise FieldRule(_("Text without control characters (one found at position {n})."
                              ).format(n=pos))
        if not multiline and (pos := first_match(LINE_BREAK, value)) is not None:
            raise FieldRule(_("One line of text, without line breaks or tabs (one found at "
                              "position {n}).").format(n=pos))
        if len(value.strip()) > max_length:
            raise FieldRule(_("At most {n} characters (now {m}).").format(
                n=max_length, m=len(value.strip())))
        return value
    return check


def Text(max_length: int, *, multiline: bool = False) -> Any:
    """A string field of at most `max_length` characters (after stripping), clean as described
    in the module's docstring."""
    return Annotated[str, AfterValidator(_clean_text(max_length, multiline))]


Flag = StrictBool
# Dates are text as a caseworker types them ("02.03.1985", "2026-11-23", "heute", "+1j");
# core.validate parses them and bounds them to 1900..2100.
DateText = Annotated[str, AfterValidator(_clean_text(40, False))]


# -- reading a file -------------------------------------------------------------------------

def _depth(text: str) -> int:
    """Deepest nesting of [ and { outside strings (JSON syntax is checked afterwards)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(_("the key “{key}” appears twice").format(key=shorten(key)))
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def file_error(message: str) -> InputError:
    return InputError({FILE_FIELD: message})


def read_json(path: Path, *, max_bytes: int) -> object:
    """The parsed JSON of a file, or InputError({"file": why}) — never a traceback."""
    path = Path(path)
    try:
        if path.is_dir():
            raise file_error(_("{path} is a folder, not a file.").format(path=shorten(str(path))))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise file_error(_("Cannot read {path}: {reason}.").format(
            path=shorten(str(path)), reason=shorten(exc.strerror or str(exc)))) from None
    return parse_json(data, max_bytes=max_bytes)


def parse_json(data: bytes, *, max_bytes: int) -> object:
    if len(data) > max_bytes:
        raise file_error(_("The file is larger than {n} KiB; caseterm does not read it.").format(
            n=max_bytes // 1024))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file_error(_("The file is not UTF-8 text (byte {n} cannot be read). Save it as "
                           "UTF-8 and try again.").format(n=exc.start + 1)) from None
    if _depth(text) > MAX_DEPTH:
        raise file_error(_("The file is nested more than {n} levels deep.").format(
            n=MAX_DEPTH))
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise file_error(_("The file is not valid JSON: {reason} (line {line}, column {col})."
                           ).format(reason=exc.msg, line=exc.lineno, col=exc.colno)) from None
    except (ValueError, RecursionError) as exc:
        raise file_error(_("The file is not valid JSON: {reason}.").format(
            reason=shorten(str(exc)))) from None


# -- messages ---------------------------------------------------------------------------------

def _expected(err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("This field is missing.")
    if kind == "extra_forbidden":
        return _("Unknown field; check its spelling (see README).")
    if kind in ("bool_type", "bool_parsing"):
        return _("Write true or false (without quotes).")
    if kind in ("string_type", "string_sub_type"):
        return _("Expected text in quotes.")
    if kind == "too_long":
        return _("At most {n} entries.").format(n=ctx.get("max_length"))
    if kind in ("list_type", "tuple_type"):
        return _("Expected a list in square brackets [ … ].")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Expected an object in curly braces { … }.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Expected a whole number (without quotes).")
    if kind == "greater_than_equal":
        return _("At least {n}.").format(n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("At most {n}.").format(n=ctx.get("le"))
    if kind == "value_error" and isinstance(ctx.get("error"), FieldRule):
        return str(ctx["error"])
    return _("Not valid here.")


def json_path(loc: tuple) -> str:
    """`consents[0].information_given`; pydantic's tags of union branches are left out."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or "(" in part:
            continue
        else:
            out += ("." if out else "") + (shorten(part, 40) or '""')
    return out


def input_error(exc: ValidationError, name: Callable[[tuple], str]) -> InputError:
    """One message per wrong field, under the field's name as core uses it, with the JSON
    path. Where several forms are allowed (a list or a text), the message names each."""
    found: dict[str, tuple[str, list[str]]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        field = shorten(name(tuple(p for p in loc if isinstance(p, int) or "[" not in p)))
        field = field or '""'  # an empty key
        where, messages = found.setdefault(field, (json_path(loc), []))
        message = _expected(err)
        if json_path(loc) == where and message not in messages:
            messages.append(message)
    errors = {}
    for field, (where, messages) in found.items():
        text = " ".join(messages) if len(messages) == 1 else \
            _("One of these forms: {forms}").format(forms=" | ".join(messages))
        errors[field] = f"{text} ({where})" if where and where != field else text
    return InputError(errors)


def validate(model: type[FileModel], data: object, name: Callable[[tuple], str]) -> FileModel:
    if not isinstance(data, dict):
        raise file_error(_("The file must hold one JSON object in curly braces { … }."))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc, name) from None
