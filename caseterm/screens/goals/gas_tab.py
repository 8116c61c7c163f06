"""Tab 2: the GAS T-score over time, with every action goal's level."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import (
    DataTable,
    Static,
)

from caseterm.core import gas as gas_core
from caseterm.core.goals import (
    GoalLevel,
    GoalStatus,
)
from caseterm.i18n import _, fmt_date, fmt_number
from caseterm.screens.goals.common import _signed, t_chart
from caseterm.services import goals as goals_svc
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import safe
from caseterm.widgets.tables import MeasuredTable


class GasPane(VerticalScroll):
    """Draws itself whenever the screen's plan or ρ changes (both bound with `data_bind`)."""

    BINDINGS = bindings("goals.gas")
    plan: var[goals_svc.PlanView | None] = var(None, init=False, always_update=True)
    rho: var[float] = var(gas_core.DEFAULT_RHO, init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[gas_core.GasPoint] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="gas-summary")
        yield Static("", id="gas-chart")
        yield Static(_("T-score at each review, with every goal's level"),
                     classes="section-title")
        yield MeasuredTable(id="gas-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("Action goals (select one for L / R)"), classes="section-title")
        yield MeasuredTable(id="gas-goals", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        gg = self.query_one("#gas-goals", DataTable)
        for key, title in (("goal", _("Action goal")), ("w", _("Weight")),
                           ("base", _("Start")), ("now", _("Now")), ("scale", _("Scale"))):
            gg.add_column(title, key=key)

    def watch_rho(self) -> None:
        if self.plan is not None:
            self.watch_plan(self.plan)

    def watch_plan(self, plan: goals_svc.PlanView | None) -> None:
        if plan is None:
            return
        tree = plan.tree
        self.history = goals_svc.gas_history(tree, self.rho)
        gas_goals = goals_svc.gas_goals(tree)
        summary = self.query_one("#gas-summary", Static)
        table = self.query_one("#gas-table", DataTable)
        table.clear(columns=True)
        if not gas_goals:
            summary.update(Text(_("No GAS scales yet. Select an action goal in tab 1 or below "
                                  "and press L to describe its five levels."), style="dim"))
            self.query_one("#gas-chart", Static).update("")
        else:
            first, last = self.history[0], self.history[-1]
            text = Text(end="")
            text.append(_("GAS T-score now: "), style="bold")
            text.append("–" if last.t is None else fmt_number(last.t), style="bold")
            if first.t is not None and last.t is not None:
                text.append("  " + _("at the start: {t}").format(t=fmt_number(first.t)))
                text.append("  " + _("change: {d}").format(
                    d=fmt_number(last.t - first.t, sign=True)))
            rho_digits = 1 if round(self.rho, 1) == self.rho else 2
            text.append("  ρ = " + fmt_number(self.rho, rho_digits), style="dim")
            text.append("\n" + _("50 = every goal reached as expected. Read T together with "
                                 "each goal's level below."), style="dim")
            summary.update(text)
            self.query_one("#gas-chart", Static).update(t_chart(self.history))
            table.add_column(_("Review day"), key="date")
            table.add_column("T", key="t")
            for i, g in enumerate(gas_goals):
                table.add_column(Text(f"{i + 1}. {g.label[:18]}"), key=str(g.id))
            for p in self.history:
                table.add_row(_("start") if p.day is None else fmt_date(p.day),
                              "–" if p.t is None else fmt_number(p.t),
                              *[_signed(p.levels.get(g.id)) for g in gas_goals])
        gg = self.query_one("#gas-goals", DataTable)
        gg.clear()
        for g in tree.goals:
            if g.level is not GoalLevel.handlungsziel or g.status is GoalStatus.dropped:
                continue
            last = tree.last_review(g.id)
            gg.add_row(safe(g.text_client, limit=60),
                       "" if g.weight is None else str(g.weight), _signed(g.gas_baseline),
                       _signed(last.level) if last else "–",
                       "✓" if g.id in tree.gas_levels else "–", key=str(g.id))
