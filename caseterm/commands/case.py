"""`caseterm case …`: the CLI twin of the case overview (show, note, phase, follow-up)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.output import PlainOpt
from caseterm.i18n import N_

case_app = typer.Typer(help=N_("One case: show it, add a note, change its phase."),
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


def case_id_of(ctx, number: str, need: str = "read", what: str = ""):
    """The case's id if the actor may `need` it; otherwise a clear message and exit code 3
    (the refusal is in the audit trail)."""
    from caseterm.core.access import Need
    from caseterm.services import cases

    with door_errors():
        return cases.find(ctx, number, Need(need), what)


@case_app.command("show", help=N_(
        "Phase, key facts, next follow-ups, recent notes, history."))
def show(
    number: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help=N_("`key: value` lines and one record per line, never cut (automatic "
        "when the output is not a terminal)."))] = False,
) -> None:
    from dataclasses import asdict

    from caseterm.commands.output import is_plain
    from caseterm.services import cases, merged

    ctx = open_ctx()
    with door_errors():
        data = cases.open_record(ctx, case_id_of(ctx, number, what="open"))
        joined = merged.merged_in(ctx, data.case.id)  # people merged into this one
    if as_json:
        print_json({**asdict(data), "merged_in": [
            {"id": str(m.person_id), "name": m.name, "birth_date": m.birth_date,
             "merged_at": m.merged_at} for m in joined]})
        return
    if is_plain(plain):
        _show_plain(data, merged.people_text(joined))
        return
    from rich.console import Console

    from caseterm.commands.output import rich_table
    from caseterm.core.lists import FOLLOWUPS
    from caseterm.core.vocab import label
    from caseterm.i18n import _, fmt_datetime
    from caseterm.widgets.safe import assemble, safe

    c = data.case
    console = Console()
    console.print(assemble((c.case_number, "bold"), " — ", (f"{c.last_name}, {c.first_name}",
                           "bold"), " — ", label(c.legal_area), " — ", label(c.phase)))
    if c.child_protection:
        console.print(safe("⚠ " + _("Child protection concern: this case comes first."),
                           "bold red"))
    if joined:
        console.print(safe(merged.holds_both(joined), "bold"))
    console.print(rich_table(data.followups, FOLLOWUPS, _("Next follow-ups")))
    for n in data.notes[:5]:
        console.print(assemble((f"{fmt_datetime(n.occurred_at)} · {label(n.kind)}", "bold")))
        console.print(safe(n.text, multiline=True))


def _show_plain(data, joined: str = "") -> None:
    """case show --plain: the facts as `key: value`, then the follow-ups and notes, one per
    line (the shapes of `followup list --plain`)."""
    from caseterm.commands.output import emit, emit_record
    from caseterm.core.lists import FOLLOWUPS, NOTES
    from caseterm.core.vocab import label
    from caseterm.i18n import N_, fmt_date

    c = data.case
    emit_record([
        ("case_number", N_("Case"), c.case_number, None),
        ("client", N_("Client"), f"{c.last_name}, {c.first_name}", None),
        ("birth_date", N_("Born"), c.birth_date, fmt_date(c.birth_date) if c.birth_date
         else ""),
        ("legal_area", N_("Legal area"), c.legal_area, label(c.legal_area)),
        ("phase", N_("Phase"), c.phase, label(c.phase)),
        ("child_protection", N_("Child protection"), c.child_protection, None),
        ("lead_worker", N_("Lead worker"), c.lead_worker, None),
        ("address", N_("Address"), c.address, None),
        ("phone", N_("Phone"), c.phone, None),
        ("email", N_("E-mail"), c.email, None),
        ("languages", N_("Languages"), c.languages, None),
        *([("merged_in", N_("Merged"), joined, None)] if joined else []),
    ], as_json=False, plain=True)
    typer.echo("")
    emit(data.followups, FOLLOWUPS, as_json=False, plain=True)
    typer.echo("")
    emit(data.notes, NOTES, as_json=False, plain=True)


@case_app.command("note", help=N_(
        "Add a contact note."))
def note(
    number: str,
    text: Annotated[str, typer.Option("--text", help=N_("The note."))],
    kind: Annotated[str, typer.Option("--kind", help=N_("Kind of contact: conversation, phone, "
                                      "home_visit, letter, "
                                      "email, case_conference"))] = "conversation",
    participants: Annotated[str, typer.Option(
        "--participants", help=N_("Who took part."))] = "",
) -> None:
    from caseterm.core.inputs import check_note
    from caseterm.core.validate import InputError
    from caseterm.services import cases

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "note")
    try:
        data = check_note({"text": text, "kind": kind, "participants": participants})
    except InputError as exc:
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    with door_errors():
        cases.add_note(ctx, case_id, data)
    typer.echo("ok")


@case_app.command("phase", help=N_(
        "Move the case to another phase (gates apply; soft gates need --yes)."))
def phase(
    number: str,
    target: Annotated[str, typer.Argument(help=N_(
        "The new phase: assessment, planning, …, closure, intake"))],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why the phase changes."))] = "",
    closure_reason: Annotated[str | None, typer.Option(
        "--closure-reason", help=N_("Why the case is closed (closure only)."))] = None,
    yes: Annotated[bool, typer.Option("--yes", help=N_("Confirm soft gates."))] = False,
) -> None:
    from caseterm.core.inputs import check_phase_change
    from caseterm.core.validate import InputError
    from caseterm.services import cases

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "phase")
    try:
        change = check_phase_change({"target": target, "reason": reason,
                                     "closure_reason": closure_reason})
    except InputError as exc:
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    try:
        with door_errors():
            cases.change_phase(ctx, case_id, change, confirmed=yes)
    except cases.GateError as exc:
        fail(exc.result.message + ("" if exc.result.level == "blocked" else " (--yes)"))
    typer.echo(target)


@case_app.command("history", help=N_(
        "Who changed, opened or exported what in this case (from the audit trail)."))
def history(
    number: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.audit import print_entries
    from caseterm.services import cases

    ctx = open_ctx()
    with door_errors():
        rows = cases.history(ctx, case_id_of(ctx, number))
    print_entries(rows, as_json, plain)
