"""PagedTable fetches pages on demand and never more than needed."""

from __future__ import annotations

from rich.text import Text
from textual.app import App

from caseterm.widgets.paged_table import PagedTable

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
        assert table.row_count == 50 and table.has_more
        assert app.calls == [(None, 51)]
        table.move_cursor(row=45)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 100
        assert app.calls[1] == (49, 51)
        assert table.current() == 45


async def test_reload_drops_old_rows():
    app = _TableApp()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(PagedTable)
        table.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 50
