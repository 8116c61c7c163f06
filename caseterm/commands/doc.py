"""`caseterm doc add|list|get`: documents kept with a case (services.documents)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer

from caseterm.commands.case import case_id_of
from caseterm.commands.common import door_errors, fail, id_of, open_ctx, print_json
from caseterm.i18n import N_

doc_app = typer.Typer(help=N_("Documents of a case: add a file, list them, get one back."),
                      no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(doc_app, name="doc")


def doc_json(d) -> dict:
    return {"id": str(d.id), "title": d.title, "kind": d.kind,
            "doc_date": d.doc_date.isoformat() if d.doc_date else None,
            "filename": d.filename, "media_type": d.media_type, "size": d.size,
            "sha256": d.sha256, "added_by": d.added_by, "added_at": d.added_at.isoformat(),
            "agreement_version": d.agreement_version or None}


@doc_app.command("add", help=N_(
        "Keep a file with the case. Checked by content: empty, too large, executable or "
        "mislabelled files are refused and nothing is stored."))
def add(
    number: str,
    path: Annotated[Path, typer.Argument(help=N_("The file (PDF, image, office document, text)."))],
    title: Annotated[str | None, typer.Option("--title", help=N_("Default: the file name."))]
    = None,
    kind: Annotated[str, typer.Option(
        "--kind", help=N_(
            "Kind of document: signed_plan, consent_form, letter, report, other"))] = "other",
    doc_date: Annotated[str | None, typer.Option("--date", help=N_("The document's date."))]
    = None,
    plan_version: Annotated[str | None, typer.Option(
        "--plan-version", help=N_("Attach as the signed plan of this plan version (its id, "
        "see 'doc versions')."))] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from caseterm.services import documents

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "document")
    version_id = None
    with door_errors():
        if plan_version:
            version_id = _version_of(ctx, case_id, plan_version)
        data = documents.read_file(path)
        doc_id = documents.add(ctx, case_id, path.name, data,
                               {"title": title, "kind": kind, "doc_date": doc_date},
                               agreement_version_id=version_id)
    if as_json:
        print_json({"status": "ok", "id": str(doc_id)})
    else:
        typer.echo(str(doc_id))


def _version_of(ctx, case_id, ref: str) -> uuid.UUID:
    from caseterm.i18n import _
    from caseterm.services import NotFound, documents

    ref = ref.strip().lower()
    found = [vid for vid, _label in documents.agreement_versions(ctx, case_id)
             if len(ref) >= 6 and str(vid).startswith(ref)]
    if len(found) != 1:
        raise NotFound(_("No such plan version in this case."))
    return found[0]


def _read(number: str, read):
    """`read(documents, ctx, case_id)` for a case the actor may read (the documents)."""
    from caseterm.services import documents

    ctx = open_ctx()
    with door_errors():
        return read(documents, ctx, case_id_of(ctx, number, what="documents"))


@doc_app.command("versions", help=N_(
        "The case's plan versions a signed plan can be attached to."))
def versions(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    from caseterm.core.safe_text import one_line

    rows = _read(number, lambda documents, ctx, case_id: documents.agreement_versions(
        ctx, case_id))
    if as_json:
        print_json([{"id": str(v), "label": label} for v, label in rows])
        return
    for v, label in rows:
        typer.echo(f"{v}\t{one_line(label)}")


@doc_app.command("list", help=N_(
        "The case's documents, newest first. JSON: a list of {id, title, kind, doc_date, "
        "filename, media_type, size, sha256, added_by, added_at, agreement_version}."))
def list_docs(number: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    rows = _read(number, lambda documents, ctx, case_id: documents.list_for_case(ctx, case_id))
    if as_json:
        print_json([doc_json(d) for d in rows])
        return
    from caseterm.core.documents import kind_label
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import fmt_date

    for d in rows:
        typer.echo("\t".join([str(d.id), one_line(d.title), kind_label(d.kind),
                              fmt_date(d.doc_date) if d.doc_date else "",
                              f"{d.size}", d.media_type, one_line(d.added_by),
                              one_line(d.agreement_version)]))


@doc_app.command("get", help=N_(
        "Write a document to a file, byte for byte, after checking its SHA-256 (the export is "
        "audited)."))
def get(
    number: str,
    document: Annotated[str, typer.Argument(help=N_("The document's id (or its first 6+ "
                                            "characters, as 'doc list' shows)."))],
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("Where to write the file."))],
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file."))]
    = False,
) -> None:
    import os

    from caseterm.i18n import _
    from caseterm.services import documents

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, what="document")
    with door_errors():
        doc_id = documents.find(ctx, case_id, document)
        try:
            row, data = documents.get(ctx, doc_id, purpose="export")
        except documents.ChecksumError as exc:
            fail(exc.message)
    if out.is_dir():
        out = out / (row.filename or f"{doc_id}")
    if out.exists() and not force:
        fail(_("{path} exists; use --force to overwrite it.").format(path=out))
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        fail(_("Cannot write {path}: {reason}.").format(path=out,
                                                       reason=exc.strerror or str(exc)))
    typer.echo(str(out))


LetterLangOpt = Annotated[str | None, typer.Option(
    "--lang", help=N_("Language of the letter: de or en (default: the app's)."))]
LetterOutOpt = Annotated[Path, typer.Option(
    "--out", "-o", help=N_("File or folder to write to."))]


def _print_letter(number: str, what: str, make) -> None:
    """Open the case for reading (`what` names the purpose in the audit trail), write the
    letter with `make(letters, ctx, case_id)` and print the file's path."""
    from caseterm.services import letters

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", what)
    with door_errors():
        path = make(letters, ctx, case_id)
    typer.echo(str(path))


