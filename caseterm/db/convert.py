"""`caseterm db encrypt` and `caseterm db rekey`: write the database anew under another key.

Both go the same safe way:
1. a verified backup of the file as it is (caseterm.db.migrate.backup);
2. `sqlcipher_export` into `<name>.convert.part` while holding the write lock, so no write can
   slip in between;
3. the new file is checked: it opens with the new key, `integrity_check` and
   `cipher_integrity_check` are clean, and every table has as many rows as the original;
4. fsync, then an atomic rename over the original (the old -wal and -shm are gone: the original
   was checkpointed and closed first).
On any failure before the rename the original is untouched and the partial file is removed.
After success the backup of step 1 is deleted (it holds the data as before: in clear, or under
the old passphrase) unless the caller keeps it.

A new passphrase gets a new random salt, so every byte of the file changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from caseterm.db import cipher
from caseterm.db.engine import Database
from caseterm.db.errors import StorageError
from caseterm.i18n import _


class AlreadyEncrypted(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The database {path} is already encrypted. Nothing was changed. To change its "
            "passphrase, run: caseterm db rekey").format(path=path))


class ConvertFailed(StorageError):
    pass


@dataclass
class Converted:
    path: Path
    backup: Path | None
    plain_left: list[Path] = field(default_factory=list)


def plain_files_beside(path: Path) -> list[Path]:
    """Unencrypted SQLite files in the database's folder (old backups, say)."""
    found = []
    for other in sorted(path.parent.glob(f"{path.stem}*")):
        if other == path or not other.is_file() or other.name.endswith(("-wal", "-shm")):
            continue
        if cipher.file_state(other) == "plain":
            found.append(other)
    return found


def _counts(con, schema: str) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
        "AND name NOT LIKE 'sqlite_%'")]
    return {n: con.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def convert(db: Database, new_key: cipher.Key, *, label: str, keep_backup: bool = False
            ) -> Converted:
    """Rewrite the SQLite database of `db` under `new_key`. `db` is disposed of."""
    from caseterm.db.migrate import backup

    path = db.path
    if path is None:
        raise ConvertFailed(_("Only SQLite files are encrypted by caseterm; a PostgreSQL server "
                              "encrypts its own storage (see README, Data protection)."))
    saved = backup(db, label=label)
    db.dispose()
    tmp = path.with_name(path.name + ".convert.part")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        source = cipher.connect(path, db.key)
        source.isolation_level = None
        try:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), new_key.pragma()))
            source.execute("BEGIN IMMEDIATE")
            try:
                source.execute("SELECT sqlcipher_export('converted')")
                before = _counts(source, "main")
                version = source.execute("PRAGMA main.user_version").fetchone()[0]
                source.execute(f"PRAGMA converted.user_version = {int(version)}")
                source.execute("COMMIT")
            except BaseException:
                source.execute("ROLLBACK")
                raise
            source.execute("DETACH DATABASE converted")
            # A fresh connection: the export writes the schema behind this one's back.
            _check(tmp, new_key, before)
            _fsync(tmp)
            os.replace(tmp, path)
            _fsync(path.parent)
        finally:
            source.close()
    except BaseException as exc:
        # The original is untouched: the copy of step 1 is not needed (and holds the data as
        # before, perhaps in clear).
        tmp.unlink(missing_ok=True)
        saved.unlink(missing_ok=True)
        if isinstance(exc, StorageError):
            raise
        if isinstance(exc, cipher.Error | OSError):
            from caseterm.db.errors import user_message

            raise ConvertFailed(_("The database could not be rewritten ({reason}). Nothing was "
                                  "changed.").format(reason=user_message(exc))) from exc
        raise
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    kept: Path | None = saved
    if not keep_backup:
        saved.unlink(missing_ok=True)
        kept = None
    return Converted(path, kept, plain_files_beside(path))


def _check(path: Path, key: cipher.Key, counts: dict[str, int]) -> None:
    con = cipher.connect(path, key, readonly=True)
    try:
        problems = [r[0] for r in con.execute("PRAGMA cipher_integrity_check")]
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if problems or ok != "ok" or _counts(con, "main") != counts:
            raise ConvertFailed(_("The new file failed its check ({problem}), so it was not "
                                  "used. Nothing was changed.").format(
                problem=(problems or [ok] if ok != "ok" else ["row counts"])[0]))
    finally:
        con.close()


def encrypt(db: Database, passphrase: str, *, keep_backup: bool = False) -> Converted:
    if db.path is not None and db.encrypted:
        db.dispose()
        raise AlreadyEncrypted(db.path)
    return convert(db, cipher.new_key(passphrase), label="before-encrypt",
                   keep_backup=keep_backup)


def rekey(db: Database, passphrase: str, *, keep_backup: bool = False) -> Converted:
    if db.path is not None and not db.encrypted:
        db.dispose()
        raise cipher.NotEncrypted(db.path)
    return convert(db, cipher.new_key(passphrase), label="before-rekey",
                   keep_backup=keep_backup)
