"""Faults of issue 17's list not covered elsewhere: the centre goes away in the middle of a
sync (after the laptop's changes went up, before the centre's came down): a clear message, exit
1, nothing half-applied, and the next sync completes. The sync summary names held changes."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import record, sync
from tests.test_bundle_sync import _title, world  # noqa: F401 - the fixture


def _sync(w):
    return CliRunner().invoke(app, ["--db", str(w.ldb.url), "--lang", "en", "sync",
                                    "--central", str(w.db.url)])


def test_the_centre_gone_mid_sync_is_a_clear_message_and_nothing_half_applied(
        world, monkeypatch):  # noqa: F811
    from caseterm.services import sync as service

    monkeypatch.setenv("CASETERM_WORKER", "anna")
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    record.edit_case(world.centre, world.case, {"child_protection": True})
    before = sync.sync_status(world.laptop).last_pulled
    real = service.export_for_device

    def gone(*_a, **_k):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(service, "export_for_device", gone)
    r = _sync(world)
    assert r.exit_code == 1, r.output
    text = r.output.replace("\n", " ")
    assert "broke off" in text and "run caseterm sync again" in text
    assert "Traceback" not in r.output
    # the batch that went up is whole at the centre; nothing came down
    assert _title(world.db, world.case) == "vom Laptop"
    assert sync.sync_status(world.laptop).last_pulled == before
    from caseterm.models.case import Case

    with world.ldb.read() as s:
        assert s.get(Case, world.case).child_protection is False
    monkeypatch.setattr(service, "export_for_device", real)
    r = _sync(world)
    assert r.exit_code == 0, r.output
    with world.ldb.read() as s:
        assert s.get(Case, world.case).child_protection is True
    assert sync.sync_status(world.laptop).unsent == 0


def test_the_sync_summary_says_what_is_still_held(world, monkeypatch):  # noqa: F811
    from caseterm.core.sync_facts import ApplyResult
    from caseterm.services import sync as service

    monkeypatch.setenv("CASETERM_WORKER", "anna")
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    real = service.apply_incoming

    def with_held(ctx, cs):
        res: ApplyResult = real(ctx, cs)
        if cs.get("source_role") == "replica":
            res.released, res.waiting = 2, ["follow_up 1234 waits for casefile 5678"]
            res.held = [("device", 3, 5)]
        return res

    monkeypatch.setattr(service, "apply_incoming", with_held)
    r = _sync(world)
    assert r.exit_code == 0, r.output
    assert "Applied now that their case or person arrived: 2 held changes." in r.stdout
    assert "Still held until its case or person arrives: 1 change (" in r.stdout
    assert "Held until the missing changes 3–5 arrive" in r.stdout
