"""Held changes are retried (issue 17, gap 1): a laptop's new rows whose case or person had not
reached the centre are kept and applied by themselves, in order, once that record arrives;
`caseterm bundle held` and the sync summary say what still waits; nothing is applied twice."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from caseterm.services import sync, sync_held
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin, pull


def _intake(last="Berg"):
    from caseterm.core.intake import check_intake

    return check_intake({"client": {"first_name": "Olga", "last_name": last,
                                    "birth_date": "01.01.1970"},
                         "case": {"legal_area": "sgb2"},
                         "referral": {"urgency": "routine"}})


@pytest.fixture
def world(db, worker, tmp_path):
    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(admin, "Zentrale")
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    yield SimpleNamespace(db=db, ldb=laptop, lap=ctx_for(laptop, worker),
                          centre=ctx_for(db, worker), admin=admin)
    laptop.dispose()


def _split(out: dict) -> tuple[dict, dict]:
    """The laptop's change set with the new case and person taken out (they arrive later, as
    the next sequence numbers), and that later change set."""
    parents = [c for c in out["changes"] if c["entity"] in ("client", "casefile")]
    rest = [c for c in out["changes"] if c["entity"] not in ("client", "casefile")]
    last = out["last"]
    late = [{**c, "seq": last + i + 1} for i, c in enumerate(parents)]
    return ({**out, "changes": rest},
            {**out, "changes": late, "first": last + 1, "last": last + len(late)})


def _count(db, model, **where) -> int:
    with db.read() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return int(s.execute(q).scalar() or 0)


def test_held_changes_are_applied_when_their_case_arrives(world):
    from caseterm.models.followup import FollowUp
    from caseterm.models.intake import IntakeRecord as Intake
    from caseterm.models.sync_held import SyncHeld
    from caseterm.services import followups, intake

    saved = intake.save(world.lap, _intake(), confirm_new=True)
    followups.refresh(world.lap)
    on_laptop = _count(world.ldb, FollowUp, case_id=saved.case_id)
    assert on_laptop > 0
    first, late = _split(sync.collect_outgoing(world.lap))

    got = sync.apply_incoming(world.centre, first)
    assert got.refused and got.waiting, "the orphans are held and reported"
    held = _count(world.db, SyncHeld)
    assert held == len(got.waiting) > 0
    assert _count(world.db, FollowUp, case_id=saved.case_id) == 0
    rows = sync_held.list_held(world.admin)
    assert {r.parent_entity for r in rows} <= {"casefile", "client"}

    got = sync.apply_incoming(world.centre, late)
    assert got.released == held and got.waiting == []
    assert _count(world.db, SyncHeld) == 0
    assert _count(world.db, FollowUp, case_id=saved.case_id) == on_laptop
    assert _count(world.db, Intake, case_id=saved.case_id) == 1

    # delivered again: nothing twice, nothing held again
    again = sync.apply_incoming(world.centre, first)
    again2 = sync.apply_incoming(world.centre, late)
    assert again.applied == again2.applied == 0 and again2.released == 0
    assert _count(world.db, FollowUp, case_id=saved.case_id) == on_laptop
    assert _count(world.db, SyncHeld) == 0

    # the laptop learns that its held changes were applied in the end
    pull(world.lap, world.centre)
    assert sync.sync_status(world.lap).unsent == 0
    from caseterm.models.sync import SyncChange

    with world.ldb.read() as s:
        outcomes = set(s.exec(select(SyncChange.outcome).where(
            SyncChange.entity == "follow_up")).scalars())
    assert outcomes == {"applied"}


def test_release_is_audited_and_the_cli_lists_what_waits(world, monkeypatch):
    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.models.office import AuditEntry
    from caseterm.services import intake

    intake.save(world.lap, _intake("Kern"), confirm_new=True)
    first, late = _split(sync.collect_outgoing(world.lap))
    sync.apply_incoming(world.centre, first)
    monkeypatch.setenv("CASETERM_WORKER", "admin")
    r = CliRunner().invoke(app, ["--db", str(world.db.path), "bundle", "held", "--json"])
    assert r.exit_code == 0, r.output
    import json

    data = [d for d in json.loads(r.stdout) if d["kind"] == "change"]
    assert data and data[0]["waits_for"] in ("casefile", "client")
    r = CliRunner().invoke(app, ["--db", str(world.db.path), "bundle", "held"])
    assert "casefile" in r.stdout or "client" in r.stdout
    sync.apply_incoming(world.centre, late)
    with world.db.read() as s:
        details = [json.loads(d) for d in s.exec(select(AuditEntry.detail).where(
            AuditEntry.action == "sync_apply")).scalars()]
    assert any(d.get("released") for d in details)
    r = CliRunner().invoke(app, ["--db", str(world.db.path), "bundle", "held", "--json"])
    assert json.loads(r.stdout) == []


def test_a_caseworker_sees_only_held_changes_of_her_cases(world):
    from caseterm.db.repo import workers
    from caseterm.services import intake

    intake.save(world.lap, _intake("Lind"), confirm_new=True)
    first, _late = _split(sync.collect_outgoing(world.lap))
    sync.apply_incoming(world.centre, first)
    with world.db.write() as s:
        bernd = workers.add(s, username="bernd", display_name="Bernd", role="caseworker",
                            team="Team Süd", office="Rathaus", land="NW")
    assert sync_held.list_held(ctx_for(world.db, bernd)) == []
    assert sync_held.list_held(world.admin)
