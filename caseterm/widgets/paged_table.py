"""A DataTable that loads its rows page by page from the database (keyset paging).

Never holds more than the pages fetched so far. The caller supplies:

- `fetch(after, limit) -> list[T]`: runs in a worker thread; `after` is the cursor returned by
  `key_of(last_row)` of the previous page (None for the first page);
- `key_of(row) -> Any`: the keyset cursor of a row (e.g. (due_date, id));
- `cells(row) -> list[Text]`: the cells of a row (built with widgets.safe);
- `row_id(row) -> str`: a unique id of a row (a row arriving twice is shown once).

Speed as one types (issue 18):
- `reload()` fetches a first page only as large as the rows the table shows (plus a few); the
  next page (PAGE rows) comes when the cursor or the scroll position nears the end.
- Every fetch is an exclusive thread worker of its group: a reload cancels the fetches still
  under way, and a page whose worker was cancelled is dropped when it arrives (`Page` message,
  handled with `@on`), so an answer to an older search is never shown.
- The first page of a reload replaces the cells of the rows already shown, in place (row keys
  are positions), instead of clearing the table and adding every row again.

`PagedTable.Loaded(count, more)` is posted after each page; `rows_by_key` maps a row key of
the table (its position) to the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import zip_longest
from typing import Any, Generic, TypeVar

from textual import on
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey
from textual.worker import Worker, get_current_worker

from caseterm.services.errors import user_message

T = TypeVar("T")

FIRST = "paged-first"
MORE = "paged-more"


class PagedTable(DataTable, Generic[T]):
    PAGE = 200
    PREFETCH = 40  # fetch the next page when the cursor is this close to the end
    FIRST_EXTRA = 5  # rows beyond the visible ones in the first page

    class Loaded(Message):
        def __init__(self, table: PagedTable, count: int, more: bool,
                     first: bool = True) -> None:
            super().__init__()
            self.table = table
            self.count = count
            self.more = more
            self.first = first  # the first page of a reload (not a further page)

        @property
        def control(self) -> PagedTable:
            return self.table

    class Page(Message, bubble=False):
        """A page fetched by `worker` (dropped when the worker was cancelled meanwhile)."""

        def __init__(self, worker: Worker, rows: list, limit: int, first: bool,
                     error: Exception | None = None) -> None:
            super().__init__()
            self.worker = worker
            self.rows = rows
            self.limit = limit
            self.first = first
            self.error = error

    def __init__(
        self,
        *,
        fetch: Callable[[Any, int], Sequence[T]],
        key_of: Callable[[T], Any],
        cells: Callable[[T], list],
        row_id: Callable[[T], str],
        page: int | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._fetch, self._key_of, self._cells, self._row_id = fetch, key_of, cells, row_id
        self.page_size = page or self.PAGE
        self.rows_by_key: dict[str, T] = {}
        self._ids: set[str] = set()
        self._after: Any = None
        self._more = False
        self._loading = False

    # -- public ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Start again from the first page (a filter or the search text changed). The rows
        shown stay until the new first page replaces them."""
        self.workers.cancel_group(self, MORE)
        self._after = None
        self._more = False
        self._loading = True
        self._start(None, self.first_page_size(), first=True)

    def first_page_size(self) -> int:
        """The rows the table can show at once, plus a few (before the first layout: the
        screen's height)."""
        screen = (self.app.size.height if self.is_attached else 0) or 40
        fixed = self.styles.height is not None and not self.styles.height.is_auto
        # An auto-height table grows with its rows: only the terminal bounds what it shows.
        height = min(self.size.height or screen, screen) if fixed else screen
        return max(10, min(height + self.FIRST_EXTRA, self.page_size))

    @property
    def has_more(self) -> bool:
        return self._more

    def current(self) -> T | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.rows_by_key.get(key or "")

    # -- paging ------------------------------------------------------------------------------
    def _load_next(self) -> None:
        if self._loading or not self._more:
            return
        self._loading = True
        self._start(self._after, self.page_size, first=False)

    def _start(self, after: Any, limit: int, *, first: bool) -> None:
        fetch = self._fetch

        def job() -> None:
            worker = get_current_worker()
            try:
                rows = list(fetch(after, limit + 1))
            except Exception as exc:
                if not worker.is_cancelled:
                    self.post_message(self.Page(worker, [], limit, first, exc))
                return
            if not worker.is_cancelled:
                self.post_message(self.Page(worker, rows, limit, first))

        self.run_worker(job, thread=True, exclusive=True, group=FIRST if first else MORE,
                        exit_on_error=False)

    @on(Page)
    def _page_arrived(self, message: Page) -> None:
        if message.worker.is_cancelled or not self.is_attached:
            return  # an answer to an older request: a newer reload has replaced it
        self._loading = False
        if message.error is not None:
            self.app.notify(user_message(message.error), severity="error", markup=False)
            return
        self._append(message.rows, message.limit, message.first)

    def _append(self, rows: list[T], limit: int, first: bool) -> None:
        more = len(rows) > limit
        rows = rows[:limit]
        self._more = False  # no prefetch while the page is being added
        if first:
            self._replace(rows)
        else:
            for row in rows:
                rid = self._row_id(row)
                if rid in self._ids:
                    continue
                self._ids.add(rid)
                key = str(self.row_count)
                self.rows_by_key[key] = row
                self.add_row(*self._cells(row), key=key)
        if rows:
            self._after = self._key_of(rows[-1])
        self._more = more
        self.post_message(self.Loaded(self, self.row_count, self._more, first))

    def _replace(self, rows: list[T]) -> None:
        """Show `rows` as the whole table: the cells of rows already there are replaced in
        place, rows beyond them are added, rows left over are removed. Keys are positions."""
        old = self.row_count
        new = len(rows)
        self._ids = {self._row_id(r) for r in rows}
        self.rows_by_key = {str(i): r for i, r in enumerate(rows)}
        columns = [c.key for c in self.ordered_columns]
        for i, row in enumerate(rows[:old]):
            key = RowKey(str(i))
            self._data[key] = dict(zip_longest(columns, self._cells(row)))
            self._new_rows.add(key)  # measured for the column widths, like a new row
        if new < old:
            for i in range(new, old):
                key = RowKey(str(i))
                del self._data[key]
                del self.rows[key]
                self._new_rows.discard(key)
            self._row_locations = type(self._row_locations)(
                {RowKey(str(i)): i for i in range(new)})
            self._updated_cells.clear()
        if old:
            self._update_count += 1
            self._require_update_dimensions = True
            self._clear_caches()
        for i, row in enumerate(rows[old:], start=old):
            self.add_row(*self._cells(row), key=str(i))
        if old:
            self.check_idle()
            self.refresh(layout=new != old)
        self.cursor_coordinate = Coordinate(0, 0)
        self.scroll_y = self.scroll_target_y = 0

    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[override]
        super().watch_cursor_coordinate(old, new)
        if self._more and new.row >= self.row_count - self.PREFETCH:
            self._load_next()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self._more and new + self.size.height >= self.row_count - self.PREFETCH:
            self._load_next()
