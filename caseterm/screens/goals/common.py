"""Shared pieces of the goals screens: GAS level names, the SMART hint text, the T-score chart,
the goal fields and how a conflicting value is shown."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import (
    Select,
    TextArea,
)

from caseterm.core import gas as gas_core
from caseterm.core import smart, vocab
from caseterm.core.goals import (
    GoalLevel,
    GoalOwner,
    GoalStatus,
    LifeDomain,
    Responsible,
)
from caseterm.i18n import N_, _, fmt_date

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


def goal_value_text(name: str, value) -> str:
    from caseterm.screens.conflict import show_value

    if name in _ENUMS and value:
        return vocab.label(value, _ENUMS[name])
    return show_value(value)
