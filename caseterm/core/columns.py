"""One column definition per list (issue 12): the TUI table, the CLI table, `--plain`, JSON
and CSV all read the same `Column`s, so a list cannot name its columns twice.

    Column("due_date", N_("Due"), lambda r: r.due_date.isoformat(),
           lambda r: fmt_date(r.due_date), style=lambda r: "bold red" if late(r) else "")

- `key`: the JSON/CSV key and the table's column key;
- `label`: the heading, marked with N_ (translated when shown);
- `value(row)`: the machine value for JSON/CSV (ISO dates, stored enum values, ids as text);
- `text(row)`: the cell for people (translated words, local dates; default: the value);
  `parts(row)` instead, for a cell of several styled pieces ("⚠ child protection · …");
- `style(row)`: a style name for the cell (a table may colour it; the words carry the
  meaning, never the colour alone);
- `width`: the width hint: a cell in the TUI table is cut to it (the CLI never cuts);
  `narrow`: a one-symbol column ("!"); `fixed`: a short cell kept on one line (a date, a
  number, a case number) where a table wraps the others;
- `first(row)`: a table shows the cell only where this holds (the first row of a section);
  plain lines and JSON have it on every row;
- `table`: shown in the TUI table and the CLI table; `data`: in JSON, CSV and `--plain`;
- `handle`: the id a command takes back (`caseterm sync resolve ID`): the CLI table shows it
  first, the TUI picks the row with the cursor instead.

Pure: no Textual, no Rich. The lists themselves are in `core.lists`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from caseterm.core.safe_text import one_line
from caseterm.i18n import _

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Getter
    text: Getter | None = None
    style: Callable[[Any], str] | None = None
    parts: Callable[[Any], Sequence[tuple[str, str]]] | None = None
    first: Callable[[Any], bool] | None = None
    width: int | None = None
    narrow: bool = False
    fixed: bool = False
    table: bool = True
    data: bool = True
    handle: bool = False

    def heading(self) -> str:
        """The label in the interface language (a symbol such as "!" stays as it is)."""
        return _(self.label)

    def shown(self, row: Any) -> str:
        """The cell as one line of literal text, never cut (plain lines, CSV for people)."""
        if self.parts is not None:
            return " · ".join(one_line(t) for t, _s in self.parts(row) if t)
        value = self.text(row) if self.text is not None else self.value(row)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        return one_line(value)

    def cell(self, row: Any, *, cut: bool = True, width: int | None = None
             ) -> list[tuple[str, str]]:
        """The cell as (text, style) pieces, cut to `width` or else the width hint when `cut`:
        what a table draws (joined by " · " for a `parts` cell)."""
        if self.first is not None and not self.first(row):
            return [("", "")]
        if self.parts is not None:
            return [(one_line(t), s) for t, s in self.parts(row) if t]
        style = self.style(row) if self.style is not None else ""
        text = self.shown(row)
        limit = width or self.width
        if cut and limit is not None:
            text = one_line(text, limit)
        return [(text, style or "")]


def table_columns(cols: Iterable[Column]) -> list[Column]:
    """The columns a table shows (the TUI's; the CLI's after its handle)."""
    return [c for c in cols if c.table]


def cli_columns(cols: Sequence[Column]) -> list[Column]:
    """The columns of the CLI table: the handle (an id to give back), then the table's."""
    return [c for c in cols if c.handle and not c.table] + table_columns(cols)


def data_columns(cols: Iterable[Column]) -> list[Column]:
    """The columns in JSON, CSV and --plain."""
    return [c for c in cols if c.data]


def as_dict(row: Any, cols: Iterable[Column]) -> dict[str, Any]:
    """One row as a JSON/CSV record: the data columns' keys and values."""
    return {c.key: c.value(row) for c in cols if c.data}
