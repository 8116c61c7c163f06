"""Add or edit a goal or measure, with the SMART(ER) hints beside the form."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Input,
    Select,
    Static,
)

from caseterm.core import smart, vocab
from caseterm.core.goals import (
    GoalLevel,
    GoalOwner,
    GoalStatus,
    LifeDomain,
    Responsible,
    check_goal,
)
from caseterm.core.validate import InputError
from caseterm.i18n import _, fmt_date
from caseterm.screens.conflict import ConflictDialog
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.screens.goals.common import (
    FIELD_WIDGETS,
    TEXT_FIELDS,
    _val,
    goal_value_text,
    render_smart,
)
from caseterm.services import Conflict
from caseterm.services import goals as goals_svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.safe import safe
from caseterm.widgets.tickbox import Checkbox


class GoalDialog(FormDialog):
    """Add or edit a goal or measure; the SMART(ER) hints beside the form follow every key."""

    DEFAULT_CSS = DIALOG_CSS.format(name="GoalDialog") + """
    GoalDialog > Vertical { width: 130; height: 95%; }
    GoalDialog #goal-columns { height: 1fr; }
    GoalDialog #measure-fields { height: auto; }
    GoalDialog #goal-form { width: 3fr; height: 1fr; }
    GoalDialog #smart-scroll { width: 2fr; height: 1fr; padding: 0 1;
                               border-left: solid $primary; }
    GoalDialog .row { height: auto; }
    GoalDialog .row > FormField { width: 1fr; margin-right: 1; }
    """

    def __init__(self, case_id: uuid.UUID, ctx: smart.CheckContext, *,
                 goal: goals_svc.GoalRow | None = None, level: GoalLevel | None = None,
                 parent_id: uuid.UUID | None = None, after_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.ctx = ctx
        self.goal = goal
        self.level = goal.level if goal else (level or GoalLevel.leitziel)
        self.parent_id = parent_id
        self.after_id = after_id
        # what an edit started from: a change someone else saves meanwhile is not overwritten
        self.base_version = goal.row_version if goal else None
        self.base = goals_svc.row_values(goal) if goal else None

    def compose(self) -> ComposeResult:
        g = self.goal
        title = _("Edit goal") if g else _("New goal")
        with Vertical():
            yield Static(safe(title), classes="dialog-title")
            with Horizontal(id="goal-columns"):
                with VerticalScroll(id="goal-form"):
                    yield FormField("level", _("Level"), Dropdown(
                        vocab.options(GoalLevel), value=self.level.value, allow_blank=False,
                        id="goal-level"))
                    yield FormField("text_client", _("Goal in the client's words"), Input(
                        g.text_client if g else "", id="goal-text"),
                        hint=_("“By … I have …”"))
                    yield FormField("text_professional", _("Professional wording (optional)"),
                                    Input(g.text_professional if g else "", id="goal-prof"))
                    yield FormField("indicator", _("How will we know it is reached?"), Input(
                        g.indicator if g else "", id="goal-indicator"))
                    with Horizontal(classes="row"):
                        yield FormField("baseline", _("Starting point"), Input(
                            g.baseline if g else "", id="goal-baseline"))
                        yield FormField("target", _("Target"), Input(
                            g.target if g else "", id="goal-target"))
                    with Horizontal(classes="row"):
                        yield FormField("due_date", _("By when"), Input(
                            fmt_date(g.due_date) if g and g.due_date else "", id="goal-due"),
                            hint=_("DD.MM.YYYY, “+2w”"))
                        yield FormField("confidence", _("Client's confidence 0–10"), Input(
                            "" if not g or g.confidence is None else str(g.confidence),
                            id="goal-confidence"))
                    with Horizontal(classes="row"):
                        yield FormField("life_domain", _("Life domain"), Dropdown(
                            vocab.options(LifeDomain), value=(g.life_domain if g and g.life_domain
                                                         else Select.NULL),
                            prompt=_("none"), id="goal-domain"))
                        yield FormField("status", _("Status"), Dropdown(
                            vocab.options(GoalStatus), value=(g.status.value if g
                                                         else GoalStatus.draft.value),
                            allow_blank=False, id="goal-status"))
                    with Horizontal(classes="row"):
                        yield FormField("owner", _("Whose goal"), Dropdown(
                            vocab.options(GoalOwner), value=(g.owner if g else "client"),
                            allow_blank=False, id="goal-owner"))
                        yield FormField("weight", _("Weight 0–9"), Input(
                            "" if not g or g.weight is None else str(g.weight),
                            id="goal-weight"))
                    yield FormField("resources", _("Resources that help (comma-separated)"),
                                    Input(g.resources if g else "", id="goal-resources"))
                    with Vertical(id="measure-fields"):
                        with Horizontal(classes="row"):
                            yield FormField("responsible", _("Who does it"), Dropdown(
                                vocab.options(Responsible),
                                value=(g.responsible if g and g.responsible else Select.NULL),
                                prompt=_("choose"), id="goal-responsible"))
                            yield FormField("responsible_name", _("Name (provider, person)"),
                                            Input(g.responsible_name if g else "",
                                                  id="goal-responsible-name"))
                        yield FormField("cost_bearer", _("Cost bearer"), Input(
                            g.cost_bearer if g else "", id="goal-cost"))
                        yield Checkbox(_("Needs the team lead's approval"),
                                       value=bool(g and g.needs_approval),
                                       id="goal-approval")
                # the form and the hints scroll each on their own; the buttons stay in view
                with VerticalScroll(id="smart-scroll", can_focus=False):
                    yield Static("", id="smart-panel")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self._sync_measure()
        self._update_smart()
        self.query_one("#goal-text", Input).focus()

    def raw(self) -> dict:
        q = self.query_one
        return {
            "level": _val(q("#goal-level", Select)),
            "text_client": _val(q("#goal-text", Input)),
            "text_professional": _val(q("#goal-prof", Input)),
            "indicator": _val(q("#goal-indicator", Input)),
            "baseline": _val(q("#goal-baseline", Input)),
            "target": _val(q("#goal-target", Input)),
            "due_date": _val(q("#goal-due", Input)),
            "confidence": _val(q("#goal-confidence", Input)),
            "life_domain": _val(q("#goal-domain", Select)),
            "status": _val(q("#goal-status", Select)),
            "owner": _val(q("#goal-owner", Select)),
            "weight": _val(q("#goal-weight", Input)),
            "resources": _val(q("#goal-resources", Input)),
            "responsible": _val(q("#goal-responsible", Select)),
            "responsible_name": _val(q("#goal-responsible-name", Input)),
            "cost_bearer": _val(q("#goal-cost", Input)),
            "needs_approval": q("#goal-approval", Checkbox).value,
        }

    def _sync_measure(self) -> None:
        is_measure = _val(self.query_one("#goal-level", Select)) == GoalLevel.massnahme.value
        self.query_one("#measure-fields").display = is_measure

    def _update_smart(self) -> None:
        raw = self.raw()
        raw["is_new"] = self.goal is None or (self.goal.due_date is None)
        level = raw["level"]
        panel = self.query_one("#smart-panel", Static)
        if level in (GoalLevel.leitziel.value, GoalLevel.rahmenziel.value):
            panel.update(Text(_("Guiding and framework goals describe the direction in the "
                                "client's words; the SMART check applies to action goals and "
                                "measures."), style="dim"))
            return
        title = _("Who, what, by when") if level == GoalLevel.massnahme.value else ""
        panel.update(render_smart(smart.check_fields(raw, self.ctx), title=title))

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._update_smart()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "goal-level":
            self._sync_measure()
        self._update_smart()

    def action_save(self) -> None:
        g = self.goal
        try:
            data = check_goal(self.raw(), is_new=g is None, old_due=g.due_date if g else None)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        clear_errors(self)
        ctx = self.capp.ctx
        if g is None:
            def run():
                return goals_svc.add_goal(ctx, self.case_id, data, parent_id=self.parent_id,
                                          after_id=self.after_id)
        else:
            version, base = self.base_version, self.base

            def run():
                return goals_svc.update_goal(ctx, g.id, data, base_version=version, base=base,
                                             fields=FIELD_WIDGETS)
        self.db_work(run, lambda goal_id: self.dismiss(goal_id), on_error=self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Conflict):
            self._db_failed(exc, None)
            return

        def resolved(values: dict | None) -> None:
            if values is None:
                return  # back to the form, nothing saved
            self.base = {**(self.base or {}), **{f.field: f.theirs for f in exc.fields}}
            self.base_version = exc.current_version
            for name, value in values.items():
                if name in FIELD_WIDGETS:
                    self._put(name, value)
            self.action_save()

        self.app.push_screen(ConflictDialog(exc, text_fields=TEXT_FIELDS, show=goal_value_text),
                             resolved)

    def _put(self, name: str, value) -> None:
        """Show a stored value in its field (after a conflict was resolved)."""
        widget = self.query_one(FIELD_WIDGETS[name])
        if isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = Select.NULL if value in (None, "") else str(value)
        elif name == "due_date":
            widget.value = fmt_date(value) if value else ""
        else:
            widget.value = "" if value is None else str(value)
