"""The office's lists: the audit trail and the team lead's desk (caseload, approvals)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseterm.core.audit import record_label, summary
from caseterm.core.columns import Column
from caseterm.core.lists.cells import _iso
from caseterm.core.vocab import label
from caseterm.i18n import N_, _, fmt_date, fmt_datetime

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
