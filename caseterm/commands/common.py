"""Shared state of one CLI run (global options) and the way commands open the database."""

from __future__ import annotations

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


def fail(message: str, code: int = 1):
    """Print a clear message (no traceback) and exit."""
    from caseterm.core.safe_text import clean

    typer.echo(clean(message), err=True)
    raise typer.Exit(code)


def print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
