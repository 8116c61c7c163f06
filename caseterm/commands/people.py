"""`caseterm case handover|accept` (Zuständigkeitswechsel) and `caseterm absence
summary|report`: the deputy's hand-over summary and what the deputy did. Same service
functions as the TUI (services.people)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.case import case_app, case_id_of
from caseterm.commands.common import door_errors, open_ctx, print_json
from caseterm.commands.worker import absence_app
from caseterm.i18n import N_


def print_summary(summary, as_json: bool) -> None:
    """A hand-over summary as text (client text shown literally) or JSON."""
    if as_json:
        print_json(summary.as_dict())
        return
    from rich.console import Console

    from caseterm.i18n import _, fmt_date
    from caseterm.widgets.safe import assemble, safe

    console = Console()
    console.print(safe(summary.title, "bold"))
    if summary.empty:
        console.print(safe(_("Nothing urgent: no child protection, deadlines, overdue items, "
                             "open referrals or appointments.")))
    sections = [(_("⚠ Child protection"), [(c.case_number, c.client_name, None, "")
                                           for c in summary.child_protection]),
                (_("§ Legal deadlines"), summary.deadlines), (_("Overdue"), summary.overdue),
                (_("Open referrals"), summary.referrals),
                (_("Next appointments"), summary.appointments)]
    for title, rows in sections:
        if not rows:
            continue
        console.print(safe(title, "bold"))
        for r in rows:
            if isinstance(r, tuple):
                console.print(assemble("  ", (r[0], "bold"), "  ", r[1]))
            else:
                console.print(assemble("  ", fmt_date(r.due_date), "  ", (r.case_number, "bold"),
                                       "  ", r.client_name, "  ", r.text))


@case_app.command("handover", help=N_(
    "Hand the case over to another worker or office (Zuständigkeitswechsel); it changes "
    "hands when the receiver accepts ('caseterm case accept')."))
def handover(
    number: str,
    to: Annotated[str, typer.Option("--to", help=N_(
        "User name of the new owner, or an office"))],
    note: Annotated[str, typer.Option("--note", help=N_("The hand-over note"))] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.services import people

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "handover")
    with door_errors():
        row = people.handover(ctx, case_id, to, note)
    if as_json:
        print_json({"id": str(row.id), "case_number": row.case_number,
                    "to_worker": row.to_worker, "to_office": row.to_office,
                    "status": row.status.value})
        return
    typer.echo(f"{row.case_number} → {row.to_worker or row.to_office}  ({row.id})")


@case_app.command("accept", help=N_(
    "Accept the hand-over of case NUMBER: it is yours now; shows its summary."))
def accept(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.services import people

    ctx = open_ctx()
    with door_errors():
        summary = people.accept_handover(ctx, people.pending_handover_of(ctx, number))
    print_summary(summary, as_json)


@case_app.command("handovers", help=N_("Hand-overs waiting for you to accept."))
def handovers(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _
    from caseterm.services import people

    rows = people.incoming_handovers(open_ctx())
    if as_json:
        print_json([{"id": str(r.id), "case_number": r.case_number, "client": r.client_name,
                     "from": r.from_worker, "note": r.note} for r in rows])
        return
    if not rows:
        typer.echo(_("No hand-over is waiting for you."))
    for r in rows:
        typer.echo(f"{r.case_number}  {one_line(r.client_name):<26} ← "
                   f"{one_line(r.from_worker):<20} {one_line(r.note, 80)}")


@absence_app.command("summary", help=N_(
    "The hand-over summary of each colleague you deputise for today."))
def absence_summary(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.i18n import _
    from caseterm.services import people

    ctx = open_ctx()
    found = people.deputy_summaries(ctx)
    if as_json:
        print_json([s.as_dict() for _id, s in found])
    elif not found:
        typer.echo(_("You do not deputise for anyone today."))
    for absence_id, summary in found:
        if not as_json:
            print_summary(summary, False)
        people.mark_seen(ctx, "summary", absence_id)


@absence_app.command("report", help=N_(
    "What your deputy did during your latest (or the given) absence."))
def absence_report(absence_id: Annotated[str | None, typer.Argument()] = None,
                   as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    import uuid

    from caseterm.core import audit as audit_core
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _, fmt_datetime
    from caseterm.services import people

    ctx = open_ctx()
    key = None
    if absence_id:
        try:
            key = uuid.UUID(absence_id)
        except ValueError:
            from caseterm.commands.common import fail

            fail("absence id: see 'caseterm absence list --all'")
    with door_errors():
        found = people.deputy_report(ctx, key)
    if found is None:
        if as_json:
            print_json([])
        else:
            typer.echo(_("No absence of yours has ended yet."))
        return
    aid, deputy, actions = found
    people.mark_seen(ctx, "report", aid)
    if as_json:
        print_json([{"at": a.at.isoformat(), "case_number": a.case_number,
                     "action": a.action, "record": a.entity, "detail": a.detail}
                    for a in actions])
        return
    typer.echo(_("What {name} did as your deputy: {n} changes").format(name=one_line(deputy),
                                                                     n=len(actions)))
    for a in actions:
        what = one_line(audit_core.summary(a.detail), 90)
        typer.echo(f"{fmt_datetime(a.at)}  {a.case_number}  {a.action:<7} "
                   f"{audit_core.record_label(a.entity)}: {what}")
