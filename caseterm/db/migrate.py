"""Schema migrations: check the revision cheaply, back up, upgrade.

At start the app compares the database's revision with the newest migration by reading the
migration files' headers (no Alembic import). Only when they differ is Alembic imported; a
SQLite file with data is first copied with SQLite's online backup API to
`<name>.backup-<revision>-<UTC time>.db` beside it.
"""

from __future__ import annotations

import errno
import os
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text

from caseterm.db import cipher
from caseterm.db.engine import Database
from caseterm.db.errors import StorageError
from caseterm.i18n import _

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REV = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


class MigrationError(RuntimeError):
    pass


class NewerSchema(MigrationError, StorageError):
    """The file was made by a newer caseterm (a revision this version does not know)."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(_(
            "This database was made by a newer version of caseterm (schema {revision}). Update "
            "caseterm to use it. Nothing was changed and no backup was made.").format(
            revision=revision))


class BackupFailed(MigrationError, StorageError):
    """A backup could not be made; the incomplete copy has been removed."""


# Tables every caseterm database has had since the first revision.
CASETERM_TABLES = frozenset({"worker", "client", "casefile"})


@cache
def _revisions() -> dict[str, str | None]:
    revisions: dict[str, str | None] = {}
    for file in VERSIONS.glob("*.py"):
        source = file.read_text(encoding="utf-8")
        rev, down = _REV.search(source), _DOWN.search(source)
        if rev:
            revisions[rev.group(1)] = down.group(1) if down else None
    return revisions


def known_revisions() -> frozenset[str]:
    return frozenset(_revisions())


@cache
def head_revision() -> str | None:
    revisions = _revisions()
    downs = {d for d in revisions.values() if d}
    heads = [r for r in revisions if r not in downs]
    if len(heads) > 1:
        raise MigrationError(f"several migration heads: {sorted(heads)}")
    return heads[0] if heads else None


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def identify(db: Database) -> str:
    """What the database holds: "empty" (no tables), "caseterm" (a revision this version
    knows), "newer" (caseterm tables with an unknown revision) or "foreign" (tables of some
    other program). Reads only; a SQLite file is read through a read-only connection without
    caseterm's pragmas, so a refused file stays byte for byte the same."""
    if db.path is not None:
        return identify_file(db.path, db.key)
    with db.engine.connect() as conn:
        insp = inspect(conn)
        tables = set(insp.get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _kind(tables, revision)


def identify_file(path: Path, key: cipher.Key | None = None) -> str:
    con = cipher.connect(path, key, readonly=True)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        con.close()
    return _kind(tables, revision)


def _kind(tables: set[str], revision: str | None) -> str:
    others = {t for t in tables if not t.startswith("sqlite_")} - {"alembic_version"}
    if revision is None:
        return "foreign" if others else "empty"
    if revision in known_revisions():
        return "caseterm"
    return "newer" if CASETERM_TABLES <= others else "foreign"


def refuse_newer(db: Database) -> None:
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise NewerSchema(current)


def _has_user_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return any(t != "alembic_version" for t in inspect(conn).get_table_names())


def backup(db: Database, dest: Path | None = None, *, label: str = "manual") -> Path:
    """Copy a SQLite database with the online backup API (safe while it is in use).

    An encrypted database gives an encrypted copy under the same key and salt (so the same
    passphrase opens it); a plain one a plain copy.

    The copy is written to `<dest>.part` (mode 0600) and renamed when complete; on any failure
    the partial copy is removed and BackupFailed says why (a full disk in plain words)."""
    src = db.path
    if src is None:
        raise MigrationError("backups are made only of SQLite files; use pg_dump for servers")
    if dest is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = src.with_name(f"{src.stem}.backup-{label}-{stamp}{src.suffix or '.db'}")
    dest = Path(dest).expanduser()
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = cipher.connect(src, db.key)
        try:
            target = cipher.connect(tmp, db.key)
            try:
                source.backup(target)
                ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
        if ok != "ok":
            raise BackupFailed(_("The backup failed its check ({problem}), so it was not kept. "
                                 "The database itself is unchanged.").format(problem=ok))
        os.chmod(tmp, 0o600)
        tmp.replace(dest)
    except BaseException as exc:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(exc, BackupFailed):
            raise
        if isinstance(exc, cipher.Error | OSError):
            raise BackupFailed(_backup_problem(exc, dest)) from exc
        raise
    return dest


def _backup_problem(exc: BaseException, dest: Path) -> str:
    text_ = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text_:
        return _("The backup was not made: there is not enough space on the disk for {folder}. "
                 "The incomplete copy was removed; the database itself is unchanged. Free some "
                 "space, or give another target: caseterm db backup PATH").format(
                     folder=dest.parent)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("The backup was not made ({reason}): {path}. The incomplete copy was removed; the "
             "database itself is unchanged.").format(reason=reason, path=dest)


def _alembic_config(db: Database):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head", *, make_backup: bool = True) -> Path | None:
    """Bring the schema to `revision`; returns the backup's path when one was made."""
    from alembic import command

    backup_path = None
    refuse_newer(db)
    current = current_revision(db)
    if make_backup and db.path is not None and current is not None and _has_user_tables(db):
        backup_path = backup(db, label=current)
    cfg = _alembic_config(db)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            # Batch migrations rebuild tables that others refer to; SQLite can only switch
            # foreign keys off outside a transaction, so before the first BEGIN. The check
            # below, inside the migration's transaction, refuses any broken reference.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if db.is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationError(
                            f"migration left {len(broken)} broken reference(s); nothing changed")
        finally:
            if db.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    return backup_path


def ensure_current(db: Database) -> Path | None:
    """Upgrade when the database is behind; cheap when it is already at head."""
    head = head_revision()
    current = current_revision(db)
    if current == head:
        return None
    refuse_newer(db)
    return upgrade(db)


def quick_check(db: Database, attach=None) -> str | None:
    """SQLite's quick_check (it reads the whole file: seconds at 100,000 clients); None when
    fine. `attach(raw_connection)` is called before the check starts and `attach(None)` after
    it, so another thread can `interrupt()` it (the start-up check, on quit); an interrupted
    check raises sqlite's OperationalError("interrupted")."""
    if not db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        if attach is not None:
            attach(conn.connection.driver_connection)
        try:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        finally:
            if attach is not None:
                attach(None)
    return None if result == "ok" else str(result)


def check(db: Database) -> list[str]:
    """Problems found: integrity, foreign keys, revision, and — at the newest revision — every
    difference between the live schema and the models and migrations. Empty when all is well."""
    problems: list[str] = []
    if db.is_sqlite:
        with db.engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                problems.append(f"integrity_check: {result}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"foreign_key_check: {len(fk)} broken reference(s)")
    current, head = current_revision(db), head_revision()
    if current != head:
        problems.append(f"schema revision {current} is not the newest ({head})")
        return problems
    from caseterm.db.schema_check import differences

    try:
        problems += differences(db)
    except Exception as exc:  # a damaged file: integrity_check above already says why
        from caseterm.db.errors import user_message

        problems.append(_("the schema could not be compared: {reason}").format(
            reason=user_message(exc)))
    return problems


def revision_of(db: Database) -> str | None:
    """The stored revision, read without caseterm's pragmas for a SQLite file."""
    if db.path is None:
        return current_revision(db)
    con = cipher.connect(db.path, db.key, readonly=True)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
