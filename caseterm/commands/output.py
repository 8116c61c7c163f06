"""How read commands print: one column definition per list (core.columns.Column; the lists
shown in the TUI too are in core.lists) feeds the Rich table (on a terminal), the `--plain`
lines (one record per line, tab-separated, never cut, no box drawing; automatic when stdout
is not a terminal) and `--json` (docs/cli-json.md).

    COLUMNS = (Column("due_date", N_("Due"), lambda r: r.due_date.isoformat(),
                      lambda r: fmt_date(r.due_date)), …)
    emit(rows, COLUMNS, as_json=as_json, plain=plain)

Kept light: Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any

import typer

from caseterm.commands.common import print_json
from caseterm.core.columns import Column, as_dict, cli_columns, data_columns
from caseterm.i18n import N_

JsonOpt = Annotated[bool, typer.Option(
    "--json", help=N_("Print JSON (shapes: docs/cli-json.md)."))]
PlainOpt = Annotated[bool, typer.Option(
    "--plain", help=N_("One record per line, tab-separated, never cut (automatic when the "
                       "output is not a terminal)."))]


def is_plain(plain: bool) -> bool:
    """--plain, or stdout is not a terminal (a pipe, a file, a screen reader's capture)."""
    return plain or not sys.stdout.isatty()


def plain_cell(value: object) -> str:
    """A cell on one line: terminal controls neutralised, tabs and line breaks as spaces,
    nothing cut."""
    from caseterm.core.safe_text import one_line

    return one_line(value)


def rows_json(rows: Iterable, cols: Sequence[Column]) -> list[dict]:
    return [as_dict(r, cols) for r in rows]


def rich_table(rows: Iterable, cols: Sequence[Column], title: str = ""):
    """The Rich table of a list: its table columns (the TUI table's, after the handle a
    command takes back), literal cells styled as the columns say, wrapped inside their
    column: nothing is cut."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None)
    shown = cli_columns(cols)
    for c in shown:
        # short cells (dates, numbers, case numbers) keep to one line; long free text (a
        # width hint of 40 or more) wraps, but not below 20 characters
        table.add_column(c.heading(), overflow="fold", no_wrap=c.narrow or c.fixed,
                         min_width=20 if (c.width or 0) >= 40 else None)
    for r in rows:
        cells = []
        for c in shown:
            cell = Text(end="")
            for i, (text, style) in enumerate(c.cell(r, cut=False)):
                if i:
                    cell.append(" · ", style="dim")
                cell.append(text, style=style)
            cells.append(cell)
        table.add_row(*cells)
    return table


def emit(rows: Sequence, cols: Sequence[Column], *, as_json: bool, plain: bool,
         title: str = "", empty: str = "", wrap: Callable[[list[dict]], Any] | None = None
         ) -> None:
    """Print `rows` as JSON (a list of objects, or `wrap(list)`), plain lines (a header line
    of the column titles, then one line per record) or a Rich table."""
    from caseterm.i18n import _

    if as_json:
        data = rows_json(rows, cols)
        print_json(wrap(data) if wrap is not None else data)
        return
    if is_plain(plain):
        shown = data_columns(cols)
        typer.echo("\t".join(plain_cell(c.heading()) for c in shown))
        if not rows and empty:
            typer.echo(_(empty), err=True)  # stdout keeps its shape: a header, no records
        for r in rows:
            typer.echo("\t".join(plain_cell(c.shown(r)) for c in shown))
        return
    from rich.console import Console

    if not rows and empty:
        typer.echo(_(empty))
        return
    Console().print(rich_table(rows, cols, _(title) if title else ""))


def emit_record(pairs: Sequence[tuple[str, str, Any, Any]], *, as_json: bool, plain: bool,
                extra: dict | None = None) -> None:
    """One record: (key, title, JSON value, shown text) pairs as a JSON object or as
    `title: value` lines (the same on a terminal and in plain mode: nothing to draw)."""
    from caseterm.i18n import _

    if as_json:
        print_json({k: v for k, _t, v, _s in pairs} | (extra or {}))
        return
    for _k, title, value, shown in pairs:
        text = shown if shown is not None else value
        if isinstance(text, bool):
            text = "✓" if text else "–"
        typer.echo(f"{_(title)}: {plain_cell('' if text is None else text)}")
