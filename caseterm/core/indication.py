"""The indication check for case management (reference/methods.md §1.1).

Case management (as opposed to ordinary counselling) is indicated when all criteria hold:
complex needs in several life domains, several actors needed, standard services do not
suffice, own resources insufficient — and the client's consent, the hard gate. The check
counts the life domains with a presenting concern; complex needs are met only from
`COMPLEX_NEED_DOMAINS` domains on. When case management is not indicated the worker records
the alternative (advice only, referral elsewhere, …) and the case closes with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseterm.core.validate import Errors
from caseterm.core.vocab import LABELS, CasePhase, ClosureReason, label, options  # noqa: F401 - this module's labels live there
from caseterm.i18n import N_, _

COMPLEX_NEED_DOMAINS = 3


class Criterion(StrEnum):
    complex_need = "complex_need"
    many_actors = "many_actors"
    standard_path_fails = "standard_path_fails"
    insufficient_own_resources = "insufficient_own_resources"
    client_consent = "client_consent"


class Decision(StrEnum):
    pending = "pending"
    indicated = "indicated"
    not_indicated = "not_indicated"


class Alternative(StrEnum):
    advice_only = "advice_only"
    referral_elsewhere = "referral_elsewhere"
    standard_service = "standard_service"
    no_need = "no_need"
    client_declined = "client_declined"
    other = "other"


class ConcernDomain(StrEnum):
    """Life domains of presenting concerns (default scheme, methods.md §5.1)."""

    wirtschaftlich = "wirtschaftlich"
    beruflich = "beruflich"
    wohnen = "wohnen"
    gesundheitlich = "gesundheitlich"
    familiaer = "familiaer"
    sozial = "sozial"
    persoenlich = "persoenlich"
    aufenthalt_sprache = "aufenthalt_sprache"


class ReferralSource(StrEnum):
    self = "self"
    job_centre = "job_centre"
    youth_office = "youth_office"
    social_office = "social_office"
    school = "school"
    clinic = "clinic"
    counselling_service = "counselling_service"
    court_police = "court_police"
    other_agency = "other_agency"
    family_friends = "family_friends"
    other = "other"


class Urgency(StrEnum):
    routine = "routine"
    soon = "soon"
    urgent = "urgent"
    crisis = "crisis"


LABELS.update({
    Criterion: {
        "complex_need": N_("Complex needs in several life domains"),
        "many_actors": N_("Several actors / services needed"),
        "standard_path_fails": N_("Standard services do not suffice"),
        "insufficient_own_resources": N_("Own resources insufficient"),
        "client_consent": N_("Client's consent (required)"),
    },
    Decision: {
        "pending": N_("Not decided yet (case stays in intake)"),
        "indicated": N_("Case management indicated — start assessment"),
        "not_indicated": N_("Not indicated — record the alternative and close"),
    },
    Alternative: {
        "advice_only": N_("Advice only"),
        "referral_elsewhere": N_("Referred to another service"),
        "standard_service": N_("Standard service suffices"),
        "no_need": N_("No need for support"),
        "client_declined": N_("Client declined case management"),
        "other": N_("Other alternative"),
    },
    ConcernDomain: {
        "wirtschaftlich": N_("Finances (income, debts, benefits)"),
        "beruflich": N_("Education and work"),
        "wohnen": N_("Housing"),
        "gesundheitlich": N_("Health (physical, mental, addiction)"),
        "familiaer": N_("Family (partnership, children, care)"),
        "sozial": N_("Social network and participation"),
        "persoenlich": N_("Personal (motivation, daily life skills)"),
        "aufenthalt_sprache": N_("Residence status and language"),
    },
    ReferralSource: {
        "self": N_("Self-referral"),
        "job_centre": N_("Job centre"),
        "youth_office": N_("Youth office"),
        "social_office": N_("Social welfare office"),
        "school": N_("School / day care"),
        "clinic": N_("Clinic / doctor"),
        "counselling_service": N_("Counselling service"),
        "court_police": N_("Court / police"),
        "other_agency": N_("Other agency"),
        "family_friends": N_("Family / friends"),
        "other": N_("Other"),
    },
    Urgency: {
        "routine": N_("Routine"),
        "soon": N_("Soon (within 2 weeks)"),
        "urgent": N_("Urgent (this week)"),
        "crisis": N_("Crisis (today)"),
    },
})


@dataclass(frozen=True)
class IndicationResult:
    met: dict[Criterion, bool]
    domain_count: int
    threshold: int

    @property
    def all_met(self) -> bool:
        return all(self.met.values())

    @property
    def missing(self) -> list[Criterion]:
        return [c for c, ok in self.met.items() if not ok]

    @property
    def count_met(self) -> int:
        return sum(self.met.values())


def evaluate(ticked: dict[str, bool] | set[str], domain_count: int, has_consent: bool,
             *, threshold: int = COMPLEX_NEED_DOMAINS) -> IndicationResult:
    """Which criteria hold. Complex needs count only with enough life domains; consent comes
    from the consent records, not from a tick."""
    if isinstance(ticked, dict):
        ticked = {k for k, v in ticked.items() if v}
    met = {
        Criterion.complex_need: Criterion.complex_need in ticked and domain_count >= threshold,
        Criterion.many_actors: Criterion.many_actors in ticked,
        Criterion.standard_path_fails: Criterion.standard_path_fails in ticked,
        Criterion.insufficient_own_resources: Criterion.insufficient_own_resources in ticked,
        Criterion.client_consent: has_consent,
    }
    return IndicationResult(met=met, domain_count=domain_count, threshold=threshold)


def check_decision(decision: Decision | None, result: IndicationResult,
                   alternative: Alternative | None, alternative_note: str, e: Errors) -> None:
    """Errors for a decision the check does not support. Consent is the hard gate."""
    if decision is Decision.indicated:
        if not result.met[Criterion.client_consent]:
            e.add("consent_given_on", _(
                "Case management cannot start without the client's consent: record a valid "
                "consent for case management, or leave the decision open."))
        other = [c for c in result.missing if c is not Criterion.client_consent]
        if other:
            names = "; ".join(label(c) for c in other)
            e.add("decision", _("Case management is indicated only when every criterion is "
                                "met. Missing: {names}.").format(names=names))
            if Criterion.complex_need in other:
                e.add("concerns", _("Complex needs: at least {n} life domains with a concern "
                                    "(now {m}).").format(n=result.threshold,
                                                         m=result.domain_count))
    elif decision is Decision.not_indicated:
        if alternative is None:
            e.add("alternative", _("Record the alternative: what happens instead?"))
        elif alternative is Alternative.other and not alternative_note:
            e.add("alternative_note", _("Describe the alternative."))


def outcome(decision: Decision) -> tuple[CasePhase, ClosureReason | None]:
    """Where the case stands after the intake is saved."""
    if decision is Decision.indicated:
        return CasePhase.assessment, None
    if decision is Decision.not_indicated:
        return CasePhase.closure, ClosureReason.not_indicated
    return CasePhase.intake, None


def closure_text(alternative: Alternative | None, note: str) -> str:
    """The reason recorded in the phase history when a case is not indicated."""
    parts = [label(alternative)] if alternative else []
    if note:
        parts.append(note)
    return " — ".join(parts)
