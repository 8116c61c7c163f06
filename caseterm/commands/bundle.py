"""`caseterm bundle export | import | held`: change sets on a USB stick, signed and encrypted
(README "Bundles (USB-Stick)")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.i18n import N_

bundle_app = typer.Typer(help=N_("Bundles: exchange changes with the central office on a USB "
                                 "stick, signed and encrypted."), no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help=N_("Output as JSON."))]


def register(app: typer.Typer) -> None:
    app.add_typer(bundle_app, name="bundle")


@bundle_app.command("export", help=N_(
    "Write a bundle: on a laptop its changes for the central office; at the centre the "
    "changes for one device (--to DEVICE)."))
def export(
    path: Annotated[Path, typer.Argument(help=N_("The bundle file to write."))],
    to: Annotated[str, typer.Option("--to", help=N_(
        "Recipient: central (default) or a registered device (id or name)."))] = "central",
    as_json: AsJson = False,
) -> None:
    from caseterm.i18n import _
    from caseterm.services import AccessDenied, bundle

    ctx = open_ctx()
    with door_errors():
        try:
            done = bundle.export_bundle(ctx, path, to)
        except AccessDenied:
            raise  # exit 3 (door_errors)
        except ValueError as exc:  # the sync engine: not a laptop / not a centre
            fail(str(exc))
        except OSError as exc:
            fail(_("The bundle could not be written: {reason}").format(
                reason=exc.strerror or str(exc)))
    if as_json:
        print_json({"status": "ok", "file": str(done.path), "bundle": str(done.bundle_id),
                    "to": str(done.recipient), "to_name": done.recipient_name,
                    "seq": [done.seq_from, done.seq_to], "counts": done.counts,
                    "bytes": done.size})
        return
    typer.echo(_("Bundle for {name}: changes {range}, {size} bytes, written to {path}.").format(
        name=done.recipient_name, range=f"{done.seq_from}–{done.seq_to}", size=done.size,
        path=done.path))


@bundle_app.command("import", help=N_(
    "Import a bundle: checked (sender's key, recipient, integrity) and applied whole or not at "
    "all. Importing it again changes nothing."))
def import_cmd(
    path: Annotated[Path, typer.Argument(help=N_("The bundle file."))],
    as_json: AsJson = False,
) -> None:
    from caseterm.commands.common import EXIT_CONFLICT
    from caseterm.core.bundle import BundleRefused
    from caseterm.i18n import _
    from caseterm.services import AccessDenied, bundle
    from caseterm.services.sync_lock import SyncBusy

    ctx = open_ctx()
    with door_errors():
        try:
            result = bundle.import_file(ctx, path)
        except BundleRefused as exc:
            fail(_("Refused: {reason}").format(reason=exc.message))
        except SyncBusy as exc:
            fail(str(exc), EXIT_CONFLICT)
        except AccessDenied:
            raise  # exit 3 (door_errors)
        except OSError as exc:
            fail(_("The bundle could not be read: {reason}").format(
                reason=exc.strerror or str(exc)))
    if as_json:
        print_json({"status": result.status, "bundle": str(result.bundle_id),
                    "from": str(result.sender), "from_name": result.sender_name,
                    "seq": [result.seq_from, result.seq_to], "counts": result.counts,
                    "released": result.released, "waiting": result.waiting,
                    "message": result.message})
        return
    typer.echo(result.message)
    for summary in result.applied:
        line = _summary(summary)
        if line:
            typer.echo(line)
        for text in held_lines(summary):
            typer.echo(text)


def held_lines(summary) -> list[str]:
    """What the centre applied now that a record arrived, and what still waits for one (the
    sync summary and the bundle import say both)."""
    from caseterm.i18n import _, ngettext

    out = []
    if getattr(summary, "held", None):
        ranges = ", ".join(f"{h[1]}–{h[2]}" for h in summary.held)
        out.append(_("Held until the missing changes {ranges} arrive (a gap in the sending "
                     "device's sequence).").format(ranges=ranges))
    if getattr(summary, "released", 0):
        out.append(ngettext(
            "Applied now that its case or person arrived: {n} held change.",
            "Applied now that their case or person arrived: {n} held changes.",
            summary.released).format(n=summary.released))
    if getattr(summary, "waiting", None):
        n = len(summary.waiting)
        out.append(ngettext(
            "Still held until its case or person arrives: {n} change (caseterm bundle held "
            "at the centre lists it).",
            "Still held until their case or person arrives: {n} changes (caseterm bundle "
            "held at the centre lists them).", n).format(n=n))
    return out


def _summary(summary) -> str:
    from caseterm.i18n import _

    if not hasattr(summary, "applied"):
        return ""
    return _("{applied} applied, {already} already there, {conflicts} conflicts, {dups} "
             "possible duplicates.").format(
                 applied=summary.applied, already=summary.already,
                 conflicts=summary.conflicts, dups=summary.duplicates)


@bundle_app.command("held", help=N_(
    "Bundles held because changes before them are missing, and which ones are missing; "
    "changes held at the centre until their case or person arrives."))
def held(as_json: AsJson = False) -> None:
    from caseterm.i18n import _
    from caseterm.services import bundle, sync_held

    ctx = open_ctx()
    with door_errors():
        rows = bundle.held(ctx)
        changes = sync_held.list_held(ctx)
    if as_json:
        print_json([{"kind": "bundle", "from": str(r.sender), "from_name": r.sender_name,
                     "seq": [r.seq_from, r.seq_to], "missing": r.missing,
                     "received_at": r.received_at} for r in rows]
                   + [{"kind": "change", "from_name": c.device, "seq": c.seq,
                       "entity": c.entity, "record_id": str(c.record_id),
                       "case_number": c.case_number, "author": c.author,
                       "waits_for": c.parent_entity,
                       "waits_for_id": str(c.parent_id) if c.parent_id else None,
                       "held_at": c.held_at} for c in changes])
        return
    if not rows:
        typer.echo(_("No bundles are held."))
    for r in rows:
        missing = ", ".join(f"{a}–{b}" for a, b in r.missing)
        typer.echo(_("{sender}: changes {range} held, missing {missing}").format(
            sender=r.sender_name, range=f"{r.seq_from}–{r.seq_to}", missing=missing))
    from caseterm.core.safe_text import one_line

    for c in changes:
        typer.echo(one_line(_(
            "{sender}: change {seq} ({entity} {record}, {author}) held until {parent} "
            "{parent_id} arrives").format(
                sender=c.device, seq=c.seq, entity=c.entity, record=str(c.record_id)[:8],
                author=c.author or "?", parent=c.parent_entity,
                parent_id=str(c.parent_id or "")[:8])))
