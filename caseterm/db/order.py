"""The one queue order as SQL columns, for the model classes and for the lean Core tables alike.

core.queue.sort_key (section, child protection, legal deadline, due date, priority) expressed
over whichever columns the caller reads: db.repo.followups (model classes) and db.repo.queue
(caseterm.db.tables, the lean read path) both build their ORDER BY here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case as sql_case

from caseterm.core.queue import DEFAULT_PRIORITY_RANK, PRIORITY_RANK, Section, week_end
from caseterm.core.vocab import FollowUpKind


def queue_order(today: date, *, due_date: Any, kind: Any, priority: Any,
                child_protection: Any) -> list:
    section = sql_case(
        (due_date < today, int(Section.overdue)),
        (due_date == today, int(Section.today)),
        (due_date <= week_end(today), int(Section.week)), else_=int(Section.later),
    )
    cp = sql_case((child_protection.is_(True), 0), else_=1)
    legal = sql_case((kind == FollowUpKind.frist.value, 0), else_=1)
    prio = sql_case(*[(priority == p, rank) for p, rank in PRIORITY_RANK.items()],
                    else_=DEFAULT_PRIORITY_RANK)
    return [section, cp, legal, due_date, prio]
