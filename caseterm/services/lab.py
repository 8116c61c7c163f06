"""Training labs (README "Training labs"): create, open, advance, reset, delete, status.

A lab is a set of isolated workspaces, one SQLite file per trainee (caseterm.db.lab). Inside a
workspace everything goes through the same door as real work: the trainee is the demo's
caseworker, scenario cases are made by the intake service, scheduled events arrive as contact
notes, follow-ups and child-protection flags written through the case services (audited).
Functions on a workspace take `ctx` first; lab-level functions work on the lab's folder.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from caseterm.core import clock
from caseterm.core.lab_checks import CHECKS, evaluate
from caseterm.db import lab as store
from caseterm.db.lab import LabDataRefused, LabError, LabMeta, Trainee
from caseterm.i18n import _, language
from caseterm.schemas.scenario import LoadedScenario, Pack, ScenarioError, load_pack
from caseterm.services.door import Ctx

__all__ = ["LabDataRefused", "LabError", "LabMeta", "ScenarioError", "Trainee"]

CONCERNS = "lab.concerns"  # scenario id -> ISO day a child-protection concern arrived
MIN_TRAINEES, MAX_TRAINEES = 1, 100


@dataclass(frozen=True)
class LabInfo:
    """What the banner and the Aufgaben panel need to know of an open workspace."""

    lab: str
    trainee: str
    pack: str
    today: date
    course_day: int
    read_only: bool = False


def parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise LabError(_("--start must be a date as YYYY-MM-DD, not “{text}”.").format(
            text=str(text)[:40])) from None


def trainee_names(count: int | None, names: str | None) -> list[str]:
    if names:
        given = [n.strip() for n in names.split(",")]
        if any(not n for n in given):
            raise LabError(_("--names: a name is empty (two commas, or one at the end)."))
        if len(set(given)) != len(given):
            raise LabError(_("--names: a name is given twice."))
        if any(len(n) > 60 or not n.isprintable() for n in given):
            raise LabError(_("--names: a name has more than 60 characters or control "
                             "characters."))
        count = len(given)
    else:
        given = []
    if count is None or not MIN_TRAINEES <= count <= MAX_TRAINEES:
        raise LabError(_("A lab has {low} to {high} trainees, not {n}.").format(
            low=MIN_TRAINEES, high=MAX_TRAINEES, n=count))
    return given or [f"teilnehmer-{i:02d}" for i in range(1, count + 1)]


def course_day(meta: LabMeta, today: date | None = None) -> int:
    """1 on the start day; +1 for every working day (Monday to Friday) after it."""
    today = today or meta.today_date
    day, n = meta.start_date, 1
    while day < today:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n += 1
    return n


# -- creating ----------------------------------------------------------------------------------
def create_lab(name: str, pack_name: str, start: date, trainees: list[str], *,
               progress: Callable[[int, int], None] | None = None,
               root: Path | None = None) -> LabMeta:
    """One workspace per trainee, all or nothing: built in a hidden folder that is renamed
    into place at the end and removed on any error."""
    store.check_name(name)
    root = root or store.labs_root()
    final = store.lab_dir(name, root)
    if final.exists():
        raise LabError(_("A lab named {name} exists already; choose another name or delete "
                         "it first (caseterm lab delete {name}).").format(name=name))
    pack = load_pack(pack_name)
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
    except OSError as exc:
        raise LabError(_("The lab folder {path} cannot be written: {problem}").format(
            path=root, problem=exc.strerror or exc)) from None
    total = len(trainees) + 1
    try:
        template = work / "template.db"
        _build_template(template, pack, start)
        if progress:
            progress(1, total)
        meta = LabMeta(name=name, pack=pack.id, start=start.isoformat(),
                       today=start.isoformat(), trainees=[])
        for i, who in enumerate(trainees, start=1):
            t = Trainee(name=who, slug=f"t{i:03d}")
            meta.trainees.append(t)
            ws = work / "ws" / f"{t.slug}.db"
            store.copy_closed(template, ws)
            store.put_setting(ws, store.MARKER, json.dumps({"lab": name, "trainee": who},
                                                           ensure_ascii=False))
            store.copy_closed(ws, work / "start" / f"{t.slug}.db")
            store.copy_closed(ws, work / "day" / f"{t.slug}.db")
            if progress:
                progress(i + 1, total)
        template.unlink()
        store.write_meta(meta, work)
        os.rename(work, final)
    except BaseException:
        store.remove_tree(work)
        raise
    return meta


def _build_template(path: Path, pack: Pack, start: date) -> None:
    """The demo office on the course's first day, plus every scenario's starting case."""
    from caseterm.db.demo import load_demo
    from caseterm.db.engine import Database
    from caseterm.db.repo import settings
    from caseterm.schemas.intake import check_intake_data
    from caseterm.services import intake as intake_service

    before = clock._override
    clock.set_today(start)
    db = Database(str(path))
    try:
        load_demo(db)
        ctx = workspace_ctx(db)
        cases: dict[str, str] = {}
        for placed in pack.scenarios:
            if placed.scenario.start:
                saved = intake_service.save(ctx, check_intake_data(placed.scenario.start),
                                            confirm_new=True)
                cases[placed.scenario.id] = saved.case_number
        settings.set(db, store.CASES, json.dumps(cases))
        settings.set(db, store.EVENTS, "[]")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
        clock.set_today(before)


def workspace_ctx(db) -> Ctx:
    """The trainee's door in her workspace: the worker stored in it (never the trainer's own
    CASETERM_WORKER or config file, which name a real person)."""
    from caseterm.db.repo import settings
    from caseterm.services.identity import _actor

    stored = settings.get(db, settings.CURRENT_WORKER)
    if not stored:
        raise LabError(_("This lab workspace has no trainee worker."))
    return Ctx(db, _actor(db, uuid.UUID(stored)))


# -- opening -----------------------------------------------------------------------------------
def open_workspace(name: str, trainee: str, *, kind: str = "ws", root: Path | None = None):
    """(database, ctx, LabInfo) of a trainee's workspace, with today set to the lab's day."""
    from caseterm.db.target import open_database

    meta = store.read_meta(name, root)
    t = meta.trainee(trainee)
    path = store.workspace(meta, t, kind, root)
    db = open_database("sqlite:///" + str(path.resolve()), may_create=False, lab=True)
    clock.set_today(meta.today_date)
    info = LabInfo(lab=meta.name, trainee=t.name, pack=meta.pack, today=meta.today_date,
                   course_day=course_day(meta), read_only=kind != "ws")
    return db, workspace_ctx(db), info


def lab_info(ctx: Ctx) -> dict | None:
    """The lab marker of the open database (None: real data)."""
    return store.lab_marker_of(ctx.db.path, None if ctx.db.path else ctx.db.engine)


def watermark(ctx: Ctx) -> str | None:
    """The text printed across every page exported from a lab workspace."""
    marker = lab_info(ctx)
    if marker is None:
        return None
    return _("EXERCISE – fictional data") + f" · {marker.get('lab', '')}"


# -- events ------------------------------------------------------------------------------------
def _settings_json(ctx: Ctx, key: str, default):
    from caseterm.db.repo import settings

    raw = settings.get(ctx.db, key)
    try:
        return json.loads(raw) if raw else default
    except ValueError:
        return default


def deliver_events(ctx: Ctx, meta: LabMeta, pack: Pack) -> list[str]:
    """Deliver every scheduled event due by the lab's course day that this workspace has not
    had yet (its ledger `lab.events` travels with the workspace: a reset restores the ledger
    of that moment, so no event ever arrives twice in one workspace)."""
    from caseterm.core.inputs import FollowUpInput, NoteInput
    from caseterm.core.vocab import NoteKind
    from caseterm.db.repo import lab as lab_repo
    from caseterm.db.repo import settings
    from caseterm.services import cases as cases_service
    from caseterm.services import followups

    today = course_day(meta)
    delivered = set(_settings_json(ctx, store.EVENTS, []))
    cases = _settings_json(ctx, store.CASES, {})
    concerns = _settings_json(ctx, CONCERNS, {})
    new: list[str] = []
    for placed in pack.scenarios:
        number = cases.get(placed.scenario.id)
        case_id = lab_repo.case_id_of(ctx.db, number) if number else None
        for event in placed.scenario.events:
            if event.id in delivered or placed.event_day(event) > today or case_id is None:
                continue
            text = event.text_de if language() == "de" else event.text_en
            if event.kind == "followup":
                followups.add(ctx, case_id, FollowUpInput(due_date=meta.today_date,
                                                          next_step=text[:500]))
            else:
                kind = NoteKind.phone if event.kind == "note" else NoteKind.letter
                cases_service.add_note(ctx, case_id, NoteInput(kind=kind, text=text))
            if event.kind == "concern":
                cases_service.set_child_protection(ctx, case_id, True)
                concerns[placed.scenario.id] = meta.today
                settings.set(ctx.db, CONCERNS, json.dumps(concerns))
            delivered.add(event.id)
            settings.set(ctx.db, store.EVENTS, json.dumps(sorted(delivered)))
            new.append(event.id)
    return new


# -- time, reset, delete -----------------------------------------------------------------------
def _busy(path: Path) -> bool:
    from caseterm.db.lock import AlreadyOpen, InstanceLock

    try:
        with InstanceLock(path):
            return False
    except AlreadyOpen:
        return True


def advance(name: str, days: int, *, root: Path | None = None) -> tuple[LabMeta, int]:
    """Move the lab's today by `days` for all trainees; deliver due events; the start of the
    new day is saved for `reset --to day`. Returns the lab and the events delivered."""
    if not 1 <= days <= 365:
        raise LabError(_("--days must be 1 to 365, not {n}.").format(n=days))
    meta = store.read_meta(name, root)
    pack = load_pack(meta.pack)
    meta.today = (meta.today_date + timedelta(days=days)).isoformat()
    store.write_meta(meta, store.lab_dir(name, root))
    count = 0
    for t in meta.trainees:
        count += _bring_up_to_date(meta, t, pack, root)
    return meta, count


def _bring_up_to_date(meta: LabMeta, t: Trainee, pack: Pack, root: Path | None) -> int:
    db, ctx, _info = open_workspace(meta.name, t.slug, root=root)
    try:
        n = len(deliver_events(ctx, meta, pack))
    finally:
        db.dispose()
    store.copy_database(store.workspace(meta, t, "ws", root),
                        store.workspace(meta, t, "day", root))
    return n


def reset(name: str, trainee: str | None, to: str, *, root: Path | None = None) -> list[str]:
    """Back to the start of the current course day (`day`) or of the course (`course`), for
    one trainee or all. A workspace open in caseterm is refused (nothing changed)."""
    if to not in ("day", "course"):
        raise LabError(_("--to must be day or course, not “{to}”.").format(to=to[:20]))
    meta = store.read_meta(name, root)
    chosen = [meta.trainee(trainee)] if trainee else list(meta.trainees)
    busy = [t.name for t in chosen if _busy(store.workspace(meta, t, "ws", root))]
    if busy:
        raise LabError(_("These workspaces are open in caseterm; close them first: {names}. "
                         "Nothing was reset.").format(names=", ".join(busy)))
    pack = load_pack(meta.pack)
    for t in chosen:
        source = store.workspace(meta, t, "start" if to == "course" else "day", root)
        store.copy_database(source, store.workspace(meta, t, "ws", root))
        if to == "course":
            _bring_up_to_date(meta, t, pack, root)
    return [t.name for t in chosen]


def delete(name: str, *, root: Path | None = None) -> None:
    meta = store.read_meta(name, root)
    busy = [t.name for t in meta.trainees if _busy(store.workspace(meta, t, "ws", root))]
    if busy:
        raise LabError(_("These workspaces are open in caseterm; close them first: {names}. "
                         "Nothing was deleted.").format(names=", ".join(busy)))
    store.remove_tree(store.lab_dir(name, root))


def list_labs(root: Path | None = None) -> list[LabMeta]:
    return store.list_labs(root)


def read_meta(name: str, root: Path | None = None) -> LabMeta:
    return store.read_meta(name, root)


# -- progress ----------------------------------------------------------------------------------
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


@contextmanager
def read_only_copy(name: str, trainee: str, *, root: Path | None = None):
    """The trainer's drill-in: a private copy of the trainee's workspace (nothing she sees
    changes; whatever is typed into the copy is thrown away at the end)."""
    meta = store.read_meta(name, root)
    t = meta.trainee(trainee)
    folder = Path(tempfile.mkdtemp(prefix="caseterm-lab-view-"))
    try:
        view = folder / "view" / f"{t.slug}.db"
        store.copy_database(store.workspace(meta, t, "ws", root), view)
        from caseterm.db.target import open_database

        db = open_database("sqlite:///" + str(view), may_create=False, lab=True)
        clock.set_today(meta.today_date)
        info = LabInfo(lab=meta.name, trainee=t.name, pack=meta.pack, today=meta.today_date,
                       course_day=course_day(meta), read_only=True)
        try:
            yield db, workspace_ctx(db), info
        finally:
            db.dispose()
    finally:
        store.remove_tree(folder)


def my_tasks(ctx: Ctx, info: LabInfo) -> list[TaskRow]:
    """The Aufgaben panel: the tasks of the open workspace's lab so far."""
    meta = store.read_meta(info.lab)
    return tasks(ctx, meta, load_pack(meta.pack))


def export_record(name: str, target: Path | None = None, *, root: Path | None = None) -> Path:
    """The course record (one row per trainee and task) as CSV, 0600; default in the lab's
    folder."""
    import csv

    meta, statuses = status(name, root=root)
    rows = status_rows(statuses)
    target = target or store.lab_dir(name, root) / f"course-record-{meta.today}.csv"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["trainee"])
        writer.writeheader()
        writer.writerows(rows)
    return target


def open_session(name: str, trainee: str, *, root: Path | None = None):
    """A browser or terminal session's workspace: (database, ctx, LabInfo, lock). The lock
    refuses a second session on the same trainee's file (LabError, nothing opened)."""
    from caseterm.db.lock import AlreadyOpen, InstanceLock

    meta = store.read_meta(name, root)
    t = meta.trainee(trainee)
    lock = InstanceLock(store.workspace(meta, t, "ws", root))
    try:
        lock.acquire()
    except AlreadyOpen:
        raise LabError(_("{name}'s workspace is already open in another session.").format(
            name=t.name)) from None
    try:
        db, ctx, info = open_workspace(name, t.slug, root=root)
    except BaseException:
        lock.release()
        raise
    return db, ctx, info, lock
