"""The office's people through the door: the deputy's hand-over summary, what the deputy did
(for the returning worker), hand-over of a case (Zuständigkeitswechsel), and referrals
received from another legal area with their answers.

- A deputy's summary covers the absent colleague's cases only while she deputises (the door's
  `covers`); reading it is audited ("summary"), and it is offered until read once.
- A hand-over is proposed by someone with write access to the case, to a worker or an office;
  it changes hands only when the receiver accepts. The previous owner keeps read access for
  the office's period (core.access.handover_read_until).
- A referral's receiver sees only what the referral shares (IncomingReferral), never the
  sender's case; her answer closes the sender's follow-up. Only the named receiver answers.
"""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from caseterm.core import clock
from caseterm.core.access import HANDOVER_READ_DAYS_MAX, Need, may_accept_handover
from caseterm.core.referrals import ReferralStatus
from caseterm.core.validate import InputError
from caseterm.db.repo import people as repo
from caseterm.db.repo.people import (
    DeputyAction,
    HandoverRow,
    IncomingReferral,
    Summary,
)
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.office import Absence
from caseterm.models.people import CaseHandover
from caseterm.models.referral import Referral
from caseterm.models.worker import Worker
from caseterm.services.door import (
    AccessDenied,
    Ctx,
    NotFound,
    actor_row,
    check_version,
    present,
    record,
    require,
)
from caseterm.services.start import REPORT_DAYS, notices_possible

__all__ = ["ANSWERS", "DeputyAction", "HandoverRow", "IncomingReferral", "Summary"]

ANSWERS = repo.ANSWERS


# -- absence: the deputy's summary, the returning worker's report ---------------------------------

def deputy_summaries(ctx: Ctx, *, unseen_only: bool = False
                     ) -> list[tuple[uuid.UUID, Summary]]:
    """A hand-over summary per absent colleague the actor deputises for today (child
    protection, legal deadlines, overdue, open referrals, next appointments)."""
    if not ctx.actor.sees_case_content:
        return []
    today = clock.today()
    out = []
    with ctx.db.read() as s:
        for absence, name in repo.active_absences_covered(s, ctx.actor.id, today):
            if absence.worker_id not in ctx.actor.covers:
                continue
            if unseen_only and repo.seen(s, ctx.actor.id, "summary", "absence", absence.id):
                continue
            title = _("Deputy for {name} until {until}").format(
                name=name, until=absence.ends_on.strftime("%d.%m.%Y"))
            out.append((absence.id, repo.build_summary(s, title, lead_ids=[absence.worker_id],
                                                       today=today)))
    return out


def mark_seen(ctx: Ctx, action: str, absence_id: uuid.UUID) -> None:
    """The deputy's summary ("summary") or the returning worker's report ("report") was
    shown: audited, and not offered again at start."""
    if action not in ("summary", "report"):
        raise ValueError(action)
    record(ctx, action, "absence", absence_id, None)


def deputy_report(ctx: Ctx, absence_id: uuid.UUID | None = None
                  ) -> tuple[uuid.UUID, str, list[DeputyAction]] | None:
    """What the deputy did during my (latest ended, or the given) absence: her entries in the
    audit trail on my cases. (absence id, deputy's name, actions); None: no absence."""
    today = clock.today()
    with ctx.db.read() as s:
        if absence_id is not None:
            a = s.get(Absence, absence_id)
            if a is None:
                raise NotFound(_("No such absence."))
            if a.worker_id != ctx.actor.id:
                raise AccessDenied(_("Only the returning worker reads what her deputy did."))
        else:
            a = s.exec(select(Absence).where(Absence.worker_id == ctx.actor.id,
                                             Absence.ends_on < today)
                       .order_by(col(Absence.ends_on).desc())).first()
            if a is None:
                return None
        deputy = s.get(Worker, a.deputy_id)
        return a.id, deputy.display_name if deputy else "?", repo.deputy_actions(s, a)


def report_unseen(ctx: Ctx) -> tuple[uuid.UUID, str, list[DeputyAction]] | None:
    """The report of my latest absence if it ended and I have not read it yet."""
    found = deputy_report(ctx)
    if found is None:
        return None
    with ctx.db.read() as s:
        if repo.seen(s, ctx.actor.id, "report", "absence", found[0]):
            return None
    return found


# -- hand-over of a case ------------------------------------------------------------------------

