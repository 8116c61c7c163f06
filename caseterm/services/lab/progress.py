"""How trainees are doing: each scenario's tasks and goals, checked in the workspace, and the
status table of a lab."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from caseterm.core.lab_checks import CHECKS, evaluate
from caseterm.db import lab as store
from caseterm.db.lab import LabMeta
from caseterm.i18n import _, language
from caseterm.schemas.scenario import LoadedScenario, Pack, load_pack
from caseterm.services.door import Ctx
from caseterm.services.lab.workspace import (
    CONCERNS,
    LabInfo,
    _settings_json,
    course_day,
    open_workspace,
)


@dataclass
class TaskRow:
    scenario: str
    scenario_title: str
    task: str
    text: str
    check: str
    day: int
    done: bool
    hints: list[str] = field(default_factory=list)
    gate_violation: bool = False
    hint: str = ""


@dataclass
class TraineeStatus:
    trainee: str
    tasks: list[TaskRow]
    goals: list[dict]
    overdue: int
    gate_violations: int

    @property
    def done(self) -> int:
        return sum(t.done for t in self.tasks)


def tasks(ctx: Ctx, meta: LabMeta, pack: Pack) -> list[TaskRow]:
    """The tasks of every scenario started by today, with done marks and hints."""
    from caseterm.db.repo import lab as lab_repo

    de = language() == "de"
    today = course_day(meta)
    cases = _settings_json(ctx, store.CASES, {})
    concerns = _settings_json(ctx, CONCERNS, {})
    event_texts = {t for p in pack.scenarios for e in p.scenario.events
                   for t in (e.text_de, e.text_en)}
    rows: list[TaskRow] = []
    for placed in pack.scenarios:
        if placed.day > today:
            continue
        sc = placed.scenario
        concern = concerns.get(sc.id)
        f = lab_repo.facts(ctx.db, cases.get(sc.id, ""), ctx.actor.id, meta.today_date,
                           date.fromisoformat(concern) if concern else None,
                           since=meta.start_date)
        # contact notes the scenario's events wrote are not the trainee's work
        f = replace(f, notes=tuple(n for n in f.notes if n not in event_texts))
        for task in sc.tasks:
            r = evaluate(task.check, dict(task.params), f, meta.today_date)
            rows.append(TaskRow(
                scenario=sc.id, scenario_title=sc.title_de if de else sc.title_en,
                task=task.id, text=task.text_de if de else task.text_en, check=task.check,
                day=placed.day, done=r.done, hints=list(r.hints),
                gate_violation=r.gate_violation,
                hint=task.hint_de if de else task.hint_en))
    return rows


def goals_of(ctx: Ctx, meta: LabMeta, pack: Pack) -> list[dict]:
    from caseterm.db.repo import lab as lab_repo

    cases = _settings_json(ctx, store.CASES, {})
    out = []
    for placed in pack.scenarios:
        number = cases.get(placed.scenario.id)
        if not number or placed.day > course_day(meta):
            continue
        f = lab_repo.facts(ctx.db, number, ctx.actor.id, meta.today_date)
        for g in f.goals:
            out.append({"scenario": placed.scenario.id, "goal": g.text,
                        "smart": f"{g.smart_passed}/5", "hints": list(g.hints)})
    return out


def status(name: str, *, root: Path | None = None, trainee: str | None = None
           ) -> tuple[LabMeta, list[TraineeStatus]]:
    """Every trainee's progress, read through a copy-free read of her workspace."""
    meta = store.read_meta(name, root)
    pack = load_pack(meta.pack)
    out: list[TraineeStatus] = []
    for t in meta.trainees:
        if trainee and trainee not in (t.name, t.slug):
            continue
        db, ctx, _info = open_workspace(name, t.slug, root=root)
        try:
            rows = tasks(ctx, meta, pack)
            goals = goals_of(ctx, meta, pack)
            from caseterm.db.repo import lab as lab_repo

            any_case = next(iter(_settings_json(ctx, store.CASES, {}).values()), "")
            overdue = lab_repo.facts(ctx.db, any_case, ctx.actor.id,
                                     meta.today_date).overdue_followups if any_case else 0
        finally:
            db.dispose()
        out.append(TraineeStatus(trainee=t.name, tasks=rows, goals=goals, overdue=overdue,
                                 gate_violations=sum(r.gate_violation for r in rows)))
    return meta, out


def status_rows(statuses: list[TraineeStatus]) -> list[dict]:
    """One flat row per trainee and task: the course record (CSV/JSON)."""
    rows = []
    for s in statuses:
        for t in s.tasks:
            rows.append({"trainee": s.trainee, "day": t.day, "scenario": t.scenario,
                         "task": t.task, "check": t.check, "done": t.done,
                         "gate_violation": t.gate_violation, "hints": " | ".join(t.hints),
                         "overdue": s.overdue})
    return rows


def check_titles() -> dict[str, str]:
    return {k: _(c.title) for k, c in CHECKS.items()}


def pack_for(meta: LabMeta) -> Pack:
    return load_pack(meta.pack)


def placed_scenarios(meta: LabMeta) -> list[LoadedScenario]:
    return [s for s in load_pack(meta.pack).scenarios if s.day <= course_day(meta)]


def my_tasks(ctx: Ctx, info: LabInfo) -> list[TaskRow]:
    """The Aufgaben panel: the tasks of the open workspace's lab so far."""
    meta = store.read_meta(info.lab)
    return tasks(ctx, meta, load_pack(meta.pack))
