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
    create: bool = False


state = CliState()


def open_db(url: str | None = None, *, migrate: bool = True, ask: bool = False) -> Database:
    """Open the database named by --db / CASETERM_DB (or the default), migrated to head, and
    apply the stored language unless --lang was given.

    A named file that does not exist is created only with --create (or, with `ask`, after a yes
    on the terminal); the default file is created on first start. Other programs' files and
    files of a newer caseterm are refused with a message (caseterm.db.target)."""
    from caseterm import config
    from caseterm.db.errors import StorageError
    from caseterm.db.migrate import MigrationError, ensure_current
    from caseterm.db.target import open_database
    from caseterm.i18n import set_language

    named = url or state.db
    confirm = _confirm_create if ask and sys.stdin.isatty() and sys.stdout.isatty() else None
    try:
        db = open_database(config.to_url(named), may_create=state.create or not named,
                           confirm=confirm)
    except StorageError as exc:
        fail(str(exc))
    if migrate:
        try:
            backup = ensure_current(db)
        except MigrationError as exc:
            db.dispose()
            fail(str(exc))
        if backup is not None:
            typer.echo(f"backup before migration: {backup}", err=True)
    if state.lang is None:
        from caseterm.db.repo import settings

        stored = settings.get(db, settings.LANGUAGE) if migrate else None
        if stored in config.LANGUAGES:
            set_language(stored)
    return db


def _confirm_create(path) -> bool:
    from caseterm.i18n import _

    return typer.confirm(_("There is no database at {path}. Create a new, empty one there?")
                         .format(path=path), default=False)


def fail(message: str, code: int = 1):
    """Print a clear message (no traceback) and exit."""
    from caseterm.core.safe_text import clean

    typer.echo(clean(message), err=True)
    raise typer.Exit(code)


def print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
