"""Goals of a case: the tree, editing it (add, move, indent/outdent, drop), GAS scales and
reviews, measure approval. Measures with a due date keep a follow-up in step
(followups.sync_source / cancel_source, source_type "measure") in the same unit of work."""

from __future__ import annotations

from caseterm.db.repo.goals.approvals import ApprovalRow, decide, pending_approvals
from caseterm.db.repo.goals.edit import (
    EDIT_FIELDS,
    SOURCE,
    add_goal,
    add_goal_in,
    case_of,
    get_in,
    last_writer,
    row_values,
    set_status,
    update_goal,
    update_goal_in,
    values_of,
)
from caseterm.db.repo.goals.gas import add_review, add_review_in, gas_goals, gas_history, set_gas
from caseterm.db.repo.goals.structure import drop, indent, move, outdent
from caseterm.db.repo.goals.tree import GoalRow, GoalTree, ReviewRow, load_tree, tree_in

__all__ = [
    "EDIT_FIELDS",
    "SOURCE",
    "ApprovalRow",
    "GoalRow",
    "GoalTree",
    "ReviewRow",
    "add_goal",
    "add_goal_in",
    "add_review",
    "add_review_in",
    "case_of",
    "decide",
    "drop",
    "gas_goals",
    "gas_history",
    "get_in",
    "indent",
    "last_writer",
    "load_tree",
    "move",
    "outdent",
    "pending_approvals",
    "row_values",
    "set_gas",
    "set_status",
    "tree_in",
    "update_goal",
    "update_goal_in",
    "values_of",
]
