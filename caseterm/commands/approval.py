"""`caseterm approval …`: measures waiting for the team lead's approval (list, decide)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, id_of, open_ctx
from caseterm.commands.output import JsonOpt, PlainOpt, emit
from caseterm.core.columns import Column
from caseterm.i18n import N_

approval_app = typer.Typer(help=N_("Measures that need the team lead's approval: list, "
                                   "decide."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(approval_app, name="approval")


def _day(value):
    from caseterm.i18n import fmt_date

    return fmt_date(value) if value else ""


COLUMNS = (
    Column("goal_id", N_("Id"), lambda r: str(r.goal_id)),
    Column("case_number", N_("Case"), lambda r: r.case_number),
    Column("client", N_("Client"), lambda r: r.client_name),
    Column("text_client", N_("Measure"), lambda r: r.text_client),
    Column("responsible_name", N_("Responsible"), lambda r: r.responsible_name),
    Column("cost_bearer", N_("Cost bearer"), lambda r: r.cost_bearer, table=False),
    Column("due_date", N_("Due"), lambda r: r.due_date.isoformat() if r.due_date else None,
           lambda r: _day(r.due_date)),
    Column("row_version", "row_version", lambda r: r.row_version, table=False),
)


@approval_app.command("list", help=N_(
    "Measures waiting for approval."))
def list_(
    number: Annotated[str | None, typer.Argument(help=N_(
        "Case number; omit for every case you may read."))] = None,
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "approval") if number else None
    with door_errors():
        rows = goals_svc.pending_approvals(ctx, case_id)
    emit(rows, COLUMNS, as_json=as_json, plain=plain, title=N_("Waiting for approval"),
         empty=N_("Nothing waits for approval."))


@approval_app.command("decide", help=N_(
    "Approve or reject a measure (team lead)."))
def decide(
    goal: Annotated[str, typer.Argument(help=N_("The measure's id (approval list)."))],
    decision: Annotated[str, typer.Argument(help=N_("approve or reject."))],
    reason: Annotated[str, typer.Option("--reason", help=N_(
        "Why (required for a rejection: the caseworker sees it)."))] = "",
) -> None:
    from caseterm.i18n import _
    from caseterm.services import goals as goals_svc

    if decision not in ("approve", "reject"):
        fail(_("decision: approve or reject"))
    gid = id_of(goal, "goal")
    ctx = open_ctx()
    with door_errors():
        goals_svc.decide(ctx, gid, decision == "approve", reason)
    typer.echo(decision)
