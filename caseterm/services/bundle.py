"""Bundles through the door (README "Bundles (USB-Stick)"): a change set, signed by this
database's device key and encrypted to the recipient, written to a file; and the import of
such a file, checked, atomic and idempotent.

Import, in one transaction: the bundle's sequence range is placed against the ranges already
applied from its sender. A range applied before is "already imported" (nothing changes, and
that is not an error); a range that starts after a gap is held (kept, verified, in the
database) and reported until the missing changes arrive; otherwise the change set is applied,
then every held bundle of that sender that now fits. A refused bundle changes nothing but the
audit trail, which records each refusal with its reason.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import col, select

from caseterm import __version__
from caseterm.core import bundle as env
from caseterm.core import bundle_stream as stream
from caseterm.core.bundle import BundleRefused
from caseterm.db.repo import audit
from caseterm.i18n import _
from caseterm.models.base import utcnow
from caseterm.models.device import BundleReceipt
from caseterm.services import devices
from caseterm.services.bundle_file import Source, Spool, write_stream
from caseterm.services.bundle_ledger import (  # noqa: F401 - held, HeldRow: the module's API
    HeldRow,
    _device_name,
    _engine_high,
    _head,
    _missing,
    _Receipt,
    _rev_number,
    _seq_of,
    forget_receipts,
    held,
    may_exchange,
)
from caseterm.services.door import Ctx, NotFound

MAX_FILE = 1 << 31  # 2 GiB
RECEIPTS = BundleReceipt.__table__  # type: ignore[attr-defined]  # written below the ORM

# apply(ctx, changeset) -> a summary (the sync engine's ApplyResult): applies the change set in
# one transaction of its own, idempotently
Applier = Callable[[Ctx, dict], Any]

__all__ = ["BundleRefused", "ExportResult", "ImportResult"]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: uuid.UUID
    recipient: uuid.UUID
    recipient_name: str
    seq_from: int
    seq_to: int
    counts: dict
    size: int


@dataclass
class ImportResult:
    status: str  # "applied" | "replay" | "held"
    bundle_id: uuid.UUID
    sender: uuid.UUID
    sender_name: str
    seq_from: int
    seq_to: int
    counts: dict
    released: list[tuple[int, int]] = field(default_factory=list)  # held bundles applied now
    waiting: list[tuple[int, int]] = field(default_factory=list)  # still missing before held
    applied: list[Any] = field(default_factory=list)

    @property
    def message(self) -> str:
        rng = f"{self.seq_from}–{self.seq_to}"
        if self.status == "replay":
            return _("Already imported (changes {range} from {sender}): nothing was changed."
                     ).format(range=rng, sender=self.sender_name)
        if self.status == "held":
            missing = ", ".join(f"{a}–{b}" for a, b in self.waiting)
            return _("Held: changes {range} from {sender} wait for the missing changes "
                     "{missing}. Import the bundle(s) with those first.").format(
                         range=rng, sender=self.sender_name, missing=missing)
        text = _("Imported changes {range} from {sender}.").format(range=rng,
                                                                    sender=self.sender_name)
        if self.released:
            text += " " + _("Also applied, held until now: {ranges}.").format(
                ranges=", ".join(f"{a}–{b}" for a, b in self.released))
        return text


# ---------------------------------------------------------------- export


def _keys_for(ctx: Ctx, recipient: uuid.UUID) -> tuple[Any, env.KeyPair, bytes]:
    found = devices.own_keys(ctx)
    if found is None:
        raise NotFound(_("This database has no device keys yet: run 'caseterm device init "
                         "NAME' first."))
    own, keys = found
    return own, keys, devices.recipient_key(ctx, recipient)


def _manifest(head: dict, seq: tuple[int, int] | None, schema: str | None,
              counts: dict | None) -> dict:
    lo, hi = seq if seq is not None else _seq_of(head)
    return {
        "bundle_id": str(uuid.uuid4()), "made_at": utcnow().isoformat(),
        "caseterm_version": __version__,
        "schema_revision": schema or str(head.get("schema") or _head()),
        "seq_from": lo, "seq_to": hi,
        "counts": counts if counts is not None else dict(head.get("counts") or {}),
    }


def seal_changeset(ctx: Ctx, changeset: dict, recipient: uuid.UUID, *,
                   seq: tuple[int, int] | None = None, schema: str | None = None,
                   counts: dict | None = None) -> tuple[bytes, dict]:
    """The bundle bytes of `changeset` (held in memory: a small one) from this database to
    `recipient`, and its manifest."""
    own, keys, box = _keys_for(ctx, recipient)
    manifest = _manifest(changeset, seq, schema, counts)
    data = stream.seal(manifest, changeset, sender=str(own.device_id),
                       recipient=str(recipient), keys=keys, recipient_box_public=box)
    return data, manifest


def write_file(path: Path, data: bytes) -> None:
    """Write, flush to the medium and read back (a USB stick may lie): the file on the stick
    is the bundle or an error is raised."""
    write_stream(path, lambda out: out(data))


def export_changeset(ctx: Ctx, changeset: dict, recipient: uuid.UUID, path: Path,
                     **kw: Any) -> ExportResult:
    data, manifest = seal_changeset(ctx, changeset, recipient, **kw)
    write_file(path, data)
    return _exported(ctx, manifest, recipient, path, hashlib.sha256(data).hexdigest(),
                     len(data))


def export_stream(ctx: Ctx, recipient: uuid.UUID, path: Path,
                  produce: Callable[[Callable[[str, Any], None]], dict]) -> ExportResult:
    """Export a change set that `produce(sink)` hands over item by item (and returns with
    its lists empty): the payload is compressed as it comes into an encrypted spool, then
    the signed manifest and the payload are encrypted chunk by chunk to the file. Memory
    stays bounded however many cases go."""
    own, keys, box = _keys_for(ctx, recipient)
    spool = Spool()
    try:
        writer = stream.PayloadWriter(spool.write)
        head = {k: v for k, v in produce(writer.add).items() if k not in stream.STREAMS}
        for key in stream.STREAMS:
            writer.counts.setdefault(key, 0)
        digest = writer.finish()
        manifest = _manifest(head, None, None, None)
        sha = write_stream(path, lambda out: stream.seal_stream(
            manifest, head=head, counts=writer.counts, payload=spool.pieces,
            payload_sha256=digest, payload_length=writer.length, sender=str(own.device_id),
            recipient=str(recipient), keys=keys, recipient_box_public=box, out=out))
    finally:
        spool.close()
    return _exported(ctx, manifest, recipient, path, sha, path.stat().st_size)


def _exported(ctx: Ctx, manifest: dict, recipient: uuid.UUID, path: Path, sha: str,
              size: int) -> ExportResult:
    name = _device_name(ctx, recipient)
    audit_event(ctx, "export", manifest["bundle_id"], {
        "to": str(recipient), "to_name": name, "seq": [manifest["seq_from"], manifest["seq_to"]],
        "counts": manifest["counts"], "sha256": sha, "file": path.name})
    return ExportResult(path, uuid.UUID(manifest["bundle_id"]), recipient, name,
                        manifest["seq_from"], manifest["seq_to"], manifest["counts"], size)


def export_bundle(ctx: Ctx, path: Path, to: str | None = None) -> ExportResult:
    """Export this database's outgoing changes (a laptop: to the centre) or, at the centre,
    the changes for device `to`, through the sync engine, streamed to the file."""
    from caseterm.services import sync

    if to in (None, "", "central"):
        recipient = devices.central_device(ctx)
        return export_stream(ctx, recipient, path,
                             lambda sink: sync.collect_outgoing(ctx, sink))
    device = devices.find(ctx, to)
    found = devices.own_keys(ctx)
    may_exchange(ctx, found[0].kind if found else "central", device, "bundle export")
    return export_stream(ctx, device, path,
                         lambda sink: sync.export_for_device(ctx, str(device), sink=sink))


# ---------------------------------------------------------------- import


def import_file(ctx: Ctx, path: Path, apply: Applier | None = None) -> ImportResult:
    """import_bytes for a file, read in pieces (never whole: see core/bundle_stream.py)."""
    source = Source(path=path)
    try:
        if source.size > MAX_FILE:
            exc = BundleRefused("too_large", _("The file is too large for a bundle."))
            refused(ctx, exc, Source(data=b""), path.name)
            raise exc
        return _import(ctx, source, apply, name=path.name)
    finally:
        source.close()


def import_bytes(ctx: Ctx, data: bytes, apply: Applier | None = None, *,
                 name: str = "") -> ImportResult:
    """Check, decrypt and verify `data`, then apply it in one transaction (see the module).
    BundleRefused (audited) when any check fails; nothing is changed then. SyncBusy at once
    while another import or sync runs on this database."""
    return _import(ctx, Source(data=data), apply, name=name)


def _import(ctx: Ctx, source: Source, apply: Applier | None, name: str) -> ImportResult:
    from caseterm.services.sync_lock import exclusive

    with exclusive(ctx, "import"):
        return _import_source(ctx, source, apply, name=name)


def _import_source(ctx: Ctx, source: Source, apply: Applier | None = None, *,
                   name: str = "") -> ImportResult:
    apply = apply or _sync_apply
    found = devices.own_keys(ctx)
    if found is None:
        raise NotFound(_("This database has no device keys yet: run 'caseterm device init "
                         "NAME' first."))
    own, keys = found
    try:
        opened = env.open_source(source.read, source.size, me=str(own.device_id),
                                 box_private=keys.box_private,
                                 signer=lambda d: devices.signer(ctx, d))
        manifest = opened.manifest
        if _rev_number(str(manifest.get("schema_revision", ""))) > _rev_number(_head()):
            raise env.newer_refusal()
        bundle_id = uuid.UUID(str(manifest["bundle_id"]))
        sender = uuid.UUID(str(manifest["sender"]))
        lo, hi = int(manifest["seq_from"]), int(manifest["seq_to"])
        counts = dict(manifest.get("counts") or {})
        origin = opened.changeset.get("source") if isinstance(opened.changeset, dict) else None
        if origin is not None and str(origin) != str(sender):
            raise BundleRefused("source_mismatch", _(
                "The changes inside name another device than the one that signed the bundle. "
                "Nothing was imported."))
        version = opened.changeset.get("version") if isinstance(opened.changeset, dict) \
            else None
        if isinstance(version, int) and version > _engine_version():
            raise env.newer_refusal()
    except BundleRefused as exc:
        refused(ctx, exc, source, name)
        raise
    except (KeyError, ValueError, TypeError):
        damaged = BundleRefused("damaged", _("The bundle's manifest is incomplete. Nothing "
                                             "was imported."))
        refused(ctx, damaged, source, name)
        raise damaged from None
    may_exchange(ctx, own.kind, sender, "bundle import")
    sender_name = _device_name(ctx, sender)
    result = ImportResult("applied", bundle_id, sender, sender_name, lo, hi, counts)
    digest = source.sha256()
    detail: dict[str, Any] = {"from": str(sender), "from_name": sender_name, "seq": [lo, hi],
                              "counts": counts, "sha256": digest, "file": name}
    with ctx.db.read() as s:
        rows = [_Receipt(r.bundle_id, r.sender_device, r.seq_from, r.seq_to, r.status,
                         r.received_at)
                for r in s.exec(select(BundleReceipt).where(
                    BundleReceipt.sender_device == sender)).all()]
        high = max(env.contiguous_high([(r.seq_from, r.seq_to) for r in rows
                                        if r.status == "applied"]), _engine_high(s, sender))
    place = "replay" if any(r.bundle_id == bundle_id and r.status == "applied"
                            for r in rows) else env.place(lo, hi, high)
    if place == "replay" and isinstance(opened.changeset, dict) \
            and stream.count_of(opened.changeset, "rows") \
            and not any(r.bundle_id == bundle_id for r in rows):
        place = "apply"  # new records (cases newly checked out) ride outside the seq range
    if any(r.bundle_id == bundle_id and r.status == "held" for r in rows):
        place = "held_again" if place == "gap" else "apply"
    if place == "replay":
        result.status = "replay"
        audit_event(ctx, "import", str(bundle_id), {**detail, "result": "replay"})
        return result
    if place in ("gap", "held_again"):
        # held whole, verified, in one small transaction; the engine never sees a gap
        result.status = "held"
        held_ranges = [(r.seq_from, r.seq_to) for r in rows if r.status == "held"]
        if place == "gap":
            held_ranges.append((lo, hi))
        result.waiting = _missing(high, held_ranges)
        with ctx.acting(), ctx.db.write() as s:
            if place == "gap":
                s.execute(insert(RECEIPTS).values(
                    bundle_id=bundle_id, sender_device=sender, seq_from=lo, seq_to=hi,
                    status="held", received_at=utcnow(), sha256=digest,
                    held=stream.held_blob(opened.changeset)))
            audit.append(s, ctx.actor, [audit.Pending(
                "import", "bundle", str(bundle_id), None,
                {**detail, "result": "held", "missing": result.waiting})])
        return result
    # The change set is applied by the engine in ONE transaction and is idempotent (a change
    # seen before is skipped): a crash before the receipt below is written only means the
    # next import applies nothing twice and then writes it.
    result.applied.append(_apply(ctx, apply, opened.changeset))
    _receipt(ctx, bundle_id, sender, lo, hi, digest, {**detail, "result": "applied"})
    high = max(high, hi)
    with ctx.db.read() as s:
        waiting = [(r.bundle_id, r.seq_from, r.seq_to, r.held or b"")
                   for r in s.exec(select(BundleReceipt).where(
                       BundleReceipt.sender_device == sender,
                       BundleReceipt.status == "held").order_by(
                           col(BundleReceipt.seq_from))).all()]
    rest: list[tuple[int, int]] = []
    for held_id, h_lo, h_hi, blob in waiting:
        if h_lo > high + 1:
            rest.append((h_lo, h_hi))
            continue
        if h_hi > high:
            result.applied.append(_apply(ctx, apply, stream.from_held(blob)))
        _receipt(ctx, held_id, sender, h_lo, h_hi, "",
                 {"from": str(sender), "seq": [h_lo, h_hi], "result": "released"})
        result.released.append((h_lo, h_hi))
        high = max(high, h_hi)
    result.waiting = _missing(high, rest)
    engine_held = [tuple(h) for a in result.applied for h in getattr(a, "held", []) or []]
    if engine_held:
        result.waiting += [(int(h[1]), int(h[2])) for h in engine_held]
    return result


def _apply(ctx: Ctx, apply: Applier, changeset: dict) -> Any:
    try:
        return apply(ctx, changeset)
    except BundleRefused as exc:  # read again while applied: changed meanwhile (rolled back)
        refused(ctx, exc, Source(data=b""), "")
        raise
    except ValueError as exc:  # the engine's word for a change set it cannot take here
        refusal = BundleRefused("not_applicable", str(exc))
        refused(ctx, refusal, Source(data=b""), "")
        raise refusal from None


def _engine_version() -> int:
    from caseterm.services import sync

    return int(sync.VERSION)


def _receipt(ctx: Ctx, bundle_id: uuid.UUID, sender: uuid.UUID, lo: int, hi: int,
             digest: str, detail: dict) -> None:
    """Mark a bundle applied (insert, or a held one's row updated) with its audit entry."""
    with ctx.db.write() as s:
        table = RECEIPTS
        if s.get(BundleReceipt, bundle_id) is None:
            s.execute(insert(table).values(
                bundle_id=bundle_id, sender_device=sender, seq_from=lo, seq_to=hi,
                status="applied", received_at=utcnow(), sha256=digest, held=None))
        else:
            s.execute(update(table).where(table.c.bundle_id == bundle_id)
                      .values(status="applied", held=None))
        audit.append(s, ctx.actor, [audit.Pending("import", "bundle", str(bundle_id), None,
                                                  detail)])


def refused(ctx: Ctx, exc: BundleRefused, source: Source, name: str) -> None:
    """Audit one refusal (its own small write; nothing else is written)."""
    detail: dict[str, Any] = {"reason": exc.code, "file": name, "size": source.size,
                              "sha256": source.sha256()}
    try:
        header = env.header_of(source.read, source.size)
        detail["from"] = header.sender[:36]
        detail["to"] = header.recipient[:36]
    except BundleRefused:
        pass
    audit_event(ctx, "refuse", "", detail)


def audit_event(ctx: Ctx, action: str, record_id: str, detail: dict) -> None:
    with ctx.db.write() as s:
        audit.append(s, ctx.actor, [audit.Pending(action, "bundle", record_id, None, detail)])


def _sync_apply(ctx: Ctx, changeset: dict) -> Any:
    from caseterm.services import sync

    return sync.apply_incoming(ctx, changeset)
