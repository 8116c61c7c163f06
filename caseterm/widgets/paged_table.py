"""A DataTable that loads its rows page by page from the database (keyset paging).

Never holds more than the pages fetched so far; the next page is fetched in a thread worker
when the cursor comes near the end. The caller supplies:

- `fetch(after, limit) -> list[T]`: runs in a worker thread; `after` is the cursor returned by
  `key_of(last_row)` of the previous page (None for the first page);
- `key_of(row) -> Any`: the keyset cursor of a row (e.g. (due_date, id));
- `cells(row) -> list[Text]`: the cells of a row (built with widgets.safe);
- `row_id(row) -> str`: a unique row key.

`reload()` starts from the first page (after a filter or search change); stale pages from an
earlier reload are dropped. `PagedTable.Loaded(count, more)` is posted after each page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from textual.message import Message
from textual.widgets import DataTable

from caseterm.db.errors import user_message

T = TypeVar("T")


class PagedTable(DataTable, Generic[T]):
    PAGE = 200
    PREFETCH = 40  # fetch the next page when the cursor is this close to the end

    class Loaded(Message):
        def __init__(self, table: PagedTable, count: int, more: bool) -> None:
            super().__init__()
            self.table = table
            self.count = count
            self.more = more

        @property
        def control(self) -> PagedTable:
            return self.table

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
        self._generation = 0
        self._after: Any = None
        self._more = False
        self._loading = False

    # -- public ------------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        self._after = None
        self._more = False
        self._loading = False
        self.rows_by_key.clear()
        self.clear()
        self._load_next()

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
        if self._loading:
            return
        self._loading = True
        generation, after, limit = self._generation, self._after, self.page_size

        def job() -> None:
            try:
                rows = list(self._fetch(after, limit + 1))
            except Exception as exc:
                self.app.call_from_thread(self._failed, generation, exc)
                return
            self.app.call_from_thread(self._append, generation, rows, limit)

        self.run_worker(job, thread=True, group=f"paged-{id(self)}", exit_on_error=False)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._loading = False
            self.app.notify(user_message(exc), severity="error", markup=False)

    def _append(self, generation: int, rows: list[T], limit: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._loading = False
        more = len(rows) > limit
        rows = rows[:limit]
        self._more = False  # no prefetch while the page is being added
        for row in rows:
            key = self._row_id(row)
            if key in self.rows_by_key:
                continue
            self.rows_by_key[key] = row
            self.add_row(*self._cells(row), key=key)
        if rows:
            self._after = self._key_of(rows[-1])
        self._more = more
        self.post_message(self.Loaded(self, self.row_count, self._more))

    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[override]
        super().watch_cursor_coordinate(old, new)
        if self._more and new.row >= self.row_count - self.PREFETCH:
            self._load_next()
