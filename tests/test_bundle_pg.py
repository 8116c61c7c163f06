"""Bundles with a PostgreSQL centre (as in an office): keys made at check-out, a laptop's
bundle imported at the centre, replay, gaps, a revoked laptop refused."""

from __future__ import annotations

import pytest

from caseterm.core.bundle import BundleRefused
from caseterm.services import bundle, devices, record
from tests.test_bundle_sync import (  # noqa: F401 - fixtures and tests run here again
    _title,
    test_a_signed_change_set_claiming_another_source_is_refused,
    test_gap_between_laptop_bundles_is_held_then_released,
    test_keys_are_made_at_checkout_and_share_the_sync_device_id,
    world,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(pg_db):
    return pg_db


def test_laptop_bundle_at_a_postgres_centre_then_revoked(world, tmp_path):  # noqa: F811
    from sqlalchemy import text

    record.edit_case(world.laptop, world.case, {"title": "vom Laptop"})
    stick = tmp_path / "b.ctb"
    bundle.export_bundle(world.laptop, stick)
    assert bundle.import_file(world.centre, stick).status == "applied"
    assert _title(world.db, world.case) == "vom Laptop"
    assert bundle.import_file(world.centre, stick).status == "replay"
    record.edit_case(world.laptop, world.case, {"title": "danach"})
    later = tmp_path / "c.ctb"
    bundle.export_bundle(world.laptop, later)
    devices.revoke(world.admin, devices.find(world.admin, "Laptop Nord"))
    with pytest.raises(BundleRefused) as err:
        bundle.import_file(world.centre, later)
    assert err.value.code == "revoked_signer"
    assert _title(world.db, world.case) == "vom Laptop"
    with world.db.engine.connect() as conn:
        reasons = conn.execute(text("SELECT detail FROM audit_entry WHERE entity='bundle' "
                                    "AND action='refuse'")).scalars().all()
    assert any("revoked_signer" in r for r in reasons)
