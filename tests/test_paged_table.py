"""PagedTable fetches pages on demand and never more than needed."""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import App

from caseterm.widgets.paged_table import PagedTable
from tests.waiting import await_for

DATA = list(range(1000))


class _TableApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[object, int]] = []

    def fetch(self, after, limit):
        self.calls.append((after, limit))
        start = 0 if after is None else after + 1
        return DATA[start:start + limit]

    def compose(self):
        table = PagedTable(fetch=self.fetch, key_of=lambda r: r,
                           cells=lambda r: [Text(str(r))], row_id=lambda r: str(r), page=50)
        table.add_column("n")
        yield table

    def on_mount(self):
        self.query_one(PagedTable).reload()


async def test_pages_load_as_the_cursor_moves():
    app = _TableApp()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(PagedTable)
        first = table.first_page_size()
        # The first page is as long as the visible rows (plus a few), not a whole page.
        assert first < 50 and first <= app.size.height + PagedTable.FIRST_EXTRA
        assert table.row_count == first and table.has_more
        assert app.calls == [(None, first + 1)]
        table.move_cursor(row=first - 1)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == first + 50
        assert app.calls[1] == (first - 1, 51)
        assert table.current() == first - 1


async def test_reload_drops_old_rows():
    app = _TableApp()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(PagedTable)
        table.move_cursor(row=table.row_count - 1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count > table.first_page_size()
        table.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == table.first_page_size()
        assert table.current() == 0


class _SearchApp(App):
    """Rows filtered by a prefix; answers to older prefixes arrive late."""

    def __init__(self) -> None:
        super().__init__()
        self.prefix = ""
        self.gates: dict[str, threading.Event] = {}

    def fetch(self, after, limit):
        prefix = self.prefix
        gate = self.gates.get(prefix)
        if gate is not None:
            gate.wait(5)
        rows = [r for r in DATA if str(r).startswith(prefix)]
        start = 0 if after is None else rows.index(after) + 1
        return rows[start:start + limit]

    def compose(self):
        table = PagedTable(fetch=self.fetch, key_of=lambda r: r,
                           cells=lambda r: [Text(str(r))], row_id=lambda r: str(r), page=50)
        table.add_column("n")
        yield table


async def test_a_late_answer_to_an_older_search_is_dropped():
    app = _SearchApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        app.prefix = "1"
        app.gates["1"] = threading.Event()  # the answer to "1" is held back
        table.reload()
        await pilot.pause()
        app.prefix = "12"
        table.reload()  # cancels the fetch for "1"
        await pilot.pause()
        await await_for(lambda: table.row_count, timeout=30, what="the rows of '12'")
        shown = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert shown and all(s.startswith("12") for s in shown)
        app.gates["1"].set()  # now the old answer arrives: it must not replace the rows
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        shown = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert all(s.startswith("12") for s in shown)


async def test_rows_are_updated_in_place_not_cleared():
    app = _SearchApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        table.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = table.row_count
        cleared = []
        table.clear = lambda *a, **k: cleared.append(1)  # type: ignore[method-assign]
        added = []
        add_row = table.add_row
        table.add_row = lambda *a, **k: (added.append(1), add_row(*a, **k))[1]  # type: ignore
        app.prefix = "9"
        table.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not cleared and not added  # same number of rows: cells replaced in place
        assert table.row_count == before
        assert table.get_row_at(0)[0].plain == "9"
        assert table.current() == 9
        app.prefix = "999"  # one hit: the rows beyond it are removed
        table.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 1 and table.get_row_at(0)[0].plain == "999"
        assert list(table.rows_by_key.values()) == [999]
