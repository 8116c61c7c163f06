"""Consents through the door: the list of a case (with history), recording a consent and
recording a withdrawal. Reading needs read access to the case, recording and withdrawing need
write access; every write lands in the audit trail field by field. A withdrawal checks the
version the dialog started from, so a withdrawal saved by someone else meanwhile is not
overwritten unseen."""

from __future__ import annotations

import uuid

from caseterm.core.access import Need
from caseterm.db.repo import consents as consents_repo
from caseterm.db.repo.consents import ConsentRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_case, check_version

__all__ = ["ConsentRow", "case_of", "list_for_case", "record", "withdraw"]


def list_for_case(ctx: Ctx, case_id: uuid.UUID) -> list[ConsentRow]:
    """All consents of the case, newest first, withdrawn ones included."""
    check_case(ctx, case_id, Need.read, "consents")
    return consents_repo.list_for_case(ctx.db, case_id)


def record(ctx: Ctx, case_id: uuid.UUID, raw: dict) -> uuid.UUID:
    """Check and store one consent (InputError on bad fields); recorded by the actor."""
    check_case(ctx, case_id, Need.write, "consent")
    with ctx.acting():
        return consents_repo.record(ctx.db, case_id, raw, ctx.actor.id)


def case_of(ctx: Ctx, consent_id: uuid.UUID) -> uuid.UUID:
    case_id = consents_repo.case_of(ctx.db, consent_id)
    if case_id is None:
        raise NotFound(_("No consent with the id {id}.").format(id=str(consent_id)[:40]))
    return case_id


def withdraw(ctx: Ctx, consent_id: uuid.UUID, raw: dict,
             base_version: int | None = None) -> ConsentRow:
    """Record a withdrawal, effective from its date; the consent stays in the history.
    `base_version`: the row_version the dialog started from (None: no check, the CLI)."""
    case_id = case_of(ctx, consent_id)
    check_case(ctx, case_id, Need.write, "consent_withdraw")

    def guard(stored) -> None:
        check_version(
            "consent", stored, base_version,
            mine={"withdrawn_on": raw.get("withdrawn_on") or "",
                  "withdrawal_channel": raw.get("channel") or ""},
            labels={"withdrawn_on": _("Withdrawn on"),
                    "withdrawal_channel": _("How it was withdrawn")},
            base={"withdrawn_on": None, "withdrawal_channel": ""})

    with ctx.acting():
        try:
            return consents_repo.withdraw(ctx.db, consent_id, raw, guard)
        except consents_repo.NotFound:
            raise NotFound(_("No consent with the id {id}.").format(
                id=str(consent_id)[:40])) from None
