"""A Static whose lines are rendered only when they are shown (issue 18: the case screen's
contact notes).

Textual's Static renders ALL lines of its text (wrapping, styling, one Strip per line) as
soon as any line is asked for, although the compositor asks only for the lines in view. Here
the text is split into its paragraphs (lines of the source text); each paragraph's height is
counted (a plain wrap, no styling) and a paragraph is rendered only when one of its lines is
painted. The picture is the same line for line (the same wrap of the same Content, paragraph
by paragraph, as Content itself does); long texts cost what is in view.

While text is selected with the mouse, or for content that is not plain Content, the widget
renders as a Static does.
"""

from __future__ import annotations

from bisect import bisect_right

from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static


class LazyText(Static):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lazy_key: tuple | None = None  # (the Content split, the width counted for)
        self._paras: list[Content] = []
        self._starts: list[int] = []
        self._strips: dict[int, list[Strip]] = {}
        self.rendered_paragraphs = 0  # how many were rendered since the last update (tests)

    def _prepare(self) -> bool:
        """Split and count for the current text and width; False: render as a Static."""
        if self.text_selection is not None or self.styles.content_align != ("left", "top"):
            return False
        visual = self._render()
        if not isinstance(visual, Content):
            return False
        width = self.size.width
        key = (visual, width)
        if self._lazy_key is None or self._lazy_key[0] is not visual or self._lazy_key[1] != width:
            self._lazy_key = key
            self._paras = visual.split(allow_blank=True)
            self._starts, y = [], 0
            for para in self._paras:
                self._starts.append(y)
                y += para.get_height(self.styles, width)
        self._strips = {}  # a repaint was asked for (text, size or style): render again
        self.rendered_paragraphs = 0
        self._dirty_regions.clear()
        return True

    def render_line(self, y: int) -> Strip:
        ready = self._lazy_key is not None and not self._dirty_regions
        if self.BLANK or not (ready or self._prepare()):
            return super().render_line(y)
        width = self.size.width
        index = bisect_right(self._starts, y) - 1
        if index < 0:
            return Strip.blank(width, self.visual_style.rich_style)
        strips = self._strips.get(index)
        if strips is None:
            strips = Visual.to_strips(self, self._paras[index], width, None,
                                      self.visual_style)
            self._strips[index] = strips
            self.rendered_paragraphs += 1
        offset = y - self._starts[index]
        if offset < len(strips):
            return strips[offset]
        return Strip.blank(width, self.visual_style.rich_style)

    def update(self, content="", *, layout: bool = True) -> None:
        self._lazy_key = None
        super().update(content, layout=layout)
