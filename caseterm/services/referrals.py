"""Referrals (Vermittlungen) through the door: a case's referrals with their history, a new
referral (with the consent check of the repository), the next step of a referral.

Case data: reading needs read access to the case, recording needs write access; a status
change made from a dialog carries the version it started from (Conflict when someone else
saved the referral meanwhile)."""

from __future__ import annotations

import uuid
from datetime import date

from caseterm.core.access import Need
from caseterm.core.referrals import (
    FEEDBACK_DONE,
    ConsentBasis,
    LegalException,
    ReferralStatus,
    ReferralTarget,
)
from caseterm.db.repo import referrals as referrals_repo
from caseterm.db.repo.referrals import EventRow, ReferralRow
from caseterm.i18n import _
from caseterm.services.door import Ctx, NotFound, check_case, check_version

__all__ = ["FEEDBACK_DONE", "ConsentBasis", "EventRow", "LegalException", "ReferralRow",
           "ReferralStatus", "ReferralTarget"]


def _case_of(ctx: Ctx, referral_id: uuid.UUID, need: Need) -> uuid.UUID:
    case_id = referrals_repo.case_of(ctx.db, referral_id)
    if case_id is None:
        raise NotFound(_("This referral no longer exists."))
    check_case(ctx, case_id, need, "referral")
    return case_id


def list_for_case(ctx: Ctx, case_id: uuid.UUID) -> list[ReferralRow]:
    check_case(ctx, case_id, Need.read, "referral")
    return referrals_repo.list_for_case(ctx.db, case_id)


def get(ctx: Ctx, referral_id: uuid.UUID) -> ReferralRow:
    _case_of(ctx, referral_id, Need.read)
    row = referrals_repo.get(ctx.db, referral_id)
    if row is None:
        raise NotFound(_("This referral no longer exists."))
    return row


def create(ctx: Ctx, case_id: uuid.UUID, raw: dict) -> uuid.UUID:
    """Record a referral (checked by the repository: consent or legal ground)."""
    check_case(ctx, case_id, Need.write, "referral")
    raw = _with_recipient_worker(ctx, raw)
    with ctx.acting():
        return referrals_repo.create(ctx.db, case_id, raw, ctx.actor.id)


def _with_recipient_worker(ctx: Ctx, raw: dict) -> dict:
    """`recipient_worker` (a user name) names the receiving worker of another legal area or
    internal service: she finds the referral in her inbox and answers it (services.people)."""
    name = (raw.get("recipient_worker") or "").strip()
    if not name:
        return raw
    from caseterm.core.validate import InputError
    from caseterm.db.repo import workers as workers_repo

    row = workers_repo.by_username(ctx.db, name)
    if row is None:
        raise InputError({"recipient_worker": _("No worker '{name}'.").format(name=name[:64])})
    if row.id == ctx.actor.id:
        raise InputError({"recipient_worker": _("You cannot refer a case to yourself.")})
    return {**raw, "recipient_worker_id": row.id}


def set_status(ctx: Ctx, referral_id: uuid.UUID, status: ReferralStatus | str, *,
               note: str = "", feedback_due: date | None = None,
               child_protection_concern: bool = False,
               base_version: int | None = None) -> None:
    """The next step of a referral. `base_version`: the referral's version when the dialog
    opened; a change by someone else since then raises Conflict and nothing is saved."""
    _case_of(ctx, referral_id, Need.write)
    status = ReferralStatus(status)

    def guard(ref) -> None:
        if base_version is not None and ref.row_version != base_version:
            # any change of a referral moves its status or feedback: never silently overwrite
            check_version("referral", ref, base_version, {"status": status.value},
                          {"status": _("Status")}, {})

    with ctx.acting():
        referrals_repo.set_status(ctx.db, referral_id, status, ctx.actor.id, note=note,
                                  feedback_due=feedback_due,
                                  child_protection_concern=child_protection_concern,
                                  check=guard)


def default_feedback_due(ctx: Ctx, sent_on: date) -> date:
    return referrals_repo.default_feedback_due(ctx.db, ctx.actor.id, sent_on)
