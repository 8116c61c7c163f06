"""`caseterm plan …`: the CLI twin of the agreement tab (show the plan, print it as PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, open_ctx, print_json
from caseterm.commands.privacy import Basis, BasisReason, To

plan_app = typer.Typer(help="The agreed plan (Kooperationsplan, Hilfeplan, …): show, export.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


@plan_app.command("export")
def export(
    number: Annotated[str, typer.Argument(help="Case number, e.g. JC-2026-00001.")],
    pdf: Annotated[Path, typer.Option("--pdf", help="The PDF file (or a folder) to write.")],
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of the document: de or en (default: the interface's).")]
    = None,
    second: Annotated[str, typer.Option(
        "--second-lang", help="Bilingual copy: a language code, 'auto' (the client's language "
        "from the intake, where texts exist) or 'none'.")] = "auto",
    draft: Annotated[bool, typer.Option(
        "--draft/--agreed-only", help="Print the draft (marked as such) when nothing is "
        "agreed yet.")] = False,
    to: To = "", legal_basis: Basis = None, basis_reason: BasisReason = "",
) -> None:
    """Print the agreed version of the plan as a PDF with signature lines."""
    from caseterm.commands.case import case_id_of
    from caseterm.export.plan_pdf import TEXTS
    from caseterm.i18n import language
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "plan export")
    doc_lang = lang or language()
    if doc_lang not in TEXTS:
        fail(f"--lang must be one of: {', '.join(sorted(TEXTS))}")
    second_lang = None if second == "none" else second
    if second_lang not in (None, "auto") and second_lang not in TEXTS:
        fail(f"--second-lang must be 'auto', 'none' or one of: {', '.join(sorted(TEXTS))}")
    with door_errors():
        path = goals_svc.export_plan(ctx, case_id, pdf, lang=doc_lang, second_lang=second_lang,
                                     draft=draft, action="export", recipient=to,
                                     legal_basis=legal_basis, basis_reason=basis_reason)
    typer.echo(str(path))


@plan_app.command("show")
def show(
    number: Annotated[str, typer.Argument(help="Case number.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The versions of the plan: status, review date, participants and how they agreed."""
    from caseterm.commands.case import case_id_of
    from caseterm.core.agreement import (
        AgreedHow,
        AgreementType,
        ParticipantRole,
        VersionStatus,
        alabel,
    )
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import fmt_date
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "plan")
    with door_errors():
        view = goals_svc.agreement(ctx, case_id)
    if view is None:
        fail("no plan for this case yet")
    if as_json:
        print_json({
            "agreement_type": view.agreement_type.value, "legal_basis": view.legal_basis,
            "versions": [{"number": v.number, "status": v.status.value,
                          "review_date": v.review_date.isoformat(),
                          "agreed_on": v.agreed_on.isoformat() if v.agreed_on else None,
                          "participants": [p.as_dict() for p in v.participants],
                          "content": v.content} for v in view.versions]})
        return
    typer.echo(alabel(view.agreement_type, AgreementType))
    for v in view.versions:
        typer.echo(f"  {v.number}: {alabel(v.status, VersionStatus)} · "
                   f"{fmt_date(v.review_date)}"
                   + (f" · {fmt_date(v.agreed_on)}" if v.agreed_on else ""))
        for p in v.participants:
            typer.echo(f"      {one_line(p.name, 60)} ({alabel(p.role, ParticipantRole)}): "
                       f"{alabel(p.agreed_how, AgreedHow)}")
