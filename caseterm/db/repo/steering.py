"""Steering figures: one GROUP BY per figure over the cases in scope; the formulas and the
group-of-5 rule are core.steering's. Persons are distinct clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Date,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlmodel import Session, col

from caseterm.core import steering as st
from caseterm.core.referrals import FEEDBACK_DONE, ReferralStatus
from caseterm.core.vocab import CasePhase, FollowUpStatus, LegalArea
from caseterm.db.indexed import indexed
from caseterm.models.agreement import Agreement, AgreementVersion
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.referral import Referral, ReferralEvent
from caseterm.models.services import ServiceOffering, UnmetNeed
from caseterm.models.steering import CaseClosure, CostItem
from caseterm.models.worker import Worker


@dataclass(frozen=True)
class Selection:
    """What the report covers: cases led by `workers` (None: the whole office), one legal
    area or all, the period."""

    workers: tuple[uuid.UUID, ...] | None
    start: date
    end: date
    legal_area: str | None = None


def workers_of_team(session: Session, team: str) -> tuple[uuid.UUID, ...]:
    return tuple(session.exec(select(Worker.id).where(Worker.team == team)).scalars())


def teams(session: Session) -> list[str]:
    return sorted(t for t in session.exec(select(distinct(Worker.team))).scalars() if t)


def _days(session: Session, later, earlier):
    """Days between two date expressions, in the dialect's arithmetic."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return cast(later, Date) - cast(earlier, Date)


def _scope(sel: Selection, c=Case):
    """The cases of the selection active in the period (opened before its end, not closed
    before its start); `c` is the case table of the statement (`_case`)."""
    cond = [c.opened_on <= sel.end,
            or_(col(c.closed_on).is_(None), c.closed_on >= sel.start)]
    if sel.workers is not None:
        cond.append(col(c.lead_worker_id).in_(sel.workers or (uuid.UUID(int=0),)))
    if sel.legal_area:
        cond.append(c.legal_area == sel.legal_area)
    return and_(*cond)


def _case(sel: Selection):
    """The case table to join a follow-up, referral, cost or closure to. Office-wide every
    such row is looked up by its case: through the covering index ix_casefile_steer_key
    (0019_steerkeys), not the primary key and then the case's row (db/indexed.py). A team's
    or one caseload's few cases are reached from their workers (ix_casefile_steer_load), so
    there the planner chooses."""
    return indexed(Case, "ix_casefile_steer_key") if sel.workers is None else Case


def persons(session: Session, sel: Selection) -> int:
    return session.execute(select(func.count(distinct(Case.client_id)))
                           .where(_scope(sel))).scalar_one()


def _raw(column):
    """A key column without conversion to uuid.UUID (100,000 conversions cost more than the
    query); the same raw form on both sides of a lookup."""
    return type_coerce(column, String)


def _names(session: Session) -> dict:
    return dict(session.execute(select(_raw(Worker.id), Worker.display_name)).all())


@dataclass
class CaseFacts:
    """Persons, caseload and phases of the cases in scope: three GROUP BYs in SQL, each served
    by a covering index in the order of its groups and then the client (0016_times), so the
    distinct persons are counted while the index is scanned (no per-case rows to Python)."""

    persons: int
    caseload: st.Table
    phases: st.Table


def case_facts(session: Session, sel: Selection) -> CaseFacts:
    scope = _scope(sel)
    conn = session.connection()
    persons = conn.execute(select(func.count(distinct(Case.client_id))).where(scope)
                           ).scalar_one()
    load = conn.execute(
        select(_raw(Case.lead_worker_id), Case.legal_area, func.count(distinct(Case.client_id)))
        .where(scope).group_by(Case.lead_worker_id, Case.legal_area)).all()
    since = func.coalesce(Case.phase_since, Case.opened_on)
    days = _days(session, literal(sel.end), func.date(since) if _sqlite(session) else since)
    in_phase = conn.execute(
        select(Case.phase, func.count(distinct(Case.client_id)), func.count(), func.sum(days))
        .where(scope, Case.phase != CasePhase.closure.value).group_by(Case.phase)).all()
    names = _names(session)
    caseload = sorted(((names.get(w, "?"), _area(a), n) for w, a, n in load),
                      key=lambda r: (r[0], r[1]))
    order = [p.value for p in CasePhase]
    phases = [(_phase(phase), st.count(n), _mean(total or 0, cases, n))
              for phase, n, cases, total in sorted(in_phase, key=lambda r: order.index(r[0]))]
    return CaseFacts(persons,
                     st.Table("caseload", [(n, a, st.count(k)) for n, a, k in caseload]),
                     st.Table("phases", phases))


def caseload(session: Session, sel: Selection) -> st.Table:
    return case_facts(session, sel).caseload


