"""A footer that translates binding descriptions when it draws them.

Bindings are declared with `N_("…")` (English msgids); this footer shows them in the current
language, so switching the language needs no re-import of the screens.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from caseterm.i18n import _
from caseterm.widgets.watchers import prune_watchers


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        # The keys of the last composition are gone: forget their watchers of `compact`
        # (else every return to a screen kept its old keys alive: widgets.watchers).
        prune_watchers(self)
        compact = self.compact
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Give each key its final compact state before it mounts: otherwise its
                # `compact` watcher restyles it twice (default True, then the footer's value),
                # and the footer is recomposed on every screen change — a third of the time
                # of opening a case went there (bench/README.md).
                # (The palette key is not bound to the footer: it stays compact.)
                final = True if widget.has_class("-command-palette") else compact
                widget.set_reactive(FooterKey.compact, final)
                widget.set_class(final, "-compact", update=False)
                if widget.description:
                    widget.description = _(widget.description)
                    if widget.tooltip:
                        widget.tooltip = _(str(widget.tooltip))
            yield widget
