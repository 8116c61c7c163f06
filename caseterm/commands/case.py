"""`caseterm case …`: the CLI twin of the case overview (show, note, phase, follow-up)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import case_id_or_fail, fail, open_db, print_json

case_app = typer.Typer(help="One case: show it, add a note, change its phase.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


def _case_id(database, number: str):
    return case_id_or_fail(database, number)


@case_app.command("show")
def show(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Phase, key facts, next follow-ups, recent notes, history."""
    from dataclasses import asdict

    from caseterm.db.repo import cases

    database = open_db()
    data = cases.overview(database, _case_id(database, number))
    if as_json:
        print_json(asdict(data))
        return
    from rich.console import Console
    from rich.table import Table

    from caseterm.core.vocab import label
    from caseterm.i18n import _, fmt_date, fmt_datetime
    from caseterm.widgets.safe import assemble, safe

    c = data.case
    console = Console()
    console.print(assemble((c.case_number, "bold"), " — ", (f"{c.last_name}, {c.first_name}",
                           "bold"), " — ", label(c.legal_area), " — ", label(c.phase)))
    if c.child_protection:
        console.print(safe("⚠ " + _("Child protection concern: this case comes first."),
                           "bold red"))
    table = Table(title=_("Next follow-ups"))
    for col in (_("Due"), _("Kind"), _("Next step"), _("Assigned to")):
        table.add_column(col)
    for f in data.followups:
        table.add_row(fmt_date(f.due_date), label(f.kind), safe(f.next_step), safe(f.assignee))
    console.print(table)
    for n in data.notes[:5]:
        console.print(assemble((f"{fmt_datetime(n.occurred_at)} · {label(n.kind)}", "bold")))
        console.print(safe(n.text, multiline=True))


@case_app.command("note")
def note(
    number: str,
    text: Annotated[str, typer.Option("--text", help="The note.")],
    kind: Annotated[str, typer.Option("--kind", help="conversation, phone, home_visit, letter, "
                                      "email, case_conference")] = "conversation",
    participants: Annotated[str, typer.Option("--participants")] = "",
) -> None:
    """Add a contact note."""
    from caseterm.core.inputs import check_note
    from caseterm.core.validate import InputError
    from caseterm.db.repo import notes, workers

    database = open_db()
    case_id = _case_id(database, number)
    try:
        data = check_note({"text": text, "kind": kind, "participants": participants})
    except InputError as exc:
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    notes.add_note(database, case_id, data, workers.current(database).id)
    typer.echo("ok")


@case_app.command("phase")
def phase(
    number: str,
    target: Annotated[str, typer.Argument(help="assessment, planning, …, closure, intake")],
    reason: Annotated[str, typer.Option("--reason")] = "",
    closure_reason: Annotated[str | None, typer.Option("--closure-reason")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm soft gates.")] = False,
) -> None:
    """Move the case to another phase (gates apply; soft gates need --yes)."""
    from caseterm.core.inputs import check_phase_change
    from caseterm.core.validate import InputError
    from caseterm.db.repo import cases, workers

    database = open_db()
    case_id = _case_id(database, number)
    try:
        change = check_phase_change({"target": target, "reason": reason,
                                     "closure_reason": closure_reason})
    except InputError as exc:
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    try:
        cases.change_phase(database, case_id, change, workers.current(database).id,
                           confirmed=yes)
    except cases.GateError as exc:
        fail(exc.result.message + ("" if exc.result.level == "blocked" else " (--yes)"))
    typer.echo(target)
