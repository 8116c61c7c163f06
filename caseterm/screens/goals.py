"""Goals and plan: the goal tree with a live SMART(ER) check, GAS scales and reviews with the
T-score over time, and the agreement with its versions (compare, agree, print).

Three tabs (keys 1, 2, 3). All database work runs in thread workers; the dialogs keep what was
typed when a check fails and show the message at the field.
"""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from caseterm.core import clock, smart, vocab
from caseterm.core import gas as gas_core
from caseterm.core import indication as ind
from caseterm.core.agreement import (
    AgreedHow,
    AgreementType,
    ParticipantRole,
    VersionStatus,
    check_participant,
    check_version,
    diff,
    latest_review_date,
)
from caseterm.core.goals import (
    GAS_MAX,
    GAS_MIN,
    GoalLevel,
    GoalOwner,
    GoalStatus,
    LifeDomain,
    Responsible,
    check_gas_levels,
    check_gas_review,
    check_goal,
    child_level,
)
from caseterm.core.validate import InputError
from caseterm.i18n import N_, _, fmt_date, fmt_number, ngettext
from caseterm.screens.base import BaseModal, BaseScreen
from caseterm.screens.conflict import ConflictDialog
from caseterm.screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from caseterm.services import Conflict
from caseterm.services import goals as goals_svc
from caseterm.services import intake as intake_svc
from caseterm.widgets.footer import TranslatedFooter
from caseterm.widgets.form import FormField, clear_errors, show_errors
from caseterm.widgets.goal_tree import GoalTree, TreeItem
from caseterm.widgets.safe import assemble, safe
from caseterm.widgets.tickbox import Checkbox

GAS_LEVEL_LABELS = {
    -2: N_("much less than expected"),
    -1: N_("somewhat less than expected"),
    0: N_("expected outcome (the SMART target)"),
    1: N_("somewhat more than expected"),
    2: N_("much more than expected"),
}


def _signed(level: int | None) -> str:
    if level is None:
        return "–"
    return f"+{level}" if level > 0 else str(level)


def _val(widget) -> str:
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    if isinstance(widget, TextArea):
        return widget.text
    return widget.value


def render_smart(result: smart.SmartResult, *, title: str = "") -> Text:
    """The check as text: ✓/✗ and words per criterion (never colour alone)."""
    out = Text(end="")
    head = title or _("SMART(ER) check")
    out.append(f"{head}: {result.passed}/{len(result.criteria)} ({result.score} %)\n",
               style="bold")
    for c in result.criteria:
        mark = "✓" if c.ok else "✗"
        out.append(f"{mark} {c.letter} {c.name}: ", style="bold green" if c.ok else "bold yellow")
        if c.ok:
            out.append(c.explanation + "\n", style="dim")
        else:
            for i, h in enumerate(c.hints):
                out.append(("" if i == 0 else "    ") + h.message + "\n")
    return out


goal_check = smart.check_fields


