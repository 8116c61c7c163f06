"""Cells used in several tables: due dates, lateness, markers. Words and symbols, never colour
alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from caseterm.core.columns import Column, table_columns
from caseterm.i18n import _, fmt_date, ngettext


def marker_cell(child_protection: bool, legal_deadline: bool) -> Text:
    """⚠ for child protection, § for a legal deadline."""
    if child_protection:
        return Text("⚠", style="bold red")
    if legal_deadline:
        return Text("§", style="bold magenta")
    return Text("")


def due_cell(due: date | None, today: date) -> Text:
    if due is None:
        return Text("")
    style = "bold red" if due < today else ("bold" if due == today else "")
    return Text(fmt_date(due), style=style)


def late_cell(days: int, *, suffix: str | None = None) -> Text:
    """'3 d late' for positive days, 'today' for 0, '' for future (negative)."""
    if days > 0:
        if suffix == "":
            return Text(str(days), style="bold red")
        return Text(ngettext("{n} day late", "{n} days late", days).format(n=days),
                    style="bold red")
    if days == 0 and suffix is None:
        return Text(_("today"), style="bold")
    return Text("")


def define_columns(table: DataTable, columns: list[tuple[str, str]]) -> None:
    """Add (label, key) columns; a "!" column for markers is narrow."""
    for title, key in columns:
        table.add_column(title, key=key, width=2 if title == "!" else None)


def list_columns(table: DataTable, cols: Sequence[Column]) -> None:
    """The table's columns from a list's one definition (core.lists): its table columns, with
    their translated labels and keys; a one-symbol column is narrow."""
    for c in table_columns(cols):
        table.add_column(c.heading(), key=c.key, width=2 if c.narrow else None)


def list_cells(cols: Sequence[Column], row: Any, widths: dict[str, int] | None = None
               ) -> list[Text]:
    """A row's cells from the same definition: literal text (never markup), cut to the
    column's width hint (or `widths[key]`, e.g. narrower on a small terminal), styled as the
    column says."""
    out = []
    for c in table_columns(cols):
        cell = Text(end="", no_wrap=True)
        for i, (text, style) in enumerate(c.cell(row, width=(widths or {}).get(c.key))):
            if i:
                cell.append(" · ", style="dim")
            cell.append(text, style=style)
        out.append(cell)
    return out


class MeasuredTable(DataTable):
    """A DataTable whose columns are measured before it is painted. DataTable measures new
    rows on its next Idle event, so a paint between `add_row` and that Idle (a busy machine, a
    snapshot) showed the rows cut to the header-only widths, and a header painted then stayed
    in the render cache at those widths. Every table of the app is one of these: a paint first
    does the Idle's pending work, and `measure()` does it at once after filling."""

    def _measure_pending(self) -> bool:
        if not (self._require_update_dimensions or self._updated_cells):
            return False
        step = DataTable._on_idle(self, events.Idle())  # no await inside: runs to the end
        try:
            step.send(None)
        except StopIteration:
            pass
        self._clear_caches()
        return True

    def measure(self) -> None:
        if self._measure_pending():
            self.refresh()

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        self._measure_pending()
        return super().render_lines(crop)

    async def _on_idle(self, event: events.Idle) -> None:
        if self._require_update_dimensions or self._updated_cells:
            await DataTable._on_idle(self, event)  # measure now (the base call is then a no-op)
            self._clear_caches()
            self.refresh()
