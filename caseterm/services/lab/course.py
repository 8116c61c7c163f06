"""A lab as a whole, on its folder: creating it from a scenario pack, the course day, advancing
the clock, resetting and deleting workspaces, listing labs."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from caseterm.core import clock
from caseterm.db import lab as store
from caseterm.db.lab import LabError, LabMeta, Trainee
from caseterm.i18n import _
from caseterm.schemas.scenario import Pack, load_pack
from caseterm.services.lab.workspace import deliver_events, open_workspace, workspace_ctx

MIN_TRAINEES, MAX_TRAINEES = 1, 100


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
