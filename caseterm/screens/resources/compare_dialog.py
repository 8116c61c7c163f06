"""Two versions of the network map side by side."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Select, Static

from caseterm.core.network import (
    compare,
    fmt_number,
    fmt_share,
)
from caseterm.i18n import _, fmt_date
from caseterm.screens.base import BaseModal
from caseterm.screens.dialogs import DIALOG_CSS
from caseterm.services import network as net
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble


class NetworkCompareDialog(BaseModal):
    """Compare two versions of the map: who came, who went, who moved, and the indicators."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NetworkCompareDialog") + """
    NetworkCompareDialog > Vertical { width: 110; }
    NetworkCompareDialog #cmp-result { height: auto; }
    NetworkCompareDialog VerticalScroll { height: auto; max-height: 32; }
    NetworkCompareDialog .row { height: auto; }
    NetworkCompareDialog .row > FormField { width: 1fr; margin-right: 1; }
    """
    BINDINGS = bindings("viewer.close")
    COMMAND_SCOPES = ('viewer',)

    def __init__(self, versions: list[net.MapVersion]) -> None:
        super().__init__()
        self.versions = versions

    def compose(self) -> ComposeResult:
        opts = [(fmt_date(v.drawn_on) + f" ({v.people})", str(v.id)) for v in self.versions]
        with Vertical():
            yield Static(_("Compare two versions of the map"), classes="dialog-title")
            with Horizontal(classes="row"):
                yield FormField("before", _("Earlier"), Dropdown(
                    opts, value=opts[-2][1], allow_blank=False, id="cmp-before"))
                yield FormField("after", _("Later"), Dropdown(
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
