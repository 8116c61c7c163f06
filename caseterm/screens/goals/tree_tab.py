"""Tab 1: the goal tree's side panel and its commands (add, edit, drop, move, GAS, review)."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.widgets import (
    DataTable,
    Static,
    TabbedContent,
)

from caseterm.core import vocab
from caseterm.core.goals import (
    GoalLevel,
    LifeDomain,
    Responsible,
    child_level,
)
from caseterm.i18n import _, fmt_date
from caseterm.screens.dialogs import ConfirmDialog
from caseterm.screens.goals.agreement_dialogs import ApprovalDialog
from caseterm.screens.goals.common import render_smart
from caseterm.screens.goals.gas_dialogs import GasDialog, ReviewDialog
from caseterm.screens.goals.goal_dialog import GoalDialog
from caseterm.services import goals as goals_svc
from caseterm.widgets.goal_tree import GoalTree
from caseterm.widgets.safe import assemble, safe


class TreeCommands:
    """The goal tree's commands, mixed into GoalsScreen."""

    def watch_selected(self, g: goals_svc.GoalRow | None) -> None:
        """The side panel follows the goal under the tree's cursor (GoalsScreen.selected)."""
        detail = self.query_one("#goal-detail", Static)
        hints = self.query_one("#goal-smart", Static)
        if g is None:
            detail.update(Text(_("Keys in the tree: A sub-goal · S goal beside · E edit · "
                                 "X drop · Shift+↑/↓ move · > < indent/outdent · L GAS scale "
                                 "· R review"), style="dim"))
            hints.update("")
            return
        rows: list[tuple[str, str]] = [
            (_("Level"), vocab.label(g.level)),
            (_("Status"), vocab.label(g.status)),
            (_("Professional wording"), g.text_professional),
            (_("Indicator"), g.indicator),
            (_("Starting point"), g.baseline),
            (_("Target"), g.target),
            (_("By when"), fmt_date(g.due_date)),
            (_("Client's confidence"), "" if g.confidence is None else f"{g.confidence}/10"),
            (_("Weight"), "" if g.weight is None else str(g.weight)),
            (_("Life domain"), vocab.label(g.life_domain, LifeDomain) if g.life_domain else ""),
            (_("Resources that help"), g.resources),
        ]
        if g.level is GoalLevel.massnahme:
            rows += [(_("Who does it"), (vocab.label(g.responsible, Responsible)
                                         if g.responsible else "") +
                      (f" — {g.responsible_name}" if g.responsible_name else "")),
                     (_("Cost bearer"), g.cost_bearer),
                     (_("Approval"), vocab.label(g.approval_state))]
        out = assemble((g.text_client, "bold"))
        out.append("\n")
        for name, value in rows:
            if value:
                out.append(f"{name}: ", style="bold")
                out.append_text(safe(value, multiline=True))
                out.append("\n")
        detail.update(out)
        result = self._check_row(g)
        hints.update(render_smart(result) if result else "")


    # -- tree commands ---------------------------------------------------------------------------
    def _after(self, result, keep: uuid.UUID | None = None) -> None:
        if result is not None:
            self.action_reload(keep if keep is not None else (
                result if isinstance(result, uuid.UUID) else None))

    def on_goal_tree_command(self, event: GoalTree.Command) -> None:
        tree = self.tree_data
        if tree is None:
            return
        g = tree.get(event.goal_id) if event.goal_id else None
        action = event.action
        if action in ("child", "sibling"):
            self._add(action, g)
            return
        if g is None:
            self.notify(_("No goal selected. Press A to add one."), severity="warning")
            return
        if action == "edit":
            self.app.push_screen(GoalDialog(self.case_id, self._smart_ctx(g.id), goal=g),
                                 self._after)
        elif action == "drop":
            def confirmed(yes: bool | None) -> None:
                if yes:
                    ctx = self.capp.ctx
                    self.db_work(lambda: goals_svc.drop(ctx, g.id),
                                 lambda _n: self.action_reload(g.id))

            self.app.push_screen(ConfirmDialog(_("Drop this goal and everything below it? "
                                                 "It stays in the record as dropped.")),
                                 confirmed)
        elif action in ("up", "down", "indent", "outdent"):
            ctx = self.capp.ctx
            fn = {"up": lambda: goals_svc.move(ctx, g.id, -1),
                  "down": lambda: goals_svc.move(ctx, g.id, 1),
                  "indent": lambda: goals_svc.indent(ctx, g.id),
                  "outdent": lambda: goals_svc.outdent(ctx, g.id)}[action]
            self.db_work(fn, lambda _ok: self.action_reload(g.id))
        elif action == "gas":
            self._gas_levels(g)
        elif action == "review":
            self._review(g)
        elif action == "approve":
            refusal = goals_svc.may_decide(self.capp.ctx, g)
            if refusal:
                self.notify(refusal, severity="warning", markup=False)
                return
            self.app.push_screen(ApprovalDialog(g), lambda r: self._after(r, g.id))

    def _add(self, how: str, g: goals_svc.GoalRow | None) -> None:
        if how == "child" and g is not None:
            if g.level is GoalLevel.massnahme:
                self.notify(_("A measure has no sub-goals. Press S to add a measure beside "
                              "it."), severity="warning")
                return
            level, parent, after = child_level(g.level), g.id, None
        elif g is not None:
            level, parent, after = g.level, g.parent_id, g.id
        else:
            level, parent, after = GoalLevel.leitziel, None, None
        self.app.push_screen(GoalDialog(self.case_id, self._smart_ctx(), level=level,
                                        parent_id=parent, after_id=after), self._after)

    def _selected_action_goal(self) -> goals_svc.GoalRow | None:
        tabs = self.query_one("#goals-tabs", TabbedContent)
        if tabs.active == "tab-gas":
            t = self.query_one("#gas-goals", DataTable)
            if t.row_count:
                key = t.coordinate_to_cell_key(t.cursor_coordinate).row_key.value
                return self.tree_data.get(uuid.UUID(key))
            return None
        return self._current()

    def _gas_levels(self, g: goals_svc.GoalRow | None) -> None:
        if g is None or g.level is not GoalLevel.handlungsziel:
            self.notify(_("GAS scales belong to action goals. Select one first."),
                        severity="warning")
            return
        self.app.push_screen(GasDialog(g, self.tree_data.gas_levels.get(g.id, {})),
                             lambda r: self._after(r, g.id))

    def _review(self, g: goals_svc.GoalRow | None) -> None:
        if g is None or g.level is not GoalLevel.handlungsziel:
            self.notify(_("Reviews are recorded for action goals. Select one first."),
                        severity="warning")
            return
        self.app.push_screen(ReviewDialog(g, self.tree_data.gas_levels.get(g.id, {})),
                             lambda r: self._after(r, g.id))

    def action_gas_levels(self) -> None:
        self._gas_levels(self._selected_action_goal())

    def action_review(self) -> None:
        self._review(self._selected_action_goal())
