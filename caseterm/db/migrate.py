"""Schema migrations: check the revision cheaply, back up, upgrade.

At start the app compares the database's revision with the newest migration by reading the
migration files' headers (no Alembic import). Only when they differ is Alembic imported; a
SQLite file with data is first copied with SQLite's online backup API to
`<name>.backup-<revision>-<UTC time>.db` beside it.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text

from caseterm.db.engine import Database

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REV = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


class MigrationError(RuntimeError):
    pass


@cache
def head_revision() -> str | None:
    revisions: dict[str, str | None] = {}
    for file in VERSIONS.glob("*.py"):
        source = file.read_text(encoding="utf-8")
        rev, down = _REV.search(source), _DOWN.search(source)
        if rev:
            revisions[rev.group(1)] = down.group(1) if down else None
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


def _has_user_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        return any(t != "alembic_version" for t in inspect(conn).get_table_names())


def backup(db: Database, dest: Path | None = None, *, label: str = "manual") -> Path:
    """Copy a SQLite database with the online backup API (safe while it is in use)."""
    src = db.path
    if src is None:
        raise MigrationError("backups are made only of SQLite files; use pg_dump for servers")
    if dest is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = src.with_name(f"{src.stem}.backup-{label}-{stamp}{src.suffix or '.db'}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    source = sqlite3.connect(str(src))
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise MigrationError(f"backup failed its integrity check: {ok}")
    tmp.replace(dest)
    return dest


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
    return upgrade(db)


def quick_check(db: Database) -> str | None:
    """SQLite's quick_check at start (tens of ms even for large files); None when fine."""
    if not db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
    return None if result == "ok" else str(result)


def check(db: Database) -> list[str]:
    """Problems found: integrity, foreign keys, revision. Empty when all is well."""
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
