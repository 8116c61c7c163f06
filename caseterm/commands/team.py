"""`caseterm team caseload|approvals|approve|decline|reassign`: the team lead's desk on the
command line (same service functions as the TUI's team screen, services.team)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.output import PlainOpt
from caseterm.i18n import N_

team_app = typer.Typer(help=N_("The team lead's desk: caseload, approvals, reassignment."),
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")


@team_app.command("caseload", help=N_(
    "Open cases per worker by phase and legal area, child protection, overdue, postponed, "
    "and who is absent."))
def caseload(as_json: Annotated[bool, typer.Option("--json")] = False,
             plain: PlainOpt = False) -> None:
    from caseterm.commands.output import emit
    from caseterm.core.lists import CASELOAD
    from caseterm.services import team

    with door_errors():
        rows = team.caseload(open_ctx())
    emit(rows, CASELOAD, as_json=as_json, plain=plain, title=N_("Caseload"))


@team_app.command("approvals", help=N_(
    "Measures waiting for your decision: goal, measure, provider, cost."))
def approvals(as_json: Annotated[bool, typer.Option("--json")] = False,
              plain: PlainOpt = False) -> None:
    from caseterm.commands.output import emit
    from caseterm.core.lists import TEAM_APPROVALS
    from caseterm.services import team

    with door_errors():
        rows = team.approvals(open_ctx())
    emit(rows, TEAM_APPROVALS, as_json=as_json, plain=plain, title=N_("Approvals"),
         empty=N_("No measure is waiting for your decision."))


def _decide(goal_id: str, approve: bool, reason: str) -> None:
    import uuid

    from caseterm.services import team

    try:
        key = uuid.UUID(goal_id)
    except ValueError:
        fail("id: see 'caseterm team approvals'")
    with door_errors():
        team.decide(open_ctx(), key, approve, reason)
    typer.echo("ok")


@team_app.command("approve", help=N_(
    "Approve a measure (the caseworker sees it in her queue)."))
def approve(goal_id: str, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    _decide(goal_id, True, reason)


@team_app.command("decline", help=N_("Decline a measure with a reason."))
def decline(goal_id: str, reason: Annotated[str, typer.Option(
        "--reason", help=N_("Required: the caseworker sees it"))] = "") -> None:
    _decide(goal_id, False, reason)


@team_app.command("reassign", help=N_(
    "Hand one or many cases to a worker of your team at once: all or none."))
def reassign(
    numbers: Annotated[list[str], typer.Argument(help=N_("Case numbers"))],
    to: Annotated[str, typer.Option("--to", help=N_("User name of the new owner"))],
    note: Annotated[str, typer.Option("--note", help=N_("The hand-over note"))] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.services import team

    with door_errors():
        report = team.reassign(open_ctx(), numbers, to, note)
    if as_json:
        print_json([m.as_dict() for m in report])
        return
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _

    for m in report:
        typer.echo(f"{m.case_number}  {one_line(m.from_worker)} → {one_line(m.to_worker)}  "
                   + _("{n} follow-ups moved").format(n=m.followups))