def phases(session: Session, sel: Selection) -> st.Table:
    return case_facts(session, sel).phases


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def plan_time(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    first = (select(Agreement.case_id.label("case_id"),
                    func.min(AgreementVersion.agreed_on).label("agreed"))
             .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
             .where(col(AgreementVersion.agreed_on).is_not(None))
             .group_by(Agreement.case_id).subquery())
    rows = session.execute(
        select(c.legal_area, func.count(distinct(c.client_id)), func.count(),
               func.sum(_days(session, first.c.agreed, c.opened_on)))
        .join(first, first.c.case_id == c.id)
        .where(_scope(sel, c), first.c.agreed >= sel.start, first.c.agreed <= sel.end)
        .group_by(c.legal_area).order_by(c.legal_area)).all()
    return st.Table("plan_time", [(_area(a), st.count(n), _mean(total, cases, n))
                                  for a, n, cases, total in rows])


def _mean(total, cases: int, n: int) -> st.Cell:
    return st.mean_days(total, cases) if n >= st.MIN_GROUP else st.guard(n, None)


def _closed_in(sel: Selection):
    return and_(CaseClosure.closed_on >= sel.start, CaseClosure.closed_on <= sel.end)


def _closure_scope(sel: Selection, c):
    cond = [_closed_in(sel)]
    if sel.workers is not None:
        cond.append(col(c.lead_worker_id).in_(sel.workers or (uuid.UUID(int=0),)))
    if sel.legal_area:
        cond.append(c.legal_area == sel.legal_area)
    return and_(*cond)


def integration(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    integrated = col(CaseClosure.integrated_on).is_not(None)
    row = session.execute(
        select(func.count(distinct(c.client_id)),
               func.count(distinct(case((integrated, c.client_id)))),
               func.count(CaseClosure.integrated_on),
               func.sum(case((integrated, _days(session, CaseClosure.integrated_on,
                                                c.opened_on)))),
               func.count(distinct(case((col(CaseClosure.aftercare_lasted).is_not(None),
                                         c.client_id)))),
               func.count(distinct(case((CaseClosure.aftercare_lasted == True,  # noqa: E712
                                         c.client_id)))))
        .join(c, c.id == CaseClosure.case_id)
        .where(_closure_scope(sel, c), c.legal_area == LegalArea.sgb2.value)).one()
    n, hits, n_int, total, checked, lasted = row
    return st.Table("integration", [(
        st.count(n), st.rate(hits, n),
        _mean(total, n_int, hits),
        st.rate(lasted, checked))])


def gas(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    both = and_(col(CaseClosure.gas_start).is_not(None), col(CaseClosure.gas_final).is_not(None))
    rows = session.execute(
        select(c.legal_area, func.count(distinct(c.client_id)), func.count(),
               func.sum(CaseClosure.gas_start), func.sum(CaseClosure.gas_final))
        .join(c, c.id == CaseClosure.case_id)
        .where(_closure_scope(sel, c), both).group_by(c.legal_area)
        .order_by(c.legal_area)).all()
    out = []
    for area, n, cases, s0, s1 in rows:
        out.append((_area(area), st.count(n),
                    st.guard(n, round(s0 / cases, 1) if n >= st.MIN_GROUP else None),
                    st.guard(n, round(s1 / cases, 1) if n >= st.MIN_GROUP else None),
                    st.gas_change(s0, s1, cases) if n >= st.MIN_GROUP else st.guard(n, None)))
    return st.Table("gas", out)


def referrals(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    started = (select(ReferralEvent.referral_id.label("rid"),
                      func.min(ReferralEvent.at).label("at"))
               .where(ReferralEvent.status == ReferralStatus.help_started.value)
               .group_by(ReferralEvent.referral_id).subquery())
    done = col(Referral.status).in_([s.value for s in FEEDBACK_DONE])
    wait = _days(session, func.date(started.c.at) if _sqlite(session) else started.c.at,
                 Referral.sent_on)
    rows = session.execute(
        select(Referral.recipient, func.count(distinct(c.client_id)), func.count(),
               func.count(distinct(case((done, c.client_id)))),
               func.count(started.c.rid), func.sum(wait))
        .join(c, c.id == Referral.case_id)
        .outerjoin(started, started.c.rid == Referral.id)
        .where(_scope(sel, c), Referral.sent_on >= sel.start, Referral.sent_on <= sel.end)
        .group_by(Referral.recipient).order_by(Referral.recipient)).all()
    out = []
    for recipient, n, _refs, fed, n_started, total in rows:
        out.append((recipient, st.count(n), st.rate(fed, n),
                    _mean(total, n_started, n if n_started else 0)))
    return st.Table("referrals", out)


def _open_status(sel: Selection):
    """Open follow-ups. Office-wide the covering index ix_follow_up_steer (status first) is the
    way in; for a team or one caseload the few cases of its workers are (the status term is
    then written so no index is chosen for it: 560 ms → 10 ms at 100,000 clients)."""
    if sel.workers is None:
        return FollowUp.status == FollowUpStatus.open.value
    return col(FollowUp.status).concat("") == FollowUpStatus.open.value


def followups(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    rows = session.execute(
        select(_raw(FollowUp.assignee_id), func.count(distinct(c.client_id)), func.count(),
               func.sum(case((FollowUp.due_date < sel.end, 1), else_=0)),
               func.sum(case((FollowUp.postpone_count > 0, 1), else_=0)))
        .join(c, c.id == FollowUp.case_id)
        .where(_scope(sel, c), _open_status(sel)).group_by(FollowUp.assignee_id)).all()
    names = _names(session)
    out = []
    for wid, n, items, overdue, postponed in rows:
        out.append((names.get(wid, "?"), st.count(n),
                    st.guard(n, round(100.0 * (overdue or 0) / items, 1)),
                    st.guard(n, round(100.0 * (postponed or 0) / items, 1))))
    return st.Table("followups", sorted(out, key=lambda r: r[0]))


def unmet(session: Session, sel: Selection, *, office: bool) -> st.Table:
    c = _case(sel)
    who = func.count(distinct(func.coalesce(c.client_id, UnmetNeed.id)))
    in_scope = _scope(sel, c)
    cond = [UnmetNeed.recorded_on >= sel.start, UnmetNeed.recorded_on <= sel.end]
    cond.append(or_(in_scope, col(UnmetNeed.case_id).is_(None)) if office else in_scope)
    rows = session.execute(
        select(UnmetNeed.district, UnmetNeed.domain_id, who)
        .outerjoin(c, c.id == UnmetNeed.case_id)
        .where(*cond).group_by(UnmetNeed.district, UnmetNeed.domain_id)
        .order_by(UnmetNeed.district, UnmetNeed.domain_id)).all()
    return st.Table("unmet", [(d or "–", dom, st.count(n)) for d, dom, n in rows])


def costs(session: Session, sel: Selection) -> st.Table:
    c = _case(sel)
    kind = func.coalesce(ServiceOffering.category,
                         case((col(CostItem.goal_id).is_not(None), literal("measure")),
                              else_=literal("referral")))
    rows = session.execute(
        select(kind.label("kind"), CostItem.cost_bearer, func.count(distinct(c.client_id)),
               func.sum(CostItem.planned_cents), func.sum(CostItem.actual_cents))
        .join(c, c.id == CostItem.case_id)
        .outerjoin(ServiceOffering, ServiceOffering.id == CostItem.offering_id)
        .where(_scope(sel, c)).group_by(kind, CostItem.cost_bearer)
        .order_by(kind, CostItem.cost_bearer)).all()
    return st.Table("costs", [(_kind(k), bearer, st.count(n), st.money(p, n), st.money(a, n))
                              for k, bearer, n, p, a in rows])


def _area(value: str) -> str:
    from caseterm.core.vocab import label

    try:
        return label(LegalArea(value))
    except ValueError:
        return value


def _phase(value: str) -> str:
    from caseterm.core.vocab import label

    return label(CasePhase(value))


def _kind(value: str) -> str:
    from caseterm.core.conference import kind_label

    if value in ("measure", "referral"):
        return kind_label(value)
    try:
        from caseterm.core.directory import Category
        from caseterm.core.vocab import label

        return label(Category(value))
    except (ValueError, KeyError, ImportError):
        return value


# The office-wide report's page cache (KiB); measured at 100,000 clients: 16 MiB 2.3 s,
# 32 MiB 1.8 s, 64 MiB 1.5 s, 128 MiB 1.6 s CPU on an encrypted file (before 0019_steerkeys).
REPORT_CACHE_KIB = 65_536


@contextmanager
def _page_cache(session: Session) -> Iterator[None]:
    """SQLite keeps 2 MiB of pages per connection. The office-wide report scans some 60 MiB of
    index pages once and reads the 10 MiB of ix_casefile_steer_key again and again (every
    follow-up, referral, cost and closure looks up its case). On an encrypted file every
    page read from the file is decrypted and its HMAC checked, so with the small cache the
    report spent most of its time decrypting the same pages again (3.4–3.7 s instead of
    1.3–1.5 s CPU with the covering indexes). For the report the cache holds the working
    set (reliability-security.md: "size cache_size to hold the working set"); afterwards it
    is given back, so the pooled connection does not keep 64 MiB of decrypted pages."""
    if not _sqlite(session):
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{REPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def report(session: Session, sel: Selection, *, scope: st.Scope, label: str) -> st.Report:
    with _page_cache(session):
        facts = case_facts(session, sel)
        rep = st.Report(scope, label, sel.start, sel.end, sel.legal_area, facts.persons)
        if rep.empty:
            return rep
        rep.tables = [facts.caseload, facts.phases, plan_time(session, sel),
                      integration(session, sel), gas(session, sel), referrals(session, sel),
                      followups(session, sel),
                      unmet(session, sel, office=scope is st.Scope.office),
                      costs(session, sel)]
    return rep
