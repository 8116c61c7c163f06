"""Resource mapping: the client's network map with its indicators, the resource map in four
fields, formal services linked from the directory, unmet needs, map versions and their
comparison."""

from __future__ import annotations

import uuid

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, Select, Static

from caseterm.core.directory import Category, check_unmet_need
from caseterm.core.network import (
    SUPPORT_LABELS,
    SUPPORT_QUALITIES,
    SUPPORT_VALUE_LABELS,
    ClientTie,
    Person,
    Sector,
    check_person,
    compare,
    fmt_number,
    fmt_share,
    indicators,
)
from caseterm.core.schemes import (
    ResourceField,
    ResourceSource,
    ResourceStatus,
    check_resource,
    get_scheme,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import label, options
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseModal, BaseScreen
from caseterm.screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from caseterm.services import directory
from caseterm.services import network as net
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.indicators import indicator_text
from caseterm.widgets.network_map import NetworkMap, legend
from caseterm.widgets.paged_table import PagedTable
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tickbox import Checkbox


def person_text(p: Person | None, data: net.MapData | None) -> Text:
    if p is None or data is None:
        return Text(_("Nobody on the map yet. Add a person with A."), style="dim")
    out = assemble((p.name, "bold"))
    if p.role:
        out.append_text(assemble(" — ", p.role))
    out.append("\n")
    out.append(f"{label(p.sector)} · {label(p.ring)} ({p.closeness}) · {label(p.tie)}")
    if p.conflict:
        out.append(" · ↯ " + _("conflict"), style="bold red")
    if p.deceased:
        out.append(" · † " + _("deceased"))
    out.append("\n")
    given = [f"{_(SUPPORT_LABELS[q])}: {_(SUPPORT_VALUE_LABELS[p.support_of(q)])}"
             for q in SUPPORT_QUALITIES if p.support_of(q)]
    if given:
        out.append(_("Support") + ": " + "; ".join(given) + "\n")
    names = {q.id: q.name for q in data.people}
    tied = [names[t.b if t.a == p.id else t.a] for t in data.ties if p.id in (t.a, t.b)]
    out.append(_("Ties") + ": ", style="bold")
    out.append_text(safe(", ".join(sorted(tied)) or "—"))
    if p.note:
        out.append("\n")
        out.append_text(safe(p.note, multiline=True))
    return out


class ResourcesScreen(BaseScreen):
    TITLE_MSGID = N_("Resource mapping")
    HELP_MSGID = N_(
        "The client's network map (Netzwerkkarte): the client in the centre, four sectors, "
        "three rings. Arrow keys move between people; A adds a person, E or Enter edits, "
        "Del removes, T draws or removes a tie between the highlighted person and another. "
        "Beside the map: the indicators. Below: the resource map in four fields (S adds a "
        "strength or resource), O links an offering of the service directory as a formal "
        "resource, U records an unmet need when nothing suitable exists. N starts a new dated "
        "version of the map, [ and ] page through versions, V compares two versions. M lists "
        "the resources (change status, remove); Ctrl+E saves the map as SVG."
    )
    DEFAULT_CSS = """
    ResourcesScreen #res-head { height: auto; padding: 0 1; background: $boost; }
    ResourcesScreen #res-top { height: 1fr; }
    ResourcesScreen #res-mapbox { width: 1fr; }
    ResourcesScreen #res-legend { height: auto; padding: 0 1; }
    ResourcesScreen #res-side {
        width: 36%; max-width: 50; min-width: 30; padding: 0 1;
        border-left: solid $primary-darken-2;
    }
    ResourcesScreen #res-person { margin-top: 1; }
    ResourcesScreen #res-bottom {
        height: 28%; max-height: 12; min-height: 5; border-top: solid $primary-darken-2;
    }
    ResourcesScreen #res-resources { width: 1fr; padding: 0 1; }
    ResourcesScreen #res-needs {
        width: 36%; max-width: 50; min-width: 30; padding: 0 1;
        border-left: solid $primary-darken-2;
    }
    /* below 110 columns the map takes the width: the indicators and the person sit narrow
       beside it, the unmet needs go (U and M still reach them), the legend is one line */
    ResourcesScreen.-narrow #res-side { width: 24; min-width: 20; }
    ResourcesScreen.-narrow #res-needs { display: none; }
    ResourcesScreen.-narrow #res-legend { height: 1; }
    ResourcesScreen.-narrow #res-bottom { height: 5; }
    """
    BINDINGS = [
        Binding("a", "add_person", N_("Add person")),
        Binding("e,enter", "edit_person", N_("Edit")),
        Binding("t", "tie", N_("Tie")),
        Binding("delete,x", "delete_person", N_("Remove")),
        Binding("s", "add_resource", N_("Strength/resource")),
        Binding("m", "manage_resources", N_("Manage resources"), show=False),
        Binding("ctrl+e", "export_svg", N_("Export SVG"), show=False),
        Binding("o", "link_offering", N_("Link offering")),
        Binding("u", "unmet_need", N_("Unmet need")),
        Binding("n", "new_version", N_("New version")),
        Binding("v", "compare", N_("Compare")),
        Binding("left_square_bracket", "version(-1)", N_("Earlier version"), show=False),
        Binding("right_square_bracket", "version(1)", N_("Later version"), show=False),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.head: net.CaseHead | None = None
        self.data: net.MapData | None = None
        self.versions: list[net.MapVersion] = []
        self.map_id: uuid.UUID | None = None
        self._select_after: uuid.UUID | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="res-head")
        with Horizontal(id="res-top"):
            with Vertical(id="res-mapbox"):
                yield NetworkMap(id="res-map")
                yield Static(legend(), id="res-legend")
            with VerticalScroll(id="res-side"):
                yield Static("", id="res-indicators")
                yield Static("", id="res-person")
        with Horizontal(id="res-bottom"):
            with VerticalScroll(id="res-resources"):
                yield Static("", id="res-resources-body")
            with VerticalScroll(id="res-needs"):
                yield Static("", id="res-needs-body")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one(NetworkMap).focus()
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self, map_id: uuid.UUID | None = None) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        wanted = map_id or self.map_id
        self.db_work(lambda: net.open_map(ctx, case_id, wanted), self._show,
                     group="resources", exclusive=True)

    def _show(self, view: net.MapView) -> None:
        head, data, versions = view.head, view.data, view.versions
        resources, needs = view.resources, view.needs
        self.head, self.data, self.versions, self.map_id = head, data, versions, data.id
        idx = next((i for i, v in enumerate(versions) if v.id == data.id), 0)
        state = _("newest version") if data.latest else _("earlier version, read only")
        self.query_one("#res-head", Static).update(assemble(
            (head.case_number, "bold"), " — ", (head.client_name, "bold"), " — ",
            _("Network map of {date}").format(date=fmt_date(data.drawn_on)),
            f" ({idx + 1}/{len(versions)}, {state})"))
        net = self.query_one(NetworkMap)
        net.set_data(data.people, data.ties, ego=head.client_name.split(" ")[0],
                     select=self._select_after)
        self._select_after = None
        self._show_indicators()
        self.query_one("#res-resources-body", Static).update(self._resources(resources))
        self.query_one("#res-needs-body", Static).update(self._needs(resources, needs))

    def _show_indicators(self) -> None:
        if self.data is None:
            return
        ind = indicators(self.data.people, self.data.ties)
        self.query_one("#res-indicators", Static).update(indicator_text(ind, self.data.people))
        net = self.query_one(NetworkMap)
        self.query_one("#res-person", Static).update(
            person_text(net.selected_person(), self.data))

    def on_network_map_selected(self, _event: NetworkMap.Selected) -> None:
        self._show_indicators()

    def _resources(self, rows: list[net.ResourceRow]) -> Table:
        table = Table(expand=True, show_edge=False, pad_edge=False, box=None,
                      title=_("Resource map — strengths and resources (S adds)"),
                      title_justify="left", title_style="bold")
        for fld in ResourceField:
            table.add_column(label(fld), ratio=1, style="", header_style="bold underline")
        cells: list[Text] = []
        for fld in ResourceField:
            cell = Text(end="")
            for r in (x for x in rows if x.field is fld and x.status is not ResourceStatus.lost):
                mark = "✓ " if r.status is ResourceStatus.available else "◌ "
                cell.append(mark, style="green" if mark == "✓ " else "yellow")
                cell.append_text(safe(r.text, limit=60))
                cell.append("\n")
            cells.append(cell if cell.plain else Text("—", style="dim"))
        table.add_row(*cells)
        table.caption = "✓ " + _("available") + "   ◌ " + _("can be activated")
        table.caption_justify = "left"
        return table

    def _needs(self, rows: list[net.ResourceRow], needs) -> Text:
        out = Text(_("Formal services linked (O)") + "\n", style="bold")
        linked = [r for r in rows if r.offering_id]
        for r in linked:
            out.append_text(safe("• " + r.offering, limit=70))
            out.append("\n")
        if not linked:
            out.append("—\n", style="dim")
        out.append(_("Unmet needs (U)") + "\n", style="bold")
        scheme = get_scheme()
        for n in needs:
            d = scheme.domain(n.domain_id)
            out.append_text(assemble(f"• {fmt_date(n.recorded_on)} ",
                                     (d.title if d else n.domain_id) + ": ", n.need))
            out.append("\n")
        if not needs:
            out.append("—", style="dim")
        return out

    # -- person and ties -------------------------------------------------------------------
    def _editable(self) -> bool:
        if self.data is None:
            return False
        if not self.data.latest:
            self.notify(_("An earlier version is kept as it was; change the newest version "
                          "instead."), severity="warning")
            return False
        return True

    def _saved(self, person_id) -> None:
        if person_id is None:
            return
        if isinstance(person_id, uuid.UUID):
            self._select_after = person_id
        self.reload()

    def action_add_person(self) -> None:
        if self._editable():
            self.app.push_screen(PersonDialog(self.data, None), self._saved)  # type: ignore[arg-type]

    def action_edit_person(self) -> None:
        person = self.query_one(NetworkMap).selected_person()
        if person is not None and self._editable():
            self.app.push_screen(PersonDialog(self.data, person), self._saved)  # type: ignore[arg-type]

    def action_delete_person(self) -> None:
        person = self.query_one(NetworkMap).selected_person()
        if person is None or not self._editable():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                ctx = self.capp.ctx
                self.db_work(lambda: net.delete_person(ctx, person.id),
                             lambda _r: self.reload())

        self.app.push_screen(ConfirmDialog(_("Remove {name} from this map?").format(
            name=person.name)), answered)

    def action_tie(self) -> None:
        person = self.query_one(NetworkMap).selected_person()
        if person is None or not self._editable():
            return
        self.app.push_screen(TieDialog(self.data, person), self._saved)  # type: ignore[arg-type]

    # -- resources, offerings, needs -------------------------------------------------------
    def action_add_resource(self) -> None:
        self.app.push_screen(ResourceDialog(self.case_id), self._saved)

    def action_manage_resources(self) -> None:
        self.app.push_screen(ResourceListDialog(self.case_id), lambda _r: self.reload())

    def action_export_svg(self) -> None:
        if self.data is None:
            return
        from caseterm import config

        ctx, map_id = self.capp.ctx, self.data.id
        folder = config.data_dir() / "exports"

        def write() -> str:
            folder.mkdir(parents=True, exist_ok=True)
            return str(net.export_svg(ctx, map_id, folder))

        self.db_work(write, lambda p: self.notify(
            _("Map saved as SVG: {path}").format(path=p), markup=False, timeout=8))

    def action_link_offering(self) -> None:
        self.app.push_screen(OfferingDialog(self.case_id), self._saved)

    def action_unmet_need(self) -> None:
        district = self.head.district if self.head else ""
        self.app.push_screen(UnmetNeedDialog(self.case_id, district), self._saved)

    # -- versions --------------------------------------------------------------------------
    def action_new_version(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: net.new_version(ctx, case_id),
                     lambda mid: (self.reload(mid), self.notify(_("New version of today."),
                                                                timeout=3)))

    def action_version(self, step: int) -> None:
        if not self.versions or self.map_id is None:
            return
        idx = next((i for i, v in enumerate(self.versions) if v.id == self.map_id), 0)
        new = min(max(idx + step, 0), len(self.versions) - 1)
        if new != idx:
            self.reload(self.versions[new].id)

    def action_compare(self) -> None:
        if len(self.versions) < 2:
            self.notify(_("There is only one version of the map. N starts a new one."),
                        severity="warning")
            return
        self.app.push_screen(CompareDialog(self.versions))

    def action_back(self) -> None:
        self.app.pop_screen()


