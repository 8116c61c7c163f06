"""The GAS scale of an action goal and the review that records its level."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Input,
    Select,
    Static,
)

from caseterm.core import clock
from caseterm.core.goals import (
    GAS_MAX,
    GAS_MIN,
    check_gas_levels,
    check_gas_review,
)
from caseterm.core.validate import InputError
from caseterm.i18n import _, fmt_date
from caseterm.screens.dialogs import DIALOG_CSS, FormDialog
from caseterm.screens.goals.common import GAS_LEVEL_LABELS, _signed, _val
from caseterm.services import goals as goals_svc
from caseterm.widgets.dropdown import Dropdown
from caseterm.widgets.form import FormField, show_errors
from caseterm.widgets.safe import assemble


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
                    yield FormField("baseline_level", _("Level at the start"), Dropdown(
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
            yield FormField("level", _("Level reached"), Dropdown(
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
