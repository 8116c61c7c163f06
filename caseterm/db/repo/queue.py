"""The follow-up queue: keyset-paged queries on indexed columns. The queue's actions (done,
postpone, reassign, chains and recurrences) are in `db.repo.queue_actions`, re-exported here.

Scopes: `mine` (my items, plus other workers' items escalated to me as their deputy or
team lead), `team` (everyone in my team), `worker` (one given worker). Filters: legal area,
kind, overdue only, due today or earlier only. The order is core.queue.sort_key: section,
child protection, legal deadline, due date (days overdue), priority — and the id, so the
keyset cursor is unique. Every query starts from `ix_follow_up_queue`
(assignee_id, status, due_date): it stays fast with 300,000 follow-ups.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, tuple_

from caseterm.core import clock
from caseterm.core.access import Actor
from caseterm.core.followup_text import render
from caseterm.core.queue import (
    DEFAULT_ESCALATION,
    DEFAULT_PRIORITY_RANK,
    PRIORITY_RANK,
    Escalation,
    EscalationRule,
    Section,
    deadline_warning,
    escalation_by_cutoffs,
    escalation_cutoff,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, FollowUpStatus, LegalArea, Priority
from caseterm.core.workdays import WorkCalendar, calendar_for
from caseterm.db import tables
from caseterm.db.engine import Database
from caseterm.db.order import queue_order
from caseterm.db.repo import access
from caseterm.db.repo.queue_actions import (  # noqa: F401  (re-exported: queue.done etc.)
    Check,
    NotOpen,
    PostponementRow,
    _open,
    appointment,
    calendar_of,
    case_of,
    done,
    due_and_calendar,
    last_writer,
    plan_of,
    postpone,
    postponements,
    reassign,
    set_plan,
    set_time,
    upcoming_window,
    workers_for_reassign,
)
from caseterm.i18n import _

# The queue is read on the lean path: SQLAlchemy Core on caseterm.db.tables, no model classes
# (the TUI's queue and `caseterm queue` run this same query). The actions use the models.
Session = Any
F, C, CL, W, P, AB = (tables.follow_up.c, tables.casefile.c, tables.client.c, tables.worker.c,
                      tables.follow_up_plan.c, tables.absence.c)

SCOPES = ("mine", "team", "worker")
ANSWER_SOURCE = "referral_answer"  # db.repo.referrals.ANSWER_SOURCE


@dataclass(frozen=True)
class QueueFilter:
    viewer_id: uuid.UUID
    scope: str = "mine"
    worker_id: uuid.UUID | None = None  # for scope "worker"
    legal_area: str | None = None
    kind: str | None = None
    overdue_only: bool = False
    until_today: bool = False


@dataclass(frozen=True)
class QueueRow:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    legal_area: LegalArea
    kind: FollowUpKind
    due_date: date
    next_step: str
    assignee_id: uuid.UUID
    assignee: str
    priority: Priority
    postpone_count: int
    child_protection: bool
    section: Section
    escalation: Escalation
    first_in_section: bool
    has_plan: bool
    cursor: tuple = field(repr=False, compare=False)
    deadline_in: int | None = None  # a legal deadline due within 3 working days
    # The absent colleague's name when the viewer has this item as her deputy ("für …").
    covering_for: str = ""
    row_version: int = 0
    due_time: time | None = None  # an appointment's time of day (0016_times)
    # A referral addressed to the viewer (source "referral_answer"): its id; the row is
    # answered (services.people.answer_referral), not done or postponed.
    referral_id: uuid.UUID | None = None

    def days_late(self, today: date | None = None) -> int:
        return ((today or clock.today()) - self.due_date).days


@dataclass(frozen=True)
class QueueContext:
    """What the viewer's queue needs besides the filter: today, the office calendar, the
    escalation rule and who escalates to the viewer."""

    today: date
    cal: WorkCalendar
    rule: EscalationRule
    deputy_for: tuple[uuid.UUID, ...]
    lead_for: tuple[uuid.UUID, ...]
    team: tuple[uuid.UUID, ...]
    # Absent colleagues whose items the viewer has in her own queue today (her deputyship).
    covering: frozenset[uuid.UUID] = frozenset()
    # The cases the viewer may read, as an SQL condition (access.visible_cases); None: no
    # restriction (code below the door only).
    visible: Any = field(default=None, compare=False)

    @cached_property
    def deputy_cutoff(self) -> date:
        return escalation_cutoff(self.today, self.cal, self.rule.deputy_after)

    @cached_property
    def lead_cutoff(self) -> date:
        return escalation_cutoff(self.today, self.cal, self.rule.lead_after)

    def escalation(self, due: date) -> Escalation:
        """core.queue.escalation, with the two cut-off days computed once per view."""
        return escalation_by_cutoffs(due, self.deputy_cutoff, self.lead_cutoff)


ESCALATE_DEPUTY = "followups.escalate_deputy_after"
ESCALATE_LEAD = "followups.escalate_lead_after"


def escalation_rule(session: Session) -> EscalationRule:
    """The office's escalation thresholds (working days overdue), defaults 5 and 10."""
    from caseterm.db.repo import settings

    values = {}
    for key in (ESCALATE_DEPUTY, ESCALATE_LEAD):
        value = settings.get_in(session, key)
        if value is not None and value.isdigit():
            values[key] = int(value)
    return EscalationRule(
        deputy_after=values.get(ESCALATE_DEPUTY, DEFAULT_ESCALATION.deputy_after),
        lead_after=values.get(ESCALATE_LEAD, DEFAULT_ESCALATION.lead_after),
        postpone_flag=DEFAULT_ESCALATION.postpone_flag)


