"""`caseterm followup …`: the CLI twin of the follow-up dialogs (add, done, postpone, reassign,
chain/series) and a case's follow-up list. The queue itself is `caseterm queue`."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, id_of, input_errors, open_ctx
from caseterm.commands.output import JsonOpt, PlainOpt, emit
from caseterm.i18n import N_

followup_app = typer.Typer(help=N_("Follow-ups (Wiedervorlagen) of a case: list, add, done, "
                                   "postpone, reassign, chain."), no_args_is_help=True)

VersionOpt = Annotated[int | None, typer.Option(
    "--version", help=N_("The row_version you read (list --json): if someone changed the "
                         "record since, nothing is changed and the exit code is 4."))]


def register(app: typer.Typer) -> None:
    app.add_typer(followup_app, name="followup")


@followup_app.command("list", help=N_(
    "The follow-ups of a case, in queue order."))
def list_(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    all_: Annotated[bool, typer.Option("--all", help=N_("Done and cancelled ones too."))]
    = False,
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import followups

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "followups")
    with door_errors():
        rows = followups.for_case(ctx, case_id, include_done=all_)
    from caseterm.core.lists import FOLLOWUPS

    emit(rows, FOLLOWUPS, as_json=as_json, plain=plain, title=N_("Follow-ups"),
         empty=N_("Nothing due."))


@followup_app.command("add", help=N_(
    "Add a follow-up to a case; prints its id."))
def add(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    due: Annotated[str, typer.Option("--due", help=N_("Due date: DD.MM.YYYY, YYYY-MM-DD or "
                                                      "+2w."))],
    step: Annotated[str, typer.Option("--step", help=N_("The next step."))],
    kind: Annotated[str, typer.Option("--kind", help=N_(
        "wiedervorlage, frist, termin, review, …"))] = "wiedervorlage",
    priority: Annotated[str, typer.Option("--priority", help=N_("low, normal, high."))]
    = "normal",
    assignee: Annotated[str | None, typer.Option(
        "--assignee", help=N_("User name of the worker (default: you)."))] = None,
    at: Annotated[str | None, typer.Option(
        "--time", help=N_("Time of day of an appointment, HH:MM (default: all day)."))] = None,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.inputs import check_followup
    from caseterm.core.validate import InputError
    from caseterm.services import followups

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "followup_add")
    try:
        data = check_followup({"due_date": due, "next_step": step, "kind": kind,
                               "priority": priority, "due_time": at})
    except InputError as exc:
        input_errors(exc)
    with door_errors():
        worker_id = followups.worker_id_of(ctx, assignee) if assignee else None
        fid = followups.add(ctx, case_id, data, worker_id)
    typer.echo(str(fid))


@followup_app.command("time", help=N_(
    "Set the time of day of an open follow-up (an appointment), HH:MM; an empty time makes "
    "it an all-day item again."))
def set_time(
    followup: Annotated[str, typer.Argument(help=N_("The follow-up's id."))],
    at: Annotated[str, typer.Argument(help=N_("HH:MM, or \"\" for all day."))],
) -> None:
    from caseterm.services import followups

    fid = id_of(followup, "followup")
    ctx = open_ctx()
    with door_errors():
        followups.set_time(ctx, fid, at)
    typer.echo("ok")


@followup_app.command("done", help=N_(
    "Mark a follow-up done; the outcome becomes a contact note. Prints "
    "the id of the next one of a chain or series, if any."))
def done(
    followup: Annotated[str, typer.Argument(help=N_("The follow-up's id."))],
    outcome: Annotated[str, typer.Option(
        "--outcome", help=N_("What came of it (required): it becomes a contact note."))] = "",
) -> None:
    from caseterm.services import followups

    fid = id_of(followup, "followup")
    ctx = open_ctx()
    with door_errors():
        nxt = followups.done(ctx, fid, outcome)
    typer.echo(str(nxt) if nxt else "ok")


@followup_app.command("postpone", help=N_(
    "Postpone a follow-up with a reason; prints the new due date."))
def postpone(
    followup: Annotated[str, typer.Argument(help=N_("The follow-up's id."))],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why (required)."))] = "",
    to: Annotated[str | None, typer.Option("--to", help=N_("New due date."))] = None,
    preset: Annotated[str | None, typer.Option(
        "--preset", help=N_("next_working_day, week or month (instead of --to)."))] = None,
    version: VersionOpt = None,
) -> None:
    from caseterm.services import followups

    fid = id_of(followup, "followup")
    ctx = open_ctx()
    raw = {"reason": reason, "date": to or "", "preset": preset or ("date" if to else "")}
    with door_errors():
        new_due = followups.postpone(ctx, fid, raw, base_version=version)
    typer.echo(new_due.isoformat())


@followup_app.command("reassign", help=N_(
    "Hand a follow-up to another worker."))
def reassign(
    followup: Annotated[str, typer.Argument(help=N_("The follow-up's id."))],
    worker: Annotated[str, typer.Argument(help=N_("User name of the new worker."))],
    version: VersionOpt = None,
) -> None:
    from caseterm.services import followups

    fid = id_of(followup, "followup")
    ctx = open_ctx()
    with door_errors():
        wid = followups.worker_id_of(ctx, worker)
        followups.reassign(ctx, fid, wid, base_version=version)
    typer.echo("ok")


@followup_app.command("chain", help=N_(
    "Make a follow-up the start of a chain (the next one N units after "
    "it is done) or a series."))
def chain(
    followup: Annotated[str, typer.Argument(help=N_("The follow-up's id."))],
    every: Annotated[str, typer.Option("--every", help=N_("Interval (a number)."))],
    unit: Annotated[str, typer.Option("--unit", help=N_("workdays, days, weeks or months."))]
    = "workdays",
    count: Annotated[str, typer.Option("--count", help=N_("How many more (1–60)."))] = "1",
    series: Annotated[bool, typer.Option(
        "--series", help=N_("A series from the first due date (default: a chain, the next "
                            "one after this one is done)."))] = False,
    step: Annotated[str, typer.Option("--step", help=N_("Next step of the following ones "
                                                        "(default: the same)."))] = "",
) -> None:
    from caseterm.core.queue import check_plan
    from caseterm.core.validate import InputError
    from caseterm.services import followups

    fid = id_of(followup, "followup")
    ctx = open_ctx()
    try:
        spec = check_plan({"mode": "recurrence" if series else "chain", "interval": every,
                           "unit": unit, "count": count, "next_step": step})
    except InputError as exc:
        input_errors(exc)
    with door_errors():
        followups.set_plan(ctx, fid, spec)
    typer.echo("ok")
