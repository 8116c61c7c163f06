"""The follow-up queue's rules (methods.md §7.4), pure Python.

- Sections: overdue / today / this week / later.
- Order inside the queue: section, then child-protection cases, then legal deadlines (§),
  then days overdue (the oldest first), then priority.
- Escalation: an internal item more than 5 working days overdue shows on the deputy's queue,
  more than 10 on the team lead's (configurable).
- Postponing: a reason is required, never into the past, the count is kept; three or more
  postponements are flagged.
- Chains ("the next one 10 working days after this one is done") and recurrences
  ("monthly for 6 months").
- The no-contact rule: a follow-up when there was no contact for N weeks (per legal area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from caseterm.core.validate import Errors
from caseterm.core.workdays import UNITS, WorkCalendar, add_interval
from caseterm.i18n import N_, _


class Section(IntEnum):
    overdue = 0
    today = 1
    week = 2
    later = 3


SECTION_LABELS = {
    Section.overdue: N_("Overdue"),
    Section.today: N_("Today"),
    Section.week: N_("This week"),
    Section.later: N_("Later"),
}


def section_label(section: Section) -> str:
    return _(SECTION_LABELS[section])


def week_end(today: date) -> date:
    """Where the "this week" section ends: Sunday of today's week — on a Saturday or Sunday,
    the Sunday after the coming working week (what a caseworker means by "this week" when
    looking at the queue at the weekend)."""
    end = today + timedelta(days=6 - today.weekday())
    if today.weekday() >= 5:
        end += timedelta(days=7)
    return end


def section_of(due: date, today: date) -> Section:
    if due < today:
        return Section.overdue
    if due == today:
        return Section.today
    if due <= week_end(today):
        return Section.week
    return Section.later


PRIORITY_RANK = {"high": 0, "normal": 1, "low": 2}
DEFAULT_PRIORITY_RANK = PRIORITY_RANK["normal"]  # an unknown priority counts as normal


def sort_key(*, due: date, today: date, child_protection: bool, kind: str,
             priority: str) -> tuple:
    """The queue's order as a tuple (ascending): THE one queue-order rule. The database sorts
    by the same columns (db.repo.followups.queue_order, built from these definitions) for
    the queue, the case screen, the start screen, the CLI and the .ics."""
    return (int(section_of(due, today)), 0 if child_protection else 1,
            0 if kind == "frist" else 1, due, PRIORITY_RANK.get(priority, DEFAULT_PRIORITY_RANK))


# -- escalation ---------------------------------------------------------------------------
class Escalation(IntEnum):
    none = 0
    deputy = 1
    team_lead = 2


ESCALATION_LABELS = {
    Escalation.none: "",
    Escalation.deputy: N_("with deputy"),
    Escalation.team_lead: N_("with team lead"),
}


@dataclass(frozen=True)
class EscalationRule:
    deputy_after: int = 5  # working days overdue
    lead_after: int = 10
    postpone_flag: int = 3  # postponements that are flagged


DEFAULT_ESCALATION = EscalationRule()


def escalation(due: date, today: date, cal: WorkCalendar,
               rule: EscalationRule = DEFAULT_ESCALATION) -> Escalation:
    """THE escalation rule: more than `deputy_after` (`lead_after`) working days overdue goes
    to the deputy (the team lead). The queue computes the two cut-off days once per view
    (`escalation_cutoff`, also its SQL filter) and asks `escalation_by_cutoffs` per row."""
    return escalation_by_cutoffs(due, escalation_cutoff(today, cal, rule.deputy_after),
                                 escalation_cutoff(today, cal, rule.lead_after))


def escalation_by_cutoffs(due: date, deputy_cutoff: date, lead_cutoff: date) -> Escalation:
    if due <= lead_cutoff:
        return Escalation.team_lead
    if due <= deputy_cutoff:
        return Escalation.deputy
    return Escalation.none


def escalation_cutoff(today: date, cal: WorkCalendar, working_days: int) -> date:
    """The latest due date that is more than `working_days` working days overdue today.

    An item is escalated when its due date is on or before this day (used in SQL)."""
    # The due day d is escalated when working_days_between(d, today) > n, i.e. at least n+1
    # working days lie after d up to today. Walk back n+1 working days from today (counting
    # today if it is one); the day before the earliest of them is the cutoff.
    current, counted = today, 0
    while True:
        if cal.is_working_day(current):
            counted += 1
            if counted == working_days + 1:
                return current - timedelta(days=1)
        current -= timedelta(days=1)


def deadline_warning(due: date, today: date, cal: WorkCalendar, *, kind: str,
                     days: int = 3) -> int | None:
    """For a legal deadline (frist) due within `days` working days: how many working days
    are left (0 = due today); None otherwise (the pre-warning of methods §7.4)."""
    if kind != "frist" or due < today or (due - today).days > days + 10:
        return None
    left = cal.working_days_between(today, due)
    return left if left <= days else None


def is_flagged_postponed(count: int, rule: EscalationRule = DEFAULT_ESCALATION) -> bool:
    return count >= rule.postpone_flag


# -- postponing ---------------------------------------------------------------------------
class PostponePreset(StrEnum):
    next_working_day = "next_working_day"
    week = "week"
    month = "month"
    date = "date"


PRESET_LABELS = {
    PostponePreset.next_working_day: N_("Next working day"),
    PostponePreset.week: N_("+1 week"),
    PostponePreset.month: N_("+1 month"),
    PostponePreset.date: N_("A date"),
}


def preset_date(preset: PostponePreset | str, current_due: date, today: date,
                cal: WorkCalendar, kind: str = "wiedervorlage") -> date | None:
    """The new due date a preset proposes (counted from today or the due date, whichever is
    later), moved to a working day unless it is an appointment. None for `date`."""
    preset = PostponePreset(preset)
    base = max(today, current_due)
    if preset is PostponePreset.next_working_day:
        return cal.next_working_day(base, strictly_after=True)
    if preset is PostponePreset.week:
        return cal.due_for(kind, base + timedelta(weeks=1))
    if preset is PostponePreset.month:
        return cal.due_for(kind, add_interval(cal, base, 1, "months"))
    return None


@dataclass(frozen=True)
class Postponement:
    new_due: date
    reason: str


def check_postpone(raw: dict, *, current_due: date, today: date, cal: WorkCalendar,
                   kind: str = "wiedervorlage") -> Postponement:
    """raw: preset (PostponePreset value), date (text when preset is `date`), reason.

    Raises InputError naming `date` / `reason`."""
    e = Errors()
    preset = raw.get("preset") or PostponePreset.date.value
    new_due: date | None
    if preset == PostponePreset.date.value:
        new_due = e.date("date", raw.get("date"), required=True)
        if new_due is not None:
            new_due = cal.due_for(kind, new_due)
    else:
        try:
            new_due = preset_date(preset, current_due, today, cal, kind)
        except ValueError:
            e.add("preset", _("Choose how far to postpone."))
            new_due = None
    if new_due is not None and new_due < today:
        e.add("date", _("A follow-up cannot be postponed into the past."))
    elif new_due is not None and new_due == current_due:
        e.add("date", _("That is the current due date; choose another one."))
    reason = e.text("reason", raw.get("reason"), maximum=500)
    if not reason:
        e.add("reason", _("A reason for postponing is required."))
    e.raise_if_any()
    return Postponement(new_due=e.valid(new_due), reason=reason)


def check_outcome(text: str | None) -> str:
    """The outcome of a follow-up marked done: required, since it becomes a contact note of
    the case (the record says what came of it). Raises InputError naming `outcome`."""
    e = Errors()
    outcome = e.text("outcome", text, maximum=20000)
    if not outcome and not e.errors:
        e.add("outcome", _("Say what came of it: the outcome becomes a contact note."))
    e.raise_if_any()
    return outcome


# -- calendar export ----------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarText:
    summary: str
    description: str
    alarm: str


def calendar_text(*, kind_label: str, case_number: str, next_step: str, client_name: str,
                  assignee: str, legal: bool, child_protection: bool,
                  with_names: bool) -> CalendarText:
    """The texts of one follow-up as a calendar event (.ics). A calendar is synced to phones
    and servers, so without `with_names` it carries only the case number and the kind: the
    next step is free text and may name the client ("Hausbesuch bei Herrn …"), so it is
    left out too. Every text is cleaned to one line (no control characters)."""
    from caseterm.core.safe_text import one_line

    prefix = "§ " if legal else ("⚠ " if child_protection else "")
    number = one_line(case_number)
    if with_names:
        summary = f"{prefix}{kind_label}: {next_step} — {number} {client_name}"
        case_line = f"{_('Case')}: {number} {one_line(client_name)}"
    else:
        summary = f"{prefix}{kind_label} — {number}"
        case_line = f"{_('Case')}: {number}"
    lines = [case_line, f"{_('Kind')}: {kind_label}"]
    if with_names:
        lines.append(f"{_('Next step')}: {one_line(next_step)}")
    lines.append(f"{_('Assigned to')}: {one_line(assignee)}")
    if child_protection:
        lines.append(_("Child protection concern: this case comes first."))
    alarm = f"§ {kind_label}: {next_step}" if with_names else f"§ {kind_label} — {number}"
    return CalendarText(summary=one_line(summary, 250), description="\n".join(lines),
                        alarm=one_line(alarm, 200))


# -- chains and recurrences ---------------------------------------------------------------
class PlanMode(StrEnum):
    chain = "chain"  # the next one N units after this one is done
    recurrence = "recurrence"  # every N units from the first due date, K times


PLAN_LABELS = {
    PlanMode.chain: N_("Chain: the next one after this one is done"),
    PlanMode.recurrence: N_("Recurring: at fixed intervals"),
}

UNIT_LABELS = {
    "workdays": N_("working days"),
    "days": N_("days"),
    "weeks": N_("weeks"),
    "months": N_("months"),
}


@dataclass(frozen=True)
class PlanSpec:
    mode: PlanMode
    interval: int
    unit: str
    remaining: int  # how many more follow-ups to create (a chain: 1, or more for a series)
    next_step: str = ""


def check_plan(raw: dict) -> PlanSpec:
    e = Errors()
    mode = e.choice("mode", raw.get("mode") or PlanMode.chain.value, PlanMode)
    interval = _int(e, "interval", raw.get("interval"), minimum=1, maximum=400)
    unit = raw.get("unit") or "workdays"
    if unit not in UNITS:
        e.add("unit", _("Choose a unit."))
    remaining = _int(e, "count", raw.get("count") or "1", minimum=1, maximum=60)
    next_step = e.text("next_step", raw.get("next_step"), maximum=500)
    e.raise_if_any()
    return PlanSpec(mode=e.valid(mode), interval=interval, unit=unit,
                    remaining=remaining, next_step=next_step)


def _int(e: Errors, field: str, value, *, minimum: int, maximum: int) -> int:
    text = str(value if value is not None else "").strip()
    try:
        number = int(text)
    except ValueError:
        e.add(field, _("Please enter a whole number."))
        return minimum
    if number < minimum:
        e.add(field, _("The interval cannot be negative or zero.") if minimum == 1
              and number <= 0 else _("At least {n}.").format(n=minimum))
    elif number > maximum:
        e.add(field, _("At most {n}.").format(n=maximum))
    return number


def next_due(spec: PlanSpec, *, cal: WorkCalendar, kind: str, done_on: date,
             anchor: date, occurrence: int) -> date:
    """The due date of the next follow-up of a plan.

    chain: `interval` units after the day this one was done; recurrence: `anchor` (the first
    due date) plus `occurrence` × interval (so a late completion does not shift the series).
    """
    if spec.mode is PlanMode.chain:
        day = add_interval(cal, done_on, spec.interval, spec.unit)
    else:
        day = add_interval(cal, anchor, spec.interval * occurrence, spec.unit)
    return cal.due_for(kind, day)


def recurrence_dates(spec: PlanSpec, *, cal: WorkCalendar, kind: str, first: date) -> list[date]:
    """All due dates of a recurrence (first included), e.g. monthly for 6 months."""
    return [cal.due_for(kind, add_interval(cal, first, spec.interval * i, spec.unit))
            for i in range(spec.remaining)]


# -- no contact ---------------------------------------------------------------------------
DEFAULT_NO_CONTACT_WEEKS = {"sgb2": 6, "sgb8": 4, "sgb12": 8, "integration": 6, "other": 8}

# How long a phase may last before the case counts as stalled (weeks) [design].
DEFAULT_STALL_WEEKS = {"access": 2, "intake": 4, "assessment": 6, "planning": 6,
                       "linking": 8, "monitoring": 26, "evaluation": 6}


# -- consent expiry -----------------------------------------------------------------------
# How many weeks before a consent ends its follow-up "consent expires" falls due, so there is
# time to renew it (configurable in the settings as `followups.consent_weeks_ahead`).
DEFAULT_CONSENT_WEEKS_AHEAD = 4


def consent_reminder_due(expires_on: date, today: date, weeks_ahead: int) -> date:
    """The due date of the follow-up for a consent ending on `expires_on`: `weeks_ahead`
    weeks before, but never in the past (today at the earliest) and never after the end."""
    return max(expires_on - timedelta(weeks=max(0, weeks_ahead)), min(today, expires_on))


def no_contact_due(last_contact: date, weeks: int, cal: WorkCalendar) -> date:
    return cal.next_working_day(last_contact + timedelta(weeks=weeks))


def stalled_due(phase_since: date, weeks: int, cal: WorkCalendar) -> date:
    return cal.next_working_day(phase_since + timedelta(weeks=weeks))
