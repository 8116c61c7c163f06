"""Where the central office keeps its private device keys: OUTSIDE its database (README
"Außenstelle und Zentrale", keys).

The centre's database holds only the public keys (device_key) and a device_secret row with no
secret in it. The private Ed25519/X25519 keys live
- in a key file, by default `central-<device>.key` next to the person's config file
  (config.toml, or CASETERM_CONFIG), or at the path in CASETERM_CENTRAL_KEY; written 0600, refused
  when others may read it; or
- in the OS keyring when CASETERM_CENTRAL_KEY is `keyring` (service "caseterm-central").
A missing or unreadable key is a KeyMissing (a StorageError: a message naming the path, no
traceback). A laptop's keys stay inside its encrypted SQLite file as before.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from caseterm.db.errors import StorageError

ENV = "CASETERM_CENTRAL_KEY"
KEYRING_SERVICE = "caseterm-central"


class KeyMissing(StorageError):
    """The centre's private keys cannot be read where they should be."""


def location(device_id: uuid.UUID) -> str:
    """`keyring` or the key file's path, for messages and the audit trail."""
    setting = os.environ.get(ENV, "").strip()
    if setting == "keyring":
        return "keyring"
    if setting:
        return str(Path(setting).expanduser())
    from caseterm.userconfig import config_path

    return str(config_path().parent / f"central-{str(device_id)[:8]}.key")


def _encode(device_id: uuid.UUID, sign_private: bytes, box_private: bytes) -> str:
    return json.dumps({"type": "caseterm-central-key", "device": str(device_id),
                       "sign_private": sign_private.hex(), "box_private": box_private.hex()})


def _decode(text: str, device_id: uuid.UUID, where: str) -> tuple[bytes, bytes]:
    from caseterm.i18n import _

    try:
        data = json.loads(text)
        if data.get("type") != "caseterm-central-key":
            raise ValueError("type")
        if data.get("device") != str(device_id):
            raise KeyMissing(_(
                "The central key at {path} belongs to another device ({other}), not to this "
                "centre ({device}).").format(path=where, other=str(data.get("device"))[:8],
                                             device=str(device_id)[:8]))
        return bytes.fromhex(data["sign_private"]), bytes.fromhex(data["box_private"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyMissing(_("The central key at {path} is damaged (not a caseterm key "
                           "file).").format(path=where)) from None


def load(device_id: uuid.UUID) -> tuple[bytes, bytes]:
    from caseterm.i18n import _

    where = location(device_id)
    if where == "keyring":
        text = _keyring_get(device_id)
        if not text:
            raise KeyMissing(_(
                "The centre's private key is not in the OS keyring (service {service}, "
                "device {device}). Restore it there, or set CASETERM_CENTRAL_KEY to the key "
                "file.").format(service=KEYRING_SERVICE, device=device_id))
        return _decode(text, device_id, "keyring")
    path = Path(where)
    try:
        st = path.stat()
        if st.st_mode & 0o077:
            raise KeyMissing(_(
                "The central key file {path} may be read by others (permissions {mode}); "
                "nothing was done. Make it private: chmod 600 {path}").format(
                    path=path, mode=oct(st.st_mode & 0o777)))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyMissing(_(
            "The centre's private key file is missing: {path}. Copy it back from the backup "
            "(or set CASETERM_CENTRAL_KEY to where it is); without it this centre can neither "
            "open nor sign bundles.").format(path=path)) from None
    except OSError as exc:
        raise KeyMissing(_("The central key file {path} cannot be read ({why}).").format(
            path=path, why=exc.strerror or exc)) from None
    return _decode(text, device_id, str(path))


def save(device_id: uuid.UUID, sign_private: bytes, box_private: bytes) -> str:
    """Store the keys (the same keys again: nothing to do; other keys there: KeyMissing).
    Returns where they are."""
    from caseterm.i18n import _

    where = location(device_id)
    absent = (where == "keyring" and not _keyring_get(device_id)) \
        or (where != "keyring" and not Path(where).exists())
    if not absent:
        if load(device_id) == (sign_private, box_private):
            return where
        raise KeyMissing(_("Other keys are stored at {path} already; nothing was "
                           "changed.").format(path=where))
    text = _encode(device_id, sign_private, box_private)
    if where == "keyring":
        if not _keyring_set(device_id, text):
            raise KeyMissing(_("The OS keyring cannot be written here; set "
                               "CASETERM_CENTRAL_KEY to a key file path instead."))
        return where
    path = Path(where)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if load(device_id) != (sign_private, box_private):  # read back before anything relies on it
        raise KeyMissing(_("The central key file {path} did not read back.").format(path=path))
    return where


def _keyring_get(device_id: uuid.UUID) -> str | None:
    from caseterm.db.cipher import _keyring

    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(KEYRING_SERVICE, str(device_id))
    except Exception:
        return None


def _keyring_set(device_id: uuid.UUID, text: str) -> bool:
    from caseterm.db.cipher import _keyring

    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, str(device_id), text)
    except Exception:
        return False
    return True
