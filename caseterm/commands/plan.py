"""`caseterm plan …`: the CLI twin of the agreement tab (show the plan, print it as PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, input_errors, open_ctx, print_json
from caseterm.commands.output import JsonOpt, PlainOpt
from caseterm.commands.privacy import Basis, BasisReason, To
from caseterm.core import vocab
from caseterm.i18n import N_

plan_app = typer.Typer(help=N_("The plan (Kooperationsplan, Hilfeplan, …): show, edit the "
                              "draft, agree, compare versions, export."),
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


@plan_app.command("export", help=N_(
    "Print the agreed version of the plan as a PDF with signature "
    "lines."))
def export(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    pdf: Annotated[Path, typer.Option("--pdf", help=N_("The PDF file (or a folder) to write."))],
    lang: Annotated[str | None, typer.Option(
        "--lang", help=N_("Language of the document: de or en (default: the interface's)."))]
    = None,
    second: Annotated[str, typer.Option(
        "--second-lang", help=N_("Bilingual copy: a language code, 'auto' (the client's language "
        "from the intake, where texts exist) or 'none'."))] = "auto",
    draft: Annotated[bool, typer.Option(
        "--draft/--agreed-only", help=N_("Print the draft (marked as such) when nothing is "
        "agreed yet."))] = False,
    to: To = "", legal_basis: Basis = None, basis_reason: BasisReason = "",
    open_: Annotated[bool, typer.Option(
        "--open", help=N_("Then hand the PDF to the viewer or print command (CASETERM_VIEWER, "
        "e.g. lp; default xdg-open)."))] = False,
) -> None:
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
    from caseterm.commands.office import warn_logo

    warn_logo(ctx)
    typer.echo(str(path))
    if open_:
        from caseterm.services.paperwork import hand_to_viewer

        problem = hand_to_viewer(path)
        if problem:
            fail(problem)


@plan_app.command("show", help=N_(
    "The versions of the plan: status, review date, participants and "
    "how they agreed."))
def show(
    number: Annotated[str, typer.Argument(help=N_("Case number."))],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.agreement import (
        AgreedHow,
        AgreementType,
        ParticipantRole,
        VersionStatus,
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
    from caseterm.commands.output import is_plain

    if is_plain(plain):
        from caseterm.commands.output import emit
        from caseterm.core.columns import Column

        emit(view.versions, (
            Column("number", N_("Version"), lambda v: v.number),
            Column("status", N_("Status"), lambda v: vocab.label(v.status, VersionStatus)),
            Column("review_date", N_("Review date"), lambda v: fmt_date(v.review_date)),
            Column("agreed_on", N_("Agreed on"),
                   lambda v: fmt_date(v.agreed_on) if v.agreed_on else ""),
            Column("participants", N_("Participants"), lambda v: "; ".join(
                f"{p.name} ({vocab.label(p.role, ParticipantRole)}: "
                f"{vocab.label(p.agreed_how, AgreedHow)})" for p in v.participants))),
            as_json=False, plain=True)
        return
    typer.echo(vocab.label(view.agreement_type, AgreementType))
    for v in view.versions:
        typer.echo(f"  {v.number}: {vocab.label(v.status, VersionStatus)} · "
                   f"{fmt_date(v.review_date)}"
                   + (f" · {fmt_date(v.agreed_on)}" if v.agreed_on else ""))
        for p in v.participants:
            typer.echo(f"      {one_line(p.name)} ({vocab.label(p.role, ParticipantRole)}): "
                       f"{vocab.label(p.agreed_how, AgreedHow)}")


def _draft(ctx, case_id):
    from caseterm.services import goals as goals_svc

    view = goals_svc.draft_view(ctx, case_id)
    return view, view.latest


@plan_app.command("version", help=N_(
    "Edit the draft version of the plan (a new draft is made when the "
    "latest is agreed); only the options given change. Prints the "
    "version number."))
def version(
    number: Annotated[str, typer.Argument(help=N_("Case number."))],
    review: Annotated[str | None, typer.Option("--review", help=N_(
        "Review date (required before agreeing; within the maximum for the kind of plan)."))]
    = None,
    duties_client: Annotated[str | None, typer.Option("--duties-client")] = None,
    duties_agency: Annotated[str | None, typer.Option("--duties-agency")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    language: Annotated[str | None, typer.Option("--language", help=N_(
        "Language of the conversation."))] = None,
    interpreter: Annotated[bool | None, typer.Option(
        "--interpreter/--no-interpreter", help=N_("An interpreter took part."))] = None,
    kind: Annotated[str | None, typer.Option("--type", help=N_(
        "Kind of plan (only before the first agreement): kooperationsplan, hilfeplan, "
        "vereinbarung_sgb12, gesamtplan_sgb12, foerderplan, generic."))] = None,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core import clock
    from caseterm.core.agreement import AgreementType, check_version
    from caseterm.core.validate import InputError
    from caseterm.i18n import _
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "plan")
    new_kind = None
    if kind is not None:
        if kind not in {k.value for k in AgreementType}:
            fail(_("--type: one of {values}").format(
                values=", ".join(k.value for k in AgreementType)))
        new_kind = AgreementType(kind)
    with door_errors():
        view, v = _draft(ctx, case_id)
    raw = {"review_date": v.review_date.isoformat() if v.review_date else "",
           "duties_client": v.duties_client, "duties_agency": v.duties_agency,
           "notes": v.notes, "language": v.language, "interpreter_used": v.interpreter_used}
    raw.update({k: val for k, val in (
        ("review_date", review), ("duties_client", duties_client),
        ("duties_agency", duties_agency), ("notes", notes), ("language", language),
        ("interpreter_used", interpreter)) if val is not None})
    try:
        data = check_version(raw, new_kind or view.agreement_type, clock.today())
    except InputError as exc:
        input_errors(exc)
    with door_errors():
        goals_svc.save_version(ctx, case_id, v.id, data,
                               new_kind if new_kind is not view.agreement_type else None)
    typer.echo(str(v.number))


@plan_app.command("participant", help=N_(
    "Add a participant to the draft version, with how they agreed."))
def participant(
    number: Annotated[str, typer.Argument(help=N_("Case number."))],
    name: Annotated[str, typer.Argument(help=N_("The participant's name."))],
    role: Annotated[str, typer.Option("--role", help=N_(
        "client, caseworker, parent, child, guardian, provider, interpreter, "
        "trusted_person, other."))] = "client",
    how: Annotated[str, typer.Option("--how", help=N_(
        "pending, signature, textform, oral, declined."))] = "pending",
    on: Annotated[str, typer.Option("--on", help=N_("Agreed on (empty = today)."))] = "",
    note: Annotated[str, typer.Option("--note", help=N_("Needed for an oral agreement."))]
    = "",
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.core.agreement import check_participant
    from caseterm.core.validate import InputError
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "plan")
    try:
        data = check_participant({"name": name, "role": role, "agreed_how": how,
                                  "agreed_on": on, "note": note})
    except InputError as exc:
        input_errors(exc)
    with door_errors():
        _view, v = _draft(ctx, case_id)
        pid = goals_svc.add_participant(ctx, v.id, data)
    typer.echo(str(pid))


@plan_app.command("agree", help=N_(
    "Agree the draft version: it is frozen, the goals become agreed, "
    "the review follow-up is set. Refused (exit 1, with the reasons) "
    "while goals or the client's agreement are missing."))
def agree(number: Annotated[str, typer.Argument(help=N_("Case number."))]) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.i18n import _
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "plan")
    with door_errors():
        view = goals_svc.agreement(ctx, case_id)
        if view is None or not view.latest.editable:
            fail(_("There is no draft to agree: change the plan first (plan version)."))
        goals_svc.agree(ctx, view.latest.id)
    typer.echo(str(view.latest.number))


@plan_app.command("diff", help=N_(
    "Compare two versions of the plan side by side: fields, goals, "
    "participants."))
def diff(
    number: Annotated[str, typer.Argument(help=N_("Case number."))],
    left: Annotated[int | None, typer.Argument(help=N_(
        "Version number (default: the one before the newest)."))] = None,
    right: Annotated[int | None, typer.Argument(help=N_(
        "Version number (default: the newest)."))] = None,
    changed: Annotated[bool, typer.Option("--changed", help=N_("Only what changed."))]
    = False,
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.commands.output import emit
    from caseterm.core.agreement import changed_only
    from caseterm.core.agreement import diff as diff_rows
    from caseterm.core.columns import Column
    from caseterm.i18n import _
    from caseterm.services import goals as goals_svc

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "plan")
    with door_errors():
        view = goals_svc.agreement(ctx, case_id)
        if view is None:
            fail(_("No plan for this case yet."), 3)
        numbers = [v.number for v in view.versions]  # newest first
        b = right if right is not None else numbers[0]
        a = left if left is not None else (numbers[1] if len(numbers) > 1 else numbers[0])
        va, vb = view.version(a), view.version(b)
        if va is None or vb is None:
            fail(_("No such plan version."), 3)
        rows = diff_rows(goals_svc.version_content(ctx, va.id),
                         goals_svc.version_content(ctx, vb.id))
    if changed:
        rows = changed_only(rows)
    cols = (Column("kind", N_("Change"), lambda r: r.kind),
            Column("section", N_("Section"), lambda r: r.section),
            Column("label", N_("Field"), lambda r: r.label, lambda r: _(r.label) if r.label
                   else ""),
            Column("left", N_("Left"), lambda r: r.left),
            Column("right", N_("Right"), lambda r: r.right))
    emit(rows, cols, as_json=as_json, plain=plain,
         title=N_("Plan versions compared"),
         wrap=lambda data: {"case_number": number, "left": a, "right": b, "rows": data})
