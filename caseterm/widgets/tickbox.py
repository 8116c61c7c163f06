"""A checkbox whose state reads without colour: "[x]" ticked, "[ ]" not ticked (Textual's own
draws the same "▐X▌" for both and tells them apart by colour alone)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox as _TextualCheckbox


class Checkbox(_TextualCheckbox):
    DEFAULT_CSS = """
    Checkbox > .toggle--button { background: transparent; }
    Checkbox.-on > .toggle--button { text-style: bold; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[x]" if self.value else "[ ]", style))
