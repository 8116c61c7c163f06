"""A footer that translates binding descriptions when it draws them.

Bindings are declared with `N_("…")` (English msgids); this footer shows them in the current
language, so switching the language needs no re-import of the screens.

Textual recomposes a footer (all its keys: new widgets, styles, layout) whenever its screen's
bindings are refreshed: on every screen change and on most focus changes, usually with the
same keys as before. This footer recomposes only when what it would show changed (issue 18:
about a sixth of the CPU of opening a case went into rebuilding identical keys).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from caseterm.i18n import _, language
from caseterm.widgets.watchers import prune_watchers


class TranslatedFooter(Footer):
    _shown: Any = None  # what the last composition showed (see `_signature`)

    def _signature(self) -> Any:
        """Everything a composition depends on: the shown bindings with their key display,
        description, tooltip, state and group, the palette key, compact and the language."""
        try:
            active = self.screen.active_bindings
        except Exception:  # not attached yet
            return None
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, enabled, tooltip, id(binding.group) if binding.group else None)
            for (_node, binding, enabled, tooltip) in active.values() if binding.show)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (keys, palette[2] if palette else None, self.compact,
                self.show_command_palette, language())

    async def recompose(self) -> None:
        if not self._bindings_ready or not self.is_attached:
            return
        signature = self._signature()
        if signature is not None and signature == self._shown and self.children:
            return  # the same keys as shown: nothing to rebuild
        await super().recompose()

    def compose(self) -> ComposeResult:
        # The keys of the last composition are gone: forget their watchers of `compact`
        # (else every return to a screen kept its old keys alive: widgets.watchers).
        prune_watchers(self)
        self._shown = self._signature() if self._bindings_ready else None
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
