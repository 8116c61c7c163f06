"""My profile: name, team, office and the Bundesland whose public holidays count for due
dates. From the command palette; on the first start (no identity yet) it also asks for the
user name, with nothing pre-filled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from caseterm.core.inputs import check_profile
from caseterm.core.validate import InputError
from caseterm.core.vocab import Bundesland, options
from caseterm.i18n import _
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.services import workers
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import safe
from caseterm.widgets.tickbox import Checkbox


class ProfileDialog(FormDialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ProfileDialog")

    def __init__(self, *, first_start: bool = False) -> None:
        super().__init__()
        self.first_start = first_start

    def compose(self) -> ComposeResult:
        w = self.capp.worker
        with Vertical():
            title = _("Welcome — who are you?") if self.first_start else _("My profile")
            yield Static(safe(title), classes="dialog-title")
            if self.first_start:
                yield Static(safe(_("Your user name is remembered in your own settings file, "
                                    "not in the database."), multiline=True))
                yield FormField("username", _("User name"),
                                Input("", id="pf-username", placeholder=_("e.g. skrueger")))
            yield FormField("display_name", _("Name"),
                            Input(w.display_name if w else "", id="pf-name"))
            yield FormField("team", _("Team"), Input(w.team if w else "", id="pf-team"))
            yield FormField("office", _("Office"), Input(w.office if w else "", id="pf-office"))
            yield Static(safe(_("The Bundesland of your office decides which public holidays "
                                "move due dates."), multiline=True))
            yield FormField("land", _("Bundesland of the office"),
                            Dropdown(options(Bundesland), value=w.land.value if w else "NW",
                                     allow_blank=False, id="pf-land"))
            yield FormField("catholic_municipality", "",
                            Checkbox(_("Predominantly Catholic municipality (BY, SN, TH)"),
                                     w.catholic_municipality if w else False,
                                     id="pf-catholic"))
            yield FormField("augsburg", "", Checkbox(_("City of Augsburg"),
                                                     w.augsburg if w else False,
                                                     id="pf-augsburg"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#pf-username" if self.first_start else "#pf-name", Input).focus()

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
        if self.first_start:
            username = self.query_one("#pf-username", Input).value.strip()
            if not username or len(username) > 64 or any(c.isspace() for c in username):
                show_errors(self, {"username": _("A user name: 1 to 64 characters, no "
                                                 "spaces.")})
                return
            db = self.capp.db
            self.db_work(lambda: workers.create_me(db, username, data), self._created)
            return
        ctx = self.capp.ctx
        self.db_work(lambda: workers.update_profile(ctx, data), self._saved)

    def action_cancel(self) -> None:
        if self.first_start:
            self.app.exit()  # nobody to work as: leave, nothing was saved
            return
        super().action_cancel()

    def _created(self, result) -> None:
        ctx, row = result
        self.capp.become(ctx, row)
        self.dismiss(row)

    def _saved(self, row) -> None:
        self.capp.worker = row
        self.capp.update_subtitle()
        self.dismiss(row)
