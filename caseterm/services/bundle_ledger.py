"""The bundle receipts' ledger (split from services/bundle.py): how far a sender's changes are
taken, which bundles are held for a gap and what is missing before them, and the small
helpers the import reads the manifest with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from caseterm.core import bundle as env
from caseterm.i18n import _
from caseterm.models.device import BundleReceipt
from caseterm.services import devices
from caseterm.services.door import Ctx

RECEIPTS = BundleReceipt.__table__  # type: ignore[attr-defined]  # written below the ORM


def _engine_high(session: Any, sender: uuid.UUID) -> int:
    """How far the sync engine has taken `sender`'s changes in order (online syncs count
    too): at the centre a laptop's last sequence number, on a laptop the centre's last
    server version pulled."""
    from caseterm.models.device import DeviceKey
    from caseterm.models.sync import SyncPeer, SyncState

    key = session.exec(select(DeviceKey).where(DeviceKey.device_id == sender)).first()
    if key is not None and key.kind == "central":
        state = session.get(SyncState, 1)
        return int(state.last_pulled) if state is not None else 0
    peer = session.get(SyncPeer, sender)
    return int(peer.last_seq) if peer is not None else 0


@dataclass(frozen=True)
class _Receipt:
    bundle_id: uuid.UUID | None
    sender_device: uuid.UUID
    seq_from: int
    seq_to: int
    status: str
    received_at: Any


@dataclass(frozen=True)
class HeldRow:
    sender: uuid.UUID
    sender_name: str
    seq_from: int
    seq_to: int
    received_at: Any
    missing: list[tuple[int, int]]


def held(ctx: Ctx) -> list[HeldRow]:
    """Bundles held for a gap in their sender's sequence, with what is missing before them."""
    with ctx.db.read() as s:
        rows = [_Receipt(r.bundle_id, r.sender_device, r.seq_from, r.seq_to, r.status,
                         r.received_at)
                for r in s.exec(select(BundleReceipt).order_by(
                    col(BundleReceipt.sender_device), col(BundleReceipt.seq_from))).all()]
        senders = sorted({r.sender_device for r in rows if r.status == "held"}, key=str)
        engine = {d: _engine_high(s, d) for d in senders}
    out: list[HeldRow] = []
    for sender in senders:
        mine = [r for r in rows if r.sender_device == sender]
        high = max(env.contiguous_high([(r.seq_from, r.seq_to) for r in mine
                                        if r.status == "applied"]), engine[sender])
        ranges = [(r.seq_from, r.seq_to) for r in mine if r.status == "held"]
        missing = _missing(high, ranges)
        name = _device_name(ctx, sender)
        out.extend(HeldRow(sender, name, r.seq_from, r.seq_to, r.received_at, missing)
                   for r in mine if r.status == "held")
    return out


def forget_receipts(ctx: Ctx, sender: uuid.UUID) -> None:  # pragma: no cover - admin repair
    with ctx.acting(), ctx.db.write() as s:
        s.execute(delete(RECEIPTS).where(
            RECEIPTS.c.sender_device == sender))


def _missing(high: int, held: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sequence ranges missing between what is applied (up to `high`) and the held ones."""
    out: list[tuple[int, int]] = []
    at = high
    for lo, hi in sorted(held):
        if lo > at + 1:
            out.append((at + 1, lo - 1))
        at = max(at, hi)
    return out


def _seq_of(changeset: dict) -> tuple[int, int]:
    """The sequence range a change set covers: a laptop's own sequence numbers; from the
    centre, the server versions after `since` (the one it counted from) up to `last`."""
    if changeset.get("seq"):
        return int(changeset["seq"][0]), int(changeset["seq"][1])
    since = changeset.get("since")
    first = int(since) + 1 if since is not None else int(changeset.get("first") or 0)
    return first, int(changeset.get("last") or 0)


def _device_name(ctx: Ctx, device_id: uuid.UUID) -> str:
    rows = [r for r in devices.list_devices(ctx) if r.device_id == device_id]
    return rows[0].name if rows else str(device_id)[:8]


def _head() -> str:
    from caseterm.db.migrate import head_revision

    return head_revision() or ""


def _rev_number(revision: str) -> int:
    digits = revision[:4]
    return int(digits) if digits.isdigit() else 0


def may_exchange(ctx: Ctx, own_kind: str, device: uuid.UUID, what: str) -> None:
    """Who may move a laptop's bundles at the centre: an administrator or team lead, or the
    worker the laptop is registered for. On a laptop, its own people. Refusals are audited."""
    if own_kind == "laptop" or ctx.actor.manages_workers:
        return
    if any(r.device_id == device and r.worker == ctx.actor.username
           for r in devices.list_devices(ctx)):
        return
    from caseterm.services.door import AccessDenied, record

    record(ctx, "refuse", "bundle", str(device), None, {"what": what, "reason": "role"})
    raise AccessDenied(_("Only an administrator, a team lead or the laptop's own worker "
                         "moves its bundles at the central office."))
