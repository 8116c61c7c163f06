"""The office's letterhead in the TUI (office settings, for an administrator or a team lead):
name, up to four address lines and a logo file, the same service as `caseterm office
letterhead` (services.paperwork). Opened from the steering screen with Ctrl+L. A logo that
cannot be read is named at its field and nothing changes; someone without the right is told
so and nothing changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea

from caseterm.core.validate import InputError
from caseterm.i18n import _
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import paperwork
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import safe

LINES = paperwork.MAX_LINES


class LetterheadDialog(FormDialog):
    """Edit the letterhead printed on page 1 of every PDF (plan, protocol, report, letters)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="LetterheadDialog") + """
    LetterheadDialog TextArea { height: 4; }
    LetterheadDialog FormField { margin: 0; }
    LetterheadDialog .dialog-title { margin-bottom: 0; }
    """

    def __init__(self, current: paperwork.Letterhead) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        head = self.current
        with Vertical():
            yield Static(safe(_("Letterhead on printed documents")), classes="dialog-title")
            yield FormField("name", _("Office name"), Input(head.name, id="lh-name"))
            yield FormField("address", _("Address lines"),
                            TextArea("\n".join(head.address), id="lh-address"),
                            hint=_("one per line, at most {n}").format(n=LINES))
            yield FormField("logo", _("Logo file"), Input(head.logo, id="lh-logo"),
                            hint=_("path to a PNG or JPEG; empty: no logo"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#lh-name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#lh-name", Input).value
        lines = self.query_one("#lh-address", TextArea).text.splitlines()
        logo = self.query_one("#lh-logo", Input).value
        clear_errors(self)
        ctx = self.capp.ctx
        self.db_work(lambda: paperwork.set_letterhead(ctx, name, lines, logo),
                     self._saved, on_error=self._failed)

    def _saved(self, head) -> None:
        self.notify(_("Letterhead saved."), timeout=4)
        self.dismiss(head)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            show_errors(self, exc.errors)
            return
        self._db_failed(exc, None)
