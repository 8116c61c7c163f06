"""The client's network map drawn in the terminal.

Sectors as quadrants, three rings, people placed by sector and closeness, ties as lines,
conflicts marked by ↯ as well as red, the deceased by † and dim, the client in the centre.
Arrow keys move the selection to the nearest person in that direction. Names are shown
literally (through widgets.safe). The drawing is a Rich Text rebuilt only when the data, the
size or the selection change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from caseterm.core.network import Person, Sector, Tie
from caseterm.core.network_layout import (
    CONFLICT_MARK,
    EGO_MARK,
    Layout,
    layout,
    neighbour,
    render_grid,
)
from caseterm.core.vocab import label
from caseterm.i18n import _
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe

STYLES = {
    "": "",
    "ring": "grey50",
    "axis": "grey35",
    "sector": "bold",
    "tie": "cyan",
    "tie-sel": "bold yellow",
    "ego": "bold",
    "person": "",
    "person-sel": "bold reverse",
    "conflict": "bold red",
    "deceased": "dim italic",
    "nontie": "dim",
}


def legend() -> Text:
    """What the symbols mean (symbols, not colour alone)."""
    parts = [
        (EGO_MARK, _("client")), ("●", _("tie")), ("◉", _("multiplex tie")),
        ("○", _("no tie at present")), ("†", _("deceased")), ("◇", _("not a person")),
        (CONFLICT_MARK, _("conflict")), ("─╱│", _("tie between two people")),
        ("·", _("rings: close · middle · distant")),
    ]
    out = Text(end="")
    for i, (sym, meaning) in enumerate(parts):
        if i:
            out.append("   ")
        style = "bold red" if sym == CONFLICT_MARK else ("cyan" if sym == "─╱│" else "bold")
        out.append(sym, style=style)
        out.append(" " + meaning, style="dim")
    return out


class NetworkMap(Widget, can_focus=True):
    # padding on the left: the focus bar (widgets.focus) is drawn over the widget's left
    # column, and cut the first letter of the sector titles ("reund*innen/Bekannte")
    DEFAULT_CSS = """
    NetworkMap { height: 1fr; min-height: 9; padding-left: 1; }
    NetworkMap:focus { background: $boost; }
    """
    BINDINGS = bindings("network_map")

    class Selected(Message):
        def __init__(self, network_map: NetworkMap, person_id: uuid.UUID | None) -> None:
            super().__init__()
            self.network_map = network_map
            self.person_id = person_id

        @property
        def control(self) -> NetworkMap:
            return self.network_map

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.people: list[Person] = []
        self.ties: list[Tie] = []
        self.ego = ""
        self.selected: uuid.UUID | None = None
        self._layout: Layout | None = None
        self._cache: tuple[tuple, Text] | None = None
        self._version = 0

    # -- data ------------------------------------------------------------------------------
    def set_data(self, people: Sequence[Person], ties: Sequence[Tie], *, ego: str = "",
                 select: uuid.UUID | None = None) -> None:
        self.people = list(people)
        self.ties = list(ties)
        self.ego = ego
        ids = {p.id for p in self.people}
        if select in ids:
            self.selected = select
        elif self.selected not in ids:
            self.selected = None
        self._version += 1
        self._layout = None
        self.refresh()
        if self.selected is None and self.people:
            self.action_first()
        else:
            self.post_message(self.Selected(self, self.selected))

    def selected_person(self) -> Person | None:
        return next((p for p in self.people if p.id == self.selected), None)

    def select(self, person_id: uuid.UUID | None) -> None:
        self.selected = person_id
        self.refresh()
        self.post_message(self.Selected(self, person_id))

    # -- drawing ---------------------------------------------------------------------------
    def current_layout(self) -> Layout:
        w, h = self.content_size.width or 80, self.content_size.height or 24
        if self._layout is None or (self._layout.width, self._layout.height) != (w, h):
            self._layout = layout(self.people, w, h)
        return self._layout

    def render(self) -> Text:
        lay = self.current_layout()
        key = (lay.width, lay.height, self._version, self.selected)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        titles = {s: label(s) for s in Sector}
        grid = render_grid(lay, self.people, self.ties, self.selected, sector_titles=titles,
                           ego=self.ego)
        out = Text(end="", no_wrap=True)
        for y, row in enumerate(grid):
            if y:
                out.append("\n")
            run, role = "", None
            for ch, r in row:
                if r != role and run:
                    out.append_text(safe(run, STYLES.get(role or "", "")))
                    run = ""
                role = r
                run += ch
            if run:
                out.append_text(safe(run, STYLES.get(role or "", "")))
        self._cache = (key, out)
        return out

    def on_click(self, event) -> None:
        """A click on a person's label selects them (the keyboard does the same)."""
        lay = self.current_layout()
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for p in lay.placed:
            if p.y == offset.y and p.label_x <= offset.x < p.label_x + len(p.label):
                self.select(p.id)
                return

    # -- keys ------------------------------------------------------------------------------
    def action_move(self, direction: str) -> None:
        target = neighbour(self.current_layout(), self.selected, direction)
        if target is not None:
            self.select(target)

    def action_first(self) -> None:
        lay = self.current_layout()
        if lay.placed:
            self.select(min(lay.placed, key=lambda p: (p.y, p.x)).id)
