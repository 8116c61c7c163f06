"""Forgetting the watchers of closed widgets (issue 18, memory).

`widget.watch(other, "attr", callback)` keeps (widget, callback) in `other`'s watcher list.
Textual drops the pairs of closed widgets only when `other.attr` changes next. Two long-lived
objects here rarely see theirs change, so every closed widget stayed alive through them:
- the app's `title`/`sub_title`, watched by the Header of every screen (and through the header
  its whole screen): +1.5 MB per case opened;
- the start screen's footer's `compact`, watched by each of its FooterKeys, which are built
  anew each time the footer is recomposed (every return to the screen).
"""

from __future__ import annotations


def prune_watchers(obj) -> int:
    """Drop the watchers of closed (or closing) widgets from `obj`; returns how many."""
    watchers = getattr(obj, "__watchers", None)
    dropped = 0
    if not watchers:
        return dropped
    for pairs in watchers.values():
        kept = [(node, callback) for node, callback in pairs
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]
        dropped += len(pairs) - len(kept)
        pairs[:] = kept
    return dropped
