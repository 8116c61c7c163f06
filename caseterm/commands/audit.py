"""`caseterm audit …`: verify the audit trail's hash chain; show a case's entries."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, open_db
from caseterm.commands.output import PlainOpt
from caseterm.i18n import N_, _

audit_app = typer.Typer(help=N_("The audit trail: verify it, show entries."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


def print_entries(rows, as_json: bool, plain: bool = False) -> None:
    """Audit entries with the audit screen's columns (core.lists.AUDIT)."""
    from caseterm.commands.output import emit
    from caseterm.core.lists import AUDIT

    emit(rows, AUDIT, as_json=as_json, plain=plain)


@audit_app.command("verify", help=N_(
    "Check every entry's hash and the chain; exit code 1 and the "
    "entries named on any change, insertion or deletion."))
def verify() -> None:
    from caseterm.i18n import _
    from caseterm.services import audit

    count, problems = audit.verify(open_db())
    if problems:
        for p in problems[:100]:
            typer.echo(audit.describe(p), err=True)
        fail(_("The audit trail has been tampered with: {n} problem(s) in {count} entries.")
             .format(n=len(problems), count=count))
    typer.echo(_("The audit trail is intact: {count} entries.").format(count=count))


@audit_app.command("show", help=N_(
    "The entries of one case, or the newest of all (data-protection "
    "officer, team lead)."))
def show(
    number: Annotated[str | None, typer.Argument(help=N_("Case number; omit for the newest."))]
    = None,
    limit: Annotated[int, typer.Option("--limit")] = 200,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import audit

    if limit < 1 or limit > 100_000:
        fail(_("--limit: a whole number from 1 to 100000"))
    ctx = open_ctx()
    with door_errors():
        if number:
            from caseterm.services import cases

            case_id = cases.find_by_number_for_audit(ctx, number) \
                if ctx.actor.reads_audit else case_id_of(ctx, number)
            rows = audit.for_case(ctx, case_id, limit=limit)
        else:
            rows = audit.latest(ctx, limit=limit)
    print_entries(rows, as_json, plain)
