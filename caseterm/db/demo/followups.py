"""Demo data of the follow-up queue: referrals with their history (among them the SGB II →
SGB VIII hand-over of JC-2026-00112 with feedback pending and a § 8a referral without
consent), postponed follow-ups, a chain and a recurrence, and items escalated to the deputy
and the team lead. Runs after the base loader (cases, workers, follow-ups)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session, select

from caseterm.core.vocab import FollowUpKind, FollowUpStatus
from caseterm.core.workdays import calendar_for
from caseterm.db.repo.followups import sync_source
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.followup_extra import FollowUpPlan, FollowUpPostponement
from caseterm.models.referral import FEEDBACK_DONE, Referral, ReferralEvent, ReferralStatus

ORDER = 60


def _at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _find(session: Session, case: Case, starts: str) -> FollowUp | None:
    return session.exec(select(FollowUp).where(
        FollowUp.case_id == case.id, FollowUp.status == FollowUpStatus.open.value,
        FollowUp.next_step.startswith(starts))).first()


def load(session: Session, ctx: dict) -> None:
    path = ctx["data_dir"] / "followups.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    today = ctx["today"]
    cases: dict[str, Case] = ctx["cases"]
    workers = ctx["workers"]

    def wid(name: str | None):
        w = workers.get(name or "")
        return w.id if w else None

    for spec in data.get("referrals", []):
        case = cases.get(spec["case"])
        if case is None:
            continue
        ref = Referral(
            case_id=case.id, target=spec["target"], recipient=spec["recipient"],
            target_legal_area=spec.get("target_legal_area"), contact=spec.get("contact", ""),
            purpose=spec.get("purpose", ""), status=ReferralStatus.sent.value,
            sent_on=today - timedelta(days=spec["sent_days_ago"]),
            feedback_due=today + timedelta(days=spec["feedback_in_days"]),
            consent_basis=spec.get("basis", "consent"),
            legal_exception=spec.get("legal_exception"),
            exception_reason=spec.get("exception_reason", ""),
            child_protection_concern=bool(spec.get("child_protection_concern")),
            worker_id=wid(spec.get("by")),
        )
        session.add(ref)
        session.flush()
        session.add(ReferralEvent(referral_id=ref.id, status="sent", at=_at(ref.sent_on, 9),
                                  worker_id=ref.worker_id, note=""))
        for ev in spec.get("events", []):
            ref.status = ev["status"]
            if ev["status"] == ReferralStatus.feedback_received.value:
                ref.feedback = ev.get("note", "")
            session.add(ReferralEvent(referral_id=ref.id, status=ev["status"],
                                      at=_at(today - timedelta(days=ev["days_ago"]), 11),
                                      worker_id=wid(ev.get("by")), note=ev.get("note", "")))
        if ref.child_protection_concern:
            case.child_protection = True
        if ReferralStatus(ref.status) in FEEDBACK_DONE:
            continue
        linked = _find(session, case, spec["link_followup"]) if spec.get("link_followup") \
            else None
        if linked is not None:
            linked.source_type, linked.source_id = "referral", ref.id
            linked.kind = FollowUpKind.referral.value
            linked.due_date = ref.feedback_due
        else:
            sync_source(session, case_id=case.id, source_type="referral", source_id=ref.id,
                        due_date=ref.feedback_due,
                        next_step=f"Rückmeldung von {ref.recipient}: Kontakt hergestellt, "
                                  "Hilfe begonnen?",
                        assignee_id=case.lead_worker_id, kind=FollowUpKind.referral)

    for spec in data.get("postponements", []):
        case = cases.get(spec["case"])
        fu = _find(session, case, spec["followup"]) if case else None
        if fu is None:
            continue
        for h in spec["history"]:
            session.add(FollowUpPostponement(
                follow_up_id=fu.id, from_date=today + timedelta(days=h["from_in_days"]),
                to_date=today + timedelta(days=h["to_in_days"]), reason=h["reason"],
                at=_at(today - timedelta(days=h["days_ago"]), 14), worker_id=wid(h.get("by"))))
            fu.postpone_count += 1

    for spec in data.get("followups", []):
        case = cases.get(spec["case"])
        assignee = workers.get(spec["assignee"])
        if case is None or assignee is None:
            continue
        cal = calendar_for(assignee.land, assignee.catholic_municipality, assignee.augsburg)
        due = cal.add_working_days(cal.previous_working_day(today),
                                   -spec["working_days_overdue"])
        session.add(FollowUp(case_id=case.id, kind=spec["kind"], due_date=due,
                             next_step=spec["next_step"], assignee_id=assignee.id,
                             priority=spec.get("priority", "normal"),
                             created_by_id=assignee.id))

    for spec in data.get("plans", []):
        case = cases.get(spec["case"])
        fu = _find(session, case, spec["followup"]) if case else None
        if fu is None:
            continue
        session.add(FollowUpPlan(follow_up_id=fu.id, mode=spec["mode"],
                                 interval=spec["interval"], unit=spec["unit"],
                                 remaining=spec["count"], occurrence=1, anchor=fu.due_date,
                                 next_step=spec.get("next_step", "")))
    session.flush()
    # the automatic follow-ups (no contact, phase stalled) of every demo case
    from caseterm.db.repo.auto_followups import refresh_cases_in

    refresh_cases_in(session, [c.id for c in cases.values()])
