"""Goals and plan: the goal tree with a live SMART(ER) check, GAS scales and reviews with the
T-score over time, and the agreement with its versions (compare, agree, print).

Three tabs (keys 1, 2, 3), one module each (tree_tab, gas_tab, agreement_tab). All database
work runs in thread workers; the dialogs keep what was typed when a check fails and show the
message at the field.
"""

from __future__ import annotations

import uuid
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import (
    Header,
    Static,
    TabbedContent,
    TabPane,
)

from caseterm.core import clock, smart, vocab
from caseterm.core import gas as gas_core
from caseterm.core import indication as ind
from caseterm.core.agreement import (
    AgreementType,
    VersionStatus,
)
from caseterm.core.goals import (
    GoalLevel,
    GoalStatus,
    Responsible,
)
from caseterm.i18n import N_, _, fmt_date, ngettext
from caseterm.screens.base import BaseScreen, Loaded
from caseterm.screens.goals.agreement_tab import AgreementCommands, AgreementPane
from caseterm.screens.goals.gas_tab import GasPane
from caseterm.screens.goals.tree_tab import TreeCommands
from caseterm.services import goals as goals_svc
from caseterm.services import intake as intake_svc
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.goal_tree import GoalTree, TreeItem
from caseterm.widgets.registry import bindings
from caseterm.widgets.safe import assemble, safe


