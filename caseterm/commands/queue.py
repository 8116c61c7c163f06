"""`caseterm queue`: the CLI twin of the follow-up queue, and its iCalendar export.

    caseterm queue                      my queue (with items escalated to me, and those of an
                                        absent colleague I deputise for, "für <name>")
    caseterm queue --worker bbrandt     a team member's (team lead) or absent colleague's
    caseterm queue --team --overdue     the team's overdue items (team lead)
    caseterm queue --today-only --json  due today or earlier, as JSON
    caseterm queue --ics wv.ics         an .ics file for Outlook / Thunderbird

Kept light: no Textual; the database and Rich are imported inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.output import JsonOpt, PlainOpt
from caseterm.i18n import N_


def register(app: typer.Typer) -> None:
    app.command("queue", help=N_(
        "The follow-up queue: overdue, today, this week, later — child "
        "protection and legal deadlines first. Yours includes the items of "
        "an absent colleague you deputise for."))(queue)
    app.command("no-contact", help=N_(
        "Show or set after how many weeks without contact a follow-up is "
        "made (per legal area; setting it: team lead or administrator)."))(no_contact)
    app.command("escalation", help=N_(
        "Show or set the escalation thresholds of the follow-up queue "
        "(setting them: team lead or administrator)."))(escalation)


def escalation(
    deputy_after: Annotated[int | None, typer.Argument(
        help=N_("Working days overdue after which the deputy sees an item (default 5)."))] = None,
    lead_after: Annotated[int | None, typer.Argument(
        help=N_("Working days overdue after which the team lead sees it (default 10)."))] = None,
    as_json: JsonOpt = False,
) -> None:
    from caseterm.services import followups

    ctx = open_ctx()
    with door_errors():
        if deputy_after is not None:
            rule = followups.set_escalation(
                ctx, deputy_after, lead_after if lead_after is not None else 2 * deputy_after)
        else:
            rule = followups.escalation_rule(ctx)
    if as_json:
        print_json({"deputy_after": rule.deputy_after, "lead_after": rule.lead_after})
        return
    typer.echo(f"deputy after {rule.deputy_after} working days, "
               f"team lead after {rule.lead_after} working days")


def no_contact(
    area: Annotated[str | None, typer.Argument(
        help=N_("Legal area: sgb2, sgb8, sgb12, integration, other."))] = None,
    weeks: Annotated[int | None, typer.Argument(help=N_("Weeks without contact; 0 = off."))] = None,
    as_json: JsonOpt = False,
) -> None:
    from caseterm.core.vocab import LegalArea
    from caseterm.services import followups

    if area is not None:
        if area not in {a.value for a in LegalArea}:
            fail(f"the legal area must be one of: {', '.join(a.value for a in LegalArea)}")
        if weeks is None:
            fail("give the number of weeks (0 switches the rule off)")
        if weeks < 0 or weeks > 104:
            fail("weeks must be between 0 and 104")
    ctx = open_ctx()
    with door_errors():
        if area is not None and weeks is not None:
            current = followups.set_no_contact_weeks(ctx, area, weeks)
        else:
            current = followups.no_contact_weeks(ctx)
    if as_json:
        print_json({a.value: current.get(a.value, 0) for a in LegalArea})
        return
    for a in LegalArea:
        typer.echo(f"{a.value:12} {current.get(a.value, 0)}")


def queue(
    worker: Annotated[str | None, typer.Option(
        "--worker", "-w", help=N_("Show this worker's queue (user name or id): your team's "
        "(team lead) or an absent colleague's you deputise for."))] = None,
    team: Annotated[bool, typer.Option("--team", help=N_("The whole team's queue (team lead)."))]
    = False,
    overdue: Annotated[bool, typer.Option("--overdue", help=N_("Only overdue items."))] = False,
    today_only: Annotated[bool, typer.Option(
        "--today-only", help=N_("Only items due today or earlier."))] = False,
    area: Annotated[str | None, typer.Option(
        "--area", help=N_("Legal area: sgb2, sgb8, sgb12, integration, other."))] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=N_("Kind: wiedervorlage, frist, termin, review, …"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
    plain: PlainOpt = False,
    ics: Annotated[Path | None, typer.Option(
        "--ics", help=N_("Write an iCalendar file (all-day events) instead of printing."))] = None,
    with_names: Annotated[bool, typer.Option(
        "--with-names", help=N_("Put client names into the .ics (off: case numbers only)."))]
    = False,
    calendar: Annotated[str | None, typer.Option(
        "--calendar", help=N_("With --with-names: the calendar the .ics goes to, as the "
                              "clients' consents name it (default: Kalender)."))] = None,
    limit: Annotated[int, typer.Option(
        "--limit", help=N_("At most this many rows (default: 300 in the table, all otherwise)."))]
    = 0,
) -> None:
    from caseterm.core.vocab import FollowUpKind, LegalArea
    from caseterm.services import followups

    if area is not None and area not in {a.value for a in LegalArea}:
        fail(f"--area must be one of: {', '.join(a.value for a in LegalArea)}")
    if kind is not None and kind not in {k.value for k in FollowUpKind}:
        fail(f"--kind must be one of: {', '.join(k.value for k in FollowUpKind)}")
    if ics is not None:
        _check_writable(ics)
    ctx = open_ctx()
    with door_errors():
        worker_id = followups.worker_id_of(ctx, worker) if worker is not None else None
        flt = followups.queue_filter(
            ctx, scope="worker" if worker_id else ("team" if team else "mine"),
            worker_id=worker_id, legal_area=area, kind=kind, overdue_only=overdue,
            until_today=today_only)
        _refresh(ctx, flt.worker_id)
        from caseterm.commands.output import is_plain

        # A Rich table only on a terminal and only for the rows that fit on its screen (Rich
        # lays out every cell: 300 rows cost ~0.6 s); plain lines otherwise, up to 300.
        table_limit = limit or (TABLE_ROWS if is_plain(plain) else _rows_that_fit())
        if ics is not None or as_json:
            rows = followups.export(ctx, flt, "ics" if ics is not None else "json",
                                    limit=limit or 100_000, with_names=with_names,
                                    calendar=calendar or followups.CALENDAR)
        else:
            rows = followups.all_rows(ctx, flt, limit=table_limit + 1)
    if ics is not None:
        n = write_ics(rows, ics, with_names=with_names, ctx=ctx)
        typer.echo(f"{n} follow-ups written to {ics}", err=True)
        return
    if as_json:
        from caseterm.commands.output import rows_json
        from caseterm.core.lists import QUEUE

        print_json(rows_json(rows, QUEUE))
        return
    if is_plain(plain):
        from caseterm.commands.output import emit
        from caseterm.core.lists import QUEUE

        emit(rows[:table_limit], QUEUE, as_json=False, plain=True,
             empty="Nothing due.")
        _more(len(rows) > table_limit, len(rows[:table_limit]))
        return
    _print_table(rows[:table_limit], more=len(rows) > table_limit)
    _privacy_reminder(ctx)


def _rows_that_fit() -> int:
    """Table rows that fit on one screen of the terminal below the title, the header and the
    note (at least 5); below 160 columns a row takes about two lines (kind and next step
    wrap)."""
    import shutil

    size = shutil.get_terminal_size((100, 40))
    return max(5, (size.lines - 8) // (1 if size.columns >= 160 else 2))


def _privacy_reminder(ctx) -> None:
    """The data-protection officer's reminder: retention actions that are due."""
    from caseterm.core.access import PrivacyAct, may_privacy

    if not may_privacy(ctx.actor, PrivacyAct.erase):  # the door asks the same; saves its import
        return
    from caseterm.i18n import ngettext
    from caseterm.services import privacy

    n = privacy.due_count(ctx)
    if n:
        typer.echo(ngettext(
            "{n} record is due for erasure or restriction under the retention schedule: "
            "caseterm privacy retention --dry-run",
            "{n} records are due for erasure or restriction under the retention "
            "schedule: caseterm privacy retention --dry-run", n).format(n=n), err=True)


