"""F1: the keys of the screen you are on, and what the screen is for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from caseterm.i18n import _
from caseterm.widgets.keys import key_label
from caseterm.widgets.registry import bindings, shown
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    HelpScreen #help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen #help-body { height: auto; }
    HelpScreen #help-text { margin-top: 1; }
    HelpScreen DataTable { height: auto; }
    /* 120 columns: the keys on the left, the text about the screen beside them */
    HelpScreen.-wide > VerticalScroll { width: 116; }
    HelpScreen.-wide #help-body { layout: horizontal; }
    HelpScreen.-wide #help-keys { width: auto; max-width: 60; }
    HelpScreen.-wide #help-text { width: 1fr; margin: 0 0 0 2; }
    """
    BINDINGS = bindings("help")
    COMMAND_SCOPES = ('help',)

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        title = getattr(self.for_screen, "TITLE_MSGID", "") or type(self.for_screen).__name__
        with VerticalScroll():
            yield Static(safe(_("Help: {screen}").format(screen=_(title))), id="help-title")
            # the keys first (what F1 is pressed for), the longer text about the screen below
            # them (beside them at 120 columns)
            with Container(id="help-body"):
                yield MeasuredTable(id="help-keys", cursor_type="row", zebra_stripes=True)
                help_text = getattr(self.for_screen, "HELP_MSGID", "")
                if help_text:
                    yield Static(safe(_(help_text), multiline=True), id="help-text")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("What it does"))
        seen: set[str] = set()
        # The screen's commands from the registry (its panes and tree included), with the key
        # the person's keymap really binds; then the app's own keys (F2, F3 …).
        registered = list(shown(self.for_screen))
        for item in registered:
            table.add_row(safe(item.key), safe(item.title))
        own = (self.app,) if registered else (self.for_screen, self.app)
        for active in self.for_screen.active_bindings.values():
            binding = active.binding
            # Only caseterm's own keys: the screen's and the app's, not each widget's scrolling.
            if active.node not in own:
                continue
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            table.add_row(safe(self.app.get_key_display(binding)), safe(_(binding.description)))
        table.add_row(safe(key_label("ctrl+p")), safe(_("Command palette: go anywhere")))
        table.add_row(safe(f"{key_label('tab')} / {key_label('shift+tab')}"),
                      safe(_("Next / previous field")))
        table.add_row(safe(key_label("ctrl+q")), safe(_("Quit")))
        # Keys are reachable with the arrows at once, but the help opens at its title.
        table.focus(scroll_visible=False)
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
