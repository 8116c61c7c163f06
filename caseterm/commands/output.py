"""How read commands print: one column definition per list feeds the Rich table (on a
terminal), the `--plain` lines (one record per line, tab-separated, never cut, no box drawing;
automatic when stdout is not a terminal) and `--json` (docs/cli-json.md).

    COLUMNS = (Col("due_date", N_("Due"), lambda r: r.due_date.isoformat(),
                   lambda r: fmt_date(r.due_date)), …)
    emit(rows, COLUMNS, as_json=as_json, plain=plain)

Kept light: Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from caseterm.commands.common import print_json
from caseterm.i18n import N_

JsonOpt = Annotated[bool, typer.Option(
    "--json", help=N_("Print JSON (shapes: docs/cli-json.md)."))]
PlainOpt = Annotated[bool, typer.Option(
    "--plain", help=N_("One record per line, tab-separated, never cut (automatic when the "
                       "output is not a terminal)."))]


@dataclass(frozen=True)
class Col:
    """One column: `key` in JSON, `title` (marked with N_, translated when shown), `value`
    for JSON, `text` for the table and the plain lines (default: the value as text)."""

    key: str
    title: str
    value: Callable[[Any], Any]
    text: Callable[[Any], Any] | None = None
    table: bool = True  # False: only in --plain and --json (the terminal table stays narrow)

    def shown(self, row) -> str:
        value = self.text(row) if self.text is not None else self.value(row)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        return str(value)


def is_plain(plain: bool) -> bool:
    """--plain, or stdout is not a terminal (a pipe, a file, a screen reader's capture)."""
    return plain or not sys.stdout.isatty()


def plain_cell(value: object) -> str:
    """A cell on one line: terminal controls neutralised, tabs and line breaks as spaces,
    nothing cut."""
    from caseterm.core.safe_text import one_line

    return one_line(value)


def rows_json(rows: Iterable, cols: Sequence[Col]) -> list[dict]:
    return [{c.key: c.value(r) for c in cols} for r in rows]


def emit(rows: Sequence, cols: Sequence[Col], *, as_json: bool, plain: bool,
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
        typer.echo("\t".join(plain_cell(_(c.title)) for c in cols))
        if not rows and empty:
            typer.echo(_(empty), err=True)  # stdout keeps its shape: a header, no records
        for r in rows:
            typer.echo("\t".join(plain_cell(c.shown(r)) for c in cols))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows and empty:
        typer.echo(_(empty))
        return
    shown = [c for c in cols if c.table]
    table = Table(title=_(title) if title else None)
    for c in shown:
        table.add_column(_(c.title), overflow="fold")
    for r in rows:
        # literal text (no markup), wrapped inside its column: nothing is cut
        table.add_row(*(Text(plain_cell(c.shown(r)), end="") for c in shown))
    Console().print(table)


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
