"""Opening the database a user named, safely.

- An address caseterm cannot use (`foo://…`) is refused with a message, not a traceback.
- A named SQLite file that does not exist (or is empty) is not created silently: the caller
  must allow it (`--create`, `caseterm db init PATH`, a yes in the TUI start prompt). The
  default file under the user's data folder is created on first start.
- A file that is not a caseterm database (another program's tables) is never touched: only
  `caseterm db init PATH` adds caseterm's tables to it, after a backup.
- A file from a newer caseterm is refused before any backup or migration.

New files are created 0600 in folders made 0700.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from caseterm.db import cipher
from caseterm.db.engine import Database
from caseterm.db.errors import StorageError, url_message
from caseterm.i18n import _


class NoDatabase(StorageError):
    """A named SQLite file does not exist and creating it was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(_(
            "There is no caseterm database at {path}. Nothing was created. Check the path for a "
            "typing error; to start a new, empty database there, add --create (caseterm --create "
            "--db PATH …) or run: caseterm db init PATH").format(path=path))


class NotCaseterm(StorageError):
    def __init__(self, where: str) -> None:
        super().__init__(_(
            "{where} is not a caseterm database (it holds tables of another program). caseterm "
            "changed nothing. Check the path; only if you really want caseterm's tables added "
            "to this file, run: caseterm db init PATH").format(where=where))


class BadAddress(StorageError):
    pass


def check_url(url: str) -> None:
    """Refuse an address SQLAlchemy cannot use, before anything is opened."""
    from sqlalchemy import exc as sa
    from sqlalchemy.engine import make_url

    try:
        make_url(url).get_dialect()
    except (sa.ArgumentError, sa.NoSuchModuleError, ValueError) as exc:
        raise BadAddress(url_message(url)) from exc


def sqlite_file_missing(url: str) -> Path | None:
    """The file behind a SQLite URL when it does not exist yet or is empty (0 bytes)."""
    from caseterm.config import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return None
    if not path.exists():
        return path
    if path.is_file() and path.stat().st_size == 0:
        return path
    return None


def create_file(path: Path) -> None:
    """An empty database file, mode 0600, in folders made 0700 (SQLite gives its -wal and -shm
    files the mode of the database file)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


# passphrase(path, new) -> the passphrase, or None when none can be had.
Passphrase = Callable[[Path, bool], "str | None"]


class NoPassphraseForNew(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "A new database is encrypted and needs a passphrase (at least {n} characters). "
            "Nothing was created at {path}. Start caseterm in a terminal to be asked for one, "
            "or set CASETERM_PASSPHRASE.").format(n=cipher.MIN_PASSPHRASE, path=path))


def key_for(url: str, passphrase: Passphrase | None, *, plain: bool = False
            ) -> cipher.Key | None:
    """The key that opens (or will encrypt) the SQLite file behind `url`; None for a plain file,
    a server, or a new file when `plain` (demo, lab). A wrong passphrase raises WrongPassphrase
    and nothing is written."""
    from caseterm.config import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return None
    state = cipher.file_state(path)
    if state in ("plain", "other") or (state == "new" and plain):
        return None
    new = state == "new"
    given = passphrase(path, new) if passphrase is not None else None
    if not given:
        if new:
            raise NoPassphraseForNew(path)
        raise cipher.NeedsPassphrase(path)
    if new:
        return cipher.new_key(given)
    key = cipher.key_for_file(path, given)
    cipher.verify(path, key)
    return key


def open_database(
    url: str,
    *,
    may_create: bool,
    confirm: Callable[[Path], bool] | None = None,
    lab: bool = False,
    passphrase: Passphrase | None = None,
    plain: bool = False,
) -> Database:
    """The database at `url`, checked to be a usable caseterm database (or a new one that the
    caller allowed). A new SQLite file is encrypted unless `plain`; an encrypted one is opened
    with the passphrase that `passphrase(path, new)` gives. Raises StorageError with a message;
    never changes a refused file.

    `lab`: open a training-lab workspace; a lab workspace is refused without it and real data
    with it (caseterm.db.lab.check_lab_mode)."""
    from caseterm.db.migrate import NewerSchema, revision_of

    check_url(url)
    missing = sqlite_file_missing(url)
    if missing is not None:
        if not may_create and not (confirm is not None and confirm(missing)):
            raise NoDatabase(missing)
    key = key_for(url, passphrase, plain=plain)
    if missing is not None:
        create_file(missing)
    db = Database(url, key)
    try:
        kind = _identify(db)
        if kind == "foreign":
            raise NotCaseterm(str(db.path) if db.path else _("This database"))
        if kind == "newer":
            raise NewerSchema(str(revision_of(db)))
        from caseterm.db.lab import check_lab_mode

        check_lab_mode(db.path, None if db.path else db.engine, lab)
    except BaseException:
        db.dispose()
        raise
    return db


def _identify(db: Database) -> str:
    """migrate.identify, with a damaged or unreadable file as a StorageError."""
    from caseterm.db.cipher import Error
    from caseterm.db.errors import describe
    from caseterm.db.migrate import identify

    try:
        return identify(db)
    except Error as exc:
        raise StorageError(describe(exc)) from exc


def init_database(url: str, passphrase: Passphrase | None = None, *, plain: bool = False
                  ) -> tuple[Database, Path | None]:
    """`caseterm db init PATH`: create the file if needed (encrypted unless `plain`); a foreign
    file is backed up first, then caseterm's tables are added. Returns the database (at the
    newest schema) and the backup's path, if one was made."""
    from caseterm.db.migrate import NewerSchema, backup, revision_of, upgrade

    check_url(url)
    missing = sqlite_file_missing(url)
    key = key_for(url, passphrase, plain=plain)
    if missing is not None:
        create_file(missing)
    db = Database(url, key)
    kind = _identify(db)
    if kind == "newer":
        db.dispose()
        raise NewerSchema(str(revision_of(db)))
    saved = None
    if kind == "foreign" and db.path is not None:
        saved = backup(db, label="before-init")
    made = upgrade(db, make_backup=kind == "caseterm")
    return db, saved or made
