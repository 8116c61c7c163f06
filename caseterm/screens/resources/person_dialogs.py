"""Dialogs of the network map: a person, a tie, a strength or resource, and the list of them."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from caseterm.core.network import (
    SUPPORT_LABELS,
    SUPPORT_QUALITIES,
    SUPPORT_VALUE_LABELS,
    ClientTie,
    Person,
    Sector,
    check_person,
)
from caseterm.core.schemes import (
    ResourceField,
    ResourceSource,
    ResourceStatus,
    check_resource,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import label, options
from caseterm.i18n import _
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from caseterm.services import network as net
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable
from caseterm.widgets.tickbox import Checkbox


class _Dialog(FormDialog):
    """The shared dialog (Ctrl+S saves, Escape cancels) with this screen's error handling."""

    def _check(self, fn, *args):
        try:
            value = fn(*args)
        except InputError as exc:
            rest = show_errors(self, exc.errors)
            if rest:
                self.notify("\n".join(rest), severity="error", markup=False)
            return None
        clear_errors(self)
        return value


class PersonDialog(_Dialog):
    """Add or edit a person on the map."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PersonDialog") + """
    PersonDialog > Vertical { width: 112; }
    PersonDialog VerticalScroll { height: auto; max-height: 34; }
    PersonDialog .row { height: auto; }
    PersonDialog .row > FormField { width: 1fr; margin-right: 1; }
    PersonDialog FormField.check { width: auto; margin-right: 2; }
    /* 80 columns: rows of three would cut their labels; two to a line instead */
    PersonDialog.-narrow .row.wrap { layout: grid; grid-size: 2; grid-rows: auto;
                                     grid-gutter: 0 1; }
    PersonDialog.-narrow .row.wrap > FormField { width: 1fr; margin-right: 0; }
    PersonDialog.-narrow .row.wrap > FormField.span { column-span: 2; }
    """

    def __init__(self, data: net.MapData, person: Person | None) -> None:
        super().__init__()
        self.data = data
        self.person = person

    def compose(self) -> ComposeResult:
        p = self.person
        title = _("Edit {name}").format(name=p.name) if p else _("Add a person to the map")
        support_opts = [(_(SUPPORT_VALUE_LABELS[v]), str(v)) for v in range(4)]
        with Vertical():
            yield Static(safe(title), classes="dialog-title")
            with VerticalScroll():
                with Horizontal(classes="row"):
                    yield FormField("name", _("Name or pseudonym"),
                                    Input(p.name if p else "", id="p-name"))
                    yield FormField("role", _("Role"),
                                    Input(p.role if p else "", id="p-role",
                                          placeholder=_("e.g. sister, neighbour, GP")))
                with Horizontal(classes="row wrap"):
                    yield FormField("sector", _("Sector"), Dropdown(
                        options(Sector), value=(p.sector if p else Sector.family).value,
                        allow_blank=False, id="p-sector"))
                    yield FormField("closeness", _("Closeness: 9 close … 1 distant"),
                                    Input(str(p.closeness) if p else "5", id="p-closeness"))
                    yield FormField("tie", _("Tie to the client"), Dropdown(
                        options(ClientTie), value=(p.tie if p else ClientTie.normal).value,
                        allow_blank=False, id="p-tie"))
                with Horizontal(classes="row wrap"):
                    yield FormField("conflict", "", Checkbox(
                        "↯ " + _("conflict"), p.conflict if p else False, id="p-conflict"),
                        classes="check")
                    yield FormField("deceased", "", Checkbox(
                        "† " + _("deceased"), p.deceased if p else False, id="p-deceased"),
                        classes="check")
                    yield FormField("human", "", Checkbox(
                        _("a person (not a pet or object)"), p.human if p else True,
                        id="p-human"), classes="check span")
                with Horizontal(classes="row"):
                    for q in SUPPORT_QUALITIES[:3]:
                        yield FormField(q, _(SUPPORT_LABELS[q]), Dropdown(
                            support_opts, value=str(p.support_of(q) if p else 0),
                            allow_blank=False, id=f"p-{q}"))
                with Horizontal(classes="row"):
                    for q in SUPPORT_QUALITIES[3:]:
                        yield FormField(q, _(SUPPORT_LABELS[q]), Dropdown(
                            support_opts, value=str(p.support_of(q) if p else 0),
                            allow_blank=False, id=f"p-{q}"))
                yield FormField("note", _("Note"), Input(p.note if p else "", id="p-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#p-name", Input).focus()

    def action_save(self) -> None:
        raw = {
            "name": self.query_one("#p-name", Input).value,
            "role": self.query_one("#p-role", Input).value,
            "sector": self.query_one("#p-sector", Select).value,
            "closeness": self.query_one("#p-closeness", Input).value,
            "tie": self.query_one("#p-tie", Select).value,
            "conflict": self.query_one("#p-conflict", Checkbox).value,
            "deceased": self.query_one("#p-deceased", Checkbox).value,
            "human": self.query_one("#p-human", Checkbox).value,
            "note": self.query_one("#p-note", Input).value,
        }
        for q in SUPPORT_QUALITIES:
            raw[q] = self.query_one(f"#p-{q}", Select).value
        others = [p.name for p in self.data.people
                  if self.person is None or p.id != self.person.id]
        data = self._check(lambda: check_person(raw, other_names=others))
        if data is None:
            return
        ctx, map_id, person = self.capp.ctx, self.data.id, self.person
        if person is None:
            self.db_work(lambda: net.add_person(ctx, map_id, data), self.dismiss)
        else:
            self.db_work(lambda: net.update_person(ctx, person.id, data, base=person),
                         lambda _r: self.dismiss(person.id))


class TieDialog(_Dialog):
    """Draw or remove a tie between the highlighted person and another one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TieDialog")

    def __init__(self, data: net.MapData, person: Person) -> None:
        super().__init__()
        self.data = data
        self.person = person

    def compose(self) -> ComposeResult:
        tied = {t.b if t.a == self.person.id else t.a for t in self.data.ties
                if self.person.id in (t.a, t.b)}
        opts = []
        for p in sorted(self.data.people, key=lambda x: x.name.casefold()):
            if p.id == self.person.id:
                continue
            mark = "✓ " if p.id in tied else "   "
            opts.append((mark + p.name, str(p.id)))
        with Vertical():
            yield Static(safe(_("Tie {name} with …").format(name=self.person.name)),
                         classes="dialog-title")
            yield Static(_("✓ = tied already; choosing it removes the tie."))
            yield FormField("other", _("Other person"), Dropdown(
                opts, id="tie-other", prompt=_("Choose a person")))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#tie-other", Select).focus()

    def action_save(self) -> None:
        value = self.query_one("#tie-other", Select).value
        if value is Select.NULL:
            show_errors(self, {"other": _("Please choose a value.")})
            return
        other = uuid.UUID(str(value))
        exists = any({t.a, t.b} == {self.person.id, other} for t in self.data.ties)
        ctx, map_id, me = self.capp.ctx, self.data.id, self.person.id
        self.db_work(lambda: net.set_tie(ctx, map_id, me, other, present=not exists),
                     lambda _r: self.dismiss(me))


