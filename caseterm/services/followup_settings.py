"""The office's follow-up settings through the door: the escalation rule, the weeks without
contact before an automatic follow-up, and the weeks before a consent ends. Reading is open to
all; changing is for an administrator or a team lead, audited. Part of services.followups.
"""

from __future__ import annotations

from caseterm.core.queue import EscalationRule
from caseterm.db.repo import queue as queue_repo
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, record


# -- office settings -----------------------------------------------------------------------
def _require_settings(ctx: Ctx, what: str) -> None:
    if not ctx.actor.manages_workers:
        record(ctx, "refuse", "setting", what, None, {"what": what, "reason": "role"})
        raise AccessDenied(_("Only an administrator or a team lead can change this "
                             "setting."))


def escalation_rule(ctx: Ctx) -> EscalationRule:
    with ctx.db.read() as s:
        return queue_repo.escalation_rule(s)


def set_escalation(ctx: Ctx, deputy_after: int, lead_after: int) -> EscalationRule:
    _require_settings(ctx, "escalation")
    queue_repo.set_escalation(ctx.db, deputy_after, lead_after)
    record(ctx, "setting", "setting", "escalation", None,
           {"deputy_after": deputy_after, "lead_after": lead_after})
    return escalation_rule(ctx)


def no_contact_weeks(ctx: Ctx) -> dict[str, int]:
    from caseterm.db.repo import auto_followups

    with ctx.db.read() as s:
        return auto_followups.no_contact_weeks(s)


def set_no_contact_weeks(ctx: Ctx, area: str, weeks: int) -> dict[str, int]:
    from caseterm.db.repo import auto_followups

    _require_settings(ctx, "no_contact")
    auto_followups.set_no_contact_weeks(ctx.db, area, weeks)
    record(ctx, "setting", "setting", "no_contact", None, {"area": area, "weeks": weeks})
    return no_contact_weeks(ctx)


def consent_weeks_ahead(ctx: Ctx) -> int:
    """Weeks before a consent ends that its follow-up "consent expires" falls due."""
    from caseterm.db.repo import auto_followups

    with ctx.db.read() as s:
        return auto_followups.consent_weeks_ahead(s)


def set_consent_weeks_ahead(ctx: Ctx, weeks: int) -> int:
    from caseterm.db.repo import auto_followups

    _require_settings(ctx, "consent_expiry")
    auto_followups.set_consent_weeks_ahead(ctx.db, weeks)
    record(ctx, "setting", "setting", "consent_expiry", None, {"weeks": weeks})
    return consent_weeks_ahead(ctx)
