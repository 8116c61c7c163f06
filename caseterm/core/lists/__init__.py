"""The column definitions of the lists shown both in the TUI and on the command line (issue
12): each list is defined once here, and its screen, its CLI table, `--plain`, `--json` and
CSV read it (see core.columns for what a Column holds).

The rows are the service layer's rows, read by attribute (duck typing: core knows nothing of
the services). A column's `table` cell is what the TUI table and the CLI table show; its
`data` value is the JSON/CSV value (stored enum values, ISO dates), documented in
docs/cli-json.md.

One module per family of lists: `followups` (the queue, a case's follow-ups), `records`
(cases, referrals, contact notes), `office` (audit trail, the team lead's desk), `sync`
(conflicts, duplicates); `cells` holds what their cells share. Every name is importable
from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseterm.core.columns import Column
from caseterm.core.lists.cells import (
    _enum,
    _frist,
    _iso,
    _label,
    _late_style,
    _text_id,
    due_style,
    lateness,
)
from caseterm.core.lists.followups import (
    FOLLOWUPS,
    QUEUE,
    days_late_text,
    queue_marker,
    queue_notes,
)
from caseterm.core.lists.office import (
    AUDIT,
    AUDIT_ACTIONS,
    CASELOAD,
    TEAM_APPROVALS,
    _area,
    _away,
    _phase,
)
from caseterm.core.lists.records import (
    CASES,
    NOTES,
    REFERRALS,
    _feedback_due_style,
    _feedback_due_text,
)
from caseterm.core.lists.sync import (
    CONFLICT_REASONS,
    CONFLICTS,
    DUPLICATES,
    _born,
    duplicate_reason,
    field_of,
    person_name,
    show_value,
)

__all__ = [
    "AUDIT", "AUDIT_ACTIONS", "CASELOAD", "CASES", "CONFLICTS", "CONFLICT_REASONS",
    "DUPLICATES", "FOLLOWUPS", "LISTS", "NOTES", "QUEUE", "REFERRALS", "TEAM_APPROVALS",
    "_area", "_away", "_born", "_enum", "_feedback_due_style", "_feedback_due_text", "_frist",
    "_iso", "_label", "_late_style", "_phase", "_text_id", "days_late_text", "due_style",
    "duplicate_reason", "field_of", "lateness", "person_name", "queue_marker", "queue_notes",
    "show_value",
]

LISTS: dict[str, Sequence[Column]] = {
    "queue": QUEUE, "followups": FOLLOWUPS, "cases": CASES, "referrals": REFERRALS,
    "notes": NOTES, "audit": AUDIT, "caseload": CASELOAD, "team_approvals": TEAM_APPROVALS,
    "conflicts": CONFLICTS, "duplicates": DUPLICATES,
}