def set_escalation(db: Database, deputy_after: int, lead_after: int) -> None:
    from caseterm.db.repo import settings

    if not 1 <= deputy_after <= lead_after <= 100:
        raise InputError({"escalation": _(
            "The deputy's threshold must be at least 1 and not above the team lead's.")})
    with db.write() as s:
        settings.put(s, ESCALATE_DEPUTY, str(deputy_after))
        settings.put(s, ESCALATE_LEAD, str(lead_after))


def covered_absences(session: Session, deputy_id: uuid.UUID, today: date
                     ) -> frozenset[uuid.UUID]:
    """The absent colleagues `deputy_id` deputises for today."""
    return frozenset(session.execute(select(AB.worker_id).where(
        AB.deputy_id == deputy_id, AB.starts_on <= today,
        AB.ends_on >= today, AB.worker_id != deputy_id)).scalars().all())


def context(session: Session, viewer_id: uuid.UUID, *, today: date | None = None,
            rule: EscalationRule | None = None, actor: Actor | None = None) -> QueueContext:
    """The viewer's queue context, computed once per run. With `actor` (the door's caller)
    the team is the actor's (core.access: a team lead's team), her deputyships for absent
    colleagues join her own queue, and every row is limited to the cases she may read."""
    if rule is None:
        rule = escalation_rule(session)
    viewer = access.worker_row(session, viewer_id)
    if viewer is None:
        raise LookupError(str(viewer_id))
    today = today or clock.today()
    deputy_for = tuple(session.execute(select(W.id).where(
        W.deputy_id == viewer_id, W.id != viewer_id)).scalars().all())
    lead_for = tuple(session.execute(select(W.id).where(
        W.team_lead_id == viewer_id, W.id != viewer_id)).scalars().all())
    covering: frozenset[uuid.UUID] = frozenset()
    visible = None
    if actor is not None:
        team: set[uuid.UUID] = {actor.id, *actor.covers}
        covering = covered_absences(session, actor.id, today)
        visible = access.visible_cases(actor, today, lean=True)
    else:
        team = {viewer_id, *lead_for}  # a team lead's team: those they lead
        if viewer.team:
            team.update(session.execute(select(W.id).where(W.team == viewer.team)
                                        ).scalars().all())
    return QueueContext(
        today=today,
        cal=calendar_for(viewer.land, viewer.catholic_municipality, viewer.augsburg),
        rule=rule, deputy_for=deputy_for, lead_for=lead_for, team=tuple(sorted(team)),
        covering=covering, visible=visible,
    )


def _order_columns(today: date):
    return [*queue_order(today, due_date=F.due_date, kind=F.kind, priority=F.priority,
                         child_protection=C.child_protection), F.id]


def _scope_clause(flt: QueueFilter, ctx: QueueContext):
    if flt.scope == "team":
        return F.assignee_id.in_(ctx.team)
    if flt.scope == "worker" and flt.worker_id is not None:
        return F.assignee_id == flt.worker_id
    terms = [F.assignee_id == flt.viewer_id]
    if ctx.covering:
        terms.append(F.assignee_id.in_(sorted(ctx.covering)))
    if ctx.deputy_for:
        cutoff = ctx.deputy_cutoff
        terms.append(and_(F.assignee_id.in_(ctx.deputy_for),
                          F.due_date <= cutoff))
    if ctx.lead_for:
        cutoff = ctx.lead_cutoff
        terms.append(and_(F.assignee_id.in_(ctx.lead_for),
                          F.due_date <= cutoff))
    return or_(*terms) if len(terms) > 1 else terms[0]


def _where(flt: QueueFilter, ctx: QueueContext) -> list:
    clauses = [F.status == FollowUpStatus.open.value, _scope_clause(flt, ctx)]
    if ctx.visible is not None:
        # a referral addressed to the viewer shows in her queue although the sender's case
        # is not hers: the row carries only what the referral shares (people.IncomingReferral)
        clauses.append(or_(ctx.visible, and_(F.source_type == ANSWER_SOURCE,
                                             F.assignee_id == flt.viewer_id)))
    if flt.legal_area:
        clauses.append(C.legal_area == flt.legal_area)
    if flt.kind:
        clauses.append(F.kind == flt.kind)
    if flt.overdue_only:
        clauses.append(F.due_date < ctx.today)
    elif flt.until_today:
        clauses.append(F.due_date <= ctx.today)
    return clauses