def _refresh(ctx, worker_id) -> None:
    """Bring the automatic follow-ups in step first, as the queue screen does; a database
    that cannot be written (read-only copy, locked) is simply shown as it is."""
    from caseterm.services import followups

    try:
        followups.refresh(ctx, worker_id)
    except Exception as exc:
        from caseterm.commands.common import database_error
        from caseterm.i18n import _

        typer.echo(_("Automatic follow-ups not refreshed; the queue is shown as it is. {why}"
                     ).format(why=database_error(exc)), err=True)


def _check_writable(path: Path) -> None:
    folder = path.expanduser().resolve().parent
    if not folder.is_dir():
        fail(f"cannot write {path}: the folder {folder} does not exist")
    if path.exists() and path.is_dir():
        fail(f"cannot write {path}: it is a folder")


TABLE_ROWS = 300


def _more(more: bool, n: int) -> None:
    if more:
        from caseterm.i18n import _

        typer.echo(_("Only the first {n} are shown; use --limit, --overdue or --json for "
                     "more.").format(n=n), err=True)


def _print_table(rows, *, more: bool = False) -> None:
    """The queue's table: the columns of the queue screen (core.lists.QUEUE)."""
    from rich.console import Console

    from caseterm.commands.output import rich_table
    from caseterm.core import clock
    from caseterm.core.lists import QUEUE
    from caseterm.i18n import _, fmt_date

    console = Console()
    if not rows:
        console.print(_("Nothing due."))
        return
    console.print(rich_table(rows, QUEUE, _("Follow-up queue") + " — " + fmt_date(clock.today())))
    if more:
        console.print(_("Only the first {n} are shown; use --limit, --overdue or --json for "
                        "more.").format(n=len(rows)))


