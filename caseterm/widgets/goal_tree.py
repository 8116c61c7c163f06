"""The goal tree: Leitziel → Rahmenziel → Handlungsziel → Maßnahme, edited from the keyboard.

The widget shows the goals and turns keys into messages (`GoalTree.Command`); the screen does
the database work and reloads. Client text is shown only through `safe()`.

Keys: a add a child, s add a sibling, e / Enter edit, x drop, Shift+↑/↓ move, > / < (or
Ctrl+→/←) indent / outdent, l GAS scale, r record a review, t the team lead's
decision on a measure that needs approval.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from caseterm.core import vocab
from caseterm.core.goals import SHORT_LEVEL, GoalLevel, GoalStatus
from caseterm.i18n import _, fmt_date
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe

LEVEL_TAG = {
    GoalLevel.leitziel: "LZ",
    GoalLevel.rahmenziel: "RZ",
    GoalLevel.handlungsziel: "HZ",
    GoalLevel.massnahme: "M",
}
LEVEL_STYLE = {
    GoalLevel.leitziel: "bold magenta",
    GoalLevel.rahmenziel: "bold blue",
    GoalLevel.handlungsziel: "bold green",
    GoalLevel.massnahme: "bold cyan",
}


@dataclass(frozen=True)
class TreeItem:
    id: uuid.UUID
    parent_id: uuid.UUID | None
    depth: int
    level: GoalLevel
    text: str
    status: GoalStatus
    due: object = None
    score: str = ""  # e.g. "SMART 5/7"
    extra: str = ""  # e.g. responsible / approval


class GoalTree(Tree[uuid.UUID]):
    DEFAULT_CSS = """
    GoalTree { height: 1fr; }
    """
    BINDINGS = bindings("goals.tree")

    class Command(Message):
        """A key asked for `action` on the goal under the cursor (None: the tree is empty)."""

        def __init__(self, action: str, goal_id: uuid.UUID | None) -> None:
            super().__init__()
            self.action = action
            self.goal_id = goal_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(_("Goals"), id=id)
        self.show_root = False
        self.guide_depth = 3
        self._items: list[TreeItem] = []

    @property
    def current_id(self) -> uuid.UUID | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def action_command(self, action: str) -> None:
        self.post_message(self.Command(action, self.current_id))

    def show(self, items: list[TreeItem], *, keep: uuid.UUID | None = None,
             empty_hint: str = "") -> None:
        """Rebuild from depth-first items; put the cursor on `keep` (or where it was)."""
        keep = keep or self.current_id
        self._items = items
        self.clear()
        nodes = {}
        target = None
        for item in items:
            parent = nodes.get(item.parent_id, self.root)
            node = parent.add(self.label_for(item), data=item.id, expand=True,
                              allow_expand=False)
            nodes[item.id] = node
            if item.id == keep:
                target = node
        if not items and empty_hint:
            self.root.add_leaf(Text(empty_hint, style="dim"), data=None)
        self.root.expand_all()
        line = (items.index(next(i for i in items if i.id == keep))
                if target is not None else 0)
        self.call_after_refresh(self._restore, line)

    def _restore(self, line: int) -> None:
        try:
            self.move_cursor_to_line(line)
        except IndexError:
            pass

    @staticmethod
    def label_for(item: TreeItem) -> Text:
        out = Text(end="")
        out.append(f"{LEVEL_TAG[item.level]} ", style=LEVEL_STYLE[item.level])
        if item.score:
            out.append(f"[{item.score}] ", style="yellow")
        dropped = item.status is GoalStatus.dropped
        out.append_text(safe(item.text, "strike dim" if dropped else "", limit=70))
        if item.due:
            out.append(f" → {fmt_date(item.due)}", style="dim")
        out.append(f" ({vocab.label(item.status)})", style="dim")
        if item.extra:
            out.append_text(safe(" · " + item.extra, "dim italic", limit=60))
        return out


def short_level(level: GoalLevel) -> str:
    return _(SHORT_LEVEL[level])


__all__ = ["LEVEL_TAG", "GoalTree", "TreeItem", "short_level"]
