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

cases_app = typer.Typer(help="All cases: search and list.", no_args_is_help=True)
consent_app = typer.Typer(help="Consents of a case: list, withdraw.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("intake")(intake)
    app.add_typer(cases_app, name="cases")
    app.add_typer(consent_app, name="consent")


def intake(
    source: Annotated[Path, typer.Option("--from", help="The intake as JSON (see README).",
                                         exists=True, dir_okay=False, readable=True)],
    confirm_new: Annotated[bool, typer.Option(
        "--confirm-new", help="Save as a new person although similar clients exist.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """New client and case from a JSON file: same checks and duplicate warning as the screen."""
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

            typer.echo("possible duplicates — nothing saved; check them, then repeat with "
                       "--confirm-new if this is a different person:", err=True)
            for c in exc.candidates:
                typer.echo(one_line(f"  {c.last_name}, {c.first_name}  "
                                    f"{fmt_date(c.birth_date)}  "
                                    f"{' '.join(c.case_numbers) or '(other caseload)'}"
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
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"{saved.case_number} {saved.phase.value}")


@cases_app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Name, case number or birth date (prefixes).")]
    = "",
    phase: Annotated[str | None, typer.Option("--phase")] = None,
    area: Annotated[str | None, typer.Option("--area", help="sgb2, sgb8, sgb12, integration, "
                                             "other")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only cases I lead or deputise.")]
    = False,
    child_protection: Annotated[bool, typer.Option("--child-protection")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only with overdue follow-ups.")]
    = False,
    closed: Annotated[bool, typer.Option("--closed", help="Include closed cases.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find cases by name, case number or birth date, with the list's filters."""
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
    if as_json:
        from dataclasses import asdict

        print_json([asdict(r) for r in rows])
        return
    from rich.console import Console
    from rich.table import Table

    from caseterm.core.vocab import label
    from caseterm.i18n import _, fmt_date
    from caseterm.widgets.safe import safe

    table = Table()
    for name in ("!", _("Case"), _("Client"), _("Born"), _("Legal area"), _("Phase"),
                 _("Lead worker"), _("Overdue")):
        table.add_column(name)
    for r in rows:
        table.add_row("⚠" if r.child_protection else "", safe(r.case_number),
                      safe(f"{r.last_name}, {r.first_name}"), fmt_date(r.birth_date),
                      label(r.legal_area), label(r.phase), safe(r.lead_worker),
                      str(r.overdue or ""))
    Console().print(table)


@cases_app.command("reindex")
def reindex() -> None:
    """Rebuild the search index (after a bulk import or a restore)."""
    from caseterm.services import intake as intake_service

    ctx = open_ctx()
    with door_errors():
        intake_service.reindex(ctx)
    typer.echo("ok")


@consent_app.command("list")
def consent_list(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """All consents of a case, withdrawn ones included."""
    from dataclasses import asdict

    from caseterm.commands.case import case_id_of
    from caseterm.services import consents as consents_service

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "consents")
    with door_errors():
        rows = consents_service.list_for_case(ctx, case_id)
    if as_json:
        print_json([asdict(r) | {"purposes": sorted(r.purposes)} for r in rows])
        return
    from caseterm.core.consent import label
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import fmt_date

    for r in rows:
        typer.echo(one_line(
            f"{r.id}  {label(r.status)}  {fmt_date(r.given_on)}–{fmt_date(r.valid_until)}  "
            f"{', '.join(sorted(r.purposes))}  {'; '.join(r.recipients)}"
            + (f"  withdrawn {fmt_date(r.withdrawn_on)}" if r.withdrawn_on else "")))


@consent_app.command("withdraw")
def consent_withdraw(
    consent_id: str,
    on: Annotated[str | None, typer.Option("--on", help="Date of the withdrawal (default: "
                                           "today).")] = None,
    channel: Annotated[str, typer.Option("--channel", help="letter, e-mail, in person, …")]
    = "",
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Record a withdrawal: effective from its date, not retroactively; the record is kept."""
    import uuid

    from caseterm.services import consents as consents_service

    try:
        cid = uuid.UUID(consent_id)
    except ValueError:
        fail(f"not a consent id: {consent_id!r}")
    ctx = open_ctx()
    with door_errors():
        row = consents_service.withdraw(ctx, cid, {"withdrawn_on": on, "channel": channel,
                                                   "note": note})
    typer.echo(f"{row.id} {row.status.value}")
