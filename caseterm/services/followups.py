"""Follow-ups (Wiedervorlagen) through the door: the queue, follow-ups on a case, the automatic
ones, escalation, and the queue's exports (JSON, .ics).

Whose follow-ups a person sees (core.access, computed once per run in `db.repo.queue.context`):
- "mine": the follow-ups assigned to me, those of an absent colleague while I deputise for
  her (marked "für <name>"), and items escalated to me — always limited to cases I may read;
- "team": a team lead's (trainer's) team;
- one worker: myself, a member of my team (team lead) or a colleague I deputise for today.
Anyone else's queue is refused, and the refusal is audited.

Done, postpone, reassign and the series need write access to the follow-up's case; postpone
and reassign check the version the dialog started from. Exports are audited per case.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from caseterm.core import clock
from caseterm.core.access import Need
from caseterm.core.inputs import FollowUpInput
from caseterm.core.queue import (
    CalendarText,
    EscalationRule,
    PlanSpec,
    PostponePreset,
    Section,
    check_outcome,
    preset_date,
)
from caseterm.core.queue import calendar_text as core_calendar_text
from caseterm.core.vocab import FollowUpStatus
from caseterm.db.repo import access
from caseterm.db.repo import audit_log as audit_repo
from caseterm.db.repo import queue as queue_repo
from caseterm.db.repo.queue import NotOpen, PostponementRow, QueueFilter, QueueRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_version, require
from caseterm.services.followup_scope import (
    SCOPES,
    _mine,
    _refuse_worker,
    queue_filter,
    sees_team,
    visible_workers,
    worker_id_of,
)
from caseterm.services.followup_settings import (
    consent_weeks_ahead,
    escalation_rule,
    no_contact_weeks,
    set_consent_weeks_ahead,
    set_escalation,
    set_no_contact_weeks,
)

if TYPE_CHECKING:
    from caseterm.db.repo.followups import FollowUpRow

# The queue's read path is lean (no model classes: db.repo.queue, db.tables); the repositories
# that write with the models are imported where they are used.


def __getattr__(name: str):
    if name == "FollowUpRow":
        from caseterm.db.repo.followups import FollowUpRow

        return FollowUpRow
    raise AttributeError(name)


__all__ = ["SCOPES", "EscalationRule", "FollowUpRow", "NotOpen", "PlanSpec", "PostponementRow",
           "QueueFilter", "QueueRow", "Section", "consent_weeks_ahead", "escalation_rule",
           "no_contact_weeks", "queue_filter", "sees_team", "set_consent_weeks_ahead",
           "set_escalation", "set_no_contact_weeks", "visible_workers", "worker_id_of"]


# -- reading -------------------------------------------------------------------------------
def page(ctx: Ctx, flt: QueueFilter, *, after: tuple | None = None,
         limit: int = 200) -> list[QueueRow]:
    _mine(ctx, flt)
    return queue_repo.page(ctx.db, flt, after=after, limit=limit, actor=ctx.actor)


def counts(ctx: Ctx, flt: QueueFilter) -> dict[Section, int]:
    _mine(ctx, flt)
    return queue_repo.counts(ctx.db, flt, actor=ctx.actor)


def all_rows(ctx: Ctx, flt: QueueFilter, *, limit: int = 100_000) -> list[QueueRow]:
    """Every row of a queue (one scope computation for the whole run)."""
    _mine(ctx, flt)
    return queue_repo.all_rows(ctx.db, flt, limit=limit, actor=ctx.actor)


# Who receives a calendar: the .ics lands on a phone or a calendar server, outside caseterm.
# A consent that names "Kalender" or "calendar" as recipient covers it (core.consent's strict
# word match); `--calendar` names a particular one ("Exchange Rathaus Kalender").
CALENDAR = "Kalender calendar"


def export(ctx: Ctx, flt: QueueFilter, fmt: str, *, limit: int = 100_000,
           with_names: bool = False, calendar: str = CALENDAR) -> list[QueueRow]:
    """The rows of an export (JSON, .ics): audited once for the export and once per case
    (an .ics with client names says so in the entry). An .ics with names passes client data
    to the calendar's provider (phone, server): every case in it needs a valid consent of the
    client that names the calendar as recipient (Art. 6 (1) a, 7 DSGVO, § 67b SGB X; no
    legal basis of the SGB covers a private calendar); otherwise the whole export is refused,
    naming the cases, and each refusal is audited."""
    rows = all_rows(ctx, flt, limit=limit)
    per_case: dict[uuid.UUID, int] = {}
    for r in rows:
        per_case[r.case_id] = per_case.get(r.case_id, 0) + 1
    if with_names and fmt == "ics":
        _names_consented(ctx, rows, calendar)
    items = [audit_repo.Pending("export", "follow_up_queue", str(flt.worker_id or ""), None,
                                {"format": fmt, "scope": flt.scope, "rows": len(rows),
                                 "cases": len(per_case), "names": with_names})]
    items += [audit_repo.Pending("export", "follow_up_queue", "", case_id,
                                 {"format": fmt, "followups": n})
              for case_id, n in per_case.items()]
    with ctx.db.write() as s:
        audit_repo.append(s, ctx.actor, items)
    return rows


def _names_consented(ctx: Ctx, rows: list[QueueRow], calendar: str) -> None:
    from caseterm.core.consent import ConsentPurpose
    from caseterm.core.disclosure import decide
    from caseterm.db.repo import consents as consents_repo
    from caseterm.services.privacy import DisclosureRefused

    today = clock.today()
    missing: dict[uuid.UUID, str] = {}
    for r in rows:
        if r.case_id in missing or not r.client_name:
            continue
        consents = [c.facts for c in consents_repo.list_for_case(ctx.db, r.case_id)]
        if not decide(consents, calendar, ConsentPurpose.data_exchange, today).allowed:
            missing[r.case_id] = r.case_number
        else:
            missing.setdefault(r.case_id, "")
    refused = {cid: n for cid, n in missing.items() if n}
    if not refused:
        return
    items = [audit_repo.Pending("refuse", "disclosure", str(cid), cid,
                                {"what": "ics_with_names", "recipient": calendar[:200],
                                 "purpose": ConsentPurpose.data_exchange.value,
                                 "reason": "no_consent"})
             for cid in refused]
    with ctx.db.write() as s:
        audit_repo.append(s, ctx.actor, items)
    numbers = sorted(refused.values())
    shown = ", ".join(numbers[:10]) + (_(" and {n} more").format(n=len(numbers) - 10)
                                       if len(numbers) > 10 else "")
    raise DisclosureRefused(_(
        "Refused: a calendar with client names goes to its provider (phone, server). No valid "
        "consent names the calendar as recipient for: {cases}. Record that consent (recipient "
        "“Kalender”), or export without names.").format(cases=shown))


def calendar_text(row: QueueRow, *, with_names: bool = False) -> CalendarText:
    """The texts of a queue row as a calendar event: without `with_names` only the case
    number and the kind (see core.queue.calendar_text)."""
    from caseterm.core.vocab import label

    return core_calendar_text(
        kind_label=label(row.kind), case_number=row.case_number, next_step=row.next_step,
        client_name=row.client_name, assignee=row.assignee,
        legal=row.kind.value == "frist", child_protection=row.child_protection,
        with_names=with_names)


def due_soon(ctx: Ctx, *, days_ahead: int = 7, limit: int = 200) -> list[FollowUpRow]:
    """My follow-ups due within `days_ahead` days (overdue first), with those of absent
    colleagues I deputise for (their `assignee_id` is not mine)."""
    from caseterm.db.repo import followups as followups_repo

    if not ctx.actor.sees_case_content:
        return []
    today = clock.today()
    with ctx.db.read() as s:
        covering = queue_repo.covered_absences(s, ctx.actor.id, today)
    return followups_repo.due_for_workers(
        ctx.db, [ctx.actor.id, *sorted(covering)], access.visible_cases(ctx.actor, today),
        days_ahead=days_ahead, limit=limit)


def refresh(ctx: Ctx, worker_id: uuid.UUID | None = None) -> int:
    """Bring the automatic follow-ups (no contact, phase stalled, consent expiry) of the
    cases a worker leads in step; only for myself or a colleague I cover. Skipped while
    nothing the refresh reads has changed since the last one (db/repo/refresh_mark.py)."""
    wid = worker_id or ctx.actor.id
    if wid != ctx.actor.id and wid not in ctx.actor.covers:
        raise _refuse_worker(ctx, wid, "refresh")
    if not ctx.actor.sees_case_content:
        return 0
    from caseterm.db.repo import refresh_mark

    with ctx.db.read() as s:  # incremental: nothing it reads has changed since the last one
        if refresh_mark.stored(s, wid) == refresh_mark.current(s, clock.today()):
            return 0
    from caseterm.db.repo import auto_followups

    with ctx.acting():
        return auto_followups.refresh_for_worker(ctx.db, wid)


# -- one follow-up -------------------------------------------------------------------------
def _case(ctx: Ctx, followup_id: uuid.UUID, need: Need, what: str) -> uuid.UUID:
    with ctx.db.read() as s:
        case_id = queue_repo.case_of(s, followup_id)
        if case_id is None:
            raise NotFound(_("This follow-up no longer exists."))
        require(ctx, s, case_id, need, what)
    return case_id


def _version_check(base_version: int | None, field: str, base_value, mine_value):
    if base_version is None:
        return None
    labels = {"due_date": _("Due"), "assignee_id": _("Assigned to")}

    def check(fu) -> None:
        if fu.row_version != base_version:
            check_version("follow_up", fu, base_version, {field: mine_value}, labels,
                          {field: base_value}, by=queue_repo.last_writer(fu))

    return check


def done(ctx: Ctx, followup_id: uuid.UUID, outcome_note: str = "") -> uuid.UUID | None:
    """Mark done; the outcome is required (InputError naming `outcome`) and becomes a
    contact note. Returns the next one of a series."""
    _case(ctx, followup_id, Need.write, "followup_done")
    outcome = check_outcome(outcome_note)
    with ctx.acting():
        return queue_repo.done(ctx.db, followup_id, ctx.actor.id, outcome)


def postpone(ctx: Ctx, followup_id: uuid.UUID, raw: dict, *, base_due: date | None = None,
             base_version: int | None = None) -> date:
    """Postpone with a reason; Conflict when someone else moved it since `base_version`."""
    _case(ctx, followup_id, Need.write, "followup_postpone")
    check = _version_check(base_version, "due_date", base_due, base_due)
    with ctx.acting():
        return queue_repo.postpone(ctx.db, followup_id, ctx.actor.id, raw, check=check)


def postpone_choices(ctx: Ctx, followup_id: uuid.UUID
                     ) -> list[tuple[PostponePreset, date | None]]:
    """The postpone presets with their dates, in the assignee's office calendar (the same
    calendar the postponement itself uses)."""
    _case(ctx, followup_id, Need.read, "followup_postpone")
    with ctx.db.read() as s:
        found = queue_repo.due_and_calendar(s, followup_id)
    if found is None:
        raise NotFound(_("This follow-up no longer exists."))
    due, kind, cal = found
    today = clock.today()
    return [(p, preset_date(p, due, today, cal, kind)) for p in PostponePreset]


def postponements(ctx: Ctx, followup_id: uuid.UUID) -> list[PostponementRow]:
    _case(ctx, followup_id, Need.read, "followup_history")
    return queue_repo.postponements(ctx.db, followup_id)


def reassign_targets(ctx: Ctx) -> list[tuple[str, uuid.UUID]]:
    """Active workers a follow-up can be handed to."""
    return queue_repo.workers_for_reassign(ctx.db)


def reassign(ctx: Ctx, followup_id: uuid.UUID, new_worker_id: uuid.UUID, *,
             base_assignee: uuid.UUID | None = None, base_version: int | None = None) -> None:
    _case(ctx, followup_id, Need.write, "followup_reassign")
    check = _version_check(base_version, "assignee_id", base_assignee, new_worker_id)
    with ctx.acting():
        queue_repo.reassign(ctx.db, followup_id, new_worker_id, check=check)


def set_time(ctx: Ctx, followup_id: uuid.UUID, raw: str | None) -> None:
    """Give an open follow-up (an appointment) a time of day ("09:30"), or none ("": all
    day). A bad time is refused at the field `due_time` and nothing changes."""
    from caseterm.core.inputs import check_time

    _case(ctx, followup_id, Need.write, "followup_time")
    due_time = check_time(raw)
    with ctx.acting():
        queue_repo.set_time(ctx.db, followup_id, due_time)


def set_plan(ctx: Ctx, followup_id: uuid.UUID, spec: PlanSpec) -> None:
    _case(ctx, followup_id, Need.write, "followup_plan")
    with ctx.acting():
        queue_repo.set_plan(ctx.db, followup_id, spec)


def plan_of(ctx: Ctx, followup_id: uuid.UUID) -> PlanSpec | None:
    _case(ctx, followup_id, Need.read, "followup_plan")
    return queue_repo.plan_of(ctx.db, followup_id)


def add(ctx: Ctx, case_id: uuid.UUID, data: FollowUpInput,
        assignee_id: uuid.UUID | None = None) -> uuid.UUID:
    """A new follow-up on a case (write access to the case)."""
    from caseterm.db.repo import followups as followups_repo

    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.write, "followup_add")
    with ctx.acting():
        return followups_repo.add(ctx.db, case_id, data, assignee_id or ctx.actor.id,
                                  created_by_id=ctx.actor.id)


def for_case(ctx: Ctx, case_id: uuid.UUID, *, include_done: bool = False,
             limit: int = 1000) -> list[FollowUpRow]:
    """A case's follow-ups in queue order (open ones; with `include_done` all of them)."""
    from caseterm.db.repo import followups as followups_repo

    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.read, "followups")
        return followups_repo.followup_rows(
            s, case_id=case_id, status=None if include_done else FollowUpStatus.open,
            limit=limit)