def write_ics(rows, path: Path, *, with_names: bool = False, ctx=None) -> int:
    """Write the rows as events (one per follow-up): all day, or at its time of day
    (Europe/Berlin) for an appointment with a time; the UID is stable, so importing again
    updates the events instead of doubling them."""
    from datetime import UTC, datetime, timedelta

    from icalendar import Alarm, Calendar, Event

    from caseterm.core.vocab import label
    from caseterm.i18n import _
    from caseterm.services import calendar, followups

    cal = Calendar()
    cal.add("prodid", "-//caseterm//Wiedervorlage//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Follow-up queue"))
    stamp = datetime.now(UTC)
    texts = {r.id: followups.calendar_text(r, with_names=with_names) for r in rows}
    memory = calendar.prepare(ctx, rows, {k: t.summary for k, t in texts.items()}) \
        if ctx is not None else None
    for r in rows:
        event = Event()
        event.add("uid", f"{r.id}@caseterm")
        event.add("dtstamp", stamp)
        timed = getattr(r, "due_time", None)
        if timed is not None:  # an appointment at a time of day, in the office's zone
            start = datetime.combine(r.due_date, timed, tzinfo=calendar.office_zone())
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
        else:  # all day
            event.add("dtstart", r.due_date)
            event.add("dtend", r.due_date + timedelta(days=1))
        event.add("sequence", memory.sequence.get(str(r.id), 0) if memory else 0)
        event.add("status", "CONFIRMED")
        legal = r.kind.value == "frist"
        text = texts[r.id]
        event.add("summary", text.summary)
        event.add("description", text.description)
        event.add("categories", [label(r.kind)])
        event.add("priority", 1 if (legal or r.child_protection) else
                  {"high": 3, "normal": 5, "low": 9}.get(r.priority.value, 5))
        event.add("transp", "OPAQUE" if timed is not None else "TRANSPARENT")
        if legal:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", text.alarm)
            alarm.add("trigger", timedelta(days=-1))
            event.add_component(alarm)
        cal.add_component(event)
    for gone in memory.cancelled if memory else []:  # done or dropped since the last export
        event = Event()
        event.add("uid", f"{gone.id}@caseterm")
        event.add("dtstamp", stamp)
        event.add("dtstart", gone.due)
        event.add("dtend", gone.due + timedelta(days=1))
        event.add("sequence", gone.sequence)
        event.add("status", "CANCELLED")
        event.add("summary", _("Done or dropped"))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    if any(getattr(r, "due_time", None) is not None for r in rows):
        cal.add_missing_timezones()  # VTIMEZONE Europe/Berlin for the timed events
    try:
        path.expanduser().write_bytes(cal.to_ical())
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    if memory is not None:
        calendar.save(ctx, memory)
    return len(rows)
