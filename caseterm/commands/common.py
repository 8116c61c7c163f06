"""Shared state of one CLI run (global options) and the way commands open the database."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from caseterm.db.engine import Database


@dataclass
class CliState:
    db: str | None = None
    lang: str | None = None
    demo: bool = False


state = CliState()


def open_db(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open the database named by --db / CASETERM_DB (or the default), migrated to head, and
    apply the stored language unless --lang was given."""
    from caseterm import config
    from caseterm.db.engine import Database
    from caseterm.db.migrate import MigrationError, ensure_current
    from caseterm.i18n import set_language

    db = Database(config.to_url(url or state.db))
    if migrate:
        try:
            backup = ensure_current(db)
        except MigrationError as exc:
            fail(str(exc))
        if backup is not None:
            typer.echo(f"backup before migration: {backup}", err=True)
    if state.lang is None:
        from caseterm.db.repo import settings

        stored = settings.get(db, settings.LANGUAGE) if migrate else None
        if stored in config.LANGUAGES:
            set_language(stored)
    return db


def case_id_or_fail(database: Database, number: str):
    """The case of a case number given on the command line, or a clear message: a text that
    cannot be a case number says so (shortened), an unknown one says it was not found."""
    from caseterm.core.inputs import check_case_number
    from caseterm.core.validate import InputError, shorten
    from caseterm.db.repo import cases
    from caseterm.i18n import _

    try:
        number = check_case_number(number)
    except InputError as exc:
        fail(exc.errors["case_number"])
    case_id = cases.find_by_number(database, number)
    if case_id is None:
        fail(_("No case with number {number}.").format(number=shorten(number)))
    return case_id


LINE_MAX = 300


def wants_json() -> bool:
    """Was the running command given --json? (Then errors are JSON on stdout as well.)"""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - another typer layout
        return False
    ctx = get_current_context(silent=True)
    return bool(ctx is not None and ctx.params.get("as_json"))


def fail(message: str, code: int = 1):
    """Print a clear message (no traceback) and exit. Under --json the message is also
    printed to stdout as {"status": "error", "error": …}, so a script always gets JSON."""
    from caseterm.core.safe_text import clean, one_line

    # No line of a message echoes more than a screen line's worth of input back.
    text = "\n".join(one_line(line, LINE_MAX) for line in clean(message).splitlines())
    if wants_json():
        print_json({"status": "error", "error": text})
    typer.echo(text, err=True)
    raise typer.Exit(code)


def database_error(exc: BaseException) -> str:
    """A short, true message for an error the database driver raised: the driver's reason
    (never the SQL or its parameters) and what it means for the user's data."""
    from sqlalchemy.exc import IntegrityError

    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _

    orig = getattr(exc, "orig", None)
    reason = one_line(str(orig) if orig is not None else str(exc).split("\n")[0], LINE_MAX)
    if isinstance(exc, IntegrityError):
        # A value the input checks let through but a rule of the database refused.
        return _("The database refused a value ({reason}). Nothing was saved; correct the "
                 "input and try again.").format(reason=reason)
    return _("The database cannot be used: {reason}. Check the path (caseterm db path) "
             "or restore a backup.").format(reason=reason)


# Characters JSON may carry raw but a terminal would act on: C1 controls (U+0080–U+009F, e.g.
# the 8-bit CSI), bidi controls, line/paragraph separators and lone surrogates (which cannot
# even be written as UTF-8). They are written as \uXXXX escapes: same value once parsed.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                          "\u2028\u2029\ud800-\udfff]")


def json_text(data) -> str:
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")
