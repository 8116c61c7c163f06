"""The column definitions of the lists shown both in the TUI and on the command line (issue
12): each list is defined once here, and its screen, its CLI table, `--plain`, `--json` and
CSV read it (see core.columns for what a Column holds).

The rows are the service layer's rows, read by attribute (duck typing: core knows nothing of
the services). A column's `table` cell is what the TUI table and the CLI table show; its
`data` value is the JSON/CSV value (stored enum values, ISO dates), documented in
docs/cli-json.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from caseterm.core import clock
from caseterm.core.audit import record_label, summary
from caseterm.core.columns import Column
from caseterm.core.duplicates import REASONS as DUPLICATE_REASONS
from caseterm.core.field_labels import field_label
from caseterm.core.queue import (
    ESCALATION_LABELS,
    Escalation,
    is_flagged_postponed,
    section_label,
)
from caseterm.core.referrals import status_label
from caseterm.core.vocab import label
from caseterm.i18n import N_, _, fmt_date, fmt_datetime, ngettext


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _enum(value: Any) -> str | None:
    return value.value if value is not None else None


def _label(value: Any) -> str:
    return label(value) if value is not None else ""


def due_style(due: Any) -> str:
    """Overdue in bold red, due today in bold (the lateness column says it in words)."""
    if due is None:
        return ""
    today = clock.today()
    return "bold red" if due < today else ("bold" if due == today else "")


def lateness(days: int) -> str:
    """How late: "3 days" (the column says "late"), "today", nothing for the future."""
    if days > 0:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    return _("today") if days == 0 else ""


def _late_style(days: int) -> str:
    return "bold red" if days > 0 else ("bold" if days == 0 else "")


def _frist(row: Any) -> bool:
    return getattr(row.kind, "value", None) == "frist"


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


# -- the case list and search (screens/case_list, `caseterm cases search`) --------------------
CASES: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False),
    Column("child_protection", "!", lambda r: r.child_protection,
           lambda r: "⚠" if r.child_protection else "", style=lambda r: "bold red",
           narrow=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("client", N_("Client"), lambda r: f"{r.last_name}, {r.first_name}", width=36,
           data=False),
    Column("first_name", N_("First name"), lambda r: r.first_name, table=False),
    Column("last_name", N_("Last name"), lambda r: r.last_name, table=False),
    Column("birth_date", N_("Born"), lambda r: _iso(r.birth_date),
           lambda r: fmt_date(r.birth_date), fixed=True),
    Column("legal_area", N_("Legal area"), lambda r: _enum(r.legal_area),
           lambda r: _label(r.legal_area)),
    Column("phase", N_("Phase"), lambda r: _enum(r.phase), lambda r: _label(r.phase)),
    Column("lead_worker", N_("Lead worker"), lambda r: r.lead_worker, width=24),
    Column("next_due", N_("Next due"), lambda r: _iso(r.next_due),
           lambda r: fmt_date(r.next_due), style=lambda r: due_style(r.next_due), fixed=True),
    Column("overdue", N_("Overdue"), lambda r: r.overdue, lambda r: r.overdue or "",
           style=lambda r: "bold red", fixed=True),
)


# -- the referrals of a case (screens/referrals, `caseterm referral list`) --------------------
def _feedback_due_text(r: Any) -> str:
    return fmt_date(r.feedback_due) if r.awaiting_feedback else ""


def _feedback_due_style(r: Any) -> str:
    return "bold red" if r.awaiting_feedback and r.feedback_due < clock.today() else ""


REFERRALS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("child_protection_concern", "!", lambda r: r.child_protection_concern,
           lambda r: "⚠" if r.child_protection_concern else "", style=lambda r: "bold red",
           narrow=True),
    Column("sent_on", N_("Sent"), lambda r: r.sent_on.isoformat(),
           lambda r: fmt_date(r.sent_on), fixed=True),
    Column("recipient", N_("Recipient"), lambda r: r.recipient, width=50),
    Column("status", N_("Status"), lambda r: r.status.value, lambda r: status_label(r.status)),
    Column("feedback_due", N_("Feedback due"), lambda r: r.feedback_due.isoformat(),
           _feedback_due_text, style=_feedback_due_style, fixed=True),
    Column("consent_basis", N_("Basis"), lambda r: r.consent_basis.value,
           lambda r: _("consent") if r.consent_basis.value == "consent" else _("legal ground")),
    Column("target", N_("Kind of referral"), lambda r: r.target.value,
           lambda r: label(r.target), table=False),
    Column("target_legal_area", N_("Legal area"), lambda r: _enum(r.target_legal_area),
           lambda r: _label(r.target_legal_area), table=False),
    Column("legal_exception", N_("Legal ground"), lambda r: _enum(r.legal_exception),
           lambda r: _label(r.legal_exception), table=False),
    Column("contact", N_("Contact"), lambda r: r.contact, table=False),
    Column("purpose", N_("Purpose"), lambda r: r.purpose, table=False),
    Column("feedback", N_("Feedback"), lambda r: r.feedback, table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


# -- the contact notes of a case (screens/record_notes, `caseterm case show`) -----------------
NOTES: Sequence[Column] = (
    Column("occurred_at", N_("When"), lambda r: r.occurred_at.isoformat(),
           lambda r: fmt_datetime(r.occurred_at)),
    Column("kind", N_("Kind"), lambda r: r.kind.value, lambda r: label(r.kind)),
    Column("author", N_("Author"), lambda r: r.author, width=20),
    Column("text", N_("Note"), lambda r: r.text, width=70),
    Column("participants", N_("Participants"), lambda r: r.participants, table=False),
)


# -- the audit trail (screens/audit, `caseterm audit show`, `case history`) -------------------
AUDIT_ACTIONS = {
    "create": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
    "open": N_("opened"), "export": N_("exported"), "print": N_("printed"),
    "refuse": N_("refused"),
}

AUDIT: Sequence[Column] = (
    Column("seq", "#", lambda r: r.seq, fixed=True),
    Column("at", N_("When"), lambda r: r.at.isoformat(), lambda r: fmt_datetime(r.at), fixed=True),
    Column("who", N_("Who"), lambda r: r.actor_name, width=24),
    Column("action", N_("What"), lambda r: r.action,
           lambda r: _(AUDIT_ACTIONS.get(r.action, r.action)),
           style=lambda r: "bold red" if r.action == "refuse" else ""),
    Column("entity", N_("Record"), lambda r: r.entity, lambda r: record_label(r.entity),
           width=24),
    Column("record", N_("Record id"), lambda r: r.record_id, table=False),
    Column("case_id", N_("Case id"), lambda r: str(r.case_id) if r.case_id else None,
           table=False),
    Column("detail", N_("Details"), lambda r: r.detail, lambda r: summary(r.detail),
           width=80),
)


# -- the team lead's desk (screens/team, `caseterm team caseload|approvals`) ------------------
def _away(r: Any) -> str:
    if not r.absent_until:
        return ""
    return _("until {date} → {deputy}").format(date=fmt_date(r.absent_until), deputy=r.deputy)


CASELOAD: Sequence[Column] = (
    Column("worker", N_("Worker"), lambda r: r.worker, width=24),
    Column("open_cases", N_("Open"), lambda r: r.open_cases, fixed=True),
    Column("child_protection", "⚠", lambda r: r.child_protection, lambda r: r.child_protection,
           style=lambda r: "bold red" if r.child_protection else "", fixed=True),
    Column("overdue", N_("Overdue"), lambda r: r.overdue, fixed=True),
    Column("postponed", N_("Postponed"), lambda r: r.postponed, fixed=True),
    Column("absent_until", N_("Absent"), lambda r: _iso(r.absent_until), _away, width=40),
    Column("deputy", N_("Deputy"), lambda r: r.deputy, table=False),
    Column("by_phase", N_("By phase"), lambda r: r.by_phase, lambda r: ", ".join(
        f"{_phase(k)} {v}" for k, v in sorted(r.by_phase.items())), table=False),
    Column("by_legal_area", N_("By legal area"), lambda r: r.by_area, lambda r: ", ".join(
        f"{_area(k)} {v}" for k, v in sorted(r.by_area.items())), table=False),
)


def _phase(value: str) -> str:
    from caseterm.core.vocab import CasePhase

    return label(CasePhase(value))


def _area(value: str) -> str:
    from caseterm.core.vocab import LegalArea

    return label(LegalArea(value))


TEAM_APPROVALS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.goal_id), table=False, handle=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("measure", N_("Measure"), lambda r: r.measure, width=28),
    Column("provider", N_("Provider"), lambda r: r.provider, lambda r: r.provider or "—",
           width=14),
    Column("cost", N_("Cost bearer"), lambda r: r.cost, lambda r: r.cost or "—", width=14),
    Column("client", N_("Client"), lambda r: r.client_name, table=False),
    Column("worker", N_("Worker"), lambda r: r.worker, table=False),
    Column("goal", N_("Goal"), lambda r: r.goal, table=False),
    Column("due", N_("Due"), lambda r: _iso(r.due_date), lambda r: fmt_date(r.due_date),
           table=False),
)


# -- sync conflicts and duplicates (screens/sync_*, `caseterm sync conflicts|duplicates`) ----
CONFLICT_REASONS = {
    "same_field": N_("changed on both sides"),
    "closed": N_("changed in a case closed meanwhile"),
    "deleted": N_("changed in an item deleted meanwhile"),
}


def show_value(value: Any) -> str:
    """A field's value for people: "—" for nothing, yes/no, a local date."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return fmt_date(value)
    return str(value)


