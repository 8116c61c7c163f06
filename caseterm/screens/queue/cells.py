"""How a queue row is drawn: the kind, the lateness, the marker and the flags cells."""

from __future__ import annotations

from rich.text import Text

from caseterm.core.queue import (
    ESCALATION_LABELS,
    Escalation,
    is_flagged_postponed,
)
from caseterm.core.vocab import FollowUpKind, label
from caseterm.i18n import _, ngettext
from caseterm.services.followups import QueueRow


def kind_cell(kind: FollowUpKind) -> Text:
    """The kind in words; a legal deadline also carries the § sign (not colour alone)."""
    if kind is FollowUpKind.frist:
        return Text("§ " + label(kind), style="bold magenta")
    return Text(label(kind))


def lateness_cell(days: int) -> Text:
    """How late: "3 days" (the column says "late"), "today", nothing for the future."""
    if days > 0:
        return Text(ngettext("{n} day", "{n} days", days).format(n=days), style="bold red")
    if days == 0:
        return Text(_("today"), style="bold")
    return Text("")


def marker_cell(row: QueueRow) -> Text:
    if row.child_protection:
        return Text("⚠", style="bold red")
    if row.kind is FollowUpKind.frist:
        return Text("§", style="bold magenta")
    return Text("")


def flags_cell(row: QueueRow) -> Text:
    parts: list[tuple[str, str]] = []
    if row.child_protection:
        parts.append(("⚠ " + _("child protection"), "bold red"))
    if row.deadline_in is not None:
        parts.append(("§ " + (_("ends today") if row.deadline_in == 0 else ngettext(
            "ends in {n} working day", "ends in {n} working days", row.deadline_in
        ).format(n=row.deadline_in)), "bold magenta"))
    if row.escalation is not Escalation.none:
        parts.append(("↑ " + _(ESCALATION_LABELS[row.escalation]), "bold"))
    if is_flagged_postponed(row.postpone_count):
        parts.append((_("postponed {n}×").format(n=row.postpone_count), "bold yellow"))
    elif row.postpone_count:
        parts.append((_("postponed {n}×").format(n=row.postpone_count), "dim"))
    if row.has_plan:
        parts.append(("↻ " + _("series"), ""))
    if row.covering_for:
        parts.append((_("for {name}").format(name=row.covering_for), "bold cyan"))
    if row.referral_id is not None:
        parts.append(("← " + _("received referral") + " (B)", "bold cyan"))
    out = Text(end="")
    for i, (text, style) in enumerate(parts):
        if i:
            out.append(" · ", style="dim")
        out.append(text, style=style)
    return out
