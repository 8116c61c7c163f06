"""`caseterm network show CASE`: the CLI twin of the network map (indicators, SVG, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import case_id_or_fail, fail, open_db, print_json

network_app = typer.Typer(help="The client's network map (Netzwerkkarte).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(network_app, name="network")


@network_app.command("show")
def show(
    number: Annotated[str, typer.Argument(help="Case number, e.g. JC-2026-00001.")],
    svg: Annotated[Path | None, typer.Option("--svg", help="Also write the map as SVG.")]
    = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    date_: Annotated[str | None, typer.Option("--date", help="Version of this date "
                                              "(default: the newest).")] = None,
) -> None:
    """The indicators of the case's network map (the newest version, or --date)."""
    from caseterm.core.dates import DateFormatError, parse_date
    from caseterm.core.network import Sector, indicators
    from caseterm.core.vocab import label
    from caseterm.db.repo import network as net_repo
    from caseterm.i18n import _, fmt_date

    database = open_db()
    case_id = case_id_or_fail(database, number)
    versions = net_repo.versions(database, case_id)
    if not versions:
        fail(f"{number}: no network map yet")
    chosen = versions[-1]
    if date_:
        try:
            day = parse_date(date_)
        except DateFormatError:
            fail(f"--date: not a date: {date_!r}")
        chosen = next((v for v in versions if v.drawn_on == day), None)
        if chosen is None:
            fail(f"{number}: no map version of {date_}; versions: "
                 + ", ".join(v.drawn_on.isoformat() for v in versions))
    data = net_repo.load_map(database, chosen.id)
    head = net_repo.case_head(database, case_id)
    ind = indicators(data.people, data.ties)
    names = {p.id: p.name for p in data.people}
    if svg is not None:
        from caseterm.core.network_svg import to_svg

        svg.write_text(to_svg(data.people, data.ties, ego=head.client_name,
                              title=f"{head.case_number} {fmt_date(data.drawn_on)}",
                              sector_titles={s: label(s) for s in Sector}), encoding="utf-8")
        typer.echo(f"svg: {svg}", err=True)
    if as_json:
        print_json({
            "case_number": head.case_number, "drawn_on": data.drawn_on.isoformat(),
            "versions": [v.drawn_on.isoformat() for v in versions],
            "people": [{"name": p.name, "role": p.role, "sector": p.sector.value,
                        "closeness": p.closeness, "ring": p.ring.value, "tie": p.tie.value,
                        "conflict": p.conflict, "deceased": p.deceased}
                       for p in data.people],
            "ties": [[names[t.a], names[t.b]] for t in data.ties],
            "indicators": {
                "size": ind.size, "size_all": ind.size_all,
                "by_sector": {s.value: n for s, n in ind.by_sector.items()},
                "by_ring": {r.value: n for r, n in ind.by_ring.items()},
                "mean_closeness": ind.mean_closeness, "sd_closeness": ind.sd_closeness,
                "ties": ind.ties, "density": ind.density,
                "most_connected": [names[i] for i in ind.stars],
                "isolated": [names[i] for i in ind.isolated],
                "without_tie": [names[i] for i in ind.without_tie],
                "professional_share": ind.professional_share,
                "sector_balance": ind.sector_balance, "multiplex": ind.multiplex,
                "conflicts": [names[i] for i in ind.conflicts],
            },
        })
        return
    from rich.console import Console

    from caseterm.screens.resources import indicator_text
    from caseterm.widgets.safe import assemble

    console = Console()
    console.print(assemble((head.case_number, "bold"), " — ", (head.client_name, "bold"), " — ",
                           _("Network map of {date}").format(date=fmt_date(data.drawn_on))))
    console.print(indicator_text(ind, data.people))
    for p in data.people:
        console.print(assemble(f"  {label(p.sector)[:12]:<12} {p.closeness} ", (p.name, "bold"),
                               f" ({p.role})" if p.role else "",
                               " ↯" if p.conflict else "", " †" if p.deceased else ""))