def t_chart(points: list[gas_core.GasPoint], height: int = 6, width: int = 56) -> Text:
    """T over time on the fixed scale 20–80 (50 = as expected): one bar per rating, placed on
    a time axis by its date (gas_core.time_columns), the dates and values below."""
    cols = gas_core.time_columns([p.day for p in points], width - 1)
    grid = [[" "] * (width + 1) for _ in range(height)]
    for col, p in zip(cols, points, strict=True):
        bar = gas_core.text_chart([p.t], height=height)
        for r in range(height):
            if bar[r] != " ":
                grid[r][col] = grid[r][col + 1] = bar[r]
    out = Text(end="")
    for i, row in enumerate(grid):
        axis = "80" if i == 0 else ("50" if i == height // 2 else "  ")
        out.append(f"{axis} │ ", style="dim")
        out.append("".join(row).rstrip() + "\n", style="bold cyan")
    out.append("20 └" + "─" * (width + 2) + "\n", style="dim")
    out.append("     " + _labels(cols, ["–" if p.t is None else f"{p.t:.0f}" for p in points],
                                 width) + "\n")
    out.append("     " + _labels(cols, [_("start") if p.day is None else fmt_date(p.day)[:5]
                                        for p in points], width), style="dim")
    return out


def _labels(cols: list[int], texts: list[str], width: int) -> str:
    """Labels under their columns; one that would overlap the one before moves right by up
    to 3 columns, or is left out."""
    line = [" "] * (width + 8)
    free = 0
    for col, text in zip(cols, texts, strict=True):
        start = max(col, free)
        if start - col > 3:
            continue
        for k, ch in enumerate(text):
            if start + k < len(line):
                line[start + k] = ch
        free = start + len(text) + 1
    return "".join(line).rstrip()


# -- dialogs ----------------------------------------------------------------------------------
# the goal dialog's widget of each stored field (conflict resolution writes chosen values back)
FIELD_WIDGETS = {
    "level": "#goal-level", "text_client": "#goal-text", "text_professional": "#goal-prof",
    "indicator": "#goal-indicator", "baseline": "#goal-baseline", "target": "#goal-target",
    "due_date": "#goal-due", "confidence": "#goal-confidence", "life_domain": "#goal-domain",
    "status": "#goal-status", "owner": "#goal-owner", "weight": "#goal-weight",
    "resources": "#goal-resources", "responsible": "#goal-responsible",
    "responsible_name": "#goal-responsible-name", "cost_bearer": "#goal-cost",
    "needs_approval": "#goal-approval",
}
TEXT_FIELDS = ("text_client", "text_professional", "indicator", "baseline", "target",
               "resources", "responsible_name", "cost_bearer")
_ENUMS = {"level": GoalLevel, "status": GoalStatus, "owner": GoalOwner,
          "life_domain": LifeDomain, "responsible": Responsible}


def _show_goal_value(name: str, value) -> str:
    from caseterm.screens.conflict import show_value

    if name in _ENUMS and value:
        return vocab.label(value, _ENUMS[name])
    return show_value(value)


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
                    yield FormField("level", _("Level"), Select(
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
                        yield FormField("life_domain", _("Life domain"), Select(
                            vocab.options(LifeDomain), value=(g.life_domain if g and g.life_domain
                                                         else Select.NULL),
                            prompt=_("none"), id="goal-domain"))
                        yield FormField("status", _("Status"), Select(
                            vocab.options(GoalStatus), value=(g.status.value if g
                                                         else GoalStatus.draft.value),
                            allow_blank=False, id="goal-status"))
                    with Horizontal(classes="row"):
                        yield FormField("owner", _("Whose goal"), Select(
                            vocab.options(GoalOwner), value=(g.owner if g else "client"),
                            allow_blank=False, id="goal-owner"))
                        yield FormField("weight", _("Weight 0–9"), Input(
                            "" if not g or g.weight is None else str(g.weight),
                            id="goal-weight"))
                    yield FormField("resources", _("Resources that help (comma-separated)"),
                                    Input(g.resources if g else "", id="goal-resources"))
                    with Vertical(id="measure-fields"):
                        with Horizontal(classes="row"):
                            yield FormField("responsible", _("Who does it"), Select(
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
        panel.update(render_smart(goal_check(raw, self.ctx), title=title))

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

        self.app.push_screen(ConflictDialog(exc, text_fields=TEXT_FIELDS, show=_show_goal_value),
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


class GasDialog(FormDialog):
    """The five-level GAS scale of an action goal, its baseline and weight."""

    DEFAULT_CSS = DIALOG_CSS.format(name="GasDialog") + """
    GasDialog > Vertical { width: 100; }
    GasDialog .row { height: auto; }
    GasDialog .row > FormField { width: 1fr; margin-right: 1; }
    """

    def __init__(self, goal: goals_svc.GoalRow, levels: dict[int, str]) -> None:
        super().__init__()
        self.goal = goal
        self.levels = levels

    def compose(self) -> ComposeResult:
        g = self.goal
        with Vertical():
            yield Static(assemble((_("GAS scale") + ": ", "bold"), g.text_client),
                         classes="dialog-title")
            with VerticalScroll():
                for lvl in range(GAS_MAX, GAS_MIN - 1, -1):
                    yield FormField(f"level_{lvl}", f"{_signed(lvl)}  {_(GAS_LEVEL_LABELS[lvl])}",
                                    Input(self.levels.get(lvl, g.target if lvl == 0 and
                                                          g.target else ""),
                                          id=f"gas-level-{lvl + 2}"))
                with Horizontal(classes="row"):
                    yield FormField("baseline_level", _("Level at the start"), Select(
                        [(_signed(lvl), str(lvl)) for lvl in range(GAS_MIN, GAS_MAX + 1)],
                        value=str(g.gas_baseline) if g.gas_baseline is not None else "-1",
                        allow_blank=True, prompt="–", id="gas-baseline"))
                    yield FormField("importance", _("Importance 0–3"), Input(
                        "" if g.importance is None else str(g.importance), id="gas-importance"))
                    yield FormField("difficulty", _("Difficulty 0–3"), Input(
                        "" if g.difficulty is None else str(g.difficulty), id="gas-difficulty"))
                    yield FormField("weight", _("or weight 0–9"), Input(
                        "" if g.weight is None else str(g.weight), id="gas-weight"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        # the first level still to describe; the target (level 0) is taken from the SMART
        # goal and is not selected, so typing cannot replace it
        fields = [self.query_one(f"#gas-level-{lvl + 2}", Input)
                  for lvl in range(GAS_MAX, GAS_MIN - 1, -1)]
        first = next((f for f in fields if not f.value), self.query_one("#gas-level-2", Input))
        first.focus()

    def action_save(self) -> None:
        raw = {f"level_{lvl}": self.query_one(f"#gas-level-{lvl + 2}", Input).value
               for lvl in range(GAS_MIN, GAS_MAX + 1)}
        raw["baseline_level"] = _val(self.query_one("#gas-baseline", Select))
        raw["importance"] = self.query_one("#gas-importance", Input).value
        raw["difficulty"] = self.query_one("#gas-difficulty", Input).value
        raw["weight"] = self.query_one("#gas-weight", Input).value
        try:
            data = check_gas_levels(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx = self.capp.ctx
        self.db_work(lambda: goals_svc.set_gas(ctx, self.goal.id, data),
                     lambda _r: self.dismiss(True))


class ReviewDialog(FormDialog):
    """Record the GAS level an action goal reached at a review."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReviewDialog")

    def __init__(self, goal: goals_svc.GoalRow, levels: dict[int, str]) -> None:
        super().__init__()
        self.goal = goal
        self.levels = levels

    def compose(self) -> ComposeResult:
        options = []
        for lvl in range(GAS_MAX, GAS_MIN - 1, -1):
            desc = self.levels.get(lvl) or _(GAS_LEVEL_LABELS[lvl])
            options.append((f"{_signed(lvl)}  {desc}"[:90], str(lvl)))
        with Vertical():
            yield Static(assemble((_("GAS review") + ": ", "bold"), self.goal.text_client),
                         classes="dialog-title")
            yield FormField("level", _("Level reached"), Select(
                options, prompt=_("choose the level"), id="review-level"))
            yield FormField("review_date", _("Review date"), Input(
                fmt_date(clock.today()), id="review-date"))
            yield FormField("note", _("Note"), Input(id="review-note"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#review-level", Select).focus()

    def action_save(self) -> None:
        raw = {"level": _val(self.query_one("#review-level", Select)),
               "review_date": self.query_one("#review-date", Input).value,
               "note": self.query_one("#review-note", Input).value}
        try:
            data = check_gas_review(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx = self.capp.ctx
        self.db_work(lambda: goals_svc.add_review(ctx, self.goal.id, data),
                     lambda rid: self.dismiss(rid))


class VersionDialog(FormDialog):
    """The draft version: kind of plan, review date, duties of each side, language."""

    DEFAULT_CSS = DIALOG_CSS.format(name="VersionDialog") + """
    VersionDialog TextArea { height: 5; }
    """

    def __init__(self, case_id: uuid.UUID, view: goals_svc.AgreementView) -> None:
        super().__init__()
        self.case_id = case_id
        self.view = view

    def compose(self) -> ComposeResult:
        v = self.view.latest
        locked = self.view.agreed is not None or any(
            x.status is VersionStatus.superseded for x in self.view.versions)
        with Vertical():
            yield Static(safe(_("Plan, version {n} (draft)").format(n=v.number)),
                         classes="dialog-title")
            with VerticalScroll():
                yield FormField("agreement_type", _("Kind of plan"), Select(
                    vocab.options(AgreementType), value=self.view.agreement_type.value,
                    allow_blank=False, disabled=locked, id="ver-type"))
                yield FormField("review_date", _("Review date"), Input(
                    fmt_date(v.review_date), id="ver-review"),
                    hint=_("at the latest {date}").format(date=fmt_date(
                        latest_review_date(self.view.agreement_type, clock.today()))))
                yield FormField("duties_client", _("What the client does"),
                                TextArea(v.duties_client, id="ver-duties-client"))
                yield FormField("duties_agency", _("What the service does"),
                                TextArea(v.duties_agency, id="ver-duties-agency"))
                yield FormField("language", _("Language of the conversation"), Input(
                    v.language, id="ver-language"))
                yield Checkbox(_("An interpreter took part"), value=v.interpreter_used,
                               id="ver-interpreter")
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#ver-review", Input).focus()

    def action_save(self) -> None:
        kind = AgreementType(_val(self.query_one("#ver-type", Select)))
        raw = {"review_date": self.query_one("#ver-review", Input).value,
               "duties_client": self.query_one("#ver-duties-client", TextArea).text,
               "duties_agency": self.query_one("#ver-duties-agency", TextArea).text,
               "language": self.query_one("#ver-language", Input).value,
               "interpreter_used": self.query_one("#ver-interpreter", Checkbox).value}
        try:
            data = check_version(raw, kind, clock.today())
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx, vid, case_id = self.capp.ctx, self.view.latest.id, self.case_id
        new_kind = kind if kind is not self.view.agreement_type else None

        def run():
            goals_svc.save_version(ctx, case_id, vid, data, new_kind)
            return True

        self.db_work(run, lambda _r: self.dismiss(True))


class ParticipantDialog(FormDialog):
    """A participant of the draft version and how they agreed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ParticipantDialog")

    def __init__(self, version_id: uuid.UUID,
                 participant: goals_svc.ParticipantRow | None = None) -> None:
        super().__init__()
        self.version_id = version_id
        self.participant = participant

    def compose(self) -> ComposeResult:
        p = self.participant
        with Vertical():
            yield Static(safe(_("Participant")), classes="dialog-title")
            yield FormField("name", _("Name"), Input(p.name if p else "", id="part-name"))
            yield FormField("role", _("Role"), Select(
                vocab.options(ParticipantRole), value=(p.role.value if p else "client"),
                allow_blank=False, id="part-role"))
            yield FormField("agreed_how", _("Agreed how"), Select(
                vocab.options(AgreedHow), value=(p.agreed_how.value if p else "pending"),
                allow_blank=False, id="part-how"))
            yield FormField("agreed_on", _("Agreed on"), Input(
                fmt_date(p.agreed_on) if p and p.agreed_on else "", id="part-on"),
                hint=_("empty = today"))
            yield FormField("note", _("Note"), Input(p.note if p else "", id="part-note"),
                            hint=_("needed for an oral agreement"))
            yield from self.compose_buttons()

    def on_mount(self) -> None:
        self.query_one("#part-how" if self.participant else "#part-name").focus()

    def action_save(self) -> None:
        raw = {"name": self.query_one("#part-name", Input).value,
               "role": _val(self.query_one("#part-role", Select)),
               "agreed_how": _val(self.query_one("#part-how", Select)),
               "agreed_on": self.query_one("#part-on", Input).value,
               "note": self.query_one("#part-note", Input).value}
        try:
            data = check_participant(raw)
        except InputError as exc:
            show_errors(self, exc.errors)
            return
        ctx = self.capp.ctx
        if self.participant is None:
            def run():
                return goals_svc.add_participant(ctx, self.version_id, data)
        else:
            pid = self.participant.id

            def run():
                goals_svc.update_participant(ctx, pid, data)
                return pid
        self.db_work(run, lambda r: self.dismiss(r))


class ApprovalDialog(BaseModal):
    """The team lead's decision on a measure: Y approves, N refuses, Escape leaves it open."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ApprovalDialog") + """
    ApprovalDialog TextArea { height: 3; }
    """
    # Y and N act at once; a refusal without a reason moves the focus to the reason field
    # (then Tab to "Refuse" and Enter).
    AUTO_FOCUS = "#approve"
    BINDINGS = [
        Binding("y,j", "decide(True)", N_("Approve")),
        Binding("n", "decide(False)", N_("Refuse")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, goal: goals_svc.GoalRow) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        g = self.goal
        with Vertical():
            yield Static(assemble((_("Decision on the measure") + ": ", "bold"),
                                  g.text_client), classes="dialog-title")
            who = g.responsible_name or (vocab.label(g.responsible, Responsible)
                                         if g.responsible else "—")
            info = Text(end="")
            for name, value in ((_("Who does it"), who), (_("Cost bearer"), g.cost_bearer or "—"),
                                (_("Now"), vocab.label(g.approval_state))):
                info.append(f"{name}: ", style="bold")
                info.append_text(safe(value))
                info.append("\n")
            yield Static(info)
            yield Static("", id="approval-cost")
            yield FormField("reason", _("Reason"), TextArea(id="appr-reason"),
                            hint=_("required: the caseworker sees it"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Refuse (N)"), id="refuse", variant="error")
                yield Button(_("Approve (Y)"), id="approve", variant="success")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.action_decide(event.button.id == "approve")

    def on_mount(self) -> None:
        from caseterm.services import closure as closure_svc

        ctx, gid = self.capp.ctx, self.goal.id
        self.db_work(lambda: closure_svc.cost_of_goal(ctx, gid), self._cost)

    def _cost(self, cost) -> None:
        """The measure's cost (issue 19), when one is recorded."""
        if cost is not None:
            from caseterm.core.conference import eur

            self.query_one("#approval-cost", Static).update(safe(
                _("Cost: planned {planned}, actual {actual}; {bearer} {basis}").format(
                    planned=eur(cost.planned), actual=eur(cost.actual),
                    bearer=cost.cost_bearer, basis=cost.legal_basis)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_decide(self, approve: bool) -> None:
        ctx, gid = self.capp.ctx, self.goal.id
        reason = self.query_one("#appr-reason", TextArea).text
        self.db_work(lambda: goals_svc.decide(ctx, gid, approve, reason),
                     lambda _r: self.dismiss(approve), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError) and "reason" in exc.errors:
            show_errors(self, exc.errors)  # a refusal needs its reason: stay open
            return
        if isinstance(exc, InputError):
            self.app.notify("\n".join(exc.errors.values()), severity="error", markup=False)
            self.dismiss(None)
            return
        self._db_failed(exc, None)


class CompareDialog(BaseModal):
    """Two versions side by side; changed lines marked with words, not colour alone."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CompareDialog") + """
    CompareDialog > Vertical { width: 140; height: 90%; }
    CompareDialog DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q", "close", N_("Close"))]

    def __init__(self, left: goals_svc.VersionRow, right: goals_svc.VersionRow,
                 left_content: dict, right_content: dict) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.left_content = left_content
        self.right_content = right_content

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(_("Version {a} and version {b} side by side").format(
                a=self.left.number, b=self.right.number)), classes="dialog-title")
            yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        t = self.query_one("#compare-table", DataTable)
        t.add_column("", key="kind", width=10)
        t.add_column(_("Version {n}").format(n=self.left.number), key="left", width=60)
        t.add_column(_("Version {n}").format(n=self.right.number), key="right", width=60)
        marks = {"same": "", "changed": _("changed"), "added": _("added"),
                 "removed": _("removed")}
        for row in diff(self.left_content, self.right_content):
            style = "" if row.kind == "same" else "bold"
            label = _(row.label) if row.section == "field" else (
                vocab.label(row.label, GoalLevel) if row.section == "goal" and row.label else "")
            left = f"{label}: {row.left}" if label and row.section == "field" else row.left
            right = f"{label}: {row.right}" if label and row.section == "field" else row.right
            t.add_row(Text(marks[row.kind], style="yellow"), safe(left, style, limit=200),
                      safe(right, style, limit=200))
        t.focus()

    def action_close(self) -> None:
        self.dismiss(None)


# -- the screen ----------------------------------------------------------------------------------
class GasPane(VerticalScroll):
    BINDINGS = [
        Binding("l", "screen.gas_levels", N_("GAS scale")),
        Binding("r", "screen.review", N_("Record review")),
    ]


class AgreementPane(VerticalScroll):
    BINDINGS = [
        Binding("v", "screen.edit_version", N_("Edit plan")),
        Binding("n", "screen.new_version", N_("New version")),
        Binding("p", "screen.add_participant", N_("Participant")),
        Binding("x,delete", "screen.remove_participant", N_("Remove participant"), show=False),
        Binding("o", "screen.agree", N_("Agree")),
        Binding("c", "screen.compare", N_("Compare")),
        Binding("d", "screen.print_plan", N_("Print PDF")),
    ]


class GoalsScreen(BaseScreen):
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
    BINDINGS = [
        Binding("1", "tab('tab-goals')", N_("Goal tree")),
        Binding("2", "tab('tab-gas')", N_("GAS")),
        Binding("3", "tab('tab-agreement')", N_("Agreement")),
        Binding("escape", "back", N_("Back")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.tree_data: goals_svc.GoalTree | None = None
        self.agreement: goals_svc.AgreementView | None = None
        self.history: list[gas_core.GasPoint] = []
        self.rho = gas_core.DEFAULT_RHO
        self.changes = 0

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
            with TabPane(_("2 GAS"), id="tab-gas"), GasPane(id="gas-pane"):
                yield Static("", id="gas-summary")
                yield Static("", id="gas-chart")
                yield Static(_("T-score at each review, with every goal's level"),
                             classes="section-title")
                yield DataTable(id="gas-table", cursor_type="row", zebra_stripes=True)
                yield Static(_("Action goals (select one for L / R)"),
                             classes="section-title")
                yield DataTable(id="gas-goals", cursor_type="row", zebra_stripes=True)
            with TabPane(_("3 Agreement"), id="tab-agreement"), \
                    AgreementPane(id="agr-pane"):
                yield Static("", id="agr-head")
                yield Static(_("Participants (Enter: how they agreed)"),
                             classes="section-title")
                yield DataTable(id="agr-participants", cursor_type="row", zebra_stripes=True)
                yield Static("", id="agr-duties")
                yield Static(_("Versions"), classes="section-title")
                yield DataTable(id="agr-versions", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        t = self.query_one("#agr-participants", DataTable)
        for key, title in (("name", _("Name")), ("role", _("Role")), ("how", _("Agreed how")),
                           ("on", _("On")), ("note", _("Note"))):
            t.add_column(title, key=key)
        v = self.query_one("#agr-versions", DataTable)
        for key, title in (("n", _("Version")), ("status", _("Status")),
                           ("review", _("Review date")), ("agreed", _("Agreed on"))):
            v.add_column(title, key=key)
        gg = self.query_one("#gas-goals", DataTable)
        for key, title in (("goal", _("Action goal")), ("w", _("Weight")),
                           ("base", _("Start")), ("now", _("Now")), ("scale", _("Scale"))):
            gg.add_column(title, key=key)
        self.query_one("#goal-tree", GoalTree).focus()
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.gas_rho(ctx), self._set_rho)
        self.db_work(lambda: intake_svc.summary(ctx, case_id), self._show_concerns,
                     group="goals-concerns")

    def _show_concerns(self, summary) -> None:
        """The concerns per life domain from the intake, beside the plan (issue 12)."""
        concerns = {d: t for d, t in (summary.concerns if summary else {}).items() if t}
        if not concerns:
            return
        out = Text(_("Concerns at the intake") + "\n", style="bold")
        for domain, text in concerns.items():
            out.append(ind.label(domain) + ": ", style="bold")
            out.append_text(safe(text, multiline=True))
            out.append("\n")
        self.query_one("#goal-concerns", Static).update(out)

    def _set_rho(self, rho: float) -> None:
        self.rho = rho
        self.action_reload()

    # -- loading -------------------------------------------------------------------------------
    def action_reload(self, keep: uuid.UUID | None = None) -> None:
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.plan_view(ctx, case_id),
                     lambda data: self._show(data, keep), group="goals-load", exclusive=True)

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
        return goal_check(d, self._smart_ctx(g.id))  # status draft → "not agreed yet"

    def _show(self, data, keep: uuid.UUID | None) -> None:
        tree, agreement, self.changes = data.tree, data.agreement, data.changes
        self.tree_data, self.agreement = tree, agreement
        items = []
        for g in tree.goals:
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
            items, keep=keep, empty_hint=_("No goals yet. Press A to add the guiding goal "
                                          "in the client's words."))
        self._show_head()
        self._show_side()
        self._show_gas()
        self._show_agreement()

    def _show_head(self) -> None:
        t = self.tree_data
        head = assemble((t.case_number, "bold"), " — ", (t.client_name, "bold"))
        a = self.agreement
        head.append("\n")
        if a is None:
            head.append(_("No plan yet: press 3, then V to start one."), style="dim")
        else:
            latest = a.latest
            head.append(vocab.label(a.agreement_type, AgreementType) + " · ")
            head.append(_("version {n}: {status}").format(
                n=latest.number, status=vocab.label(latest.status, VersionStatus)),
                style="bold" if latest.status is VersionStatus.agreed else "yellow")
            head.append(" · " + _("review on {date}").format(date=fmt_date(latest.review_date)))
            if a.agreed is None:
                head.append(" · " + _("no agreed version yet"), style="yellow")
            elif self.changes and latest.status is VersionStatus.agreed:
                head.append(" · " + ngettext(
                    "{n} change since the agreed version: make a new version (3, N)",
                    "{n} changes since the agreed version: make a new version (3, N)",
                    self.changes).format(n=self.changes), style="bold yellow")
        self.query_one("#goals-head", Static).update(head)

    def _current(self) -> goals_svc.GoalRow | None:
        if self.tree_data is None:
            return None
        gid = self.query_one("#goal-tree", GoalTree).current_id
        return self.tree_data.get(gid) if gid else None

    def on_tree_node_highlighted(self, _event) -> None:
        self._show_side()

    def _show_side(self) -> None:
        g = self._current()
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

    def _show_gas(self) -> None:
        tree = self.tree_data
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

    def _show_agreement(self) -> None:
        a = self.agreement
        head = self.query_one("#agr-head", Static)
        parts = self.query_one("#agr-participants", DataTable)
        versions = self.query_one("#agr-versions", DataTable)
        parts.clear()
        versions.clear()
        if a is None:
            head.update(Text(_("No plan yet. Press V to start the first version."),
                             style="dim"))
            self.query_one("#agr-duties", Static).update("")
            return
        v = a.latest
        text = assemble((vocab.label(a.agreement_type, AgreementType), "bold"))
        if a.legal_basis:
            text.append(f" · {a.legal_basis}")
        text.append("\n")
        text.append(_("Version {n}: {status}").format(
            n=v.number, status=vocab.label(v.status, VersionStatus)), style="bold")
        text.append(" · " + _("review on {date}").format(date=fmt_date(v.review_date)))
        if v.status is VersionStatus.agreed:
            text.append("\n" + _("Agreed versions are frozen. Press N to make a new version."),
                        style="dim")
        else:
            text.append("\n" + _("Draft: V edits, P adds a participant, O agrees the plan."),
                        style="dim")
        head.update(text)
        for p in v.participants:
            parts.add_row(safe(p.name, limit=40), vocab.label(p.role, ParticipantRole),
                          vocab.label(p.agreed_how, AgreedHow), fmt_date(p.agreed_on),
                          safe(p.note, limit=40), key=str(p.id))
        duties = Text(end="")
        for title, value in ((_("What the client does"), v.duties_client),
                             (_("What the service does"), v.duties_agency)):
            duties.append(title + ": ", style="bold")
            duties.append_text(safe(value or "—", multiline=True))
            duties.append("\n")
        self.query_one("#agr-duties", Static).update(duties)
        for x in a.versions:
            versions.add_row(str(x.number), vocab.label(x.status, VersionStatus),
                             fmt_date(x.review_date), fmt_date(x.agreed_on), key=str(x.id))

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

    # -- agreement commands ------------------------------------------------------------------------
    def _frozen(self) -> bool:
        a = self.agreement
        if a is not None and not a.latest.editable:
            self.notify(_("This version is agreed and cannot be changed. Press N to make a "
                          "new version."), severity="warning", timeout=6)
            return True
        return False

    def action_edit_version(self) -> None:
        if self._frozen():
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.draft_view(ctx, case_id),
                     lambda view: self.app.push_screen(VersionDialog(case_id, view),
                                                       lambda r: self.action_reload()))

    def action_new_version(self) -> None:
        a = self.agreement
        if a is not None and a.latest.editable:
            self.notify(_("Version {n} is still a draft; edit it with V.").format(
                n=a.latest.number), timeout=5)
            return
        ctx, case_id = self.capp.ctx, self.case_id
        self.db_work(lambda: goals_svc.ensure_draft(ctx, case_id),
                     lambda _v: (self.action_reload(),
                                 self.notify(_("New draft version made."), timeout=3)))

    def action_add_participant(self) -> None:
        if self.agreement is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        if self._frozen():
            return
        self.app.push_screen(ParticipantDialog(self.agreement.latest.id),
                             lambda r: self._after(r, None))

    def action_remove_participant(self) -> None:
        if self.agreement is None or self._frozen():
            return
        table = self.query_one("#agr-participants", DataTable)
        if not table.row_count:
            return
        pid = uuid.UUID(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        p = next((x for x in self.agreement.latest.participants if x.id == pid), None)
        if p is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                ctx = self.capp.ctx
                self.db_work(lambda: goals_svc.remove_participant(ctx, pid),
                             lambda _r: self.action_reload())

        self.app.push_screen(ConfirmDialog(_("Remove {name} from this version?").format(
            name=p.name)), confirmed)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "agr-participants" or self.agreement is None:
            return
        if self._frozen():
            return
        pid = uuid.UUID(event.row_key.value)
        p = next((x for x in self.agreement.latest.participants if x.id == pid), None)
        if p is not None:
            self.app.push_screen(ParticipantDialog(self.agreement.latest.id, p),
                                 lambda r: self._after(r, None))

    def action_agree(self) -> None:
        a = self.agreement
        if a is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        if self._frozen():
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            ctx, vid = self.capp.ctx, a.latest.id
            self.db_work(lambda: goals_svc.agree(ctx, vid),
                         lambda _r: (self.action_reload(),
                                     self.notify(_("The plan is agreed. The review is in the "
                                                   "follow-up queue."), timeout=5)),
                         on_error=self._agree_failed)

        self.app.push_screen(ConfirmDialog(_("Agree version {n} of the plan? It is frozen "
                                             "afterwards.").format(n=a.latest.number)),
                             confirmed)

    def _agree_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            self.notify("\n".join(exc.errors.values()), severity="error", timeout=10,
                        markup=False)
            return
        self._db_failed(exc, None)

    def action_compare(self) -> None:
        a = self.agreement
        if a is None or len(a.versions) < 2:
            self.notify(_("There is only one version; nothing to compare yet."),
                        severity="warning")
            return
        left, right = a.versions[1], a.versions[0]
        ctx = self.capp.ctx

        def load():
            return (goals_svc.version_content(ctx, left.id),
                    goals_svc.version_content(ctx, right.id))

        self.db_work(load, lambda both: self.app.push_screen(
            CompareDialog(left, right, both[0], both[1])))

    def action_print_plan(self) -> None:
        if self.agreement is None:
            self.notify(_("Start the plan first with V."), severity="warning")
            return
        ctx, case_id = self.capp.ctx, self.case_id
        from caseterm import config
        from caseterm.i18n import language
        from caseterm.services import paperwork

        lang = language()
        web = self.app.is_web

        def run():
            folder = config.data_dir() / "exports"
            path = goals_svc.export_plan(ctx, case_id, folder, lang=lang, action="print")
            head = paperwork.letterhead(ctx)
            notes = [paperwork.logo_warning(head)]
            if not web:  # the system's viewer or print command (CASETERM_VIEWER)
                notes.append(paperwork.hand_to_viewer(path))
            return path, [n for n in notes if n]

        self.db_work(run, self._printed)

    def _printed(self, result) -> None:
        path, notes = result
        self.notify(_("Plan saved as PDF: {path}").format(path=str(path)), timeout=10,
                    markup=False)
        for note in notes:
            self.notify(note, severity="warning", timeout=12, markup=False)
        if self.app.is_web:  # browser mode (caseterm serve --lab): the PDF goes to the browser
            self.app.deliver_binary(path, open_method="download", mime_type="application/pdf")

    # -- navigation ------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one("#goals-tabs", TabbedContent).active = tab
        focus = {"tab-goals": "#goal-tree", "tab-gas": "#gas-goals",
                 "tab-agreement": "#agr-participants"}[tab]
        self.query_one(focus).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["GoalsScreen", "goal_check", "render_smart"]
