"""Which trainee are you? The first question of a lab session without --trainee (`caseterm
lab open NAME`, and every browser session of `caseterm serve --lab NAME`). The choice opens
that trainee's own workspace file in this session: twenty sessions, twenty files."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caseterm.i18n import _
from caseterm.screens.base import BaseScreen
from caseterm.services import lab as lab_service
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe


class LabPickScreen(BaseScreen):
    BINDINGS = bindings("lab_picker")
    COMMAND_SCOPES = ('lab_picker',)
    DEFAULT_CSS = """
    LabPickScreen #pick-banner { dock: top; height: 1; background: $warning;
                                 text-style: bold; }
    LabPickScreen #pick-title { padding: 1 1 0 1; height: auto; }
    LabPickScreen OptionList { height: 1fr; margin: 1; }
    """

    def __init__(self, meta) -> None:
        super().__init__()
        self.meta = meta

    def compose(self) -> ComposeResult:
        yield Static(safe(_("EXERCISE – fictional data") + " · " +
                          _("Lab {lab}").format(lab=self.meta.name)), id="pick-banner")
        yield Static(safe(_("Who are you? Choose your name and press Enter."), "bold"),
                     id="pick-title")
        yield OptionList(*[Option(safe(t.name), id=t.slug) for t in self.meta.trainees],
                         id="pick-list")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        slug = event.option.id
        name = self.meta.name
        self.db_work(lambda: lab_service.open_session(name, slug), self._opened,
                     on_error=self._refused)

    def _opened(self, opened) -> None:
        self.capp.enter_lab(*opened)

    def _refused(self, exc: BaseException) -> None:
        self.app.notify(str(exc), severity="error", markup=False, timeout=10)
