"""The app's one dropdown: Textual's Select that answers a typed letter as a native dropdown does.

A closed, focused Select lets printable keys pass by: "S" typed on the "Rechtskreis" dropdown
did nothing there and went on to the screen's letter keys (S opened the search on the queue).
Here a typed letter moves the selection to the next option whose label starts with it (again
and again through the options with that letter); letters typed quickly one after another
spell a longer prefix ("sgb x" → "SGB XII"); the same letter again goes on to the next
option with it. When no label starts with the letters, a word inside a label may ("K" finds
"die Klientin / der Klient", "J" finds "SGB II (Jobcenter)"). A printable key is always used
up by the dropdown, so it never fires an action of the screen. Space, Enter and the arrows
still open the list, where Textual's own type-to-search works. Every Select of the app is a
Dropdown (tests/test_architecture.py)."""

from __future__ import annotations

import re
import time
from typing import TypeVar

from rich.text import Text
from textual import events
from textual.widgets import Select

T = TypeVar("T")

# seconds between two letters that still spell one prefix (as Textual's open list waits)
PREFIX_PAUSE = 0.7
# where a word of an option's label begins ("die Klientin": K finds it if no label starts so)
_WORDS = re.compile(r"[\s/(),.–-]+")


def _plain(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Text) else str(prompt)


class Dropdown(Select[T]):
    """A Select; a typed letter picks the next option starting with it."""

    # the chosen option on one line, cut with "…" (a narrow filter wrapped "SGB II
    # (Jobcenter)" onto a second line and the row of filters grew)
    DEFAULT_CSS = """
    Dropdown > SelectCurrent > Static#label { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._typed = ""
        self._typed_at = 0.0

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys are the dropdown's (the footer does not offer the screen's letters)."""
        return character is not None and character.isprintable() and character != " "

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self.expanded or character is None or not character.isprintable() \
                or character == " ":
            return  # the open list searches itself; Space, Enter, arrows open the list
        event.stop()
        event.prevent_default()
        self.pick(character)

    def pick(self, character: str) -> None:
        """Move the selection on by a typed letter (no match: the selection stays)."""
        now = time.monotonic()
        typed = self._typed + character if now - self._typed_at < PREFIX_PAUSE else character
        self._typed, self._typed_at = typed, now
        choices = [(i, _plain(prompt).casefold(), value)
                   for i, (prompt, value) in enumerate(self._options) if value != self.NULL]
        if not choices:
            return
        current = next((i for i, _p, value in choices if value == self.value), -1)
        prefix = typed.casefold()
        if len(set(prefix)) == 1:
            # one letter, maybe pressed again: the next option with it, round the list
            ahead = [c for c in choices if c[0] > current] + \
                [c for c in choices if c[0] <= current]
            prefix = prefix[0]
        else:
            # a longer prefix: the first option with it, from the current one on
            ahead = [c for c in choices if c[0] >= current] + \
                [c for c in choices if c[0] < current]
        match = next((c for c in ahead if c[1].startswith(prefix)), None) or next(
            (c for c in ahead if any(w.startswith(prefix) for w in _WORDS.split(c[1]))), None)
        if match is None and len(typed) > 1:
            self._typed = ""  # no option spells it: the letter starts afresh
            self.pick(character)
            return
        if match is None:
            self.app.bell()
            return
        self.value = match[2]
