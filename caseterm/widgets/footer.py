"""A footer that translates binding descriptions when it draws them.

Bindings are declared with `N_("…")` (English msgids); this footer shows them in the current
language, so switching the language needs no re-import of the screens.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from caseterm.i18n import _


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            yield widget
