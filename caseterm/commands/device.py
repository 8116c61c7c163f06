"""`caseterm device init | card | register | list | revoke`: the device keys that sign and
encrypt bundles (README "Bundles (USB-Stick)")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, input_errors, open_ctx, print_json
from caseterm.i18n import N_

device_app = typer.Typer(help=N_("Device keys for bundles: this database's own keys, and the "
                                 "registered keys of laptops and the central office."),
                         no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help=N_("Output as JSON."))]


def register(app: typer.Typer) -> None:
    app.add_typer(device_app, name="device")


def _card_out(card, path: Path | None) -> None:
    import json

    from caseterm.i18n import _

    text = json.dumps(card.to_json(), ensure_ascii=False, indent=2) + "\n"
    if path is None:
        typer.echo(text, nl=False)
        return
    path.write_text(text, encoding="utf-8")
    typer.echo(_("Key card written to {path}. Fingerprint: {fp}").format(
        path=path, fp=card.fingerprint))


@device_app.command("init", help=N_(
    "Make this database's own device keys (once; done at check-out for a laptop). The private "
    "keys stay in this (encrypted) database; the key card with the public keys is printed or "
    "written to --card FILE for the other side to register."))
def init(
    name: Annotated[str, typer.Argument(help=N_("The device's name (e.g. the laptop's "
                                                "label, or the office for the centre)."))],
    central: Annotated[bool, typer.Option(
        "--central", help=N_("This database is the central office."))] = False,
    card: Annotated[Path | None, typer.Option("--card", help=N_(
        "Write the key card to this file."))] = None,
) -> None:
    from caseterm.core.validate import InputError
    from caseterm.services import devices

    ctx = open_ctx()
    with door_errors():
        try:
            made = devices.create_own_keys(ctx, name, kind="central" if central else "laptop",
                                           device_id=devices.sync_device_id(ctx))
        except InputError as exc:
            input_errors(exc)
    _card_out(made, card)
    if made.kind == "central":
        from caseterm.i18n import _
        from caseterm.services.central_keys import location

        typer.echo(_("The centre's private keys are in {path} (not in the database); keep a "
                     "backup of it with the server's other secrets.").format(
                         path=location(made.device_id)), err=True)


@device_app.command("card", help=N_(
    "Print this database's key card (public keys only), or write it to FILE."))
def card_cmd(
    path: Annotated[Path | None, typer.Argument(help=N_("File to write."))] = None,
) -> None:
    from caseterm.services import devices

    ctx = open_ctx()
    with door_errors():
        made = devices.own_card(ctx)
    _card_out(made, path)


@device_app.command("register", help=N_(
    "Register another device's key card (a laptop at the centre; the centre on a laptop). "
    "Compare the fingerprint shown with the one on the other machine. Administrator or team "
    "lead."))
def register_cmd(
    path: Annotated[Path, typer.Argument(help=N_("The key card file."))],
    as_json: AsJson = False,
) -> None:
    from caseterm.core.validate import InputError
    from caseterm.i18n import _
    from caseterm.services import devices

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(_("The key card {path} cannot be read: {reason}").format(
            path=path, reason=exc.__class__.__name__))
    ctx = open_ctx()
    with door_errors():
        try:
            row = devices.register(ctx, devices.parse_card(text))
        except InputError as exc:
            input_errors(exc)
    if as_json:
        print_json(_row_json(row))
        return
    typer.echo(_("Registered {name} ({kind}), device {device}. Fingerprint: {fp}").format(
        name=row.name, kind=row.kind, device=row.device_id, fp=row.fingerprint))


@device_app.command("list", help=N_("The registered device keys, revoked ones included."))
def list_cmd(as_json: AsJson = False) -> None:
    from caseterm.i18n import _
    from caseterm.services import devices

    ctx = open_ctx()
    with door_errors():
        rows = devices.list_devices(ctx)
        own = devices.own_keys(ctx)
    mine = own[0].device_id if own else None
    if as_json:
        print_json([dict(_row_json(r), own=r.device_id == mine) for r in rows])
        return
    if not rows:
        typer.echo(_("No device keys yet."))
    for r in rows:
        state = (_("revoked {at} by {who}").format(at=f"{r.revoked_at:%Y-%m-%d %H:%M}",
                                                   who=r.revoked_by)
                 if r.revoked_at else _("valid"))
        mark = " *" if r.device_id == mine else ""
        # the id's first 8 characters name it for `device revoke` (the whole id: --json)
        typer.echo(f"{str(r.device_id)[:8]}  {r.kind:<7}  {r.name}{mark}  {r.worker or '-'}  "
                   f"{r.fingerprint}  {state}")


@device_app.command("revoke", help=N_(
    "Revoke a device's key (a lost or stolen laptop): its bundles are refused from now on and "
    "nothing is encrypted to it. Administrator or team lead; audited."))
def revoke_cmd(
    device: Annotated[str, typer.Argument(help=N_("Device id (8 characters or more) or "
                                                  "name."))],
) -> None:
    from caseterm.i18n import _
    from caseterm.services import devices

    ctx = open_ctx()
    with door_errors():
        row = devices.revoke(ctx, devices.find(ctx, device))
    typer.echo(_("Key of {name} ({device}) revoked.").format(name=row.name,
                                                            device=row.device_id))


def _row_json(r) -> dict:
    return {"device": str(r.device_id), "kind": r.kind, "name": r.name, "worker": r.worker,
            "fingerprint": r.fingerprint, "registered_at": r.registered_at,
            "registered_by": r.registered_by, "revoked_at": r.revoked_at,
            "revoked_by": r.revoked_by}


def checkout_keys(centre, replica, name: str, worker: str | None) -> None:
    """At `caseterm sync checkout`: the new laptop's keys, registered on both sides."""
    from caseterm.i18n import _
    from caseterm.services import Ctx, devices

    with door_errors():
        card = devices.checkout_keys(centre, Ctx(replica, centre.actor), name, worker)
    typer.echo(_("Device keys made on the laptop and registered here. Fingerprint: {fp}")
               .format(fp=card.fingerprint))
