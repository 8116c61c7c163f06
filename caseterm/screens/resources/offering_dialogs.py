"""Link an offering from the directory to the case, or record an unmet need."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from caseterm.core.directory import Category, check_unmet_need
from caseterm.core.schemes import (
    get_scheme,
)
from caseterm.core.vocab import label, options
from caseterm.i18n import N_, _
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.screens.resources.person_dialogs import _Dialog
from caseterm.services import directory
from caseterm.services import network as net
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, show_errors
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.registry import bindings, key_button, key_for
from caseterm.widgets.safe import assemble, safe


def offering_cells(row: directory.OfferingRow) -> list:
    waiting = ("—" if row.waiting_weeks is None else
               _("{n} wk").format(n=row.waiting_weeks))
    return [safe(label(row.category), limit=24), safe(row.title, limit=42),
            safe(row.provider, limit=28), safe(row.district, limit=11),
            safe(row.languages, limit=22), safe(waiting)]


def offering_columns(table) -> None:
    for title in (_("Category"), _("Offering"), _("Provider"), _("District"),
                  _("Languages"), _("Waiting")):
        table.add_column(title)


def offering_detail(row: directory.OfferingRow | None, need_key: str = "") -> Text:
    """The offering in full; none found: where an unmet need is recorded (`need_key`, the
    key of the screen the list is on, from the registry)."""
    if row is None:
        return Text(_("No offering found. Nothing suitable? Record an unmet need with "
                      "{key}.").format(key=need_key), style="dim")
    out = assemble((row.title, "bold"), " — ", row.provider)
    out.append("\n")
    parts = [(_("Category"), label(row.category)), (_("District"), row.district),
             (_("Cost bearer"), row.cost_bearer), (_("Languages"), row.languages),
             (_("Waiting"), "—" if row.waiting_weeks is None else
              _("{n} weeks").format(n=row.waiting_weeks)),
             (_("Contact"), row.contact or row.provider_phone),
             (_("Address"), row.provider_address), (_("Notes"), row.notes)]
    for name, value in parts:
        if value:
            out.append(f"{name}: ", style="bold")
            out.append_text(safe(value, multiline=True))
            out.append("\n")
    return out


class OfferingDialog(_Dialog):
    """Search the directory and link an offering to the case as a formal resource."""

    DEFAULT_CSS = DIALOG_CSS.format(name="OfferingDialog") + """
    OfferingDialog > Vertical { width: 130; height: 90%; }
    OfferingDialog PagedTable { height: 1fr; }
    OfferingDialog #off-detail { height: 7; }
    """
    BINDINGS = bindings("resources.offering")
    COMMAND_SCOPES = ('dialog', 'resources.offering')
    SAVE = (N_("Link"), "resources.offering.link")  # the button: its words and its command

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        ctx = self.capp.ctx
        with Vertical():
            yield Static(_("Link an offering of the service directory"),
                         classes="dialog-title")
            yield FormField("offering", _("Search (words, category, district, language)"),
                            Input(id="off-search"))
            yield PagedTable(
                fetch=lambda after, limit: directory.search(
                    ctx, self.query_one("#off-search", Input).value, after=after, limit=limit),
                key_of=directory.page_key, cells=offering_cells,
                row_id=lambda r: str(r.id), id="off-table", page=100)
            yield Static("", id="off-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                words, command = self.SAVE
                yield Button(key_button(self.app, _(words), command), id="save",
                             variant="primary")

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        offering_columns(table)
        table.reload()
        self.query_one("#off-search", Input).focus()

    def unsaved_work(self) -> bool:
        return False  # a search, not typed work: Escape leaves at once

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "off-search":
            self.query_one(PagedTable).reload()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(PagedTable).focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#off-search", Input):
            self.query_one(PagedTable).focus()
            event.stop()

    def on_paged_table_loaded(self, _event) -> None:
        self._detail()

    def on_data_table_row_highlighted(self, _event) -> None:
        self._detail()

    def on_data_table_row_selected(self, _event) -> None:
        self.action_save()

    def _detail(self) -> None:
        self.query_one("#off-detail", Static).update(
            offering_detail(self.query_one(PagedTable).current(),
                            key_for(self.app, "resources.unmet_need")))

    def action_save(self) -> None:
        row = self.query_one(PagedTable).current()
        if row is None:
            show_errors(self, {"offering": _("Choose an offering first.")})
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: net.link_offering(ctx, case_id, row.id),
                     lambda rid: (self.notify(_("Linked: {title}").format(title=row.title),
                                              markup=False, timeout=3), self.dismiss(rid)))


class UnmetNeedDialog(_Dialog):
    """When nothing suitable exists: record the unmet need (Versorgungslücke)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="UnmetNeedDialog")

    def __init__(self, case_id: uuid.UUID | None, district: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.district = district

    def compose(self) -> ComposeResult:
        scheme = get_scheme()
        with Vertical():
            yield Static(_("Unmet need — nothing suitable in the Sozialraum"),
                         classes="dialog-title")
            yield FormField("domain_id", _("Life domain"), Dropdown(
                [(d.title, d.id) for d in scheme.domains], id="un-domain",
                prompt=_("Choose a life domain")))
            yield FormField("need", _("What was needed?"), Input(id="un-need"),
                            hint=_("e.g. a language course with childcare in the afternoon"))
            yield FormField("category", _("Kind of service (if known)"), Dropdown(
                options(Category), id="un-category", prompt=_("—")))
            yield FormField("district", _("District"), Input(self.district, id="un-district"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#un-domain", Select).focus()

    def action_save(self) -> None:
        dom = self.query_one("#un-domain", Select).value
        cat = self.query_one("#un-category", Select).value
        data = self._check(check_unmet_need, {
            "domain_id": None if dom is Select.NULL else dom,
            "need": self.query_one("#un-need", Input).value,
            "district": self.query_one("#un-district", Input).value,
            "category": None if cat is Select.NULL else cat,
        }, {d.id for d in get_scheme().domains})
        if data is not None:
            ctx, case_id = self.capp.ctx, self.case_id
            self.db_work(lambda: directory.record_unmet_need(ctx, case_id, data),
                         self.dismiss)
