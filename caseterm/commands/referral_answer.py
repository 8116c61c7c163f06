"""`caseterm referral inbox|answer`: the receiving worker of another legal area or internal
service sees the referrals addressed to her (only what they share) and answers them."""

from __future__ import annotations

from typing import Annotated

import typer

from caseterm.commands.common import door_errors, open_ctx, print_json

# The receiving side's commands join the one `referral` group of commands/referral.py.
from caseterm.commands.referral import referral_app
from caseterm.i18n import N_


@referral_app.command("inbox", help=N_(
    "Referrals addressed to you, child-protection concerns first."))
def inbox(as_json: Annotated[bool, typer.Option("--json")] = False,
          all_: Annotated[bool, typer.Option("--all", help=N_("Answered ones too"))] = False,
          ) -> None:
    from caseterm.core.referrals import status_label
    from caseterm.core.safe_text import one_line
    from caseterm.i18n import _, fmt_date
    from caseterm.services import people

    rows = people.incoming_referrals(open_ctx(), open_only=not all_)
    if as_json:
        print_json([{"id": str(r.id), "case_number": r.case_number, "client": r.client_name,
                     "from": r.sender, "legal_area": r.sender_area, "purpose": r.purpose,
                     "contact": r.contact, "status": r.status.value,
                     "sent_on": r.sent_on.isoformat(),
                     "child_protection_concern": r.child_protection_concern,
                     "legal_basis": r.legal_exception or r.consent_basis,
                     "legal_reason": r.exception_reason} for r in rows])
        return
    if not rows:
        typer.echo(_("No referral is waiting for your answer."))
    for r in rows:
        mark = "⚠ " if r.child_protection_concern else "  "
        typer.echo(f"{mark}{r.case_number}  {one_line(r.client_name):<24} "
                   f"{fmt_date(r.sent_on)}  {one_line(r.sender):<18} "
                   f"{status_label(r.status.value):<16} {one_line(r.purpose, 60)}")


@referral_app.command("answer", help=N_(
    "Answer a referral addressed to you; the sender's follow-up and your queue's row close "
    "on it."))
def answer(
    referral: Annotated[str, typer.Argument(
        help=N_("The sender's case number or the referral id"))],
    reply: Annotated[str, typer.Argument(
        help=N_("contact_made, help_started, feedback_received or declined"))],
    note: Annotated[str, typer.Option("--note", help=N_(
        "What to pass back (only what the consent and the law allow)"))] = "",
    reason: Annotated[str, typer.Option("--reason", help=N_("Why you decline"))] = "",
) -> None:
    from caseterm.services import people

    ctx = open_ctx()
    with door_errors():
        rid = people.referral_id_of(ctx, referral)
        people.answer_referral(ctx, rid, reply, reason or note)
    typer.echo("ok")