@doc_app.command("consent-form", help=N_(
        "Print a consent form to sign (PDF): purposes, recipients, the right to withdraw and "
        "signature lines. With --consent the copy of a recorded consent; otherwise a form "
        "prepared with --purpose and --recipient, marked as a draft until the consent is "
        "recorded."))
def consent_form(
    number: str,
    consent: Annotated[str | None, typer.Option(
        "--consent", help=N_("The id of a recorded consent (see 'consent list')."))] = None,
    purpose: Annotated[list[str] | None, typer.Option(
        "--purpose", help=N_("A purpose to tick (repeatable): case_management, data_exchange, "
                             "third_party_collection, case_conference, "
                             "confidentiality_release, other."))] = None,
    recipient: Annotated[list[str] | None, typer.Option(
        "--recipient", help=N_("A body the data may go to (repeatable)."))] = None,
    lang: LetterLangOpt = None,
    out: LetterOutOpt = Path("."),
) -> None:
    _print_letter(number, "consent_form", lambda letters, ctx, case_id: letters.consent_form(
        ctx, case_id, out, consent_id=id_of(consent, "consent") if consent else None,
        purposes=purpose, recipients=recipient, lang=lang))


@doc_app.command("invitation", help=N_(
        "Print an invitation letter (PDF) to a planned case conference or to an appointment "
        "(a follow-up, with its time of day if it has one)."))
def invitation(
    number: str,
    conference: Annotated[str | None, typer.Option(
        "--conference", help=N_("The case conference's id."))] = None,
    followup: Annotated[str | None, typer.Option(
        "--followup", help=N_("The appointment's (follow-up's) id."))] = None,
    place: Annotated[str, typer.Option(
        "--place", help=N_("Where (default: the office from the letterhead)."))] = "",
    lang: LetterLangOpt = None,
    out: LetterOutOpt = Path("."),
) -> None:
    _print_letter(number, "invitation", lambda letters, ctx, case_id: letters.invitation(
        ctx, case_id, out, conference_id=id_of(conference, "conference") if conference
        else None, followup_id=id_of(followup, "followup") if followup else None,
        place=place, lang=lang))
