"""The follow-up lists: the queue (screens/queue, `caseterm queue`) and the follow-ups of a
case (the case screen, `caseterm followup list`, `case show`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseterm.core import clock
from caseterm.core.columns import Column
from caseterm.core.lists.cells import _frist, _late_style, due_style, lateness
from caseterm.core.queue import (
    ESCALATION_LABELS,
    Escalation,
    is_flagged_postponed,
    section_label,
)
from caseterm.core.vocab import label
from caseterm.i18n import N_, _, fmt_date, ngettext


def queue_marker(row: Any) -> tuple[str, str]:
    """⚠ for child protection, § for a legal deadline (a symbol, never colour alone)."""
    if row.child_protection:
        return "⚠", "bold red"
    if _frist(row):
        return "§", "bold magenta"
    return "", ""


def queue_notes(row: Any) -> list[tuple[str, str]]:
    """The notes of a queue row as (text, style) pieces."""
    parts: list[tuple[str, str]] = []
    if row.child_protection:
        parts.append(("⚠ " + _("child protection"), "bold red"))
    if row.deadline_in is not None:
        parts.append(("§ " + (_("ends today") if row.deadline_in == 0 else ngettext(
            "ends in {n} working day", "ends in {n} working days", row.deadline_in
        ).format(n=row.deadline_in)), "bold magenta"))
    if row.escalation is not Escalation.none:
        parts.append(("↑ " + _(ESCALATION_LABELS[row.escalation]), "bold"))
    if row.postpone_count:
        parts.append((_("postponed {n}×").format(n=row.postpone_count),
                      "bold yellow" if is_flagged_postponed(row.postpone_count) else "dim"))
    if row.has_plan:
        parts.append(("↻ " + _("series"), ""))
    if row.covering_for:
        parts.append((_("for {name}").format(name=row.covering_for), "bold cyan"))
    if row.referral_id is not None:
        parts.append(("← " + _("received referral"), "bold cyan"))
    return parts


# -- the follow-up queue (screens/queue, `caseterm queue`) ------------------------------------
# Whose follow-up it is comes first: case, client and assignee fit in 80 columns.
QUEUE: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False),
    Column("section", N_("Section"), lambda r: r.section.name,
           lambda r: section_label(r.section), style=lambda r: "bold",
           first=lambda r: r.first_in_section),
    Column("flag", "!", lambda r: queue_marker(r)[0], style=lambda r: queue_marker(r)[1],
           narrow=True, data=False),
    Column("due_date", N_("Due"), lambda r: r.due_date.isoformat(),
           lambda r: fmt_date(r.due_date), style=lambda r: due_style(r.due_date), fixed=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("client", N_("Client"), lambda r: r.client_name, width=18),
    Column("assignee", N_("Assigned to"), lambda r: r.assignee, width=10),
    Column("next_step", N_("Next step"), lambda r: r.next_step, width=44),
    Column("days_late", N_("Late"), lambda r: max(0, r.days_late(clock.today())),
           lambda r: lateness(r.days_late(clock.today())),
           style=lambda r: _late_style(r.days_late(clock.today())), fixed=True),
    Column("kind", N_("Kind"), lambda r: r.kind.value,
           lambda r: ("§ " if _frist(r) else "") + label(r.kind),
           style=lambda r: "bold magenta" if _frist(r) else ""),
    Column("notes", N_("Notes"), lambda r: None, parts=queue_notes, data=False),
    Column("legal_deadline", "§", _frist, table=False),
    Column("legal_area", N_("Legal area"), lambda r: r.legal_area.value,
           lambda r: label(r.legal_area), table=False),
    Column("priority", N_("Priority"), lambda r: r.priority.value,
           lambda r: label(r.priority), table=False),
    Column("child_protection", N_("Child protection"), lambda r: r.child_protection,
           table=False),
    Column("postpone_count", N_("Postponed"), lambda r: r.postpone_count, table=False),
    Column("escalation", N_("Escalation"), lambda r: r.escalation.name, table=False),
    Column("series", N_("Series"), lambda r: r.has_plan, table=False),
    Column("for_colleague", N_("Deputising"), lambda r: r.covering_for,
           lambda r: _("for {name}").format(name=r.covering_for) if r.covering_for else "",
           table=False),
    Column("received_referral", N_("Received referral"),
           lambda r: str(r.referral_id) if r.referral_id else None,
           lambda r: "← " + _("received referral") if r.referral_id else "", table=False),
)


# -- the follow-ups of a case (the case screen, `caseterm followup list`, `case show`) --------
def days_late_text(days: int) -> str:
    """"3 days late", "today", nothing for the future."""
    if days > 0:
        return ngettext("{n} day late", "{n} days late", days).format(n=days)
    return _("today") if days == 0 else ""


FOLLOWUPS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("flag", "!", lambda r: "§" if _frist(r) else "", style=lambda r: "bold magenta",
           narrow=True, data=False),
    Column("due_date", N_("Due"), lambda r: r.due_date.isoformat(),
           lambda r: fmt_date(r.due_date), style=lambda r: due_style(r.due_date), fixed=True),
    Column("days_late", N_("Late"), lambda r: max(0, r.days_late(clock.today())),
           lambda r: days_late_text(r.days_late(clock.today())),
           style=lambda r: _late_style(r.days_late(clock.today())), fixed=True),
    Column("kind", N_("Kind"), lambda r: r.kind.value, lambda r: label(r.kind)),
    Column("next_step", N_("Next step"), lambda r: r.next_step, width=70),
    Column("assignee", N_("Assigned to"), lambda r: r.assignee, width=24),
    Column("priority", N_("Priority"), lambda r: r.priority.value,
           lambda r: label(r.priority), table=False),
    Column("status", N_("Status"), lambda r: r.status.value, lambda r: label(r.status),
           table=False),
    Column("postpone_count", N_("Postponed"), lambda r: r.postpone_count, table=False),
    Column("case_number", N_("Case"), lambda r: r.case_number, table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)
