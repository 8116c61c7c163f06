"""Goals, the plan (agreement), GAS and approvals through the door.

Every call checks the case (read for reads, write for writes), wraps writes in
`ctx.acting()` so they land in the audit trail field by field, and returns plain data. An edit
of an existing goal passes the `row_version` (and the values) its dialog started from; a
change someone else saved meanwhile to the same field raises `Conflict` (nothing is
overwritten unseen), changes to other fields are kept. Printing or exporting the plan is
audited ("print" / "export").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from caseterm.core import gas as gas_core
from caseterm.core.access import Need
from caseterm.core.agreement import AgreementType, ParticipantInput, VersionInput
from caseterm.core.goals import (
    GasLevelsInput,
    GasReviewInput,
    GoalInput,
    approval_refusal,
)
from caseterm.core.validate import InputError
from caseterm.db.repo import agreements as agreements_repo
from caseterm.db.repo import goals as goals_repo
from caseterm.db.repo import settings as settings_repo
from caseterm.db.repo.agreements import AgreementView, ParticipantRow, VersionRow
from caseterm.db.repo.goals import GoalRow, GoalTree, ReviewRow, row_values
from caseterm.i18n import N_, _
from caseterm.services.door import Ctx, NotFound, check_case, check_version, present, record

__all__ = ["AgreementView", "GoalRow", "GoalTree", "ParticipantRow", "PlanData", "ReviewRow",
           "VersionRow", "row_values"]

RHO_KEY = "gas_rho"

GOAL_LABELS = {
    "level": N_("Level"), "text_client": N_("Goal in the client's words"),
    "text_professional": N_("Professional wording (optional)"),
    "life_domain": N_("Life domain"), "indicator": N_("How will we know it is reached?"),
    "baseline": N_("Starting point"), "target": N_("Target"), "due_date": N_("By when"),
    "importance": N_("Importance 0–3"), "difficulty": N_("Difficulty 0–3"),
    "weight": N_("Weight 0–9"), "owner": N_("Whose goal"),
    "resources": N_("Resources that help (comma-separated)"), "status": N_("Status"),
    "confidence": N_("Client's confidence 0–10"), "responsible": N_("Who does it"),
    "responsible_name": N_("Name (provider, person)"), "cost_bearer": N_("Cost bearer"),
    "needs_approval": N_("Needs the team lead's approval"),
}


@dataclass(frozen=True)
class PlanView:
    """What the goals screen shows: the tree, the plan and how far the tree moved on since
    the agreed version."""

    tree: GoalTree
    agreement: AgreementView | None
    changes: int


@dataclass(frozen=True)
class PlanData:
    """Everything the PDF needs, read through the door: the plan's content (frozen snapshot
    or draft) and the client's languages from the intake (for a bilingual copy)."""

    case_id: uuid.UUID
    content: dict
    client_languages: str = ""


# -- reading -----------------------------------------------------------------------------------
def _goal_case(ctx: Ctx, goal_id: uuid.UUID, need: Need, what: str) -> uuid.UUID:
    case_id = goals_repo.case_of(ctx.db, goal_id)
    if case_id is None:
        raise NotFound(_("No such goal."))
    check_case(ctx, case_id, need, what)
    return case_id


def _version_case(ctx: Ctx, version_id: uuid.UUID, need: Need, what: str) -> uuid.UUID:
    case_id = agreements_repo.case_of_version(ctx.db, version_id)
    if case_id is None:
        raise NotFound(_("No such plan version."))
    check_case(ctx, case_id, need, what)
    return case_id


def tree(ctx: Ctx, case_id: uuid.UUID) -> GoalTree:
    check_case(ctx, case_id, Need.read, "goals")
    return goals_repo.load_tree(ctx.db, case_id)


def plan_view(ctx: Ctx, case_id: uuid.UUID) -> PlanView:
    check_case(ctx, case_id, Need.read, "goals")
    return PlanView(goals_repo.load_tree(ctx.db, case_id),
                    agreements_repo.view(ctx.db, case_id),
                    agreements_repo.changes_since_agreed(ctx.db, case_id))


def agreement(ctx: Ctx, case_id: uuid.UUID) -> AgreementView | None:
    check_case(ctx, case_id, Need.read, "plan")
    return agreements_repo.view(ctx.db, case_id)


def version_content(ctx: Ctx, version_id: uuid.UUID) -> dict:
    _version_case(ctx, version_id, Need.read, "plan")
    return agreements_repo.version_content(ctx.db, version_id)


def gas_goals(tree_data: GoalTree) -> list[gas_core.GasGoal]:
    return goals_repo.gas_goals(tree_data)


def gas_history(tree_data: GoalTree, rho: float = gas_core.DEFAULT_RHO
                ) -> list[gas_core.GasPoint]:
    return goals_repo.gas_history(tree_data, rho)


