"""The passphrase dialog at start: a small app of its own that runs before the main app, because
the main app needs the open database (and the door) from its first screen on.

Masked input; the check (key derivation, about 0.2 s) runs in a thread. A wrong passphrase shows
its message at the field and nothing is opened; after three wrong tries each further try waits a
little longer (up to 8 s). Esc ends caseterm without opening anything. A new database asks twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from caseterm.i18n import _
from caseterm.widgets.focus import FOCUS_CSS, FocusVisible
from caseterm.widgets.form import FormField, clear_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe

Problem = Callable[[str], "str | None"]


class UnlockApp(FocusVisible, App[str | None]):
    CSS = """
    Screen { align: center middle; }
    #unlock { width: 76; max-width: 98%; height: auto; border: thick $primary;
              background: $surface; padding: 1 2; }
    #unlock .dialog-title { text-style: bold; margin-bottom: 1; }
    #unlock .unlock-path { color: $text-muted; margin-bottom: 1; }
    #unlock .unlock-keys { color: $text-muted; }
    """ + FOCUS_CSS
    BINDINGS = bindings("unlock")

    def __init__(self, path: Path, new: bool, problem: Problem) -> None:
        super().__init__()
        self.path = path
        self.new = new
        self.problem = problem
        self.failures = 0
        self.busy = False
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            title = (_("New encrypted database: choose a passphrase") if self.new
                     else _("The database is encrypted"))
            yield Static(safe(title), classes="dialog-title")
            yield Static(safe(str(self.path)), classes="unlock-path")
            yield FormField("passphrase", _("Passphrase"),
                            Input(password=True, id="unlock-pass"))
            if self.new:
                yield FormField("again", _("Repeat the passphrase"),
                                Input(password=True, id="unlock-again"))
            yield Static(safe(_("Enter: open · Esc: cancel (nothing is opened)")),
                         classes="unlock-keys")

    def on_mount(self) -> None:
        self.title = "caseterm"
        self.query_one("#unlock-pass", Input).focus()

    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        text = self.query_one("#unlock-pass", Input).value
        if self.new and event.input.id == "unlock-pass":
            self.query_one("#unlock-again", Input).focus()
            return
        clear_errors(self)
        if self.new and self.query_one("#unlock-again", Input).value != text:
            self._field("again").set_error(_("The two passphrases differ."))
            self.query_one("#unlock-again", Input).value = ""
            return
        self.busy = True
        wait = min(2 ** (self.failures - 2), 8) if self.failures >= 3 else 0

        def check() -> str | None:
            if wait:
                time.sleep(wait)
            return self.problem(text)

        def done(message: str | None) -> None:
            self.busy = False
            if message is None:
                self.exit(text)
                return
            self.failures += 1
            self._field("passphrase").set_error(message)
            for other in self.query(Input):
                other.value = ""
            self.query_one("#unlock-pass", Input).focus()

        self.run_worker(lambda: self.call_from_thread(done, check()), thread=True)

    def action_cancel(self) -> None:
        self.exit(None)


def ask_passphrase(path: Path, new: bool, problem: Problem) -> str | None:
    """Run the dialog; the passphrase that passed the check, or None (Esc)."""
    return UnlockApp(path, new, problem).run()
