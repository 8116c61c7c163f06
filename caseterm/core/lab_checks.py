"""Automatic checks of a training scenario (training labs, README "Training labs").

Pure rules over `CaseFacts`, the facts of one scenario case collected by the service layer. A
scenario file names a check by its id (`CHECKS`) with optional parameters; `evaluate` returns
whether the task is done, the hints in plain words, and whether a gate was violated (e.g. a
plan written before the assessment was complete).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from caseterm.core.vocab import CasePhase
from caseterm.i18n import N_, _

SMART_LETTERS = ("specific", "measurable", "attractive", "realistic", "terminated")
SMART_MIN = 4  # of the five SMART criteria


@dataclass(frozen=True)
class GoalFacts:
    text: str
    level: str  # core.goals GoalLevel value ("handlungsziel", …)
    smart_passed: int  # of the five SMART letters
    hints: tuple[str, ...] = ()
    created_at: datetime | None = None
    has_gas: bool = False


@dataclass(frozen=True)
class ReferralFacts:
    recipient: str
    sent_on: date
    child_protection: bool = False
    by_consent: bool = True  # consent_basis == consent (not a legal exception)


@dataclass(frozen=True)
class CaseFacts:
    """What the checks may know of one scenario case (and of the trainee's caseload)."""

    exists: bool = True
    phase: str = "intake"
    working_agreement_on: date | None = None
    assessment_completed_on: date | None = None
    assessment_completed_at: datetime | None = None  # when it was marked complete
    assessment_domains: int = 0
    strengths_noted: int = 0  # assessment domains with strengths written
    goals: tuple[GoalFacts, ...] = ()
    plan_agreed_on: date | None = None
    network_people: int = 0
    resources: int = 0
    referrals: tuple[ReferralFacts, ...] = ()
    consent_recipients: tuple[str, ...] = ()  # of consents not withdrawn
    postponement_reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    concern_on: date | None = None  # the day a child-protection concern arrived (event)
    open_followups: int = 0
    overdue_followups: int = 0
    caseload_without_followup: int = 0  # the trainee's open cases without a next step


@dataclass(frozen=True)
class CheckResult:
    done: bool
    hints: tuple[str, ...] = ()
    gate_violation: bool = False


@dataclass(frozen=True)
class Check:
    id: str
    title: str  # N_() text
    run: Callable[[CaseFacts, dict, date], CheckResult]


def _ok(done: bool, *hints: str, gate: bool = False) -> CheckResult:
    return CheckResult(done=done, hints=() if done else tuple(h for h in hints if h),
                       gate_violation=gate)


def _working_agreement(f: CaseFacts, p: dict, today: date) -> CheckResult:
    return _ok(f.working_agreement_on is not None,
               _("No working agreement (Arbeitsbündnis) is recorded yet: agree roles, tasks "
                 "and contact rules with the client and record them."))


def _assessment_complete(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min_domains", 1))
    if f.assessment_completed_on is None:
        return _ok(False, _("The assessment is not complete yet: fill in the life domains and "
                            "mark it complete."))
    return _ok(f.assessment_domains >= need,
               _("The assessment covers {n} life domains; at least {need} are asked for.")
               .format(n=f.assessment_domains, need=need))


def _assessment_before_planning(f: CaseFacts, p: dict, today: date) -> CheckResult:
    planned = [g.created_at for g in f.goals if g.created_at is not None]
    if not planned:
        return _ok(False, _("No goals yet: complete the assessment first, then plan."))
    first = min(planned)
    if f.assessment_completed_at is None or f.assessment_completed_at > first:
        return _ok(False, _("Goals were written before the assessment was complete: clarify "
                            "first (assessment), then plan."), gate=True)
    return _ok(True)


def _strengths_first(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 2))
    return _ok(f.strengths_noted >= need,
               _("Strengths are written in {n} life domains; at least {need} are asked for. "
                 "Ask what already works.").format(n=f.strengths_noted, need=need))


def _resource_map(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 3))
    return _ok(f.resources >= need,
               _("{n} resources noted; at least {need} are asked for.").format(
                   n=f.resources, need=need))


def _network_map(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 4))
    return _ok(f.network_people >= need,
               _("{n} people on the network map; at least {need} are asked for.").format(
                   n=f.network_people, need=need))


def _smart_goals(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 2))
    level = p.get("level", "handlungsziel")
    mine = [g for g in f.goals if g.level == level]
    good = [g for g in mine if g.smart_passed >= SMART_MIN]
    hints: list[str] = []
    if len(good) < need:
        hints.append(_("{n} Handlungsziele with a SMART score of at least {min} of 5; {need} "
                       "are asked for.").format(n=len(good), min=SMART_MIN, need=need))
        for g in mine:
            if g.smart_passed < SMART_MIN and g.hints:
                hints.append(f"„{g.text[:60]}“ ({g.smart_passed}/5): {g.hints[0]}")
    return _ok(len(good) >= need, *hints)


def _plan_agreed(f: CaseFacts, p: dict, today: date) -> CheckResult:
    return _ok(f.plan_agreed_on is not None,
               _("The plan (Zielvereinbarung) is not agreed yet: agree a version with the "
                 "client."))


def _gas_scaled(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 1))
    n = sum(1 for g in f.goals if g.has_gas)
    return _ok(n >= need, _("{n} goals have a GAS scale; at least {need} are asked for.")
               .format(n=n, need=need))


