"""Restriction of processing (Art. 18 DSGVO) and the legal hold on a case."""

from __future__ import annotations

from caseterm.core import clock
from caseterm.core.access import PrivacyAct
from caseterm.core.validate import InputError
from caseterm.db.repo import privacy as repo
from caseterm.i18n import _
from caseterm.services.door import Ctx
from caseterm.services.privacy.gate import _allow

# -- restriction and legal hold ---------------------------------------------------------------

def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InputError({"reason": _("State the reason (it is kept with the record).")})
    if len(reason) > 500:
        raise InputError({"reason": _("At most 500 characters.")})
    return reason


def restrict(ctx: Ctx, number: str, reason: str = "", *, lift: bool = False) -> None:
    """Restrict a case (Sperrung): kept, hidden from normal work; or lift the restriction."""
    head = _allow(ctx, PrivacyAct.restrict, number)
    assert head is not None
    # lifting needs no reason from the CLI; one given (the TUI asks for it) is kept
    reason = _reason(reason) if not lift or (reason or "").strip() else ""
    with ctx.acting():
        repo.set_restriction(ctx.db, head.id, None if lift else clock.today(), reason)


def hold(ctx: Ctx, number: str, reason: str = "", *, release: bool = False) -> None:
    """Put a legal hold on a case (no erasure while it lasts), or release it."""
    head = _allow(ctx, PrivacyAct.hold, number)
    assert head is not None
    reason = _reason(reason) if not release or (reason or "").strip() else ""
    with ctx.acting():
        repo.set_hold(ctx.db, head.id, not release, reason)
