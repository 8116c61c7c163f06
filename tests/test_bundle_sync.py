"""Bundles carrying the sync engine's change sets: a laptop checked out from the centre, its
edits on a USB stick to the centre and the centre's back, with the CLI; replay, gaps and a
revoked laptop."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.services import Ctx, bundle, devices, record, sync
from tests.bundle_helpers import audit_rows, snapshot
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin


@pytest.fixture
def world(db, worker, make_case, tmp_path):
    from caseterm.db.repo import workers

    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(admin, "Zentrale")
    case_id = make_case()
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    devices.checkout_keys(admin, Ctx(laptop, admin.actor), "Laptop Nord", "anna")
    lap = ctx_for(laptop, workers.current(db))
    yield SimpleNamespace(admin=admin, centre=ctx_for(db, worker), laptop=lap, case=case_id,
                          db=db, ldb=laptop)
    laptop.dispose()


def _title(db, case_id):
    from caseterm.models.case import Case

    with db.read() as s:
        return s.get(Case, case_id).title


def cli(db, *args, who="anna", code=0):
    result = CliRunner().invoke(app, ["--db", str(db.path), "--lang", "en", *args],
                                env={"CASETERM_WORKER": who})
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return result


def test_keys_are_made_at_checkout_and_share_the_sync_device_id(world):
    own, _keys = devices.own_keys(world.laptop)
    assert str(own.device_id) == sync.sync_status(world.laptop).device_id
    at_centre = {r.device_id: r for r in devices.list_devices(world.admin)}
    assert at_centre[own.device_id].worker == "anna"
    # the laptop's private keys are nowhere in the centre's database
    from sqlalchemy import text

    with world.db.engine.connect() as conn:
        secrets = conn.execute(text("SELECT device_id FROM device_secret")).scalars().all()
    assert own.device_id not in {__import__("uuid").UUID(str(d)) for d in secrets}


def test_laptop_edit_to_centre_and_back_through_the_cli(world, tmp_path):
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    stick = tmp_path / "to-centre.ctb"
    out = json.loads(cli(world.ldb, "bundle", "export", str(stick), "--json").stdout)
    assert out["counts"]["changes"] == 1 and out["to_name"] == "Zentrale"
    assert b"vom Laptop" not in stick.read_bytes()  # encrypted
    res = json.loads(cli(world.db, "bundle", "import", str(stick), "--json").stdout)
    assert res["status"] == "applied"
    assert _title(world.db, world.case) == "vom Laptop"
    before = snapshot(world.db)
    again = cli(world.db, "bundle", "import", str(stick)).stdout
    assert "Already imported" in again and snapshot(world.db) == before
    # the centre's changes for the laptop, back on the stick
    record.edit_case(world.centre, world.case, {"child_protection": True})
    back = tmp_path / "to-laptop.ctb"
    cli(world.db, "bundle", "export", "--to", "Laptop Nord", str(back), who="admin")
    res = json.loads(cli(world.ldb, "bundle", "import", str(back), "--json").stdout)
    assert res["status"] == "applied"
    from caseterm.models.case import Case

    with world.ldb.read() as s:
        assert s.get(Case, world.case).child_protection is True
    assert sync.sync_status(world.laptop).unsent == 0  # the centre acknowledged the edit


def test_gap_between_laptop_bundles_is_held_then_released(world, tmp_path):
    record.edit_case(world.laptop, world.case, {"title": "eins"})
    first, _m = bundle.seal_changeset(world.laptop, sync.collect_outgoing(world.laptop),
                                      devices.central_device(world.laptop))
    record.edit_case(world.laptop, world.case, {"title": "zwei"})
    record.edit_case(world.laptop, world.case, {"title": "drei"})
    # the second bundle carries only the newer changes (as after an acknowledged first one)
    cs = sync.collect_outgoing(world.laptop)
    cs["changes"] = [c for c in cs["changes"] if c["seq"] > 1]
    cs["first"] = 2
    second, _m = bundle.seal_changeset(world.laptop, cs, devices.central_device(world.laptop))
    held = bundle.import_bytes(world.admin, second)
    assert held.status == "held" and held.waiting == [(1, 1)]
    assert _title(world.db, world.case) != "drei"
    done = bundle.import_bytes(world.admin, first)
    assert done.status == "applied" and done.released == [(2, 3)]
    assert _title(world.db, world.case) == "drei"


def test_revoked_laptop_bundle_refused_nothing_applied(world, tmp_path):
    record.edit_case(world.laptop, world.case, {"title": "vom verlorenen Laptop"})
    stick = tmp_path / "lost.ctb"
    cli(world.ldb, "bundle", "export", str(stick))
    cli(world.db, "device", "revoke", "Laptop Nord", who="admin")
    before = snapshot(world.db)
    out = cli(world.db, "bundle", "import", str(stick), code=1).output
    assert "revoked" in out
    assert snapshot(world.db) == before
    assert audit_rows(world.db, "refuse")[-1]["reason"] == "revoked_signer"


def test_a_signed_change_set_claiming_another_source_is_refused(world):
    cs = sync.collect_outgoing(world.laptop)
    cs["source"] = str(devices.central_device(world.laptop))
    data, _m = bundle.seal_changeset(world.laptop, cs, devices.central_device(world.laptop))
    from caseterm.core.bundle import BundleRefused

    with pytest.raises(BundleRefused) as err:
        bundle.import_bytes(world.admin, data)
    assert err.value.code == "source_mismatch"


def test_another_caseworker_may_not_import_a_laptops_bundle_exit_3(world, tmp_path):
    from caseterm.db.repo import workers

    with world.db.write() as s:
        workers.add(s, username="otto", display_name="Otto", role="caseworker", team="Süd",
                    office="Rathaus", land="NW")
    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    stick = tmp_path / "b.ctb"
    cli(world.ldb, "bundle", "export", str(stick))
    before = snapshot(world.db)
    out = cli(world.db, "bundle", "import", str(stick), who="otto", code=3).output
    assert "administrator" in out
    assert snapshot(world.db) == before
    from sqlalchemy import text

    with world.db.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action='refuse' AND "
                              "entity='bundle'")).scalar()
    assert n == 1
    # anna, whose laptop it is, may
    assert "Imported" in cli(world.db, "bundle", "import", str(stick)).stdout
