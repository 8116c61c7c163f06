"""The case screen's notes render only the lines in view (widgets/lazy_text.py, issue 18),
and look exactly as a Static of the same text."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from caseterm.widgets.lazy_text import LazyText


def notes_text(n: int) -> Text:
    out = Text(end="")
    for i in range(n):
        if out:
            out.append("\n\n")
        out.append(f"01.11.2026 10:{i % 60:02d} · Telefonat · Frau Özdemir", style="bold")
        out.append("\n")
        out.append(f"Notiz {i}: " + "Rückruf wegen der Unterlagen zum Weiterbewilligungsantrag "
                   "und zur Nebenkostenabrechnung, Termin vereinbart. " * 3)
    return out


class Pair(App):
    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroll"):
            yield LazyText(self.text, id="lazy")


def lines(widget, start: int, stop: int) -> list[str]:
    return [widget.render_line(y).text for y in range(start, stop)]


@pytest.mark.slow
async def test_lazy_text_paints_what_a_static_paints_and_only_what_is_shown():
    for count in (200, 2000):
        app = Pair(notes_text(count))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            lazy = app.query_one("#lazy", LazyText)
            # 30 lines in view: ~6 notes of 3 paragraphs (head, text, blank) of 200 or 2000
            assert 0 < lazy.rendered_paragraphs <= 21, lazy.rendered_paragraphs
            scroll = app.query_one("#scroll", VerticalScroll)
            scroll.scroll_to(y=lazy.size.height // 2, animate=False, immediate=True)
            await pilot.pause()
            # the first view and this one (rendered paragraphs are kept until a repaint)
            assert 0 < lazy.rendered_paragraphs <= 42, (count, lazy.rendered_paragraphs)
            # what is painted equals a Static's lines (asked for directly here)
            probe = Static(app.text)
            await scroll.mount(probe)  # beside it, in the same column
            await pilot.pause()
            assert probe.size.width == lazy.size.width, (probe.size, lazy.size)
            assert lazy.size.height == probe.size.height
            middle = lazy.size.height // 2
            assert lines(lazy, 0, 40) == lines(probe, 0, 40)
            assert lines(lazy, middle, middle + 40) == lines(probe, middle, middle + 40)


async def test_lazy_text_shows_new_text_after_update():
    app = Pair(notes_text(3))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lazy = app.query_one("#lazy", LazyText)
        assert "Notiz 0" in lines(lazy, 0, 3)[1]
        lazy.update(Text("Anderer Fall\nzweite Zeile"))
        await pilot.pause()
        assert lines(lazy, 0, 2) == ["Anderer Fall", "zweite Zeile"] or \
            [x.rstrip() for x in lines(lazy, 0, 2)] == ["Anderer Fall", "zweite Zeile"]
        assert lazy.size.height == 2
