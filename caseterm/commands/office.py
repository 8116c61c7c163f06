"""`caseterm office …`: office-wide settings for paperwork (the letterhead on printed PDFs)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, input_errors, open_ctx, print_json
from caseterm.i18n import N_

office_app = typer.Typer(help=N_("Office settings: the letterhead on printed documents."),
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(office_app, name="office")


def warn_logo(ctx) -> None:
    """Name a configured logo that cannot be read (the PDF prints without it), on stderr."""
    from caseterm.services import paperwork

    warn = paperwork.logo_warning(paperwork.letterhead(ctx))
    if warn:
        typer.echo(warn, err=True)


@office_app.command("letterhead", help=N_(
    "Show the letterhead, or set it (administrator, team lead): office name, address lines "
    "and a logo image (PNG or JPEG), printed on the plan, the conference protocol and the "
    "steering report."))
def letterhead(
    name: Annotated[str | None, typer.Option("--name", help=N_("Office name."))] = None,
    address: Annotated[list[str] | None, typer.Option(
        "--address", help=N_("An address line (repeat for more lines)."))] = None,
    logo: Annotated[str | None, typer.Option(
        "--logo", help=N_("Logo image file; an empty value removes the logo."))] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.core.validate import InputError
    from caseterm.i18n import _
    from caseterm.services import paperwork

    ctx = open_ctx()
    with door_errors():
        head = paperwork.letterhead(ctx)
        if name is not None or address is not None or logo is not None:
            try:
                head = paperwork.set_letterhead(
                    ctx, head.name if name is None else name,
                    list(head.address) if address is None else address,
                    head.logo if logo is None else logo)
            except InputError as exc:
                input_errors(exc)
    if as_json:
        print_json({"name": head.name, "address": list(head.address), "logo": head.logo})
        return
    if not head:
        typer.echo(_("No letterhead is set."))
        return
    for line in (head.name, *head.address):
        if line:
            typer.echo(line)
    if head.logo:
        typer.echo(_("Logo: {path}").format(path=head.logo))
    warn_logo(ctx)
