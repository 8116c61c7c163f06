"""Show user-supplied text literally: never as markup, never with control sequences.

Every screen passes client data through these helpers (or `caseterm.core.safe_text.clean`
plus a `Text`), never through an f-string into a markup-enabled widget.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from caseterm.core.safe_text import clean, one_line


def safe(value: object, style: str | Style = "", *, limit: int | None = None,
         multiline: bool = False) -> Text:
    """A Rich Text holding `value` literally (cleaned), optionally cut to `limit` chars."""
    text = clean(value) if multiline else one_line(value, limit)
    return Text(text, style=style, no_wrap=not multiline, end="")


def assemble(*parts: object) -> Text:
    """Join fixed labels and data into one Text. Parts may be `Text` (kept as is), a
    `(value, style)` tuple or any value (cleaned). Nothing is parsed as markup."""
    out = Text(end="")
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            value, style = part
            out.append(one_line(value), style=style)
        else:
            out.append(one_line(part))
    return out