class ResourceDialog(_Dialog):
    DEFAULT_CSS = DIALOG_CSS.format(name="ResourceDialog")

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Strength or resource"), classes="dialog-title")
            yield FormField("field", _("Field"), Dropdown(
                options(ResourceField), value=ResourceField.personal.value, allow_blank=False,
                id="r-field"))
            yield FormField("text", _("What is it?"), Input(id="r-text"),
                            hint=_("in the client's words where possible"))
            yield FormField("status", _("Status"), Dropdown(
                options(ResourceStatus), value=ResourceStatus.available.value,
                allow_blank=False, id="r-status"))
            yield FormField("source", _("Named by"), Dropdown(
                options(ResourceSource), value=ResourceSource.client.value,
                allow_blank=False, id="r-source"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#r-text", Input).focus()

    def action_save(self) -> None:
        data = self._check(check_resource, {
            "field": self.query_one("#r-field", Select).value,
            "text": self.query_one("#r-text", Input).value,
            "status": self.query_one("#r-status", Select).value,
            "source": self.query_one("#r-source", Select).value,
        })
        if data is not None:
            ctx, case_id = self.capp.ctx, self.case_id
            self.db_work(lambda: net.add_resource(ctx, case_id, data), self.dismiss)


class ResourceListDialog(BaseModal):
    """The case's resources in a list: Space switches available / can be activated / lost,
    Del removes one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResourceListDialog") + """
    ResourceListDialog > Vertical { width: 110; }
    ResourceListDialog DataTable { height: auto; max-height: 24; }
    """
    BINDINGS = bindings("resources.list", "viewer.close")
    COMMAND_SCOPES = ('resources.list', 'viewer')

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows: dict[str, net.ResourceRow] = {}

    def compose(self) -> ComposeResult:

        with Vertical():
            yield Static(_("Strengths and resources of the case"), classes="dialog-title")
            yield MeasuredTable(id="rl-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(_("Space: change status · Del: remove · Esc: close"),
                              style="dim"))

    def on_mount(self) -> None:
        from textual.widgets import DataTable

        table = self.query_one(DataTable)
        for title in (_("Field"), _("Status"), _("What is it?"), _("Named by")):
            table.add_column(title)
        table.focus()
        self._load()

    def _load(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: net.resources(ctx, case_id), self._show, group="rl",
                     exclusive=True)

    def _show(self, rows) -> None:
        from textual.widgets import DataTable

        table = self.query_one(DataTable)
        at = table.cursor_row
        table.clear()
        self.rows = {str(r.id): r for r in rows}
        for r in rows:
            table.add_row(safe(label(r.field)), safe(label(r.status)), safe(r.text, limit=60),
                          safe(label(r.source)), key=str(r.id))
        if rows:
            table.move_cursor(row=min(max(at, 0), len(rows) - 1))

    def _current(self) -> net.ResourceRow | None:
        from textual.widgets import DataTable

        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def action_cycle(self) -> None:
        row = self._current()
        if row is None:
            return
        order = list(ResourceStatus)
        new = order[(order.index(row.status) + 1) % len(order)]
        ctx = self.capp.ctx
        self.db_work(lambda: net.set_resource_status(ctx, row.id, new),
                     lambda _r: self._load())

    def action_remove(self) -> None:
        row = self._current()
        if row is None:
            return
        ctx = self.capp.ctx

        def answered(yes: bool | None) -> None:
            if yes:
                self.db_work(lambda: net.delete_resource(ctx, row.id), lambda _r: self._load())

        self.app.push_screen(ConfirmDialog(_("Remove this resource?")), answered)

    def action_close(self) -> None:
        self.dismiss(True)