def handover(ctx: Ctx, case_id: uuid.UUID, to: str, note: str) -> HandoverRow:
    """Propose a hand-over of the case to a worker (user name) or an office, with a note.
    Errors at the field: `to` (unknown, oneself, inactive), `note` (empty)."""
    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.write, "handover")
    with ctx.acting(), ctx.db.write() as s:
        case = present(s.get(Case, case_id), _("No such case."))
        h = repo.propose(s, case, to, note, ctx.actor.id)
        return repo.handover_rows(s, CaseHandover.id == h.id)[0]


def incoming_handovers(ctx: Ctx) -> list[HandoverRow]:
    if not ctx.actor.sees_case_content:
        return []
    with ctx.db.read() as s:
        return repo.incoming_handovers(s, actor_row(ctx, s))


def handovers_of_case(ctx: Ctx, case_id: uuid.UUID) -> list[HandoverRow]:
    with ctx.db.read() as s:
        require(ctx, s, case_id, Need.read, "handover")
        return repo.handover_rows(s, CaseHandover.case_id == case_id)


def pending_handover_of(ctx: Ctx, case_number: str) -> uuid.UUID:
    """The id of the hand-over of case `case_number` waiting for the actor to accept."""
    number = (case_number or "").strip()
    for row in incoming_handovers(ctx):
        if row.case_number == number:
            return row.id
    raise NotFound(_("No hand-over of case {number} is waiting for you.").format(
        number=number[:40]))


def accept_handover(ctx: Ctx, handover_id: uuid.UUID) -> Summary:
    """Accept: the case is mine now. Returns the summary of the case for its new owner."""
    with ctx.acting(), ctx.db.write() as s:
        h = s.get(CaseHandover, handover_id)
        if h is None:
            raise NotFound(_("No such hand-over."))
        me = actor_row(ctx, s)
        if not may_accept_handover(ctx.actor, h.to_worker_id, h.to_office, me.office):
            case = s.get(Case, h.case_id)
            refused = AccessDenied(_("This hand-over is not addressed to you."),
                                   case.case_number if case else "")
        else:
            refused = None
            repo.accept(s, h, ctx.actor.id)
            case = present(s.get(Case, h.case_id), _("No such case."))
            number = case.case_number
    if refused is not None:
        record(ctx, "refuse", "case_handover", handover_id, h.case_id,
               {"what": "accept", "reason": "not_receiver"})
        raise refused
    with ctx.db.read() as s:
        return repo.build_summary(s, _("Case {number}: taken over").format(number=number),
                                  case_ids=[h.case_id])


def handover_read_days(ctx: Ctx) -> int:
    with ctx.db.read() as s:
        return repo.handover_read_days(s)


def set_handover_read_days(ctx: Ctx, days: int) -> int:
    if not ctx.actor.manages_workers:
        record(ctx, "refuse", "setting", "handover", None, {"what": "handover_read_days",
                                                            "reason": "role"})
        raise AccessDenied(_("Only an administrator or a team lead can change this setting."))
    if not 0 <= days <= HANDOVER_READ_DAYS_MAX:
        raise InputError({"days": _("Between 0 and {max} days.").format(
            max=HANDOVER_READ_DAYS_MAX)})
    with ctx.db.write() as s:
        repo.set_handover_read_days(s, days)
    record(ctx, "setting", "setting", "handover", None, {"read_days": days})
    return days


# -- referrals received ---------------------------------------------------------------------------

def incoming_referrals(ctx: Ctx, *, open_only: bool = True) -> list[IncomingReferral]:
    """Referrals addressed to me: what they share, child-protection concerns first."""
    if not ctx.actor.sees_case_content:
        return []
    with ctx.db.read() as s:
        return repo.incoming_referrals(s, ctx.actor.id, open_only=open_only)


def incoming_referral(ctx: Ctx, referral_id: uuid.UUID) -> IncomingReferral:
    """One referral addressed to me (the queue's row "answer the referral"); NotFound for
    any other (a referral not addressed to me is refused and audited)."""
    for row in incoming_referrals(ctx, open_only=False):
        if row.id == referral_id:
            return row
    with ctx.db.read() as s:
        ref = s.get(Referral, referral_id)
        case_id = ref.case_id if ref is not None else None
    if case_id is None:
        raise NotFound(_("This referral no longer exists."))
    record(ctx, "refuse", "referral", referral_id, case_id,
           {"what": "read", "reason": "not_receiver"})
    raise AccessDenied(_("This referral is not addressed to you."))


