"""A review list: a table of pairs and, below it, the highlighted pair side by side (a sync
conflict's kept and synced value; two people the duplicate check finds alike). The screen
gives the columns, the cells of a row and the two sides; it binds its `rows` to the widget's
(`data_bind`), so a new answer repaints the table, and the highlighted row repaints the sides.
The row under the cursor stays under it when the rows come again; rows that come before the
table is mounted are painted when it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import DataTable, Static

from caseterm.core.columns import Column
from caseterm.widgets.tables import MeasuredTable, list_cells, list_columns

#: the two sides of one row
Sides = Callable[[Any], tuple[Text, Text]]


class SideBySide(Vertical):
    DEFAULT_CSS = """
    SideBySide { height: 1fr; }
    SideBySide > DataTable { height: 1fr; }
    SideBySide > .sbs-why { height: 1; padding: 0 1; text-style: bold; }
    SideBySide > Horizontal { height: 9; }
    SideBySide .sbs-side { width: 1fr; height: 100%; padding: 0 1; border-left: wide $accent;
        overflow-y: auto; }
    SideBySide .sbs-side-title { text-style: bold; }
    """

    rows: var[list[Any]] = var(list, init=False, always_update=True)
    current: var[Any] = var(None, init=False, always_update=True)

    def __init__(self, columns: Sequence[Column], sides: Sides, *, prefix: str,
                 narrow: dict[str, int] | None = None,
                 titles: tuple[str, str] | None = None,
                 why: Callable[[Any], Text] | None = None) -> None:
        """`columns`: the list's one definition (core.lists); `narrow`: narrower widths of
        some columns on a terminal under 110 columns."""
        super().__init__(id=f"{prefix}-review")
        self._columns, self._narrow, self._sides = columns, narrow, sides
        self._titles, self._why, self._prefix = titles, why, prefix
        self._ready = False  # rows may come before the table is mounted: painted on mount

    def compose(self) -> ComposeResult:
        p = self._prefix
        yield MeasuredTable(id=f"{p}-table", cursor_type="row", zebra_stripes=True)
        if self._why is not None:
            yield Static("", id=f"{p}-why", classes="sbs-why")
        with Horizontal(id=f"{p}-sides"):
            for i, name in enumerate(("left", "right")):
                with Vertical(classes="sbs-side"):
                    if self._titles is not None:
                        yield Static(self._titles[i], classes="sbs-side-title")
                    yield Static("", id=f"{p}-{name}")

    def on_mount(self) -> None:
        list_columns(self.table, self._columns)
        self._ready = True
        if self.rows:
            self.watch_rows(self.rows)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def _row_of_cursor(self) -> Any:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.id) == key), None)

    def watch_rows(self, rows: list[Any]) -> None:
        if not self._ready:
            return
        table = self.table
        keep = self.current
        table.clear()
        widths = self._narrow if self.app.size.width < 110 else None
        for r in rows:
            table.add_row(*list_cells(self._columns, r, widths), key=str(r.id))
        ids = {str(r.id) for r in rows}
        if keep is not None and str(keep.id) in ids:
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self.current = self._row_of_cursor()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.current = self._row_of_cursor()

    def watch_current(self, row: Any) -> None:
        if not self._ready:
            return
        p = self._prefix
        left, right = self.query_one(f"#{p}-left", Static), self.query_one(f"#{p}-right", Static)
        if self._why is not None:
            self.query_one(f"#{p}-why", Static).update("" if row is None else self._why(row))
        if row is None:
            left.update("")
            right.update("")
            return
        a, b = self._sides(row)
        left.update(a)
        right.update(b)
