"""Encryption at rest: SQLCipher is the one SQLite library that opens caseterm files.

Every connection to a SQLite file, plain or encrypted, is made here with `sqlcipher3`
(the `sqlcipher3-binary` wheel: SQLCipher 4, AES-256 per page with an HMAC-SHA512 per page).
Python's own `sqlite3` is never used for caseterm files.

The key: SQLCipher's own KDF, computed once per process in Python. A 16-byte random salt sits in
the first 16 bytes of the encrypted file (where SQLCipher keeps it); the 256-bit key is
PBKDF2-HMAC-SHA512(passphrase, salt, 256,000 iterations) — exactly what SQLCipher 4 itself
derives, so the file also opens with `sqlcipher` and `PRAGMA key = 'passphrase'`. Connections
are then keyed with the raw key plus salt (`x'<key><salt>'`), so opening another connection does
not run the KDF again (170–200 ms each). Backups made by caseterm carry the same salt and key.

A plain file starts with "SQLite format 3"; every other non-empty file is taken as encrypted.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

from caseterm.db.errors import StorageError
from caseterm.i18n import _

Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
KDF_ITER = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"
PASSPHRASE_ENV = "CASETERM_PASSPHRASE"
MIN_PASSPHRASE = 8


class WrongPassphrase(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The passphrase does not open the database {path}. Nothing was changed. Check the "
            "passphrase (caps lock, keyboard layout) and try again.").format(path=path))


class NeedsPassphrase(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The database {path} is encrypted and no passphrase was given. Nothing was changed. "
            "Start caseterm in a terminal to be asked for it, or set CASETERM_PASSPHRASE."
        ).format(path=path))


class NotEncrypted(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The database {path} is not encrypted, so a passphrase cannot open it. Nothing was "
            "changed. To encrypt it, run: caseterm db encrypt").format(path=path))


class BadPassphrase(StorageError):
    def __init__(self) -> None:
        super().__init__(_("The passphrase must have at least {n} characters.").format(
            n=MIN_PASSPHRASE))


@dataclass(frozen=True)
class Key:
    """A raw SQLCipher key and the salt stored in the file's first 16 bytes."""

    key: bytes
    salt: bytes

    def pragma(self) -> str:
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:  # never print the key
        return "Key(…)"


@lru_cache(maxsize=8)
def derive(passphrase: str, salt: bytes) -> Key:
    return Key(hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITER,
                                   KEY_BYTES), salt)


def new_key(passphrase: str) -> Key:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadPassphrase()
    return derive(passphrase, secrets.token_bytes(SALT_BYTES))


def file_state(path: Path) -> str:
    """"new" (missing or empty), "plain", "encrypted", or "other" (neither: a damaged file or
    one of another program; an encrypted file is whole pages of at least 1 KiB)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(PLAIN_HEADER))
            size = os.fstat(fh.fileno()).st_size
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "new"
    if not head:
        return "new"
    if head == PLAIN_HEADER:
        return "plain"
    return "encrypted" if size >= 1024 and size % 512 == 0 else "other"


def key_for_file(path: Path, passphrase: str) -> Key:
    with open(path, "rb") as fh:
        salt = fh.read(SALT_BYTES)
    return derive(passphrase, salt)


def connect(target: str | Path, key: Key | None = None, *, readonly: bool = False,
            check_same_thread: bool = True) -> dbapi.Connection:
    """A raw connection (plain when `key` is None). SQLCipher's log goes nowhere, so a wrong key
    does not write to the terminal."""
    if readonly:
        con = dbapi.connect(Path(target).resolve().as_uri() + "?mode=ro", uri=True,
                            check_same_thread=check_same_thread)
    else:
        con = dbapi.connect(str(target), check_same_thread=check_same_thread)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            con.execute(f'PRAGMA key = "{key.pragma()}"')
    except BaseException:
        con.close()
        raise
    return con


def verify(path: Path, key: Key | None) -> None:
    """Raise a clear StorageError when `key` (None: plain) does not fit the file; reads only."""
    state = file_state(path)
    if state in ("new", "other"):
        return
    if state == "plain" and key is not None:
        raise NotEncrypted(path)
    if state == "encrypted" and key is None:
        raise NeedsPassphrase(path)
    if key is None:
        return  # a plain file: nothing to try
    con = connect(path, key, readonly=True)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        if "not a database" in str(exc):
            raise WrongPassphrase(path) from None
        raise
    finally:
        con.close()


def cipher_version(database) -> str:
    with database.engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA cipher_version").scalar() or "?")


def env_passphrase() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value or None


# -- OS keyring (optional) -------------------------------------------------------------------

KEYRING_SERVICE = "caseterm"


def _keyring():
    """The keyring module when a real backend exists, else None (headless Linux, no D-Bus)."""
    try:
        import keyring
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def keyring_passphrase(path: Path) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(KEYRING_SERVICE, str(path.resolve())) or None
    except Exception:
        return None


def keyring_store(path: Path, passphrase: str) -> bool:
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, str(path.resolve()), passphrase)
    except Exception:
        return False
    return True


def keyring_forget(path: Path) -> bool:
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.delete_password(KEYRING_SERVICE, str(path.resolve()))
    except Exception:
        return False
    return True
