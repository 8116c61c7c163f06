"""`caseterm report`: steering figures (Steuerung) for a team, the office, a legal area and a
period, as text, JSON, CSV, XLSX or PDF. The same service as the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.i18n import N_


def register(app: typer.Typer) -> None:
    app.command("report", help=N_(
        "Steering figures: caseload, phases, plan time, integration, GAS, referrals per "
        "provider, overdue follow-ups, unmet needs, costs. Groups under 5 persons are not"
        " shown."))(report)


def _day(value: str | None, option: str):
    from caseterm.core.dates import DateFormatError, parse_date
    from caseterm.i18n import _

    if not value:
        return None
    try:
        return parse_date(value)
    except DateFormatError:
        fail(_("{option}: not a date: {value}").format(option=option, value=value[:40]))


def report(
    start: Annotated[str | None, typer.Option("--from", help=N_("First day (DD.MM.YYYY); "
                                              "default: 1 January of this year."))] = None,
    end: Annotated[str | None, typer.Option("--to", help=N_("Last day; default: today."))] = None,
    team: Annotated[str | None, typer.Option("--team", help=N_("One team (administrator; a "
                                             "team lead only her own)."))] = None,
    area: Annotated[str | None, typer.Option("--area", help=N_("Legal area: sgb2, sgb8, sgb12, "
                                             "integration, other."))] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help=N_("Write CSV here."))] = None,
    xlsx_path: Annotated[Path | None, typer.Option("--xlsx", help=N_("Write XLSX here."))] = None,
    pdf_path: Annotated[Path | None, typer.Option("--pdf", help=N_("Write a PDF report here."))]
    = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.core import clock
    from caseterm.core import steering as st
    from caseterm.services import steering as svc

    today = clock.today()
    first = _day(start, "--from") or today.replace(month=1, day=1)
    last = _day(end, "--to") or today
    ctx = open_ctx()
    with door_errors():
        rep = svc.report(ctx, first, last, team=team, legal_area=area)
    if csv_path is not None:
        svc.write_csv(rep, csv_path)
        typer.echo(f"csv: {csv_path}", err=True)
    if xlsx_path is not None:
        svc.write_xlsx(rep, xlsx_path)
        typer.echo(f"xlsx: {xlsx_path}", err=True)
    if pdf_path is not None:
        from caseterm.export.protocol_pdf import write_report
        from caseterm.services import paperwork

        head = paperwork.letterhead(ctx)
        warn = paperwork.logo_warning(head)
        if warn:
            typer.echo(warn, err=True)
        write_report(rep, svc.headline(rep), svc.empty_text(rep), pdf_path, letterhead=head)
        typer.echo(f"pdf: {pdf_path}", err=True)
    if as_json:
        def cell(c):
            if isinstance(c, st.Cell):
                return {"value": None if c.value is None else float(c.value),
                        "persons": c.persons if c.shown else None, "note": c.reason}
            return c

        print_json({"label": rep.label, "scope": rep.scope.value, "start": rep.start,
                    "end": rep.end, "legal_area": rep.legal_area, "persons": rep.persons,
                    "empty": rep.empty,
                    "tables": {t.key: {"title": t.title, "columns": t.columns,
                                       "rows": [[cell(c) for c in r] for r in t.rows]}
                               for t in rep.tables}})
        return
    if csv_path or xlsx_path or pdf_path:
        return
    from rich.console import Console
    from rich.table import Table

    from caseterm.widgets.safe import assemble

    console = Console()
    console.print(assemble((svc.headline(rep), "bold")))
    if rep.empty:
        console.print(svc.empty_text(rep))
    for t in rep.tables:
        table = Table(title=t.title, title_justify="left")
        for c in t.columns:
            table.add_column(c)
        for r in t.text_rows():
            table.add_row(*[assemble(x) for x in r])
        console.print(table)
