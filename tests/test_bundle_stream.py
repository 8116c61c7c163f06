"""Bundle format 2 (issue 17, bounded memory): written and read in pieces, checked whole
before anything is applied, applied by the sync engine in batches inside one transaction;
an older caseterm's format-1 bundle still imports, a newer format is refused."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from caseterm.core import bundle as env
from caseterm.core import bundle_stream as stream
from caseterm.core.bundle import BundleRefused
from caseterm.services import Ctx, bundle, devices, record, sync
from caseterm.services.bundle_file import Source
from tests import bundle_v1
from tests.bundle_helpers import applied, apply_settings, audit_rows, changes, make_pair, snapshot
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin

_T: dict = {}


@pytest.fixture
def pair(tmp_path):
    p = make_pair(tmp_path, _T)
    yield p
    p.centre.db.dispose()
    p.laptop.db.dispose()


def _v1(pair, lo, hi):
    """A bundle as the caseterm before format 2 wrote it."""
    own, keys = devices.own_keys(pair.laptop)
    manifest = {"bundle_id": f"00000000-0000-4000-8000-00000000000{lo}", "seq_from": lo,
                "seq_to": hi, "schema_revision": "0015_devices", "counts": {},
                "caseterm_version": "0.5"}
    return bundle_v1.seal(manifest, changes(lo, hi, tag="old"), sender=str(own.device_id),
                          recipient=str(pair.centre_id), keys=keys,
                          recipient_box_public=devices.recipient_key(pair.laptop,
                                                                     pair.centre_id))


def test_an_older_format_1_bundle_still_imports_and_replays(pair):
    old = _v1(pair, 1, 2)
    assert old[len(env.MAGIC)] == 1
    assert bundle.import_bytes(pair.centre, old, apply_settings).status == "applied"
    assert applied(pair.centre.db) == {"t:1": "old1", "t:2": "old2"}
    assert bundle.import_bytes(pair.centre, old, apply_settings).status == "replay"
    # a format-1 bundle changed on the way is refused as before
    bad = bytearray(old)
    bad[-20] ^= 1
    with pytest.raises(BundleRefused) as err:
        bundle.import_bytes(pair.centre, bytes(bad), apply_settings)
    assert err.value.code == "tampered"
    # and the next one, in format 2, continues the sequence
    new, _m = bundle.seal_changeset(pair.laptop, changes(3, 3), pair.centre_id)
    assert new[len(env.MAGIC)] == stream.FORMAT
    assert bundle.import_bytes(pair.centre, new, apply_settings).status == "applied"


def _big(lo: int, hi: int) -> dict:
    """A change set whose payload does not compress: several chunks."""
    cs = changes(lo, hi)
    for c in cs["changes"]:
        c["value"] = os.urandom(400).hex()
    return cs


def test_a_file_is_read_chunk_by_chunk_never_whole(pair, tmp_path, monkeypatch):
    data, _m = bundle.seal_changeset(pair.laptop, _big(1, 800), pair.centre_id)
    h = env.read_header(data)
    assert h.length > 3 * stream.CHUNK  # several chunks
    path = tmp_path / "big.ctb"
    path.write_bytes(data)
    reads: list[int] = []
    real = Source.read

    def counted(self, at, n):
        reads.append(n)
        return real(self, at, n)

    monkeypatch.setattr(Source, "read", counted)
    result = bundle.import_file(pair.centre, path, apply_settings)
    assert result.status == "applied" and len(applied(pair.centre.db)) == 800
    assert max(reads) <= max(stream.CHUNK + 16, 1 << 16) < len(data) // 3


def test_chunks_cannot_be_dropped_swapped_or_cut_at_a_boundary(pair):
    data, _m = bundle.seal_changeset(pair.laptop, _big(1, 800), pair.centre_id)
    h = env.read_header(data)
    size = stream.CHUNK + 16
    body = [data[h.end + i:h.end + i + size] for i in range(0, h.length, size)]
    head = data[:h.end]
    swapped = head + body[1] + body[0] + b"".join(body[2:])
    dropped = head + b"".join(body[:1] + body[2:])
    before = snapshot(pair.centre.db)
    codes = []
    for variant in (swapped, dropped, head + b"".join(body[:-1])):
        with pytest.raises(BundleRefused) as err:
            bundle.import_bytes(pair.centre, variant, apply_settings)
        codes.append(err.value.code)
    assert codes == ["tampered", "truncated", "truncated"]
    assert snapshot(pair.centre.db) == before


def test_bundle_changed_between_check_and_apply_is_refused_and_rolled_back(pair):
    sealed, _m = bundle.seal_changeset(pair.laptop, _big(1, 400), pair.centre_id)
    data = bytearray(sealed)
    h = env.read_header(bytes(data))

    def apply_after_change(ctx, changeset):
        data[h.end + 2 * stream.CHUNK + 50] ^= 1  # the file on the stick changes meanwhile
        return apply_settings(ctx, changeset)

    before = snapshot(pair.centre.db)
    source = Source(data=b"")
    source._data = data  # read through the same buffer, as a file would be
    source.size = len(data)
    with pytest.raises(BundleRefused) as err:
        bundle._import(pair.centre, source, apply_after_change, "stick.ctb")
    assert err.value.code == "tampered"
    assert snapshot(pair.centre.db) == before
    assert audit_rows(pair.centre.db, "refuse")[-1]["reason"] == "tampered"
    assert bundle.import_bytes(pair.centre, sealed, apply_settings).status == "applied"


def test_held_streamed_change_set_round_trips_through_its_blob():
    parts: list[bytes] = []
    writer = stream.PayloadWriter(parts.append)
    cs = {"format": "x", "first": 1, "rows": [{"table": "t", "row": {"id": 1}}],
          "changes": [{"seq": n, "v": "ä" * n} for n in range(1, 50)]}
    head = stream.write_changeset(cs, writer)
    digest = writer.finish()
    payload = b"".join(parts)
    streamed = stream.Streamed(head, writer.counts,
                               lambda: stream._lines([payload], digest, len(payload)))
    back = stream.from_held(stream.held_blob(streamed))
    assert back.whole() == cs == streamed.whole()


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
                          db=db, ldb=laptop, make_case=make_case)
    laptop.dispose()


def _cases(db) -> dict:
    from sqlmodel import select

    from caseterm.models.case import Case

    with db.read() as s:
        return {c.id: (c.title, c.case_number) for c in s.exec(select(Case)).all()}


def test_engine_applies_a_streamed_bundle_in_batches_both_ways(world, tmp_path, monkeypatch):
    from caseterm.db.repo.sync import changeset

    monkeypatch.setattr(changeset, "BATCH", 3)  # many batches in one transaction
    # the laptop: several edits, to the centre in batches of 3
    for n in range(7):
        record.edit_case(world.laptop, world.case, {"title": f"Laptop {n}"})
    up = tmp_path / "up.ctb"
    done = bundle.export_bundle(world.laptop, up)
    assert done.counts["changes"] == 7
    result = bundle.import_file(world.admin, up)
    assert result.status == "applied" and result.applied[0].applied == 7
    assert _cases(world.db)[world.case][0] == "Laptop 6"
    # the centre: five new cases for anna (rows) and an edit (a change), back in batches
    new = [world.make_case(first=f"Neu{n}", last="Person") for n in range(5)]
    record.edit_case(world.centre, world.case, {"child_protection": True})
    down = tmp_path / "down.ctb"
    done = bundle.export_bundle(world.admin, down, to="Laptop Nord")
    assert done.counts["rows"] > 10
    result = bundle.import_file(world.laptop, down)
    assert result.status == "applied"
    assert set(new) <= set(_cases(world.ldb))
    assert _cases(world.ldb) == _cases(world.db)
    before = snapshot(world.ldb)
    assert bundle.import_file(world.laptop, down).status == "replay"
    assert snapshot(world.ldb) == before
