"""The `caseterm` command. Without a sub-command it opens the TUI.

Global options come before the sub-command: `caseterm --today 2026-03-02 --lang en demo`.
Heavy modules (Textual, SQLModel, Alembic) are imported inside the commands, so quick commands
stay quick.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from caseterm import __version__
from caseterm.commands import click_i18n, lean_typer
from caseterm.commands.common import fail, open_db, state
from caseterm.i18n import N_, _

click_i18n.install()  # help and usage errors in German and English (cli.po)
lean_typer.install()  # pydantic only for option values that need converting

app = typer.Typer(
    name="caseterm",
    help=N_("caseterm: case management (Fallmanagement) in the terminal."),
    no_args_is_help=False,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help=N_("The database: where it is, upgrade, backup, check."),
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"caseterm {__version__}")
        raise typer.Exit()


def _lang(value: str | None) -> str | None:
    """--lang is eager: it is in force before --help and usage errors are written."""
    if value is not None:
        from caseterm.config import LANGUAGES
        from caseterm.i18n import set_language

        if value not in LANGUAGES:
            fail(_("--lang must be one of: {values}").format(values=", ".join(LANGUAGES)))
        state.lang = value
        set_language(value)
    return value


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="CASETERM_DB",
        help=N_("Database: a file path or any SQLAlchemy URL (e.g. "
                "postgresql+psycopg://…)."))] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", envvar="CASETERM_LANG", is_eager=True, callback=_lang,
        help=N_("Language: de or en (default: stored, else de)."))] = None,
    today: Annotated[str | None, typer.Option(
        "--today", envvar="CASETERM_TODAY",
        help=N_("Simulated today, YYYY-MM-DD (training, tests)."))] = None,
    create: Annotated[bool, typer.Option(
        "--create", envvar="CASETERM_CREATE",
        help=N_("Create the database named by --db if it does not exist yet."))] = False,
    plain: Annotated[bool, typer.Option(
        "--unencrypted", envvar="CASETERM_PLAIN",
        help=N_("Create a new database unencrypted (training, lab and tests only; shown as NOT "
        "ENCRYPTED). Existing files open as they are."))] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help=N_("Show the version and exit."))] = False,
) -> None:
    import os

    from caseterm.core import clock

    # Social data: everything caseterm creates (database, backups, exports, config) is for
    # this user only: files 0600, folders 0700.
    os.umask(0o077)
    _check_argv(sys.argv[1:])
    state.db = db
    state.create = create
    state.plain = plain
    if today is not None:
        clock.set_today(_today(today))
    if ctx.invoked_subcommand is None:
        run_tui(open_db(ask=True, tui_passphrase=_tui_passphrase))


def _tui_passphrase(path: Path, new: bool, problem) -> str | None:
    """The TUI's passphrase dialog at start (caseterm.screens.unlock)."""
    from caseterm.screens.unlock import ask_passphrase

    return ask_passphrase(path, new, problem)


def _check_argv(args: list[str]) -> None:
    """Bytes that are not UTF-8 (e.g. "Gespräch" typed in a Latin-1 terminal) reach Python as
    lone surrogates; refuse them before anything is stored or printed."""
    from caseterm.core.safe_text import STORAGE_UNSAFE, one_line
    from caseterm.i18n import _

    for n, arg in enumerate(args, start=1):
        if STORAGE_UNSAFE.search(arg):
            shown = one_line(arg, 80)  # the undecodable bytes show as U+FFFD
            fail(_("Argument {n} (“{text}”) is not valid UTF-8 text: the terminal seems to use "
                   "another encoding (e.g. Latin-1). Switch the terminal to UTF-8 (e.g. "
                   "LANG=de_DE.UTF-8) and try again; nothing was changed.").format(
                       n=n, text=shown))


def _today(text: str) -> date:
    """--today: strictly YYYY-MM-DD within the range every date field accepts."""
    import re

    from caseterm.core.safe_text import one_line
    from caseterm.core.validate import DATE_MAX, DATE_MIN
    from caseterm.i18n import _

    value = None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip(), flags=re.ASCII):
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            value = None
    if value is None or not DATE_MIN <= value <= DATE_MAX:
        fail(_("--today must be a date as YYYY-MM-DD between {first} and {last}, not “{text}”."
               ).format(first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat(),
                        text=one_line(text, 80)))
    return value


def run_tui(database, *, demo: bool = False, lab=None) -> None:
    from contextlib import nullcontext

    from caseterm.db.lock import AlreadyOpen, InstanceLock
    from caseterm.services import IdentityError
    from caseterm.services.identity import context

    # SQLite's quick_check reads the whole file (5 s at 100,000 clients, 35 s from a cold
    # disk cache): the app runs it in a thread after the first paint (CasetermApp).
    lock = InstanceLock(database.path) if database.path else nullcontext()
    try:
        with lock:
            try:
                if lab is not None:
                    from caseterm.services.lab import workspace_ctx

                    ctx = workspace_ctx(database)
                else:
                    ctx = context(database)
            except IdentityError as exc:
                fail(exc.message, 3)
            from caseterm.app import CasetermApp

            # No identity yet (a new file): the app asks who you are before anything else.
            CasetermApp(database, ctx, demo=demo, lab=lab,
                        unencrypted=database.is_sqlite and not database.encrypted).run()
    except AlreadyOpen:
        fail(_("caseterm is already open on this database in another window. "
               "Use that window, or close it first."))


@app.command(help=N_(
    "Open the TUI on the demo database (fictional cases), never mixed "
    "with real data."))
