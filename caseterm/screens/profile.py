"""My profile: name, team, office and the Bundesland whose public holidays count for due
dates. Shown on the first start and from the command palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Select, Static

from caseterm.core.inputs import check_profile
from caseterm.core.validate import InputError
from caseterm.core.vocab import Bundesland, options
from caseterm.db.repo import workers
from caseterm.i18n import _
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import safe


class ProfileDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ProfileDialog")

    def compose(self) -> ComposeResult:
        w = self.capp.worker
        with Vertical():
            yield Static(safe(_("My profile")), classes="dialog-title")
            yield Static(safe(_("The Bundesland of your office decides which public holidays "
                                "move due dates."), multiline=True))
            yield FormField("display_name", _("Name"), Input(w.display_name, id="pf-name"))
            yield FormField("team", _("Team"), Input(w.team, id="pf-team"))
            yield FormField("office", _("Office"), Input(w.office, id="pf-office"))
            yield FormField("land", _("Bundesland of the office"),
                            Select(options(Bundesland), value=w.land.value, allow_blank=False,
                                   id="pf-land"))
            yield FormField("catholic_municipality", "",
                            Checkbox(_("Predominantly Catholic municipality (BY, SN, TH)"),
                                     w.catholic_municipality, id="pf-catholic"))
            yield FormField("augsburg", "", Checkbox(_("City of Augsburg"), w.augsburg,
                                                     id="pf-augsburg"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#pf-name", Input).focus()

    def action_save(self) -> None:
        raw = {
            "display_name": self.query_one("#pf-name", Input).value,
            "team": self.query_one("#pf-team", Input).value,
            "office": self.query_one("#pf-office", Input).value,
            "land": self.query_one("#pf-land", Select).value,
            "catholic_municipality": self.query_one("#pf-catholic", Checkbox).value,
            "augsburg": self.query_one("#pf-augsburg", Checkbox).value,
        }
        try:
            data = check_profile(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        worker_id = self.capp.worker.id
        self.db_work(lambda: workers.update_profile(self.capp.db, worker_id, data),
                     self._saved)

    def _saved(self, row) -> None:
        self.capp.worker = row
        self.capp.update_subtitle()
        self.dismiss(row)