# -- dialogs ----------------------------------------------------------------------------------

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
                with Horizontal(classes="row"):
                    yield FormField("sector", _("Sector"), Select(
                        options(Sector), value=(p.sector if p else Sector.family).value,
                        allow_blank=False, id="p-sector"))
                    yield FormField("closeness", _("Closeness: 9 close … 1 distant"),
                                    Input(str(p.closeness) if p else "5", id="p-closeness"))
                    yield FormField("tie", _("Tie to the client"), Select(
                        options(ClientTie), value=(p.tie if p else ClientTie.normal).value,
                        allow_blank=False, id="p-tie"))
                with Horizontal(classes="row"):
                    yield FormField("conflict", "", Checkbox(
                        "↯ " + _("conflict"), p.conflict if p else False, id="p-conflict"),
                        classes="check")
                    yield FormField("deceased", "", Checkbox(
                        "† " + _("deceased"), p.deceased if p else False, id="p-deceased"),
                        classes="check")
                    yield FormField("human", "", Checkbox(
                        _("a person (not a pet or object)"), p.human if p else True,
                        id="p-human"), classes="check")
                with Horizontal(classes="row"):
                    for q in SUPPORT_QUALITIES[:3]:
                        yield FormField(q, _(SUPPORT_LABELS[q]), Select(
                            support_opts, value=str(p.support_of(q) if p else 0),
                            allow_blank=False, id=f"p-{q}"))
                with Horizontal(classes="row"):
                    for q in SUPPORT_QUALITIES[3:]:
                        yield FormField(q, _(SUPPORT_LABELS[q]), Select(
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
            yield FormField("other", _("Other person"), Select(
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
            yield FormField("field", _("Field"), Select(
                options(ResourceField), value=ResourceField.personal.value, allow_blank=False,
                id="r-field"))
            yield FormField("text", _("What is it?"), Input(id="r-text"),
                            hint=_("in the client's words where possible"))
            yield FormField("status", _("Status"), Select(
                options(ResourceStatus), value=ResourceStatus.available.value,
                allow_blank=False, id="r-status"))
            yield FormField("source", _("Named by"), Select(
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
    BINDINGS = [
        Binding("space", "cycle", N_("Change status")),
        Binding("delete,x", "remove", N_("Remove")),
        Binding("escape", "close", N_("Close")),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows: dict[str, net.ResourceRow] = {}

    def compose(self) -> ComposeResult:
        from textual.widgets import DataTable

        with Vertical():
            yield Static(_("Strengths and resources of the case"), classes="dialog-title")
            yield DataTable(id="rl-table", cursor_type="row", zebra_stripes=True)
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


def offering_detail(row: directory.OfferingRow | None) -> Text:
    if row is None:
        return Text(_("No offering found. Nothing suitable? Record an unmet need with U."),
                    style="dim")
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
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Link"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

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
                yield Button(_("Link (Ctrl+S)"), id="save", variant="primary")

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
            offering_detail(self.query_one(PagedTable).current()))

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
            yield FormField("domain_id", _("Life domain"), Select(
                [(d.title, d.id) for d in scheme.domains], id="un-domain",
                prompt=_("Choose a life domain")))
            yield FormField("need", _("What was needed?"), Input(id="un-need"),
                            hint=_("e.g. a language course with childcare in the afternoon"))
            yield FormField("category", _("Kind of service (if known)"), Select(
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


class CompareDialog(BaseModal):
    """Compare two versions of the map: who came, who went, who moved, and the indicators."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CompareDialog") + """
    CompareDialog > Vertical { width: 110; }
    CompareDialog #cmp-result { height: auto; }
    CompareDialog VerticalScroll { height: auto; max-height: 32; }
    CompareDialog .row { height: auto; }
    CompareDialog .row > FormField { width: 1fr; margin-right: 1; }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, versions: list[net.MapVersion]) -> None:
        super().__init__()
        self.versions = versions

    def compose(self) -> ComposeResult:
        opts = [(fmt_date(v.drawn_on) + f" ({v.people})", str(v.id)) for v in self.versions]
        with Vertical():
            yield Static(_("Compare two versions of the map"), classes="dialog-title")
            with Horizontal(classes="row"):
                yield FormField("before", _("Earlier"), Select(
                    opts, value=opts[-2][1], allow_blank=False, id="cmp-before"))
                yield FormField("after", _("Later"), Select(
                    opts, value=opts[-1][1], allow_blank=False, id="cmp-after"))
            with VerticalScroll():
                yield Static("", id="cmp-result")

    def on_mount(self) -> None:
        self._run()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._run()

    def _run(self) -> None:
        a = uuid.UUID(str(self.query_one("#cmp-before", Select).value))
        b = uuid.UUID(str(self.query_one("#cmp-after", Select).value))
        ctx = self.capp.ctx
        self.db_work(lambda: (net.load_map(ctx, a), net.load_map(ctx, b)),
                     self._show, group="compare", exclusive=True)

    def _show(self, maps) -> None:
        old, new = maps
        cmp = compare(old.people, old.ties, new.people, new.ties)
        words = {
            "added": _("new on the map"), "removed": _("no longer on the map"),
            "closer": _("closer"), "further": _("further away"), "sector": _("other sector"),
            "tie": _("tie to the client changed"), "conflict": _("conflict flag changed"),
            "deceased": _("deceased"),
        }
        out = Text(_("{a} → {b}").format(a=fmt_date(old.drawn_on), b=fmt_date(new.drawn_on))
                   + "\n", style="bold")
        for c in cmp.changes:
            out.append_text(assemble("• ", (c.name, "bold"), " — ", words.get(c.what, c.what)))
            if c.what in ("closer", "further"):
                out.append(f" ({c.before} → {c.after})")
            out.append("\n")
        if not cmp.changes:
            out.append(_("No change in the people on the map.") + "\n", style="dim")
        b, a = cmp.before, cmp.after
        table = [
            (_("Network size"), str(b.size), str(a.size)),
            (_("Average closeness"), fmt_number(b.mean_closeness), fmt_number(a.mean_closeness)),
            (_("Density"), fmt_number(b.density, 2), fmt_number(a.density, 2)),
            (_("Isolated"), str(len(b.isolated)), str(len(a.isolated))),
            (_("Share of professionals"), fmt_share(b.professional_share),
             fmt_share(a.professional_share)),
            (_("Sector balance"), fmt_number(b.sector_balance, 2), fmt_number(a.sector_balance, 2)),
            (_("Conflictual ties"), str(len(b.conflicts)), str(len(a.conflicts))),
        ]
        out.append("\n")
        for name, x, y in table:
            out.append(f"{name}: ", style="bold")
            out.append(f"{x} → {y}\n")
        self.query_one("#cmp-result", Static).update(out)

    def action_close(self) -> None:
        self.dismiss(None)