def demo(
    reset: Annotated[bool, typer.Option("--reset", help=N_("Start again from fresh demo data."))]
    = False,
    no_tui: Annotated[bool, typer.Option("--no-tui", help=N_("Only create the demo database."))]
    = False,
) -> None:
    from caseterm import config
    from caseterm.db.demo import load_demo
    from caseterm.db.engine import Database

    path = config.demo_db_path()
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    fresh = not path.exists()
    database = Database(str(path))
    if fresh:
        n = load_demo(database)
        typer.echo(_("Demo database with {n} cases: {path}").format(n=n, path=path), err=True)
    state.db = str(path)
    database = open_db(str(path))
    if not no_tui:
        run_tui(database, demo=True)


@app.command(help=N_(
    "Show or store your language (in your own config file, not in the "
    "database)."))
def lang(
    value: Annotated[str | None, typer.Argument(help=N_("de or en; omit to show."))] = None,
) -> None:
    from caseterm import userconfig
    from caseterm.config import LANGUAGES

    try:
        current = userconfig.load().language
    except userconfig.ConfigError as exc:
        fail(str(exc))
    if value is None:
        typer.echo(current or "de")
        return
    if value not in LANGUAGES:
        fail(_("language must be one of: {values}").format(values=", ".join(LANGUAGES)))
    userconfig.save(language=value)
    typer.echo(value)


# -- db ---------------------------------------------------------------------------------------

@db_app.command("path", help=N_(
    "Print the database URL in use."))
def db_path() -> None:
    from caseterm import config

    typer.echo(config.to_url(state.db))


@db_app.command("init", help=N_(
    "Create a new caseterm database (or add caseterm's tables to an "
    "existing file, after a backup of it)."))
def db_init(
    target: Annotated[str, typer.Argument(
        help=N_("File path or URL of the database to create or to add caseterm's tables to."))],
    plain: Annotated[bool, typer.Option(
        "--unencrypted", help=N_("Do not encrypt a new file (training or lab data only; shown "
        "as NOT ENCRYPTED)."))] = False,
) -> None:
    from caseterm import config
    from caseterm.commands.common import passphrase
    from caseterm.db.errors import StorageError
    from caseterm.db.migrate import MigrationError, head_revision
    from caseterm.db.target import init_database

    try:
        database, saved = init_database(config.to_url(target), passphrase,
                                        plain=plain or state.plain)
    except (StorageError, MigrationError) as exc:
        fail(str(exc))
    if saved is not None:
        typer.echo(_("backup: {path}").format(path=saved))
    typer.echo(f"{config.to_url(target)}: schema {head_revision()}")
    database.dispose()


@db_app.command("upgrade", help=N_(
    "Migrate the database to the newest schema (a backup is made "
    "first)."))
def db_upgrade() -> None:
    from caseterm.db.migrate import current_revision, head_revision

    database = open_db(migrate=False)
    before = current_revision(database)
    from caseterm.db.migrate import MigrationError, upgrade

    try:
        backup = upgrade(database)
    except MigrationError as exc:
        fail(str(exc))
    if backup:
        typer.echo(_("backup: {path}").format(path=backup))
    typer.echo(f"schema: {before or '(empty)'} -> {head_revision()}")


@db_app.command("backup", help=N_(
    "Copy the database safely while it may be in use (SQLite online "
    "backup)."))
def db_backup(
    dest: Annotated[Path | None, typer.Argument(help=N_("Target file (default: beside the DB)."))]
    = None,
) -> None:
    from caseterm.db.migrate import MigrationError, backup

    database = open_db()
    try:
        typer.echo(str(backup(database, dest)))
    except MigrationError as exc:
        fail(str(exc))


@db_app.command("check", help=N_(
    "Integrity, foreign keys and schema revision; exit code 1 on any "
    "problem."))
def db_check() -> None:
    from caseterm.db.migrate import check

    problems = check(open_db(migrate=False))
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(1)
    typer.echo("ok")


def _register_command_modules() -> None:
    import caseterm.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_command_modules()
_lab_tui = importlib.import_module("caseterm.lab_tui")
_lab_tui.register(importlib.import_module("caseterm.commands.lab").lab_app)


_GLOBAL_WITH_VALUE = ("--db", "--lang", "--today")


def build_only_what_is_asked(argv: list[str]) -> None:
    """Typer builds every command's parameters from its signature before parsing (~130
    commands: a large share of a quick command's start-up). A run that names a sub-command
    needs only that one, and the TUI (no sub-command) none; --help, a completion request and
    a name that is not a command (the usage error lists them all) keep the whole tree."""
    import os

    if any(k.startswith("_CASETERM_COMPLETE") for k in os.environ):
        return
    name, i = None, 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--help", "--install-completion", "--show-completion"):
            return
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if not arg.startswith("-"):
            name = arg
            break
        i += 1
    commands = {(c.name or c.callback.__name__.replace("_", "-")): c
                for c in app.registered_commands if c.callback is not None}
    groups = {g.name: g for g in app.registered_groups}
    if name is not None and name not in commands and name not in groups:
        return
    app.registered_commands = [commands[name]] if name in commands else []
    app.registered_groups = [groups[name]] if name in groups else []


def main() -> None:
    whole = app.registered_commands, app.registered_groups
    build_only_what_is_asked(sys.argv[1:])
    try:
        app(standalone_mode=True)
    except Exception as exc:
        from caseterm.db.errors import describe

        message = describe(exc)
        if message is None:
            raise
        if "--json" in sys.argv[1:]:
            from caseterm.commands.common import json_text

            sys.stdout.write(json_text({"status": "error", "error": message}) + "\n")
        sys.stderr.write(f"caseterm: {message}\n")
        raise SystemExit(1) from None
    finally:  # the whole tree again for whoever calls `app` next in this process (tests)
        app.registered_commands, app.registered_groups = whole