def gas_rho(ctx: Ctx) -> float:
    """ρ for the GAS T-score: stored setting, else the default (an unreadable value counts as
    not set)."""
    raw = settings_repo.get(ctx.db, RHO_KEY)
    try:
        return gas_core.check_rho(float(raw)) if raw else gas_core.DEFAULT_RHO
    except ValueError:
        return gas_core.DEFAULT_RHO


def set_gas_rho(ctx: Ctx, value: float) -> float:
    gas_core.check_rho(value)  # ValueError with the message
    with ctx.acting():
        settings_repo.set(ctx.db, RHO_KEY, str(value))
    return value


# -- goals -------------------------------------------------------------------------------------
def add_goal(ctx: Ctx, case_id: uuid.UUID, data: GoalInput, *,
             parent_id: uuid.UUID | None = None, after_id: uuid.UUID | None = None
             ) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "goal")
    with ctx.acting():
        return goals_repo.add_goal(ctx.db, case_id, data, parent_id=parent_id,
                                   after_id=after_id, worker_id=ctx.actor.id)


def goal_labels() -> dict[str, str]:
    return {k: _(v) for k, v in GOAL_LABELS.items()}


def update_goal(ctx: Ctx, goal_id: uuid.UUID, data: GoalInput, *,
                base_version: int | None = None, base: dict | None = None,
                fields: Iterable[str] | None = None) -> uuid.UUID:
    """Save an edited goal. `base_version` and `base` (`row_values()` of the GoalRow the
    dialog started from) let a concurrent change through where it touched other fields and
    raise Conflict where it touched a field this edit changes too. `fields` limits the edit
    to the fields a dialog shows (the others keep their stored values)."""
    _goal_case(ctx, goal_id, Need.write, "goal")
    mine = goals_repo.values_of(data)
    if fields is not None:
        keep = set(fields)
        mine = {k: v for k, v in mine.items() if k in keep}
    changed = mine if base is None else {k: v for k, v in mine.items() if base.get(k) != v}
    with ctx.acting(), ctx.db.write() as s:
        goal = goals_repo.get_in(s, goal_id)
        if base_version is not None and goal.row_version != base_version:
            by = goals_repo.last_writer(s, "goal", goal_id)
            check_version("goal", goal, base_version, changed, goal_labels(), base or {}, by)
        goals_repo.update_goal_in(s, goal, changed)
    return goal_id


def drop(ctx: Ctx, goal_id: uuid.UUID) -> int:
    _goal_case(ctx, goal_id, Need.write, "goal")
    with ctx.acting():
        return goals_repo.drop(ctx.db, goal_id)


def move(ctx: Ctx, goal_id: uuid.UUID, delta: int) -> bool:
    _goal_case(ctx, goal_id, Need.write, "goal")
    with ctx.acting():
        return goals_repo.move(ctx.db, goal_id, delta)


def indent(ctx: Ctx, goal_id: uuid.UUID) -> bool:
    _goal_case(ctx, goal_id, Need.write, "goal")
    with ctx.acting():
        return goals_repo.indent(ctx.db, goal_id)


def outdent(ctx: Ctx, goal_id: uuid.UUID) -> bool:
    _goal_case(ctx, goal_id, Need.write, "goal")
    with ctx.acting():
        return goals_repo.outdent(ctx.db, goal_id)


def set_gas(ctx: Ctx, goal_id: uuid.UUID, data: GasLevelsInput) -> None:
    _goal_case(ctx, goal_id, Need.write, "gas")
    with ctx.acting():
        goals_repo.set_gas(ctx.db, goal_id, data)


def add_review(ctx: Ctx, goal_id: uuid.UUID, data: GasReviewInput) -> uuid.UUID:
    _goal_case(ctx, goal_id, Need.write, "gas")
    with ctx.acting():
        return goals_repo.add_review(ctx.db, goal_id, data, ctx.actor.id)


# -- approval of measures ----------------------------------------------------------------------
def may_decide(ctx: Ctx, goal: GoalRow) -> str | None:
    """Why the actor may not decide on this measure (None: she may). The one rule is
    core.goals.approval_refusal; the screen asks here before it opens the dialog."""
    return approval_refusal(ctx.actor.role, goal.level, goal.needs_approval)


def pending_approvals(ctx: Ctx, case_id: uuid.UUID | None = None
                      ) -> list[goals_repo.ApprovalRow]:
    """Measures waiting for approval in the cases the actor may read (or in one case)."""
    from caseterm.core import clock
    from caseterm.db.repo import access

    if case_id is not None:
        check_case(ctx, case_id, Need.read, "approval")
    rows = goals_repo.pending_approvals(ctx.db, access.visible_cases(ctx.actor, clock.today()))
    return [r for r in rows if case_id is None or r.case_id == case_id]


