"""One trainee's workspace of a lab: its door (the demo's caseworker), opening it, what the
banner shows (the course day), and the scheduled events delivered into it through the case
services."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from caseterm.core import clock
from caseterm.db import lab as store
from caseterm.db.lab import LabError, LabMeta
from caseterm.i18n import _, language
from caseterm.schemas.scenario import Pack
from caseterm.services.door import Ctx

CONCERNS = "lab.concerns"  # scenario id -> ISO day a child-protection concern arrived


@dataclass(frozen=True)
class LabInfo:
    """What the banner and the Aufgaben panel need to know of an open workspace."""

    lab: str
    trainee: str
    pack: str
    today: date
    course_day: int
    read_only: bool = False


def course_day(meta: LabMeta, today: date | None = None) -> int:
    """1 on the start day; +1 for every working day (Monday to Friday) after it."""
    today = today or meta.today_date
    day, n = meta.start_date, 1
    while day < today:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n += 1
    return n


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