def queue_page(session: Session, flt: QueueFilter, ctx: QueueContext, *,
               after: tuple | None = None, limit: int = 200) -> list[QueueRow]:
    """One page of the queue after the keyset cursor `after` (None: the first page).

    Two steps in one statement: the inner query finds the page's ids in queue order from
    follow_up (index ix_follow_up_queue) and casefile only, carrying nothing but the sort
    key; the outer query adds client, worker and plan for those ids alone."""
    order = _order_columns(ctx.today)
    inner = (
        select(F.id.label("fid"), *[c.label(f"k{i}") for i, c in
                                          enumerate(order[:-1])])
        .join(tables.casefile, C.id == F.case_id)
        .where(*_where(flt, ctx))
    )
    if after is not None:
        params = [bindparam(None, value, type_=getattr(c, "type", None))
                  for c, value in zip(order, after, strict=True)]
        inner = inner.where(tuple_(*order) > tuple_(*params))
    page_ids = inner.order_by(*order).limit(limit).subquery("page")
    has_plan = select(P.id).where(P.follow_up_id == F.id) \
        .exists()
    stmt = (
        select(F.id, F.case_id, F.kind, F.due_date,
               F.next_step, F.assignee_id, F.priority,
               F.postpone_count, C.case_number, C.child_protection,
               C.legal_area, CL.first_name, CL.last_name, W.display_name,
               has_plan, page_ids.c.k0, F.row_version, F.source_type,
               F.source_id, F.text_key, F.text_data, F.due_time)
        .select_from(page_ids)
        .join(tables.follow_up, F.id == page_ids.c.fid)
        .join(tables.casefile, C.id == F.case_id)
        .join(tables.client, CL.id == C.client_id)
        .join(tables.worker, W.id == F.assignee_id)
        .order_by(*[page_ids.c[f"k{i}"] for i in range(len(order) - 1)], page_ids.c.fid)
    )
    rows: list[QueueRow] = []
    previous = Section(after[0]) if after is not None else None
    for (fid, case_id, kind, due, next_step, assignee_id, priority, postponed, number, cp,
         area, first, last, assignee, plan, section_rank, version, source_type,
         source_id, text_key, text_data, due_time) in session.execute(stmt):
        section = Section(section_rank)
        cursor = (int(section), 0 if cp else 1, 0 if kind == FollowUpKind.frist.value else 1,
                  due, PRIORITY_RANK.get(priority, DEFAULT_PRIORITY_RANK), fid)
        rows.append(QueueRow(
            id=fid, case_id=case_id, case_number=number, client_name=f"{last}, {first}",
            legal_area=LegalArea(area), kind=FollowUpKind(kind), due_date=due,
            next_step=render(text_key, text_data, next_step), assignee_id=assignee_id,
            assignee=assignee,
            priority=Priority(priority), postpone_count=postponed,
            child_protection=bool(cp), section=section,
            escalation=ctx.escalation(due),
            first_in_section=section != previous, has_plan=bool(plan), cursor=cursor,
            deadline_in=deadline_warning(due, ctx.today, ctx.cal, kind=kind),
            covering_for=assignee if assignee_id in ctx.covering else "",
            row_version=version,
            referral_id=source_id if source_type == ANSWER_SOURCE else None,
            due_time=due_time,
        ))
        previous = section
    return rows


def section_counts(session: Session, flt: QueueFilter, ctx: QueueContext) -> dict[Section, int]:
    section = _order_columns(ctx.today)[0]
    stmt = (select(section, func.count()).select_from(tables.follow_up)
            .join(tables.casefile, C.id == F.case_id)
            .where(*_where(flt, ctx)).group_by(section))
    counts = {s: 0 for s in Section}
    for rank, n in session.execute(stmt):
        counts[Section(rank)] = n
    return counts


def page(db: Database, flt: QueueFilter, *, after: tuple | None = None, limit: int = 200,
         today: date | None = None, actor: Actor | None = None) -> list[QueueRow]:
    with db.read() as s:
        return queue_page(s, flt, context(s, flt.viewer_id, today=today, actor=actor),
                          after=after, limit=limit)


def counts(db: Database, flt: QueueFilter, *, today: date | None = None,
           actor: Actor | None = None) -> dict[Section, int]:
    with db.read() as s:
        return section_counts(s, flt, context(s, flt.viewer_id, today=today, actor=actor))


def all_rows(db: Database, flt: QueueFilter, *, today: date | None = None,
             limit: int = 100_000, actor: Actor | None = None) -> list[QueueRow]:
    """Every row of a queue, page by page (for the CLI and the .ics export)."""
    out: list[QueueRow] = []
    with db.read() as s:
        ctx = context(s, flt.viewer_id, today=today, actor=actor)
        after = None
        while True:
            n = min(1000, limit - len(out))
            if n <= 0:
                break
            chunk = queue_page(s, flt, ctx, after=after, limit=n)
            out.extend(chunk)
            if len(chunk) < n:
                break
            after = chunk[-1].cursor
    return out
