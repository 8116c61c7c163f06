"""Generator, step 4: the phase history of every case (PhaseChange rows).

Each case walks the cycle from access or intake up to its current phase, the steps spread
between the day it was opened and the day its phase began; a closed case stopped somewhere
along the way and then closed with its reason. Long monitoring phases sometimes looped back to
planning once (a re-planning after an evaluation).
"""

from __future__ import annotations

from datetime import timedelta

from caseterm.core.phases import ORDER as PHASES
from caseterm.core.vocab import CasePhase
from caseterm.db.generate import at, ctx_rng, insert_rows, new_id, record
from caseterm.db.generate import weighted as pick
from caseterm.models.case import PhaseChange

ORDER = 40

_IDX = {p.value: i for i, p in enumerate(PHASES)}
_ACCESS, _INTAKE = _IDX["access"], _IDX["intake"]
REACHED_BEFORE_CLOSING = (
    (CasePhase.intake.value, 14), (CasePhase.assessment.value, 12),
    (CasePhase.planning.value, 10), (CasePhase.linking.value, 12),
    (CasePhase.monitoring.value, 34), (CasePhase.evaluation.value, 18),
)
REPLAN_REASONS = ("Neue Lebenslage nach Auswertung", "Ziel erreicht, Anschlussziel vereinbart",
                  "Maßnahme abgebrochen, neu planen", "Fallkonferenz: Hilfeplan anpassen")


def generate(conn, ctx: dict) -> None:
    rng = ctx_rng(ctx, "history")
    cases = ctx["cases"]
    progress = ctx["progress"]
    progress.start("phase history", len(cases))

    def rows():
        for k in cases:
            closed = k.closed_on is not None
            target = pick(rng, REACHED_BEFORE_CLOSING) if closed else k.phase
            start = _ACCESS if (target == "access" or rng.random() < 0.25) else _INTAKE
            path = [p.value for p in PHASES[start:_IDX[target] + 1]]
            if (not closed and k.phase == "monitoring" and rng.random() < 0.15):
                path += ["evaluation", "planning", "linking", "monitoring"]
            if closed:
                path.append(CasePhase.closure.value)
            first = at(k.opened_on, 8, 30 + rng.randint(0, 29))
            last = k.phase_since if k.phase_since > first else first
            steps = len(path) - 1
            span = (last - first).total_seconds()
            previous = None
            for i, phase in enumerate(path):
                when = first + timedelta(seconds=int(span * i / steps)) if steps else first
                if 0 < i < steps:
                    when += timedelta(minutes=rng.randint(-90, 90))
                    when = min(max(when, first), last)
                reason = ""
                if phase == "closure":
                    reason = k.extra.get("closure_reason") or ""
                elif previous in ("evaluation", "monitoring") and phase == "planning":
                    reason = rng.choice(REPLAN_REASONS)
                yield {
                    **record(new_id(rng), when), "case_id": k.id, "from_phase": previous,
                    "to_phase": phase, "at": when, "worker_id": k.lead_id, "reason": reason,
                }
                previous = phase
            progress.advance()

    ctx["counts"]["phase_change"] = insert_rows(conn, PhaseChange.__table__, rows())
