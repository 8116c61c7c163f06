"""The focused widget is visible at a glance in every theme, high contrast included (issue 12):
focused and unfocused look different (border, edge bar or reversed text), the accent colour
that marks the focus stands out from the background (WCAG non-text contrast 3:1), and a
snapshot shows the high-contrast theme with the focus on the second field of a form."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, TextArea

from caseterm.widgets.focus import FOCUS_CSS, MIN_CONTRAST, FocusVisible, contrast, focus_mark
from caseterm.widgets.keys import HIGH_CONTRAST
from tests.conftest import wait_until


class Form(FocusVisible, App):
    CSS = "Screen { background: $surface; } DataTable { height: 4; }" + FOCUS_CSS

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        table = self.query_one(DataTable)
        table.add_columns("Fallnummer", "Klient/in")
        table.add_row("SH-2026-00007", "Muster, Erika")

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Nachname", id="last")
        yield Input(placeholder="Vorname", id="first")
        yield TextArea(id="note")
        yield Checkbox("Über Widerrufsrecht aufgeklärt", id="told")
        yield DataTable(id="table")
        yield OptionList("Eins", "Zwei", id="options")
        yield Button("Speichern", id="save")


def _look(widget) -> tuple:
    s = widget.styles
    return (tuple(str(e) for e in s.border), tuple(str(e) for e in s.outline),
            str(s.text_style))


IDS = ["last", "note", "told", "table", "options", "save"]


async def test_focus_differs_from_no_focus_in_every_theme():
    app = Form()
    async with app.run_test(size=(100, 40)) as pilot:
        themes = sorted(app.available_themes)
        assert "caseterm-high-contrast" in themes
        weak = []
        for theme in themes:
            app.theme = theme
            app.query_one("#first").focus()
            await pilot.pause()
            variables = app.get_css_variables()
            mark, surface = Color.parse(variables["focus-mark"]), Color.parse(variables["surface"])
            # the ANSI themes use the terminal's palette: no colours to measure here
            if not theme.startswith("ansi") and contrast(mark, surface) < MIN_CONTRAST:
                weak.append(f"{theme}: focus mark on surface {contrast(mark, surface):.1f}:1")
            blurred = {wid: _look(app.query_one(f"#{wid}")) for wid in IDS}
            for wid in IDS:
                widget = app.query_one(f"#{wid}")
                widget.focus()
                await pilot.pause()
                assert app.focused is widget
                assert _look(widget) != blurred[wid], f"{theme}: #{wid} looks the same focused"
        assert not weak, "the focus mark does not stand out:\n" + "\n".join(weak)


def test_the_mark_falls_back_when_the_accent_is_pale():
    light = {"surface": "#FFFFFF", "accent": "#FFD0A0", "primary": "#0050A0",
             "foreground": "#101010"}
    assert focus_mark(light) == "#0050A0"
    assert focus_mark({**light, "primary": "#E0E0FF"}) == "#101010"
    assert focus_mark({**light, "accent": "#B00000"}) == "#B00000"
    assert round(contrast(Color.parse("#000000"), Color.parse("#FFFFFF"))) == 21


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_focus_in_high_contrast(snap_compare, size):
    async def second_field(pilot):
        pilot.app.theme = "caseterm-high-contrast"
        await pilot.press("tab")
        await wait_until(pilot, pilot.app, lambda: pilot.app.focused is not None
                         and pilot.app.focused.id == "first")
        pilot.app.query_one("#first", Input).cursor_blink = False

    assert snap_compare(Form(), terminal_size=size, run_before=second_field)
