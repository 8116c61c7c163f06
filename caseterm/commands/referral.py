"""`caseterm referral …`: the CLI twin of the referral tab (list, add, status, feedback)."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, fail, id_of, input_errors, open_ctx
from caseterm.commands.output import JsonOpt, PlainOpt, emit
from caseterm.i18n import N_

referral_app = typer.Typer(help=N_("Referrals (Vermittlungen) of a case: list, add, next "
                                   "step, feedback."), no_args_is_help=True)

VersionOpt = Annotated[int | None, typer.Option(
    "--version", help=N_("The row_version you read (list --json): if someone changed the "
                         "record since, nothing is changed and the exit code is 4."))]


def register(app: typer.Typer) -> None:
    app.add_typer(referral_app, name="referral")


def _history(rows: list[dict], referrals) -> list[dict]:
    by_id = {str(r.id): r for r in referrals}
    for d in rows:
        d["history"] = [{"status": e.status.value, "at": e.at.isoformat(), "who": e.worker,
                         "note": e.note} for e in by_id[d["id"]].history]
    return rows


@referral_app.command("list", help=N_(
    "The referrals of a case with their status and feedback."))
def list_(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    as_json: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import referrals

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "read", "referral")
    with door_errors():
        rows = referrals.list_for_case(ctx, case_id)
    from caseterm.core.lists import REFERRALS

    emit(rows, REFERRALS, as_json=as_json, plain=plain, title=N_("Referrals"),
         empty=N_("No referrals yet."), wrap=lambda data: _history(data, rows))


@referral_app.command("add", help=N_(
    "Record a referral: a consent must cover the recipient, or a legal "
    "ground is stated. Prints its id."))
def add(
    number: Annotated[str, typer.Argument(help=N_("Case number, e.g. JC-2026-00001."))],
    recipient: Annotated[str, typer.Option("--to", help=N_("Recipient (provider or service)."))],
    target: Annotated[str, typer.Option("--target", help=N_("offering or specialist."))]
    = "offering",
    area: Annotated[str, typer.Option(
        "--area", help=N_("Legal area of a specialist: sgb2, sgb8, sgb12, …"))] = "",
    purpose: Annotated[str, typer.Option("--purpose")] = "",
    contact: Annotated[str, typer.Option("--contact")] = "",
    sent_on: Annotated[str, typer.Option("--sent-on", help=N_("Default: today."))] = "",
    feedback_due: Annotated[str, typer.Option("--feedback-due")] = "",
    legal_exception: Annotated[str, typer.Option(
        "--legal-ground", help=N_("Without a consent: child_protection, sgb_x_69, sgb_x_68, "
                                  "other."))] = "",
    reason: Annotated[str, typer.Option("--reason", help=N_("Why the law allows it without "
                                                            "consent."))] = "",
    child_protection: Annotated[bool, typer.Option("--child-protection")] = False,
) -> None:
    from caseterm.commands.case import case_id_of
    from caseterm.services import referrals

    ctx = open_ctx()
    case_id = case_id_of(ctx, number, "write", "referral")
    raw = {"recipient": recipient, "target": target, "target_legal_area": area,
           "purpose": purpose, "contact": contact, "sent_on": sent_on,
           "feedback_due": feedback_due, "legal_exception": legal_exception,
           "exception_reason": reason, "child_protection_concern": child_protection}
    with door_errors():
        rid = referrals.create(ctx, case_id, raw)
    typer.echo(str(rid))


def _set(referral: str, status: str, note: str, due: str, concern: bool,
         version: int | None) -> None:
    from caseterm.core.dates import DateFormatError, parse_date
    from caseterm.core.validate import InputError
    from caseterm.i18n import _
    from caseterm.services import referrals

    rid = id_of(referral, "referral")
    if status not in {s.value for s in referrals.ReferralStatus}:
        fail(_("status: one of {values}").format(
            values=", ".join(s.value for s in referrals.ReferralStatus)))
    day = None
    if due:
        try:
            day = parse_date(due)
        except DateFormatError:
            input_errors(InputError({"feedback_due": _("Not a date.")}))
    ctx = open_ctx()
    with door_errors():
        referrals.set_status(ctx, rid, status, note=note, feedback_due=day,
                             child_protection_concern=concern, base_version=version)
    typer.echo(status)


@referral_app.command("status", help=N_(
    "The next step of a referral."))
def status(
    referral: Annotated[str, typer.Argument(help=N_("The referral's id."))],
    value: Annotated[str, typer.Argument(help=N_(
        "contact_made, help_started, feedback_received, closed, declined."))],
    note: Annotated[str, typer.Option("--note")] = "",
    feedback_due: Annotated[str, typer.Option("--feedback-due", help=N_(
        "A new date for the feedback."))] = "",
    child_protection: Annotated[bool, typer.Option("--child-protection")] = False,
    version: VersionOpt = None,
) -> None:
    _set(referral, value, note, feedback_due, child_protection, version)


@referral_app.command("feedback", help=N_(
    "Record the feedback of the recipient (status feedback_received; "
    "its follow-up is done)."))
def feedback(
    referral: Annotated[str, typer.Argument(help=N_("The referral's id."))],
    text: Annotated[str, typer.Option("--text", help=N_("What the feedback was "
                                                        "(required)."))] = "",
    child_protection: Annotated[bool, typer.Option("--child-protection")] = False,
    version: VersionOpt = None,
) -> None:
    _set(referral, "feedback_received", text, "", child_protection, version)
