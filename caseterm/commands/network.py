"""`caseterm network show CASE`: the CLI twin of the network map (indicators, SVG, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.output import PlainOpt
from caseterm.commands.privacy import Basis, BasisReason, To
from caseterm.i18n import N_

network_app = typer.Typer(help=N_("The client's network map (Netzwerkkarte)."),
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(network_app, name="network")


@network_app.command("show", help=N_(
    "The indicators of the case's network map (the newest version, or "
    "--date)."))
def show(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    svg: Annotated[Path | None, typer.Option("--svg", help=N_("Also write the map as SVG."))]
    = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    date_: Annotated[str | None, typer.Option("--date", help=N_("Version of this date "
                                              "(default: the newest)."))] = None,
    plain: PlainOpt = False,
    to: To = "", legal_basis: Basis = None, basis_reason: BasisReason = "",
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.dates import DateFormatError, parse_date
    from caseterm.core.vocab import label
    from caseterm.i18n import _, fmt_date
    from caseterm.services import network as net

    day = None
    if date_:
        try:
            day = parse_date(date_)
        except DateFormatError:
            fail(_("--date: not a date: {value}").format(value=date_[:40]))
    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "network")
    with door_errors():
        data = net.version_of(ctx, case_id, day)
        if svg is not None:
            path = net.export_svg(ctx, data.id, svg, recipient=to, legal_basis=legal_basis,
                                  basis_reason=basis_reason)
            typer.echo(f"svg: {path}", err=True)
        if as_json:
            print_json(net.export_json(ctx, data.id, recipient=to, legal_basis=legal_basis,
                                       basis_reason=basis_reason))
            return
        head = net.head(ctx, case_id)
    from rich.console import Console

    from caseterm.widgets.indicators import indicator_text
    from caseterm.widgets.safe import assemble

    console = Console()
    del plain  # the lines below are already one record per line, never cut
    console.print(assemble((head.case_number, "bold"), " — ", (head.client_name, "bold"), " — ",
                           _("Network map of {date}").format(date=fmt_date(data.drawn_on))))
    console.print(indicator_text(net.indicators_of(data), data.people))
    for p in data.people:
        console.print(assemble(f"  {label(p.sector):<12} {p.closeness} ", (p.name, "bold"),
                               f" ({p.role})" if p.role else "",
                               " ↯" if p.conflict else "", " †" if p.deceased else ""))
