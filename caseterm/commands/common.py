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
    create: bool = False
    plain: bool = False  # new files unencrypted (--plain / CASETERM_PLAIN: labs, tests)


state = CliState()


def open_db(url: str | None = None, *, migrate: bool = True, ask: bool = False,
            tui_passphrase=None) -> Database:
    """Open the database named by --db / CASETERM_DB (or the default), migrated to head, and
    apply the stored language unless --lang was given.

    A named file that does not exist is created only with --create (or, with `ask`, after a yes
    on the terminal); the default file is created on first start, encrypted. Other programs'
    files and files of a newer caseterm are refused with a message (caseterm.db.target). The
    passphrase of an encrypted file comes from `passphrase()` (with `tui_passphrase`, the
    TUI's dialog asks instead of the terminal)."""
    from caseterm import config, holiday_cache
    from caseterm.db.errors import StorageError
    from caseterm.db.migrate import MigrationError, ensure_current
    from caseterm.db.target import open_database

    holiday_cache.install()
    named = url or state.db
    confirm = _confirm_create if ask and sys.stdin.isatty() and sys.stdout.isatty() else None
    try:
        db = open_database(config.to_url(named), may_create=state.create or not named,
                           confirm=confirm, plain=state.plain,
                           passphrase=lambda path, new: passphrase(path, new, tui_passphrase))
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
        apply_config_language()
    return db


def create_db(url: str) -> Database:
    """A new database at `url` (a new SQLite file, encrypted unless --plain), migrated to
    head: a laptop's file at check-out (caseterm sync checkout). Exits with a message."""
    from caseterm.db.errors import StorageError
    from caseterm.db.migrate import MigrationError, upgrade
    from caseterm.db.target import open_database

    try:
        db = open_database(url, may_create=True, plain=state.plain,
                           passphrase=lambda path, new: passphrase(path, new))
        upgrade(db, make_backup=False)
    except (StorageError, MigrationError) as exc:
        fail(str(exc))
    return db


def passphrase(path, new: bool, tui=None) -> str | None:
    """The passphrase for an encrypted file (or a new one): CASETERM_PASSPHRASE, else the OS
    keyring (where one exists and holds it), else asked in the terminal or the TUI's dialog.
    None when none can be had (no terminal)."""
    from caseterm.db import cipher

    given = cipher.env_passphrase()
    if given:
        return given
    if not new:
        given = cipher.keyring_passphrase(path)
        if given:
            return given
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    if tui is not None:
        return tui(path, new, lambda text: passphrase_problem(path, new, text))
    return prompt_passphrase(path, new)


def passphrase_problem(path, new: bool, text: str) -> str | None:
    """Why `text` does not do as the passphrase of `path` (a message), or None when it does."""
    from caseterm.db import cipher
    from caseterm.db.errors import StorageError

    try:
        if new:
            cipher.new_key(text)
        else:
            cipher.verify(path, cipher.key_for_file(path, text))
    except StorageError as exc:
        return str(exc)
    return None


def prompt_passphrase(path, new: bool, *, label: str | None = None) -> str:
    """Ask on the terminal (not echoed); a new passphrase twice. Exits with a message when it
    is too short or the two differ."""
    from caseterm.db import cipher
    from caseterm.i18n import _

    if label is None:
        label = (_("New passphrase for {path}") if new else _("Passphrase for {path}")).format(
            path=path)
    try:
        text = typer.prompt(label, hide_input=True, default="", show_default=False)
        if new:
            if len(text) < cipher.MIN_PASSPHRASE:
                fail(str(cipher.BadPassphrase()))
            again = typer.prompt(_("Repeat the passphrase"), hide_input=True, default="",
                                 show_default=False)
            if again != text:
                fail(_("The two passphrases differ. Nothing was changed."))
    except typer.Abort:
        fail(_("No passphrase given. Nothing was changed."))
    return text


def apply_config_language() -> None:
    """The person's own language (config file), unless --lang / CASETERM_LANG said one."""
    from caseterm import config, userconfig
    from caseterm.i18n import set_language

    try:
        stored = userconfig.load().language
    except userconfig.ConfigError:
        stored = None  # reported where identity is resolved
    set_language(stored if stored in config.LANGUAGES else config.DEFAULT_LANGUAGE)


# Exit codes (README "Command line"): 0 ok, 1 refused or invalid input, 2 usage,
# 3 not found or no access, 4 conflict with someone else's change.
EXIT_INVALID, EXIT_NO_ACCESS, EXIT_CONFLICT = 1, 3, 4


def open_ctx(url: str | None = None):
    """The door for this CLI run: the database and who is asking (see services.identity)."""
    from caseterm.i18n import _
    from caseterm.services import IdentityError
    from caseterm.services.identity import context

    db = open_db(url)
    try:
        ctx = context(db)
    except IdentityError as exc:
        fail(exc.message, EXIT_NO_ACCESS)
    if ctx is None:
        fail(_("Who are you? This database has no worker for you yet: start 'caseterm' to set "
               "up your profile, or run 'caseterm worker use NAME'."), EXIT_NO_ACCESS)
    return ctx


def door_errors():
    """A context manager turning the door's refusals into clear messages and exit codes."""
    from contextlib import contextmanager

    from caseterm.core.validate import InputError
    from caseterm.services import AccessDenied, Conflict, NotFound

    @contextmanager
    def guard():
        try:
            yield
        except AccessDenied as exc:
            fail(exc.message, EXIT_NO_ACCESS)
        except NotFound as exc:
            fail(exc.message, EXIT_NO_ACCESS)
        except Conflict as exc:
            fail(exc.message, EXIT_CONFLICT)
        except InputError as exc:
            fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()), EXIT_INVALID)

    return guard()


def _confirm_create(path) -> bool:
    from caseterm.i18n import _

    return typer.confirm(_("There is no database at {path}. Create a new, empty one there?")
                         .format(path=path), default=False)


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
    """A short, true message for an error the database raised (never SQL or parameters)."""
    from caseterm.services.errors import user_message

    return user_message(exc)


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


def id_of(text: str, what: str):
    """A record id given on the command line (a UUID from a list's --json or --plain output);
    anything else is invalid input (exit 1)."""
    import uuid

    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _

    try:
        return uuid.UUID(text.strip())
    except ValueError:
        fail(_("{what}: not an id: “{text}” (the ids are in the list's --plain or --json "
               "output).").format(what=what, text=one_line(text, 60)))


def input_errors(exc) -> None:
    """An InputError as `field: message` lines, exit 1 (nothing was changed)."""
    fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()), EXIT_INVALID)