def _referral_sent(f: CaseFacts, p: dict, today: date) -> CheckResult:
    return _ok(bool(f.referrals), _("No referral has been sent yet."))


def _child_protection_referral(f: CaseFacts, p: dict, today: date) -> CheckResult:
    if f.concern_on is None:
        return _ok(False, _("No child-protection concern has arrived yet."))
    limit = _next_working_day(f.concern_on)
    sent = [r.sent_on for r in f.referrals if r.child_protection]
    if any(f.concern_on <= d <= limit for d in sent):
        return _ok(True)
    late = today > limit
    return _ok(False, _("A child-protection concern arrived on {day}: refer it (marked as a "
                        "child-protection concern) by the next working day, {limit}.").format(
                            day=f.concern_on.isoformat(), limit=limit.isoformat()), gate=late)


def _postponements_have_reason(f: CaseFacts, p: dict, today: date) -> CheckResult:
    if not f.postponement_reasons:
        return _ok(False, _("No follow-up has been postponed yet."))
    weak = [r for r in f.postponement_reasons if len(r.split()) < 2]
    return _ok(not weak, _("{n} postponements have no real reason (one word or less): say why "
                           "it waits.").format(n=len(weak)), gate=bool(weak))


def _consent_covers_referrals(f: CaseFacts, p: dict, today: date) -> CheckResult:
    if not f.referrals:
        return _ok(False, _("No referral has been sent yet."))
    known = [c.casefold() for c in f.consent_recipients]
    missing = [r.recipient for r in f.referrals if r.by_consent
               and not any(r.recipient.casefold() in k or k in r.recipient.casefold()
                           for k in known if k)]
    return _ok(not missing, _("No consent names these recipients: {names}.").format(
        names=", ".join(missing)), gate=bool(missing))


def _notes_written(f: CaseFacts, p: dict, today: date) -> CheckResult:
    need = int(p.get("min", 1))
    word = str(p.get("containing", "")).casefold()
    n = sum(1 for t in f.notes if word in t.casefold())
    if word:
        return _ok(n >= need, _("{n} contact notes mention “{word}”; at least {need} are asked "
                                "for.").format(n=n, word=p.get("containing"), need=need))
    return _ok(n >= need, _("{n} contact notes; at least {need} are asked for.").format(
        n=n, need=need))


def _no_overdue(f: CaseFacts, p: dict, today: date) -> CheckResult:
    return _ok(f.overdue_followups == 0,
               _("{n} follow-ups are overdue: do, postpone with a reason, or escalate them.")
               .format(n=f.overdue_followups))


def _caseload_next_steps(f: CaseFacts, p: dict, today: date) -> CheckResult:
    return _ok(f.caseload_without_followup == 0,
               _("{n} of your open cases have no next step (follow-up): look at your caseload "
                 "figures and plan one each.").format(n=f.caseload_without_followup))


PHASES = tuple(p.value for p in CasePhase)


def _phase_reached(f: CaseFacts, p: dict, today: date) -> CheckResult:
    want = str(p.get("phase", "evaluation"))
    have = PHASES.index(f.phase) if f.phase in PHASES else 0
    need = PHASES.index(want) if want in PHASES else len(PHASES) - 1
    return _ok(have >= need, _("The case is in phase {phase}; take it on to {want}.").format(
        phase=f.phase, want=want))


def _next_working_day(day: date) -> date:
    """The next working day (Monday to Friday) after `day`."""
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    return nxt


CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("working_agreement", N_("Working agreement recorded"), _working_agreement),
    Check("assessment_complete", N_("Assessment complete"), _assessment_complete),
    Check("assessment_before_planning", N_("Assessment complete before planning"),
          _assessment_before_planning),
    Check("strengths_first", N_("Strengths written in the assessment"), _strengths_first),
    Check("resource_map", N_("Resources noted"), _resource_map),
    Check("network_map", N_("Network map drawn"), _network_map),
    Check("smart_goals", N_("Handlungsziele with a SMART score of at least 4 of 5"),
          _smart_goals),
    Check("plan_agreed", N_("Plan agreed"), _plan_agreed),
    Check("gas_scaled", N_("Goals scaled for GAS"), _gas_scaled),
    Check("referral_sent", N_("Referral sent"), _referral_sent),
    Check("child_protection_referral", N_("Child-protection referral within one working day"),
          _child_protection_referral),
    Check("postponements_have_reason", N_("Every postponement has a reason"),
          _postponements_have_reason),
    Check("consent_covers_referrals", N_("Consent covers every referral recipient"),
          _consent_covers_referrals),
    Check("notes_written", N_("Contact notes written"), _notes_written),
    Check("no_overdue", N_("No overdue follow-ups"), _no_overdue),
    Check("caseload_next_steps", N_("Every open case has a next step"), _caseload_next_steps),
    Check("phase_reached", N_("Case taken through the cycle"), _phase_reached),
)}


@dataclass(frozen=True)
class TaskOutcome:
    task_id: str
    check: str
    done: bool
    hints: tuple[str, ...] = ()
    gate_violation: bool = False
    extra: dict = field(default_factory=dict)


def evaluate(check_id: str, params: dict, facts: CaseFacts, today: date) -> CheckResult:
    """Run one check; an unknown id is a ValueError (the scenario loader refuses it first)."""
    check = CHECKS.get(check_id)
    if check is None:
        raise ValueError(f"unknown check: {check_id}")
    if not facts.exists:
        return CheckResult(done=False, hints=(_("The scenario's case is not in this workspace."),))
    return check.run(facts, params, today)
