"""Resource mapping: the client's network map with its indicators, the resource map in four
fields, formal services linked from the directory, unmet needs, map versions and their
comparison. The dialogs are in person_dialogs, offering_dialogs and compare_dialog."""

from __future__ import annotations

import uuid
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Header, Static

from caseterm.core.network import (
    SUPPORT_LABELS,
    SUPPORT_QUALITIES,
    SUPPORT_VALUE_LABELS,
    Person,
    indicators,
)
from caseterm.core.schemes import (
    ResourceField,
    ResourceStatus,
    get_scheme,
)
from caseterm.core.vocab import label
from caseterm.i18n import N_, _, fmt_date
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.resources.compare_dialog import NetworkCompareDialog
from caseterm.screens.resources.offering_dialogs import OfferingDialog, UnmetNeedDialog
from caseterm.screens.resources.person_dialogs import (
    PersonDialog,
    ResourceDialog,
    ResourceListDialog,
    TieDialog,
)
from caseterm.services import network as net
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.indicators import indicator_text
from caseterm.widgets.network_map import NetworkMap, legend
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe


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
    BINDINGS = bindings("resources")
    COMMAND_SCOPES = ('resources',)

    view: var[net.MapView | None] = var(None, init=False, always_update=True)
    #: the person selected on the map (or None); indicators and the person line follow it
    selected: var[Any] = var(None, init=False, always_update=True)

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self._select_after: uuid.UUID | None = None

    # Derived from the map shown: what the commands and dialogs read.
    @property
    def head(self) -> net.CaseHead | None:
        return self.view.head if self.view else None

    @property
    def data(self) -> net.MapData | None:
        return self.view.data if self.view else None

    @property
    def versions(self) -> list[net.MapVersion]:
        return self.view.versions if self.view else []

    @property
    def map_id(self) -> uuid.UUID | None:
        return self.view.data.id if self.view else None

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
    class MapLoaded(Loaded[net.MapView]):
        """The map (newest or the version asked for) with its resources and needs."""

    def reload(self, map_id: uuid.UUID | None = None) -> None:
        self._load_map(map_id or self.map_id)

    @work(thread=True, exclusive=True, group="resources", exit_on_error=False)
    def _load_map(self, wanted: uuid.UUID | None) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.deliver(lambda: net.open_map(ctx, case_id, wanted), self.MapLoaded)

    @on(MapLoaded)
    def _map_loaded(self, event: MapLoaded) -> None:
        self.view = event.data

    def watch_view(self, view: net.MapView | None) -> None:
        if view is None:
            return
        head, data, versions = view.head, view.data, view.versions
        resources, needs = view.resources, view.needs
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
        self.selected = net.selected_person()
        self.query_one("#res-resources-body", Static).update(self._resources(resources))
        self.query_one("#res-needs-body", Static).update(self._needs(resources, needs))

    def watch_selected(self, person: Any) -> None:
        """The indicators and the selected person's line follow the selection."""
        if self.data is None:
            return
        ind = indicators(self.data.people, self.data.ties)
        self.query_one("#res-indicators", Static).update(indicator_text(ind, self.data.people))
        self.query_one("#res-person", Static).update(person_text(person, self.data))

    def on_network_map_selected(self, _event: NetworkMap.Selected) -> None:
        self.selected = self.query_one(NetworkMap).selected_person()

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

        def confirmed(yes: bool | None) -> None:
            if yes:  # a version stays in the history: a stray N does not make one
                self.db_work(lambda: net.new_version(ctx, case_id),
                             lambda mid: (self.reload(mid), self.notify(
                                 _("New version of today."), timeout=3)))

        self.app.push_screen(ConfirmDialog(_(
            "Start a new version of the map for today (a copy of the newest)?")), confirmed)

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
        self.app.push_screen(NetworkCompareDialog(self.versions))

    def action_back(self) -> None:
        self.app.pop_screen()


# -- dialogs ----------------------------------------------------------------------------------
