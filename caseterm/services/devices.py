"""Device keys through the door (README "Bundles (USB-Stick)").

Every database that sends or receives bundles has its OWN key pair (Ed25519 to sign, X25519 to
be encrypted to), made once (at check-out for a laptop, at set-up for the centre) and kept in
the database itself: inside the encrypted SQLite replica on a laptop. Only the public half
leaves it, as a key card that the other side registers. Registering and revoking keys is for an
administrator or a team lead; both are audited. Revoking a lost laptop's key is one call.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import col, select

from caseterm.core.bundle import KeyPair, Signer, fingerprint
from caseterm.core.safe_text import one_line
from caseterm.core.validate import InputError
from caseterm.db.repo import audit
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.device import DeviceKey, DeviceSecret
from caseterm.models.worker import Worker
from caseterm.services.door import AccessDenied, Ctx, NotFound

CARD_KIND = "caseterm-device-key"
KINDS = ("laptop", "central")
SECRETS = DeviceSecret.__table__  # type: ignore[attr-defined]  # written below the ORM


@dataclass(frozen=True)
class Card:
    """The public half of a device's keys, as handed to the other side."""

    device_id: uuid.UUID
    kind: str
    name: str
    sign_public: bytes
    box_public: bytes
    worker: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.box_public)

    def to_json(self) -> dict:
        return {"type": CARD_KIND, "version": 1, "device": str(self.device_id),
                "kind": self.kind, "name": self.name, "worker": self.worker,
                "sign_public": self.sign_public.hex(), "box_public": self.box_public.hex(),
                "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class DeviceRow:
    device_id: uuid.UUID
    kind: str
    name: str
    worker: str
    fingerprint: str
    registered_at: datetime
    registered_by: str
    revoked_at: datetime | None
    revoked_by: str


def parse_card(text: str) -> Card:
    """A key card from its JSON text; InputError naming `card` when it is not one."""
    try:
        data = json.loads(text)
        if data.get("type") != CARD_KIND:
            raise ValueError("type")
        card = Card(uuid.UUID(str(data["device"])), str(data["kind"]),
                    one_line(str(data["name"]))[:80], bytes.fromhex(data["sign_public"]),
                    bytes.fromhex(data["box_public"]), one_line(str(data.get("worker", ""))))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError({"card": _("This is not a caseterm device key card.")}) from None
    if card.kind not in KINDS or len(card.sign_public) != 32 or len(card.box_public) != 32 \
            or not card.name:
        raise InputError({"card": _("This is not a caseterm device key card.")})
    if data.get("fingerprint") not in (None, card.fingerprint):
        raise InputError({"card": _("The key card's fingerprint does not match its keys "
                                    "(changed or damaged).")})
    return card


# ---------------------------------------------------------------- this database's own keys


@dataclass(frozen=True)
class OwnDevice:
    device_id: uuid.UUID
    kind: str
    name: str


def own_keys(ctx: Ctx) -> tuple[OwnDevice, KeyPair] | None:
    """This database's device and private keys (None before `create_own_keys`). A centre's
    private keys come from outside its database (services/central_keys.py); an older centre
    whose keys are still in the database has them moved out here, on first use."""
    with ctx.db.read() as s:
        row = s.exec(select(DeviceSecret)).first()
        if row is None:
            return None
        own = OwnDevice(row.device_id, row.kind, row.name)
        stored = (bytes(row.sign_private), bytes(row.box_private))
    if own.kind == "central":
        from caseterm.services import central_keys

        return own, central_keys.keys_of(ctx, own.device_id, stored)
    return own, KeyPair(*stored)


def create_own_keys(ctx: Ctx, name: str, *, kind: str = "laptop",
                    device_id: uuid.UUID | None = None) -> Card:
    """Make this database's key pair (once; at check-out for a laptop). The private keys stay
    in this database; the card returned is the public half to register at the other side.
    When the keys exist already, their card is returned unchanged."""
    name = one_line(name or "").strip()[:80]
    if not name:
        raise InputError({"name": _("Give the device a name (e.g. the laptop's label).")})
    if kind not in KINDS:
        raise InputError({"kind": _("The kind is laptop or central.")})
    existing = own_keys(ctx)
    if existing is not None:
        return own_card(ctx)
    keys = KeyPair.generate()
    device_id = device_id or uuid.uuid4()
    secret = (keys.sign_private, keys.box_private)
    if kind == "central":  # the centre's private keys never enter its database
        from caseterm.db import keystore

        keystore.save(device_id, *secret)
        secret = (b"", b"")
    with ctx.acting(), ctx.db.write() as s:
        # below the ORM: the private keys never pass the audit hook
        s.execute(insert(SECRETS).values(
            device_id=device_id, kind=kind, name=name, sign_private=secret[0],
            box_private=secret[1], created_at=utcnow()))
        audit.append(s, ctx.actor, [audit.Pending(
            "keys", "device_secret", str(device_id), None,
            {"name": name, "kind": kind,
             "fingerprint": fingerprint(keys.sign_public, keys.box_public)})])
        s.add(DeviceKey(device_id=device_id, kind=kind, name=name,
                        worker_id=ctx.actor.id if kind == "laptop" else None,
                        sign_public=keys.sign_public.hex(), box_public=keys.box_public.hex(),
                        registered_by=ctx.actor.id))
    return own_card(ctx)


def own_card(ctx: Ctx) -> Card:
    found = own_keys(ctx)
    if found is None:
        raise NotFound(_("This database has no device keys yet: run 'caseterm device init "
                         "NAME' first."))
    row, keys = found
    return Card(row.device_id, row.kind, row.name, keys.sign_public, keys.box_public,
                ctx.actor.username if row.kind == "laptop" else "")


# ---------------------------------------------------------------- the registry


def _may_manage(ctx: Ctx, card: Card | None = None) -> None:
    """Administrators and team leads register and revoke keys. On a laptop, the first key of
    the centre may be registered by its own worker (done at check-out)."""
    if ctx.actor.manages_workers:
        return
    if card is not None and card.kind == "central" and ctx.db.is_sqlite:
        with ctx.db.read() as s:
            first = s.exec(select(DeviceKey.id).where(DeviceKey.kind == "central")).first()
        if first is None:
            return
    from caseterm.services.door import record

    record(ctx, "refuse", "device_key", str(card.device_id) if card else "", None,
           {"what": "device keys", "reason": "role"})
    raise AccessDenied(_("Only an administrator or a team lead registers or revokes device "
                         "keys."))


def register(ctx: Ctx, card: Card) -> DeviceRow:
    """Register another device's public keys (a laptop at the centre; the centre on a
    laptop). A device id registered already with other keys is refused: revoke it and check
    the laptop out anew."""
    _may_manage(ctx, card)
    with ctx.acting(), ctx.db.write() as s:
        row = s.exec(select(DeviceKey).where(DeviceKey.device_id == card.device_id)).first()
        if row is not None:
            if row.sign_public == card.sign_public.hex() and \
                    row.box_public == card.box_public.hex() and row.revoked_at is None:
                return _row(s, row)
            raise InputError({"card": _(
                "This device is registered already with other keys, or its key was revoked. "
                "A revoked device gets new keys by being checked out anew.")})
        worker_id = None
        if card.worker:
            worker_id = s.exec(select(Worker.id).where(Worker.username == card.worker)).first()
        row = DeviceKey(device_id=card.device_id, kind=card.kind, name=card.name,
                        worker_id=worker_id, sign_public=card.sign_public.hex(),
                        box_public=card.box_public.hex(), registered_by=ctx.actor.id)
        s.add(row)
        s.flush()
        return _row(s, row)


def find(ctx: Ctx, device: str) -> uuid.UUID:
    """A registered device by its id (or the start of it, 8 characters at least) or its
    name."""
    text = (device or "").strip()
    with ctx.db.read() as s:
        rows = s.exec(select(DeviceKey)).all()
        pairs = [(r.name, r.device_id) for r in rows]
    hits = [d for n, d in pairs if n == text]
    if not hits and len(text) >= 8:
        hits = [d for _n, d in pairs if str(d).startswith(text.lower())]
    if len(hits) != 1:
        raise NotFound(_("No single registered device {device}.").format(
            device=one_line(text)[:40]))
    return hits[0]


def revoke(ctx: Ctx, device_id: uuid.UUID) -> DeviceRow:
    """Revoke a device's key (a lost laptop): bundles it signs are refused from now on."""
    _may_manage(ctx)
    with ctx.acting(), ctx.db.write() as s:
        row = s.exec(select(DeviceKey).where(DeviceKey.device_id == device_id)).first()
        if row is None:
            raise NotFound(_("No registered device {device}.").format(device=str(device_id)))
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            row.revoked_by = ctx.actor.id
            s.add(row)
            s.flush()
        return _row(s, row)


def list_devices(ctx: Ctx) -> list[DeviceRow]:
    with ctx.db.read() as s:
        rows = s.exec(select(DeviceKey).order_by(col(DeviceKey.registered_at))).all()
        return [_row(s, r) for r in rows]


def signer(ctx: Ctx, device: str) -> Signer | None:
    """What this database knows of a sender device (for checking a bundle's signature)."""
    try:
        device_id = uuid.UUID(device)
    except ValueError:
        return None
    with ctx.db.read() as s:
        row = s.exec(select(DeviceKey).where(DeviceKey.device_id == device_id)).first()
        if row is None:
            return None
        return Signer(bytes.fromhex(row.sign_public), row.revoked_at is not None)


def recipient_key(ctx: Ctx, device_id: uuid.UUID) -> bytes:
    """The X25519 key to encrypt to a registered, not revoked device."""
    with ctx.db.read() as s:
        row = s.exec(select(DeviceKey).where(DeviceKey.device_id == device_id)).first()
        if row is None:
            raise NotFound(_("No registered device {device}.").format(device=str(device_id)))
        if row.revoked_at is not None:
            raise AccessDenied(_("The key of {name} was revoked: nothing is sent to it.")
                               .format(name=row.name))
        return bytes.fromhex(row.box_public)


def central_device(ctx: Ctx) -> uuid.UUID:
    """The centre's device id as registered here (on a laptop)."""
    with ctx.db.read() as s:
        rows = s.exec(select(DeviceKey).where(DeviceKey.kind == "central",
                                              col(DeviceKey.revoked_at).is_(None))).all()
        ids = [r.device_id for r in rows]
    if len(ids) != 1:
        raise NotFound(_("No key of the central office is registered here (it is registered "
                         "at check-out, or with 'caseterm device register').") if not rows
                       else _("More than one key of the central office is registered here."))
    return ids[0]


def _row(s, r: DeviceKey) -> DeviceRow:
    def who(worker_id) -> str:
        if worker_id is None:
            return ""
        w = s.get(Worker, worker_id)
        return w.username if w is not None else "?"

    return DeviceRow(r.device_id, r.kind, r.name, who(r.worker_id),
                     fingerprint(bytes.fromhex(r.sign_public), bytes.fromhex(r.box_public)),
                     r.registered_at, who(r.registered_by), r.revoked_at, who(r.revoked_by))


def sync_device_id(ctx: Ctx) -> uuid.UUID | None:
    """This database's device id as the sync engine knows it (set at check-out, or when the
    centre was set up), so the keys and the change log name the same device."""
    from caseterm.models.sync import SyncState

    with ctx.db.read() as s:
        state = s.get(SyncState, 1)
        return state.device_id if state is not None else None


def checkout_keys(centre: Ctx, laptop: Ctx, name: str, worker: str | None = None) -> Card:
    """At check-out, with both databases open: make the laptop's keys INSIDE the new replica
    (under the device id the check-out gave it), register their public half at the centre, and
    the centre's public keys on the laptop. The laptop's private keys are never written to the
    centre's database."""
    central = own_card(centre) if own_keys(centre) else create_own_keys(
        centre, _sync_name(centre) or _("Central office"), kind="central",
        device_id=sync_device_id(centre))
    made = create_own_keys(laptop, name, kind="laptop", device_id=sync_device_id(laptop))
    if worker:
        made = Card(made.device_id, made.kind, made.name, made.sign_public, made.box_public,
                    worker)
    register(centre, made)
    register(laptop, central)
    return made


def _sync_name(ctx: Ctx) -> str:
    from caseterm.models.sync import SyncState

    with ctx.db.read() as s:
        state = s.get(SyncState, 1)
        return state.device_name if state is not None else ""