def referral_id_of(ctx: Ctx, text: str) -> uuid.UUID:
    """A referral addressed to me, by its id or the sender's case number (one open)."""
    text = (text or "").strip()
    rows = incoming_referrals(ctx, open_only=False)
    try:
        key = uuid.UUID(text)
    except ValueError:
        key = None
    if key is not None:
        if any(r.id == key for r in rows):
            return key
        with ctx.db.read() as s:
            case_id = s.exec(select(Referral.case_id).where(Referral.id == key)).first()
        if case_id is None:
            raise NotFound(_("This referral no longer exists."))
        record(ctx, "refuse", "referral", key, case_id,
               {"what": "answer", "reason": "not_receiver"})
        raise AccessDenied(_("This referral is not addressed to you."))
    found = [r for r in rows if r.case_number == text and r.status.value not in
             ("feedback_received", "closed", "declined")]
    if len(found) == 1:
        return found[0].id
    raise NotFound(_("No open referral of case {number} is addressed to you.").format(
        number=text[:40]))


def answer_referral(ctx: Ctx, referral_id: uuid.UUID, answer: ReferralStatus | str,
                    note: str = "", *, base_version: int | None = None) -> None:
    """The receiver answers; errors at `answer`, `reason` (decline without reason), `note`."""
    try:
        status = ReferralStatus(answer)
    except ValueError:
        raise InputError({"answer": _("Answer with: contact made, help started, feedback or "
                                      "declined.")}) from None
    with ctx.db.read() as s:
        ref = s.get(Referral, referral_id)
        if ref is None:
            raise NotFound(_("This referral no longer exists."))
        ours = ref.recipient_worker_id == ctx.actor.id and ctx.actor.sees_case_content
        case_id = ref.case_id
    if not ours:
        record(ctx, "refuse", "referral", referral_id, case_id,
               {"what": "answer", "reason": "not_receiver"})
        raise AccessDenied(_("This referral is not addressed to you."))
    with ctx.acting(), ctx.db.write() as s:
        ref = present(s.get(Referral, referral_id), _("This referral no longer exists."))
        if base_version is not None and ref.row_version != base_version:
            check_version("referral", ref, base_version, {"status": status.value},
                          {"status": _("Status")}, {})
        repo.answer(s, ref, actor_row(ctx, s), status, note)


def inbox_line(ctx: Ctx) -> str:
    """One line for the queue: referrals to answer, hand-overs to accept, deputyships today
    (empty when there is nothing)."""
    parts = []
    refs = incoming_referrals(ctx)
    if refs:
        cp = sum(1 for r in refs if r.child_protection_concern)
        parts.append(_("Referrals to answer: {n}").format(n=len(refs))
                     + (f" (⚠ {cp})" if cp else ""))
    hos = incoming_handovers(ctx)
    if hos:
        parts.append(_("Hand-overs to accept: {n}").format(n=len(hos)))
    deputising = deputy_summaries(ctx)
    if deputising:
        parts.extend(s.title for _i, s in deputising)
    if not parts:
        return ""
    return "⇄ " + " · ".join(parts) + " — " + _("V opens them")


def start_notices(ctx: Ctx) -> tuple[list[tuple[uuid.UUID, Summary]],
                                     tuple[uuid.UUID, str, list[DeputyAction]] | None]:
    """What the app shows once at start: the deputy's summary on the absence's first day (not
    read yet), and, back from an absence, what the deputy did (until read, for two weeks).
    On later days the summary is one key away (the queue's line, Z)."""
    if not notices_possible(ctx):  # lean: most days nothing starts or just ended
        return [], None
    today = clock.today()
    with ctx.db.read() as s:
        starting = {a.id for a, _n in repo.active_absences_covered(s, ctx.actor.id, today)
                    if a.starts_on == today}
    summaries = [(a, sm) for a, sm in deputy_summaries(ctx, unseen_only=True) if a in starting]
    report = report_unseen(ctx)
    if report is not None:
        with ctx.db.read() as s:
            ended = present(s.get(Absence, report[0]), _("No such absence.")).ends_on
        if (today - ended).days > REPORT_DAYS:
            report = None
    return summaries, report

