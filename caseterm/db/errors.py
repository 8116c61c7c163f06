"""Storage errors as short, true messages for people: what happened, whether anything changed,
what to do. SQL text and driver dumps never reach the user.

The CLI (`caseterm.cli.main`) and the TUI (`DbMixin._db_failed`) both call `describe()`; this is
the one place where database and file-system errors become messages.
"""

from __future__ import annotations

import errno
import re

import sqlcipher3.dbapi2 as sqlite3  # the one SQLite library (caseterm.db.cipher)

from caseterm.i18n import _


class StorageError(RuntimeError):
    """A storage problem whose text is already a message for people (translated)."""


class DatabaseBusy(StorageError):
    """Another program held the database's write lock for longer than caseterm waits."""


def busy_message(holder_pid: int | None = None) -> str:
    if holder_pid:
        who = _("caseterm in another window (process {pid})").format(pid=holder_pid)
    else:
        who = _("another program")
    return _("The database is in use by {who}, so this was not saved. Nothing was lost: try "
             "again in a moment, or close the other program first.").format(who=who)


def disk_full_message() -> str:
    return _("The disk is full, so this was not saved. Nothing saved before was lost. Free "
             "some space on the disk, then try again.")


def _short(text: str, limit: int = 120) -> str:
    from caseterm.core.safe_text import clean

    first = clean(text.strip().splitlines()[0] if text.strip() else "", keep_newlines=False)
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _rule(reason: str) -> str:
    lower = reason.lower()
    if "unique" in lower:
        return _("an entry like this already exists")
    if "foreign key" in lower:
        return _("it refers to a record that no longer exists")
    if "not null" in lower:
        return _("a required value is missing")
    match = re.search(r"check constraint failed:\s*(\w+)", reason, re.I)
    if match:
        name = re.sub(r"^ck_", "", match.group(1)).replace("_", " ")
        return _("a value is not allowed ({rule})").format(rule=name)
    return _("a value is not allowed")


def _from_text(reason: str, *, integrity: bool = False) -> str:
    lower = reason.lower()
    if integrity or "constraint failed" in lower:
        return _("The database refused this entry: {rule}. Nothing was saved; correct the entry "
                 "and try again.").format(rule=_rule(reason))
    if "locked" in lower or "busy" in lower:
        return busy_message()
    if "disk is full" in lower or "no space left" in lower:
        return disk_full_message()
    if "readonly" in lower or "read-only" in lower or "read only" in lower:
        return _("The database can only be read, not written (permissions of the file or its "
                 "folder, or a read-only disk), so this was not saved. Nothing was changed.")
    if "unable to open database" in lower:
        return _("The database file cannot be opened (a folder instead of a file, a missing "
                 "folder or no permission). Nothing was changed. Check the path: caseterm db "
                 "path")
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return _("The database file is damaged or is not a database ({reason}). Nothing was "
                 "changed. Run caseterm db check, then restore the newest backup."
                 ).format(reason=_short(reason, 60))
    if "no such column" in lower or "no such table" in lower or "has no column" in lower:
        return _("The database's structure does not fit this version of caseterm ({reason}). "
                 "Nothing was changed. Run caseterm db check, then restore a backup or ask your "
                 "IT.").format(reason=_short(reason, 80))
    if "connect" in lower or "connection" in lower or "server" in lower or "timeout" in lower:
        return _("The database server cannot be reached. Nothing was changed. Check the "
                 "address (caseterm db path) and that the server is running.")
    return _("The database reported an error ({reason}). Nothing was changed. If it happens "
             "again, run caseterm db check.").format(reason=_short(reason))


def describe(exc: BaseException) -> str | None:
    """A message for a storage error, or None when `exc` is not one (a bug: let it surface)."""
    from sqlalchemy import exc as sa

    if isinstance(exc, StorageError):
        return str(exc)
    if isinstance(exc, sa.DBAPIError):
        orig = exc.orig
        reason = str(orig) if orig is not None else ""
        if not reason:
            reason = type(orig or exc).__name__
        return _from_text(reason, integrity=isinstance(exc, sa.IntegrityError))
    if isinstance(exc, sqlite3.Error):
        return _from_text(str(exc) or type(exc).__name__,
                          integrity=isinstance(exc, sqlite3.IntegrityError))
    if isinstance(exc, sa.NoSuchModuleError | sa.ArgumentError):
        return url_message()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return disk_full_message()
    if isinstance(exc, sa.SQLAlchemyError):
        return _("The database reported an error ({reason}). Nothing was changed. If it happens "
                 "again, run caseterm db check.").format(reason=type(exc).__name__)
    return None


def user_message(exc: BaseException) -> str:
    """describe(), else the exception's own text (for errors that are not storage errors)."""
    return describe(exc) or str(exc) or type(exc).__name__


def url_message(url: str | None = None) -> str:
    if not url:
        return _("The database address is not one caseterm can use. Give a file path, or a URL "
                 "such as postgresql+psycopg://user@host/name. Nothing was changed.")
    return _("'{url}' is not a database caseterm can use. Give a file path, or a URL such as "
             "postgresql+psycopg://user@host/name. Nothing was changed.").format(url=_redact(url))


def _redact(url: str) -> str:
    """The URL without a password, shortened, safe to print."""
    text = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return _short(text, 80)
