"""Consent controls what leaves: a disclosure is checked against the client's consents or a
stated legal basis, and recorded."""

from __future__ import annotations

import uuid
from typing import Any

from caseterm.core import clock
from caseterm.core import disclosure as rules
from caseterm.core.access import Need
from caseterm.core.consent import ConsentPurpose
from caseterm.core.referrals import LegalException
from caseterm.core.validate import InputError
from caseterm.db.repo import consents as consents_repo
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, check_case, record


class DisclosureRefused(AccessDenied):
    """No consent covers the disclosure and no legal basis was stated; nothing left."""


# -- consent controls what leaves -----------------------------------------------------------

def disclose(ctx: Ctx, case_id: uuid.UUID, recipient: str,
             purpose_: ConsentPurpose | str = ConsentPurpose.data_exchange, *,
             legal_basis: LegalException | str | None = None, reason: str = "",
             what: str = "export") -> rules.Verdict:
    """May the case's data go to `recipient`? Checks read access, then the consents on file
    (core.disclosure) or the stated legal basis; audits the disclosure with its basis, or
    audits the refusal and raises DisclosureRefused naming the missing consent. Every export
    that carries client data to someone else calls this before it writes a byte."""
    scope = check_case(ctx, case_id, Need.read, what)
    try:
        purpose_ = ConsentPurpose(purpose_)
    except ValueError:
        raise InputError({"purpose": _("Not a purpose: {value}").format(
            value=str(purpose_)[:40])}) from None
    try:
        exception = LegalException(legal_basis) if legal_basis else None
    except ValueError:
        raise InputError({"legal_basis": _("Not a legal basis: {value} (one of: {options})")
                          .format(value=str(legal_basis)[:40],
                                  options=", ".join(e.value for e in LegalException))}) from None
    if exception is not None and not reason.strip():
        raise InputError({"basis_reason": _("State why the law allows this disclosure "
                                            "without consent.")})
    consents = [c.facts for c in consents_repo.list_for_case(ctx.db, case_id)]
    verdict = rules.decide(consents, recipient, purpose_, clock.today(), exception, reason)
    detail: dict[str, Any] = {"what": what, "recipient": recipient.strip()[:200],
                              "purpose": purpose_.value}
    if not verdict.allowed:
        record(ctx, "refuse", "disclosure", case_id, case_id,
               {**detail, "reason": "no_consent"})
        raise DisclosureRefused(verdict.message, scope.case_number)
    detail["basis"] = verdict.basis
    if exception is not None:
        detail |= {"legal_basis": exception.value, "basis_reason": reason.strip()[:500]}
    record(ctx, "disclose", "disclosure", case_id, case_id, detail)
    return verdict
