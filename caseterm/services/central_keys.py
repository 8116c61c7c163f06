"""The central office's private keys, kept outside its database (db/keystore.py: a 0600 key
file next to the config, or the OS keyring). An older centre whose keys are still in the
database has them moved out on first use: stored and read back first, then the database row
cleared, with an audit entry `keys_moved` naming where they went."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from caseterm.core.bundle import KeyPair
from caseterm.db.keystore import KeyMissing
from caseterm.models.device import DeviceSecret
from caseterm.services.door import Ctx

__all__ = ["KeyMissing", "keys_of", "location"]


def location(device_id: uuid.UUID) -> str:
    """Where the centre's private keys are kept: a file path, or `keyring`."""
    from caseterm.db import keystore

    return keystore.location(device_id)

SECRETS = DeviceSecret.__table__  # type: ignore[attr-defined]


def keys_of(ctx: Ctx, device_id: uuid.UUID, stored: tuple[bytes, bytes]) -> KeyPair:
    """The centre's key pair. `stored`: what its device_secret row still holds (empty once
    moved). KeyMissing (a message naming the path) when the keys are not where they belong."""
    from caseterm.db import keystore

    if stored[0] and stored[1]:
        where = keystore.save(device_id, *stored)  # idempotent; read back before clearing
        _clear_row(ctx, device_id, where)
        return KeyPair(*stored)
    return KeyPair(*keystore.load(device_id))


def _clear_row(ctx: Ctx, device_id: uuid.UUID, where: str) -> None:
    from caseterm.db.repo import audit

    with ctx.acting(), ctx.db.write() as s:
        done = s.execute(update(SECRETS).where(
            SECRETS.c.device_id == device_id, SECRETS.c.sign_private != b"").values(
                sign_private=b"", box_private=b"")).rowcount
        if done:
            keys = s.execute(SECRETS.select().where(SECRETS.c.device_id == device_id)).first()
            audit.append(s, ctx.actor, [audit.Pending(
                "keys_moved", "device_secret", str(device_id), None,
                {"to": where, "kind": keys.kind if keys else "central"})])
