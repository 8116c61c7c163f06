"""Looking into a trainee's workspace after the fact: a read-only copy, the exported record
(CSV), and an open session under the instance lock."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from caseterm.core import clock
from caseterm.db import lab as store
from caseterm.db.lab import LabError
from caseterm.i18n import _
from caseterm.services.lab.progress import status, status_rows
from caseterm.services.lab.workspace import LabInfo, course_day, open_workspace, workspace_ctx


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
