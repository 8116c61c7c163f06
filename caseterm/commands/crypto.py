"""`caseterm db encrypt | rekey | crypto | keyring`: encryption at rest (README "Data protection").

The new passphrase comes from CASETERM_NEW_PASSPHRASE (for `rekey`; for `encrypt` also
CASETERM_PASSPHRASE, since a plain file needs none to open) or is asked twice on the terminal.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from caseterm.commands.common import fail, open_db, prompt_passphrase
from caseterm.i18n import N_

NEW_PASSPHRASE_ENV = "CASETERM_NEW_PASSPHRASE"

KeepBackup = Annotated[bool, typer.Option(
    "--keep-backup", help=N_("Keep the backup made before (it holds the data as it was: in "
                             "clear, or under the old passphrase)."))]


HELP = {
    "encrypt": N_("Encrypt a plain database file (a verified backup first, then a checked "
                  "copy that replaces it)."),
    "rekey": N_("Change the passphrase of an encrypted database (the file is written anew "
                "under a new salt and key)."),
    "crypto": N_("Is the database encrypted, and how (cipher, key derivation, where the salt "
                 "is)?"),
    "keyring": N_("Remember the passphrase in the OS keyring (Windows, macOS, a Linux desktop "
                  "with Secret Service), or forget it."),
}


def register(app: typer.Typer) -> None:
    for group in app.registered_groups:
        if group.name == "db" and group.typer_instance is not None:
            db_app = group.typer_instance
            for name, fn in (("encrypt", encrypt), ("rekey", rekey), ("crypto", status),
                             ("keyring", keyring)):
                db_app.command(name, help=HELP[name])(fn)


def _new_passphrase(path, *envs: str) -> str:
    from caseterm.db import cipher
    from caseterm.i18n import _

    for env in envs:
        given = os.environ.get(env)
        if given:
            if len(given) < cipher.MIN_PASSPHRASE:
                fail(str(cipher.BadPassphrase()))
            return given
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(_("No new passphrase given. Nothing was changed. Run this in a terminal to be "
               "asked, or set {env}.").format(env=envs[0]))
    return prompt_passphrase(path, True)


def _convert(action, database, new: str, keep_backup: bool):
    from caseterm.db.errors import StorageError
    from caseterm.db.lock import AlreadyOpen, InstanceLock
    from caseterm.i18n import _

    try:
        with InstanceLock(database.path):
            return action(database, new, keep_backup=keep_backup)
    except AlreadyOpen:
        database.dispose()
        fail(_("caseterm is open on this database in another window. Close it first; nothing "
               "was changed."))
    except StorageError as exc:
        fail(str(exc))


def _report(done) -> None:
    from caseterm.i18n import _

    if done.backup is not None:
        typer.echo(_("backup (as before): {path}").format(path=done.backup))
    for other in done.plain_left:
        typer.echo(_("still not encrypted: {path} (an old backup? encrypt or delete it)").format(
            path=other), err=True)


def _sqlite_only(database) -> None:
    from caseterm.i18n import _

    if database.path is None:
        database.dispose()
        fail(_("Only SQLite files are encrypted by caseterm; a PostgreSQL server encrypts its "
               "own storage (see README, Data protection)."))


def encrypt(keep_backup: KeepBackup = False) -> None:
    from caseterm.db import convert
    from caseterm.i18n import _

    database = open_db(migrate=False)
    _sqlite_only(database)
    if database.encrypted:
        database.dispose()
        fail(str(convert.AlreadyEncrypted(database.path)))
    new = _new_passphrase(database.path, "CASETERM_PASSPHRASE", NEW_PASSPHRASE_ENV)
    done = _convert(convert.encrypt, database, new, keep_backup)
    typer.echo(_("encrypted: {path}").format(path=done.path))
    _report(done)


def rekey(keep_backup: KeepBackup = False) -> None:
    from caseterm.db import cipher, convert
    from caseterm.i18n import _

    database = open_db(migrate=False)
    _sqlite_only(database)
    if not database.encrypted:
        database.dispose()
        fail(str(cipher.NotEncrypted(database.path)))
    new = _new_passphrase(database.path, NEW_PASSPHRASE_ENV)
    path = database.path
    remembered = cipher.keyring_passphrase(path) is not None
    done = _convert(convert.rekey, database, new, keep_backup)
    if remembered:
        cipher.keyring_store(path, new)
    typer.echo(_("new passphrase set: {path}").format(path=done.path))
    _report(done)


def status() -> None:
    from caseterm.db import cipher
    from caseterm.i18n import _

    database = open_db(migrate=False)
    if database.path is None:
        typer.echo(_("server database: encryption at rest is the server's job (README, Data "
                     "protection)"))
        return
    if not database.encrypted:
        typer.echo(_("NOT ENCRYPTED: {path} (demo or lab only; encrypt real data with: caseterm "
                     "db encrypt)").format(path=database.path))
        return
    typer.echo(_("encrypted: {path}").format(path=database.path))
    typer.echo(_("SQLCipher {version}: AES-256 per page with HMAC-SHA512; key from the "
                 "passphrase by PBKDF2-HMAC-SHA512, {iter} iterations, 16-byte salt at the start "
                 "of the file").format(version=cipher.cipher_version(database),
                                       iter=f"{cipher.KDF_ITER:,}"))
    typer.echo(_("passphrase in the OS keyring: {answer}").format(
        answer=_("yes") if cipher.keyring_passphrase(database.path) else _("no")))


def keyring(
    action: Annotated[str, typer.Argument(help=N_("remember or forget"))],
) -> None:
    from caseterm.db import cipher
    from caseterm.i18n import _

    if action not in ("remember", "forget"):
        fail(_("Say remember or forget."))
    if not cipher.keyring_available():
        fail(_("There is no OS keyring here (a terminal without a desktop session, say). "
               "Nothing was stored; caseterm asks for the passphrase at every start."))
    database = open_db(migrate=False)
    _sqlite_only(database)
    if not database.encrypted:
        fail(str(cipher.NotEncrypted(database.path)))
    if action == "forget":
        cipher.keyring_forget(database.path)
        typer.echo(_("forgotten"))
        return
    given = cipher.env_passphrase() or prompt_passphrase(database.path, False)
    try:
        cipher.verify(database.path, cipher.key_for_file(database.path, given))
    except cipher.WrongPassphrase as exc:
        fail(str(exc))
    if not cipher.keyring_store(database.path, given):
        fail(_("The OS keyring refused to store the passphrase. Nothing was stored."))
    typer.echo(_("remembered in the OS keyring"))


