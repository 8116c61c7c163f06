"""The Case-Management-Regelkreis: which phase may follow which, and the gates between them.

The cycle runs access → intake → assessment → planning → linking → monitoring → evaluation →
closure; monitoring may loop back to assessment or planning, evaluation back to planning; any
open phase may close (with a reason from the fixed list); a closed case may be re-opened into
intake (logged). Gates (reference/methods.md §1.1):
- leaving intake for assessment needs the client's consent (hard gate);
- planning without a completed assessment needs the worker's confirmation (soft gate);
- linking without an agreed plan needs confirmation (soft gate);
- closure needs a reason from ClosureReason.
`CaseFacts` carries what the gates look at; the database layer fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseterm.core.vocab import CasePhase, ClosureReason
from caseterm.i18n import _

ORDER = list(CasePhase)

_LOOPS: dict[CasePhase, set[CasePhase]] = {
    CasePhase.monitoring: {CasePhase.assessment, CasePhase.planning},
    CasePhase.evaluation: {CasePhase.planning, CasePhase.monitoring},
    CasePhase.linking: {CasePhase.planning},
    CasePhase.planning: {CasePhase.assessment},
}


class GateLevel(StrEnum):
    ok = "ok"
    confirm = "confirm"  # allowed after the worker confirms
    blocked = "blocked"


@dataclass(frozen=True)
class CaseFacts:
    """What the gates need to know about a case."""

    has_consent: bool = False
    assessment_complete: bool = False
    plan_agreed: bool = False


@dataclass(frozen=True)
class GateResult:
    level: GateLevel
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.level is GateLevel.ok


class StepState(StrEnum):
    done = "done"  # passed, and what the phase produces is there
    incomplete = "incomplete"  # passed (skipped ahead) without its result
    current = "current"
    ahead = "ahead"


def step_states(current: CasePhase, facts: CaseFacts) -> list[tuple[CasePhase, StepState]]:
    """The state of each phase for the stepper: a passed phase counts as done only when its
    result is there (assessment: completed; planning: a plan agreed), so skipping ahead
    does not show a finished assessment."""
    index = ORDER.index(current)
    result = {CasePhase.assessment: facts.assessment_complete,
              CasePhase.planning: facts.plan_agreed}
    out = []
    for i, phase in enumerate(ORDER):
        if i == index:
            state = StepState.current
        elif i > index:
            state = StepState.ahead
        else:
            state = StepState.done if result.get(phase, True) else StepState.incomplete
        out.append((phase, state))
    return out


def next_phase(phase: CasePhase) -> CasePhase | None:
    """The next phase in the cycle's main line (None after closure)."""
    i = ORDER.index(phase)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def allowed_targets(phase: CasePhase) -> list[CasePhase]:
    """Phases a case in `phase` may move to, in cycle order."""
    if phase is CasePhase.closure:
        return [CasePhase.intake]
    targets = set(_LOOPS.get(phase, set()))
    nxt = next_phase(phase)
    if nxt is not None:
        targets.add(nxt)
    targets.add(CasePhase.closure)
    return [p for p in ORDER if p in targets]


def check_transition(
    current: CasePhase,
    target: CasePhase,
    facts: CaseFacts,
    *,
    reason: str = "",
    closure_reason: ClosureReason | None = None,
) -> GateResult:
    """May the case move from `current` to `target`? Pure; the caller acts on the result."""
    if target == current:
        return GateResult(GateLevel.blocked, _("The case is already in this phase."))
    if target not in allowed_targets(current):
        return GateResult(
            GateLevel.blocked,
            _("A case in phase “{current}” cannot move to “{target}”.").format(
                current=_label(current), target=_label(target)),
        )
    if target is CasePhase.closure and closure_reason is None:
        return GateResult(GateLevel.blocked, _("Closing a case needs a closure reason."))
    if current is CasePhase.closure and not reason.strip():
        return GateResult(GateLevel.blocked, _("Re-opening a case needs a reason."))
    if target is CasePhase.assessment and current in (CasePhase.access, CasePhase.intake):
        if not facts.has_consent:
            return GateResult(
                GateLevel.blocked,
                _("No assessment without the client's consent: record the consent first."),
            )
    if target is CasePhase.planning and not facts.assessment_complete:
        return GateResult(
            GateLevel.confirm,
            _("The assessment is not complete. Plan anyway?"),
        )
    if target is CasePhase.linking and not facts.plan_agreed:
        return GateResult(GateLevel.confirm, _("No agreed plan yet. Start linking anyway?"))
    return GateResult(GateLevel.ok)


def _label(phase: CasePhase) -> str:
    from caseterm.core.vocab import label

    return label(phase)