def decide(ctx: Ctx, goal_id: uuid.UUID, approve: bool, reason: str = "") -> None:
    """The team lead's decision (services.team.decide): a decline needs a reason, which the
    caseworker sees."""
    from caseterm.services import team

    team.decide(ctx, goal_id, approve, reason)


# -- the plan (agreement) ----------------------------------------------------------------------
def ensure_draft(ctx: Ctx, case_id: uuid.UUID,
                 kind: AgreementType | None = None) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "plan")
    with ctx.acting():
        return agreements_repo.ensure_draft(ctx.db, case_id, kind)


def draft_view(ctx: Ctx, case_id: uuid.UUID) -> AgreementView:
    """The plan with a draft version to edit (made when the latest is agreed)."""
    ensure_draft(ctx, case_id)
    return present(agreements_repo.view(ctx.db, case_id), _("No such plan version."))


def save_version(ctx: Ctx, case_id: uuid.UUID, version_id: uuid.UUID, data: VersionInput,
                 kind: AgreementType | None = None) -> None:
    """Save the draft version; `kind` changes the kind of plan (only before any agreement)."""
    if _version_case(ctx, version_id, Need.write, "plan") != case_id:
        raise NotFound(_("No such plan version."))
    with ctx.acting():
        if kind is not None:
            agreements_repo.set_type(ctx.db, case_id, kind)
        agreements_repo.update_version(ctx.db, version_id, data)


def add_participant(ctx: Ctx, version_id: uuid.UUID, data: ParticipantInput) -> uuid.UUID:
    _version_case(ctx, version_id, Need.write, "plan")
    with ctx.acting():
        return agreements_repo.add_participant(ctx.db, version_id, data)


def _participant_case(ctx: Ctx, participant_id: uuid.UUID) -> uuid.UUID | None:
    case_id = agreements_repo.case_of_participant(ctx.db, participant_id)
    if case_id is not None:
        check_case(ctx, case_id, Need.write, "plan")
    return case_id


def update_participant(ctx: Ctx, participant_id: uuid.UUID, data: ParticipantInput) -> None:
    if _participant_case(ctx, participant_id) is None:
        raise NotFound(_("No such participant."))
    with ctx.acting():
        agreements_repo.update_participant(ctx.db, participant_id, data)


def remove_participant(ctx: Ctx, participant_id: uuid.UUID) -> None:
    if _participant_case(ctx, participant_id) is None:
        return
    with ctx.acting():
        agreements_repo.remove_participant(ctx.db, participant_id)


def agree(ctx: Ctx, version_id: uuid.UUID) -> None:
    _version_case(ctx, version_id, Need.write, "plan")
    with ctx.acting():
        agreements_repo.agree(ctx.db, version_id, ctx.actor.id)


# -- printing the plan -------------------------------------------------------------------------
def plan_data(ctx: Ctx, case_id: uuid.UUID, *, draft: bool = True) -> PlanData:
    """The content to print: the agreed version, else (with `draft`) the draft. NotFound when
    there is nothing to print."""
    check_case(ctx, case_id, Need.read, "plan")
    content = agreements_repo.agreed_content(ctx.db, case_id)
    if content is None and draft:
        content = agreements_repo.preview(ctx.db, case_id)
    if content is None:
        raise NotFound(_("No agreed plan for this case (print the draft with --draft)."))
    return PlanData(case_id, content, agreements_repo.client_languages(ctx.db, case_id))


def export_plan(ctx: Ctx, case_id: uuid.UUID, target: Path, *, lang: str = "de",
                second_lang: str | None = "auto", draft: bool = True,
                action: str = "export", recipient: str = "", legal_basis: str | None = None,
                basis_reason: str = "") -> Path:
    """Write the plan as PDF (`target` a file or a folder) and audit it as `action`
    ("export" from the command line, "print" from the screen). With a `recipient` (a
    provider, another agency) the plan leaves the office: services.privacy.disclose checks
    the consent or the stated legal basis first, and refuses naming the missing consent."""
    from caseterm.export.plan_pdf import export_case

    if action not in ("export", "print"):
        raise InputError({"action": "export|print"})
    if recipient:
        from caseterm.services.privacy import disclose

        disclose(ctx, case_id, recipient, legal_basis=legal_basis, reason=basis_reason,
                 what="plan_pdf")
    data = plan_data(ctx, case_id, draft=draft)
    from caseterm.services.lab import watermark
    from caseterm.services.paperwork import letterhead

    history = gas_history(tree(ctx, case_id), gas_rho(ctx))  # the GAS chart on a time axis
    path = export_case(data, target, lang=lang, second_lang=second_lang,
                       watermark=watermark(ctx), letterhead=letterhead(ctx),
                       gas=[(p.day, p.t) for p in history])
    record(ctx, action, "agreement", data.content.get("version", ""), case_id,
           {"format": "pdf", "version": data.content.get("version"),
            "status": data.content.get("status"), "file": Path(path).name})
    return path