def field_of(row: Any) -> str:
    """The conflicting field's name for people ("Titel", "Telefon (Klient*in)")."""
    name = field_label(row.field)
    if row.entity not in ("casefile", "case"):
        name += f" ({record_label(row.entity)})"
    return name


CONFLICTS: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("case_number", N_("Case"), lambda r: r.case_number, fixed=True),
    Column("field", N_("Field"), lambda r: r.field, field_of, width=28),
    Column("local_value", N_("Kept so far"), lambda r: r.local_value,
           lambda r: show_value(r.local_value), width=36),
    Column("remote_value", N_("Came with the sync"), lambda r: r.remote_value,
           lambda r: show_value(r.remote_value), width=36),
    Column("case_id", N_("Case id"), lambda r: _text_id(r.case_id), table=False),
    Column("entity", N_("Record"), lambda r: r.entity, lambda r: record_label(r.entity),
           table=False),
    Column("record_id", N_("Record id"), lambda r: str(r.record_id), table=False),
    Column("reason", N_("Why"), lambda r: r.reason,
           lambda r: _(CONFLICT_REASONS[r.reason]) if r.reason in CONFLICT_REASONS
           else r.reason, table=False),
    Column("local_author", N_("Kept so far by"), lambda r: r.local_author, table=False),
    Column("local_at", N_("Kept so far at"), lambda r: r.local_at, table=False),
    Column("remote_author", N_("Synced by"), lambda r: r.remote_author, table=False),
    Column("remote_at", N_("Synced at"), lambda r: r.remote_at, table=False),
    Column("state", N_("State"), lambda r: r.state, table=False),
    Column("decision", N_("Decision"), lambda r: r.decision, table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


def person_name(name: str) -> str:
    """A person the duplicate check found only in the centre's name index (not checked out
    to this laptop) has no name here."""
    return name or _("(only at the central office)")


def duplicate_reason(reason: str) -> str:
    msgid = DUPLICATE_REASONS.get(reason)
    return _(msgid) if msgid else reason


def _born(value: Any) -> str:
    return fmt_date(value) if value else "—"


DUPLICATES: Sequence[Column] = (
    Column("id", N_("Id"), lambda r: str(r.id), table=False, handle=True),
    Column("name_a", N_("First person"), lambda r: r.name_a, lambda r: person_name(r.name_a),
           width=32),
    Column("birth_a", N_("Born"), lambda r: _iso(r.birth_a), lambda r: _born(r.birth_a),
           fixed=True),
    Column("name_b", N_("Second person"), lambda r: r.name_b, lambda r: person_name(r.name_b),
           width=32),
    Column("birth_b", N_("Born"), lambda r: _iso(r.birth_b), lambda r: _born(r.birth_b),
           fixed=True),
    Column("reason", N_("Why"), lambda r: r.reason, lambda r: duplicate_reason(r.reason),
           style=lambda r: "dim"),
    Column("person_a", N_("First person's id"), lambda r: str(r.person_a), table=False),
    Column("person_b", N_("Second person's id"), lambda r: str(r.person_b), table=False),
    Column("score", N_("Score"), lambda r: r.score, table=False),
    Column("state", N_("State"), lambda r: r.state, table=False),
    Column("case_id", N_("Case id"), lambda r: _text_id(r.case_id), table=False),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


def _text_id(value: Any) -> str | None:
    return str(value) if value is not None else None


LISTS: dict[str, Sequence[Column]] = {
    "queue": QUEUE, "followups": FOLLOWUPS, "cases": CASES, "referrals": REFERRALS,
    "notes": NOTES, "audit": AUDIT, "caseload": CASELOAD, "team_approvals": TEAM_APPROVALS,
    "conflicts": CONFLICTS, "duplicates": DUPLICATES,
}
