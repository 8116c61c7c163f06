"""`caseterm services …`: search the service directory, import a directory file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, open_ctx, print_json
from caseterm.commands.output import PlainOpt
from caseterm.i18n import N_

services_app = typer.Typer(help=N_("The service directory of the Sozialraum."),
                           no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(services_app, name="services")


@services_app.command("search", help=N_(
    "Offerings matching every word (title, provider, category, "
    "district, language …)."))
def search(
    text: Annotated[str, typer.Argument(help=N_("Words that must all match (may be empty)."))] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    plain: PlainOpt = False,
) -> None:
    from dataclasses import asdict

    from caseterm.services import directory

    ctx = open_ctx()
    rows = directory.search(ctx, text, limit=limit)
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    from caseterm.commands.output import emit
    from caseterm.core.columns import Column
    from caseterm.core.vocab import label
    from caseterm.i18n import N_, _

    cols = (Column("category", N_("Category"), lambda r: r.category, lambda r: label(r.category)),
            Column("title", N_("Offering"), lambda r: r.title),
            Column("provider", N_("Provider"), lambda r: r.provider),
            Column("district", N_("District"), lambda r: r.district),
            Column("languages", N_("Languages"), lambda r: r.languages),
            Column("waiting_weeks", N_("Waiting"), lambda r: r.waiting_weeks,
                   lambda r: "—" if r.waiting_weeks is None else
                   _("{n} wk").format(n=r.waiting_weeks)),
            Column("cost_bearer", N_("Cost bearer"), lambda r: r.cost_bearer))
    emit(rows, cols, as_json=False, plain=plain, title=N_("Service directory"))
    if not rows:
        typer.echo(_("No offering found. Nothing suitable? Record an unmet need with U."),
                   err=True)


@services_app.command("import", help=N_(
    "Add or update providers and offerings from a directory file (all "
    "or nothing)."))
def import_(path: Annotated[Path, typer.Argument(help=N_("A directory file (JSON)."))]) -> None:
    from caseterm.services import directory

    ctx = open_ctx()
    with door_errors():
        providers, offerings = directory.import_directory(ctx, path)
    from caseterm.i18n import _

    typer.echo(_("{providers} providers, {offerings} offerings").format(
        providers=providers, offerings=offerings))
