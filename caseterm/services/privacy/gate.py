"""Who may do which data-protection task (core.access.may_privacy): the check every task
makes first, and its audited refusal."""

from __future__ import annotations

import uuid

from caseterm.core.access import CaseScope, PrivacyAct, may_privacy
from caseterm.db.repo import access as access_repo
from caseterm.db.repo import privacy as repo
from caseterm.i18n import N_, _
from caseterm.services.door import AccessDenied, Ctx, NotFound, record

TASK_LABELS = {
    PrivacyAct.access: N_("an access report"),
    PrivacyAct.restrict: N_("a restriction"),
    PrivacyAct.hold: N_("a legal hold"),
    PrivacyAct.erase: N_("an erasure"),
    PrivacyAct.register: N_("the record of processing"),
}


# -- who may ---------------------------------------------------------------------------------

def _refuse(ctx: Ctx, act: PrivacyAct, case_id: uuid.UUID | None, number: str = "") -> None:
    record(ctx, "refuse", "privacy", str(case_id or ""), case_id,
           {"what": act.value, "reason": "role"})
    raise AccessDenied(_("Your role does not allow {task}.").format(task=_(TASK_LABELS[act])),
                       number)


def _allow(ctx: Ctx, act: PrivacyAct,
           number: str | uuid.UUID | None = None) -> repo.CaseHead | None:
    if not may_privacy(ctx.actor, act):
        _refuse(ctx, act, None)
    if number is None:
        return None
    head = repo.case_by_number(ctx.db, str(number or "").strip())
    if head is None and isinstance(number, uuid.UUID):
        head = repo.case_by_id(ctx.db, number)
    if head is None:
        raise NotFound(_("No case with the number {number}.").format(
            number=str(number)[:40]))
    with ctx.db.read() as s:
        scope: CaseScope | None = access_repo.scope(s, head.id)
    if scope is None or not may_privacy(ctx.actor, act, scope):
        _refuse(ctx, act, head.id, head.case_number)
    return head
