"""Training labs (README "Training labs"): create, open, advance, reset, delete, status.

A lab is a set of isolated workspaces, one SQLite file per trainee (caseterm.db.lab). Inside a
workspace everything goes through the same door as real work: the trainee is the demo's
caseworker, scenario cases are made by the intake service, scheduled events arrive as contact
notes, follow-ups and child-protection flags written through the case services (audited).
Functions on a workspace take `ctx` first; lab-level functions work on the lab's folder.
"""

from __future__ import annotations

from caseterm.db.lab import LabDataRefused, LabError, LabMeta, Trainee
from caseterm.schemas.scenario import ScenarioError
from caseterm.services.lab.course import (
    MAX_TRAINEES,
    MIN_TRAINEES,
    advance,
    create_lab,
    delete,
    list_labs,
    parse_start,
    read_meta,
    reset,
    trainee_names,
)
from caseterm.services.lab.progress import (
    TaskRow,
    TraineeStatus,
    check_titles,
    goals_of,
    my_tasks,
    pack_for,
    placed_scenarios,
    status,
    status_rows,
    tasks,
)
from caseterm.services.lab.records import export_record, open_session, read_only_copy
from caseterm.services.lab.workspace import (
    CONCERNS,
    LabInfo,
    course_day,
    deliver_events,
    lab_info,
    open_workspace,
    watermark,
    workspace_ctx,
)

__all__ = [
    "CONCERNS",
    "MAX_TRAINEES",
    "MIN_TRAINEES",
    "LabDataRefused",
    "LabError",
    "LabInfo",
    "LabMeta",
    "ScenarioError",
    "TaskRow",
    "Trainee",
    "TraineeStatus",
    "advance",
    "check_titles",
    "course_day",
    "create_lab",
    "delete",
    "deliver_events",
    "export_record",
    "goals_of",
    "lab_info",
    "list_labs",
    "my_tasks",
    "open_session",
    "open_workspace",
    "pack_for",
    "parse_start",
    "placed_scenarios",
    "read_meta",
    "read_only_copy",
    "reset",
    "status",
    "status_rows",
    "tasks",
    "trainee_names",
    "watermark",
    "workspace_ctx",
]
