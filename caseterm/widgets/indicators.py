"""The network map's indicators as Rich text, for the screen and for `caseterm network show`
(Rich only: the CLI loads this without Textual)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from caseterm.core.network import Indicators, Person, indicator_lines
from caseterm.widgets.safe import safe


def indicator_text(ind: Indicators, people: Sequence[Person]) -> Text:
    """The indicators beside the map, in words (names shown literally)."""
    out = Text(end="")
    for line in indicator_lines(ind, people):
        out.append(line.title + ": ", style="bold")
        value = safe(line.value)
        if line.alert:
            value.stylize("bold red")
        out.append_text(value)
        out.append("\n")
    return out
