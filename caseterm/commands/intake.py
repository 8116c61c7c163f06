"""CLI twin of the intake screen and the case search.

    caseterm intake --from FILE.json [--confirm-new] [--json]
    caseterm cases search TEXT [--phase P] [--area A] [--mine] [--child-protection]
                               [--overdue] [--closed] [--limit N] [--json]
    caseterm cases reindex
    caseterm consent list CASE_NUMBER [--json]
    caseterm consent withdraw CONSENT_ID [--on DATE] [--channel TEXT] [--note TEXT]

Exit codes of `intake`: 0 saved, 1 invalid input or a refused gate, 2 possible duplicates
(nothing saved; repeat with --confirm-new after checking them), 3 no identity or no access.
Every command acts as the person asking (commands.common.open_ctx) through caseterm.services.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.output import JsonOpt, PlainOpt
from caseterm.i18n import N_, _

cases_app = typer.Typer(help=N_("All cases: search and list."), no_args_is_help=True)
consent_app = typer.Typer(help=N_("Consents of a case: list, record, withdraw."),
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("intake", help=N_(
        "New client and case from a JSON file: same checks and duplicate "
        "warning as the screen."))(intake)
    app.add_typer(cases_app, name="cases")
    app.add_typer(consent_app, name="consent")


def intake(
    source: Annotated[Path, typer.Option("--from", help=N_("The intake as JSON (see README)."),
                                         exists=True, dir_okay=False, readable=True)],
    confirm_new: Annotated[bool, typer.Option(
        "--confirm-new", help=N_("Save as a new person although similar clients exist."))] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.core.validate import InputError
    from caseterm.i18n import fmt_date
    from caseterm.schemas.intake import read_intake
    from caseterm.services import intake as intake_service
    from caseterm.services.intake import DuplicatesFound, GateError

    ctx = open_ctx()  # first: who is asking, and her language for the messages
    try:
        data = read_intake(source)  # form (schema) and rules (core); nothing written yet
    except InputError as exc:
        if as_json:
            print_json({"status": "invalid", "errors": exc.errors})
            raise typer.Exit(1) from None
        fail("\n".join(f"{k}: {v}" for k, v in exc.errors.items()))
    from caseterm.core.duplicates import script_warnings

    warnings = [w.message for w in script_warnings(data.client.first_name,
                                                   data.client.last_name)]
    try:
        with door_errors():
            saved = intake_service.save(ctx, data, confirm_new=confirm_new)
    except DuplicatesFound as exc:
        rows = [{"client_id": str(c.client_id), "first_name": c.first_name,
                 "last_name": c.last_name, "birth_date": c.birth_date,
                 "cases": list(c.case_numbers), "in_my_caseload": c.visible,
                 "reason": c.reason,
                 "strength": c.verdict.strength.name} for c in exc.candidates]
        if as_json:
            print_json({"status": "duplicates", "candidates": rows, "warnings": warnings})
        else:
            from caseterm.core.safe_text import one_line

            typer.echo(_("Possible duplicates, nothing saved; check them, then repeat with "
                         "--confirm-new if this is a different person:"), err=True)
            for c in exc.candidates:
                typer.echo(one_line(f"  {c.last_name}, {c.first_name}  "
                                    f"{fmt_date(c.birth_date)}  "
                                    f"{' '.join(c.case_numbers) or _('(other caseload)')}"
                                    f"  — {c.reason}"))
        raise typer.Exit(2) from None
    except GateError as exc:
        fail(exc.result.message)
    if as_json:
        print_json({"status": "saved", "case_id": str(saved.case_id),
                    "client_id": str(saved.client_id), "case_number": saved.case_number,
                    "phase": saved.phase.value, "warnings": warnings})
        return
    for w in warnings:
        typer.echo(_("Warning: {text}").format(text=w), err=True)
    typer.echo(f"{saved.case_number} {saved.phase.value}")


@cases_app.command("search", help=N_(
    "Find cases by name, case number or birth date, with the list's "
    "filters."))
def search(
    text: Annotated[str, typer.Argument(help=N_("Name, case number or birth date (prefixes)."))]
    = "",
    phase: Annotated[str | None, typer.Option("--phase")] = None,
    area: Annotated[str | None, typer.Option("--area", help=N_("sgb2, sgb8, sgb12, integration, "
                                             "other"))] = None,
    mine: Annotated[bool, typer.Option("--mine", help=N_("Only cases I lead or deputise."))]
    = False,
    child_protection: Annotated[bool, typer.Option("--child-protection")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help=N_("Only with overdue follow-ups."))]
    = False,
    closed: Annotated[bool, typer.Option("--closed", help=N_("Include closed cases."))] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.core.validate import Errors
    from caseterm.core.vocab import CasePhase, LegalArea
    from caseterm.services import cases as cases_service

    ctx = open_ctx()
    e = Errors()
    ph = e.choice("--phase", phase, CasePhase, required=False)
    la = e.choice("--area", area, LegalArea, required=False)
    if e:
        fail("\n".join(f"{k}: {v}" for k, v in e.errors.items()))
    f = cases_service.CaseFilter(text=text, phase=ph, legal_area=la,
                                 worker_id=ctx.actor.id if mine else None,
                                 child_protection=child_protection, has_overdue=overdue,
                                 include_closed=closed or ph is CasePhase.closure)
    with door_errors():
        rows = cases_service.search(ctx, f, limit=limit)
    from caseterm.commands.output import emit
    from caseterm.core.lists import CASES

    emit(rows, CASES, as_json=as_json, plain=plain)


@cases_app.command("reindex", help=N_(
    "Rebuild the search index (after a bulk import or a restore)."))
def reindex() -> None:
    from caseterm.services import intake as intake_service

    ctx = open_ctx()
    with door_errors():
        intake_service.reindex(ctx)
    typer.echo("ok")


def _consent_columns():
    from caseterm.core.columns import Column
    from caseterm.core.consent import label
    from caseterm.i18n import N_, fmt_date

    def day(d):
        return fmt_date(d) if d else ""

    return (
        Column("id", N_("Id"), lambda r: str(r.id)),
        Column("status", N_("Status"), lambda r: r.status.value, lambda r: label(r.status)),
        Column("given_on", N_("Given on"), lambda r: r.given_on.isoformat(),
               lambda r: day(r.given_on)),
        Column("valid_until", N_("Valid until"),
               lambda r: r.valid_until.isoformat() if r.valid_until else None,
               lambda r: day(r.valid_until)),
        Column("purposes", N_("Purposes"), lambda r: sorted(p.value for p in r.purposes),
               lambda r: ", ".join(sorted(label(p) for p in r.purposes))),
        Column("recipients", N_("Recipients"), lambda r: list(r.recipients),
               lambda r: "; ".join(r.recipients)),
        Column("given_by", N_("Given by"), lambda r: r.given_by.value,
               lambda r: label(r.given_by)),
        Column("given_by_name", N_("Name"), lambda r: r.given_by_name, table=False),
        Column("form", N_("Form"), lambda r: r.form.value, lambda r: label(r.form), table=False),
        Column("information_given", N_("Informed"), lambda r: r.information_given, table=False),
        Column("withdrawn_on", N_("Withdrawn on"),
               lambda r: r.withdrawn_on.isoformat() if r.withdrawn_on else None,
               lambda r: day(r.withdrawn_on)),
        Column("withdrawal_channel", N_("How it was withdrawn"), lambda r: r.withdrawal_channel,
               table=False),
        Column("note", N_("Note"), lambda r: r.note, table=False),
        Column("case_id", "case_id", lambda r: str(r.case_id), None, table=False),
        Column("row_version", "row_version", lambda r: r.row_version, table=False),
    )


@consent_app.command("list", help=N_(
    "All consents of a case, withdrawn ones included."))
def consent_list(
    number: str,
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.commands.output import emit
    from caseterm.services import consents as consents_service

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "consents")
    with door_errors():
        rows = consents_service.list_for_case(ctx, case_id)
    cols = [c for c in _consent_columns() if c.key != "case_id" or as_json]
    emit(rows, cols, as_json=as_json, plain=plain, title=N_("Consents"),
         empty=N_("No consent recorded yet."))


@consent_app.command("record", help=N_(
    "Record a consent of the client (same checks as the consent "
    "dialog); prints its id."))
def consent_record(
    number: str,
    purposes: Annotated[str, typer.Option(
        "--purposes", help=N_("Comma-separated: case_management, data_exchange, "
        "third_party_collection, case_conference, confidentiality_release, other."))],
    given_on: Annotated[str, typer.Option("--given-on", help=N_("The day it was given."))],
    informed: Annotated[bool, typer.Option(
        "--informed", help=N_("The client was told the purpose, the recipients and the right to "
        "withdraw (required: never assumed)."))] = False,
    recipients: Annotated[str, typer.Option(
        "--recipients", help=N_("Recipients, separated by semicolons."))] = "",
    valid_until: Annotated[str, typer.Option("--valid-until")] = "",
    given_by: Annotated[str, typer.Option(
        "--given-by", help=N_("client, custody_holders, client_and_custody, legal_guardian."))]
    = "client",
    given_by_name: Annotated[str, typer.Option("--given-by-name")] = "",
    form: Annotated[str, typer.Option("--form", help=N_("written, electronic, oral_recorded."))]
    = "written",
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import consents as consents_service

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "consent")
    raw = {"purposes": purposes, "given_on": given_on, "recipients": recipients,
           "valid_until": valid_until, "given_by": given_by, "given_by_name": given_by_name,
           "form": form, "note": note, "information_given": True if informed else None}
    with door_errors():
        cid = consents_service.record(ctx, case_id, raw)
    typer.echo(str(cid))


@consent_app.command("withdraw", help=N_(
    "Record a withdrawal: effective from its date, not retroactively; "
    "the record is kept."))
def consent_withdraw(
    consent_id: str,
    on: Annotated[str | None, typer.Option("--on", help=N_("Date of the withdrawal (default: "
                                           "today)."))] = None,
    channel: Annotated[str, typer.Option("--channel", help=N_("letter, e-mail, in person, …"))]
    = "",
    note: Annotated[str, typer.Option("--note")] = "",
    version: Annotated[int | None, typer.Option(
        "--version", help=N_("The row_version you read (consent list --json): if someone changed "
        "the consent since, nothing is changed and the exit code is 4."))] = None,
) -> None:
    import uuid

    from caseterm.services import consents as consents_service

    try:
        cid = uuid.UUID(consent_id)
    except ValueError:
        fail(_("Not a consent id: {value}").format(value=repr(consent_id)[:60]))
    ctx = open_ctx()
    with door_errors():
        row = consents_service.withdraw(ctx, cid, {"withdrawn_on": on, "channel": channel,
                                                   "note": note},
                                           base_version=version)
    typer.echo(f"{row.id} {row.status.value}")