class GoalsScreen(TreeCommands, AgreementCommands, BaseScreen):
    TITLE_MSGID = N_("Goals and plan")
    HELP_MSGID = N_(
        "The goal hierarchy of the case: guiding goal (in the client's words), framework goals, "
        "action goals (SMART) and measures (who does what by when). In the tree: A adds a "
        "sub-goal, S a goal beside, E or Enter edits, X drops, Shift+Up/Down moves, > and < "
        "indent and outdent, L edits the GAS scale, R records a review. The hints beside the "
        "form follow every key you type. Tab 2 shows the GAS T-score over time with every "
        "goal's level; tab 3 the agreement: V edits the draft, P adds a participant, Enter on "
        "a participant records how they agreed, O agrees the plan (an agreed version is "
        "frozen), N starts a new version, C compares two versions, D prints the plan as PDF."
    )
    DEFAULT_CSS = """
    GoalsScreen #goals-head { height: auto; padding: 0 1; background: $boost; }
    GoalsScreen #goals-tabs { height: 1fr; }
    GoalsScreen TabPane { height: 1fr; padding: 0; }
    GoalsScreen #goals-main { height: 1fr; }
    GoalsScreen GasPane, GoalsScreen AgreementPane { height: 1fr; padding: 0 1; }
    GoalsScreen #goal-tree { width: 3fr; }
    GoalsScreen #goal-side { width: 2fr; padding: 0 1; border-left: solid $primary-darken-2; }
    GoalsScreen #gas-table { height: auto; max-height: 16; }
    GoalsScreen #gas-chart { height: auto; margin: 1 0; }
    GoalsScreen #gas-goals { height: auto; max-height: 12; }
    GoalsScreen #agr-participants { height: auto; max-height: 10; }
    GoalsScreen #agr-versions { height: auto; max-height: 8; }
    GoalsScreen .section-title { text-style: bold; margin-top: 1; }
    """
    BINDINGS = bindings("goals")
    COMMAND_SCOPES = ('goals', 'goals.tree', 'goals.gas', 'goals.agreement')
    plan: var[goals_svc.PlanView | None] = var(None, init=False, always_update=True)
    rho: var[float] = var(gas_core.DEFAULT_RHO, init=False)
    # the goal under the tree's cursor; the side panel is drawn from it (TreeCommands)
    selected: var[goals_svc.GoalRow | None] = var(None, init=False, always_update=True)

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self._keep: uuid.UUID | None = None

    # Derived from the plan: what the tabs and the commands read.
    @property
    def tree_data(self) -> goals_svc.GoalTree | None:
        return self.plan.tree if self.plan else None

    @property
    def agreement(self) -> goals_svc.AgreementView | None:
        return self.plan.agreement if self.plan else None

    @property
    def changes(self) -> int:
        return self.plan.changes if self.plan else 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="goals-head")
        with TabbedContent(initial="tab-goals", id="goals-tabs"):
            with TabPane(_("1 Goals"), id="tab-goals"), Horizontal(id="goals-main"):
                yield GoalTree(id="goal-tree")
                with VerticalScroll(id="goal-side"):
                    yield Static("", id="goal-detail")
                    yield Static("", id="goal-smart")
                    yield Static("", id="goal-concerns")
            with TabPane(_("2 GAS"), id="tab-gas"):
                yield GasPane(id="gas-pane").data_bind(GoalsScreen.plan, GoalsScreen.rho)
            with TabPane(_("3 Agreement"), id="tab-agreement"):
                yield AgreementPane(id="agr-pane").data_bind(GoalsScreen.plan)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#goal-tree", GoalTree).focus()
        self._load_rho()
        self._load_concerns()

    # -- loading: workers post typed messages --------------------------------------------------
    class RhoLoaded(Loaded[float]):
        """ρ, the correlation the GAS T-score assumes."""

    class PlanLoaded(Loaded[tuple[goals_svc.PlanView, uuid.UUID | None]]):
        """The plan, and the goal to keep selected."""

    class ConcernsLoaded(Loaded[Any]):
        """The intake's summary (concerns per life domain), or None."""

    @work(thread=True, exclusive=True, group="goals-rho", exit_on_error=False)
    def _load_rho(self) -> None:
        ctx = self.capp.ctx
        self.deliver(lambda: goals_svc.gas_rho(ctx), self.RhoLoaded)

    @work(thread=True, exclusive=True, group="goals-concerns", exit_on_error=False)
    def _load_concerns(self) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.deliver(lambda: intake_svc.summary(ctx, case_id), self.ConcernsLoaded)

    @work(thread=True, exclusive=True, group="goals-load", exit_on_error=False)
    def _load_plan(self, keep: uuid.UUID | None) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.deliver(lambda: (goals_svc.plan_view(ctx, case_id), keep), self.PlanLoaded)

    @on(RhoLoaded)
    def _rho_loaded(self, event: RhoLoaded) -> None:
        self.rho = event.data
        self.action_reload()

    @on(ConcernsLoaded)
    def _concerns_loaded(self, event: ConcernsLoaded) -> None:
        """The concerns per life domain from the intake, beside the plan (issue 12)."""
        summary = event.data
        concerns = {d: t for d, t in (summary.concerns if summary else {}).items() if t}
        if not concerns:
            return
        out = Text(_("Concerns at the intake") + "\n", style="bold")
        for domain, text in concerns.items():
            out.append(ind.label(domain) + ": ", style="bold")
            out.append_text(safe(text, multiline=True))
            out.append("\n")
        self.query_one("#goal-concerns", Static).update(out)

    @on(PlanLoaded)
    def _plan_loaded(self, event: PlanLoaded) -> None:
        self._keep = event.data[1]
        self.plan = event.data[0]  # the tabs follow (watch_plan here, data_bind in the panes)

    def action_reload(self, keep: uuid.UUID | None = None) -> None:
        self._load_plan(keep)

    def _smart_ctx(self, goal_id: uuid.UUID | None = None) -> smart.CheckContext:
        review = None
        if self.agreement is not None:
            review = self.agreement.latest.review_date
        last = None
        if goal_id is not None and self.tree_data is not None:
            r = self.tree_data.last_review(goal_id)
            last = r.review_date if r else None
        return smart.CheckContext(
            today=clock.today(), review_date=review, last_review=last,
            open_goals=self.tree_data.open_action_goals if self.tree_data else None)

    def _check_row(self, g: goals_svc.GoalRow) -> smart.SmartResult | None:
        if g.level not in (GoalLevel.handlungsziel, GoalLevel.massnahme):
            return None
        d = g.as_dict()
        d["resources"] = g.resources
        d["is_new"] = False
        return smart.check_fields(d, self._smart_ctx(g.id))  # status draft → "not agreed yet"

    def watch_plan(self, plan: goals_svc.PlanView | None) -> None:
        if plan is None:
            return
        items = []
        for g in plan.tree.goals:
            result = self._check_row(g) if g.status is not GoalStatus.dropped else None
            extra = ""
            if g.level is GoalLevel.massnahme:
                extra = g.responsible_name or (vocab.label(g.responsible, Responsible)
                                               if g.responsible else "")
                if g.needs_approval:
                    extra += " · " + vocab.label(g.approval_state)
            items.append(TreeItem(
                id=g.id, parent_id=g.parent_id, depth=g.depth, level=g.level,
                text=g.text_client, status=g.status, due=g.due_date,
                score=(f"{result.passed}/{len(result.criteria)}" if result else ""),
                extra=extra))
        self.query_one("#goal-tree", GoalTree).show(
            items, keep=self._keep, empty_hint=_("No goals yet. Press A to add the guiding "
                                                "goal in the client's words."))
        self.query_one("#goals-head", Static).update(self._head_text(plan))
        self.selected = self._current()

    def _head_text(self, plan: goals_svc.PlanView) -> Text:
        t, a = plan.tree, plan.agreement
        head = assemble((t.case_number, "bold"), " — ", (t.client_name, "bold"))
        head.append("\n")
        if a is None:
            head.append(_("No plan yet: press 3, then V to start one."), style="dim")
            return head
        latest = a.latest
        head.append(vocab.label(a.agreement_type, AgreementType) + " · ")
        head.append(_("version {n}: {status}").format(
            n=latest.number, status=vocab.label(latest.status, VersionStatus)),
            style="bold" if latest.status is VersionStatus.agreed else "yellow")
        head.append(" · " + _("review on {date}").format(date=fmt_date(latest.review_date)))
        if a.agreed is None:
            head.append(" · " + _("no agreed version yet"), style="yellow")
        elif plan.changes and latest.status is VersionStatus.agreed:
            head.append(" · " + ngettext(
                "{n} change since the agreed version: make a new version (3, N)",
                "{n} changes since the agreed version: make a new version (3, N)",
                plan.changes).format(n=plan.changes), style="bold yellow")
        return head

    def _current(self) -> goals_svc.GoalRow | None:
        if self.tree_data is None:
            return None
        gid = self.query_one("#goal-tree", GoalTree).current_id
        return self.tree_data.get(gid) if gid else None

    def on_tree_node_highlighted(self, _event) -> None:
        self.selected = self._current()

    # -- navigation ------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one("#goals-tabs", TabbedContent).active = tab
        focus = {"tab-goals": "#goal-tree", "tab-gas": "#gas-goals",
                 "tab-agreement": "#agr-participants"}[tab]
        self.query_one(focus).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["GoalsScreen"]
