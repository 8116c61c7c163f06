"""The tampering corpus (issue 17, acceptance): every byte of a sample bundle flipped, cut off
at every length, bytes appended, payloads swapped between two bundles, replay, wrong recipient,
revoked and unknown signers. Every one is refused (or, for a replay, changes nothing), the
database is unchanged, and every refusal is in the audit trail with its reason."""

from __future__ import annotations

import struct
from collections import Counter

import pytest

from caseterm.core import bundle as env
from caseterm.core.bundle import BundleRefused
from caseterm.services import bundle, devices
from tests.bundle_helpers import apply_settings, audit_rows, changes, make_pair, snapshot
from tests.test_bundle import _reencrypt, inner_of, seal_inner

_T: dict = {}


@pytest.fixture
def pair(tmp_path):
    p = make_pair(tmp_path, _T)
    yield p
    p.centre.db.dispose()
    p.laptop.db.dispose()


def _refusals(pair, variants: list[bytes]) -> Counter:
    before = snapshot(pair.centre.db)
    n_audit = len(audit_rows(pair.centre.db, "refuse"))
    codes: Counter = Counter()
    for data in variants:
        with pytest.raises(BundleRefused) as err:
            bundle.import_bytes(pair.centre, data, apply_settings)
        assert err.value.message
        codes[err.value.code] += 1
    assert snapshot(pair.centre.db) == before  # no partial import, nothing held
    reasons = [d["reason"] for d in audit_rows(pair.centre.db, "refuse")[n_audit:]]
    assert Counter(reasons) == codes  # each refusal audited with its reason
    return codes


def _regions(data: bytes) -> dict[str, range]:
    h = env.read_header(data)
    return {"magic": range(0, 6), "format": range(6, 7), "header length": range(7, 11),
            "header": range(11, h.end), "ciphertext": range(h.end, len(data) - 16),
            "tag": range(len(data) - 16, len(data))}


@pytest.mark.slow
def test_every_byte_flipped_is_refused(pair):
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 2), pair.centre_id)
    assert len(data) < 1200
    variants = []
    for i in range(len(data)):
        for mask in (0x01, 0x80):
            b = bytearray(data)
            b[i] ^= mask
            variants.append(bytes(b))
    codes = _refusals(pair, variants)
    assert sum(codes.values()) == 2 * len(data)
    # every region was hit: header, manifest and signature (inside the ciphertext), the tag
    regions = _regions(data)
    assert all(len(r) > 0 for r in regions.values())
    assert codes["tampered"] > 0 and codes["not_bundle"] > 0


def test_flips_in_each_region_name_the_right_reason(pair):
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 2), pair.centre_id)
    regions = _regions(data)

    def code_at(i):
        b = bytearray(data)
        b[i] ^= 0x01
        with pytest.raises(BundleRefused) as err:
            bundle.import_bytes(pair.centre, bytes(b), apply_settings)
        return err.value.code

    assert code_at(regions["magic"][0]) == "not_bundle"
    assert code_at(regions["ciphertext"][5]) == "tampered"  # the manifest, encrypted
    assert code_at(regions["tag"][3]) == "tampered"
    assert code_at(regions["ciphertext"][-3]) == "tampered"  # the signature, encrypted


@pytest.mark.slow
def test_truncation_at_every_length_and_appending_are_refused(pair):
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 2), pair.centre_id)
    other, _m = bundle.seal_changeset(pair.laptop, changes(3, 4), pair.centre_id)
    variants = [data[:n] for n in range(len(data))]
    variants += [data + b"\x00", data + b"x" * 100, data + other, data + data[-16:]]
    codes = _refusals(pair, variants)
    assert codes["truncated"] >= len(data) - 12  # the empty file and short junk: not a bundle
    assert codes["appended"] == 4


def test_swapped_payloads_between_two_bundles(pair):
    a, _ = bundle.seal_changeset(pair.laptop, changes(1, 2), pair.centre_id)
    b, _ = bundle.seal_changeset(pair.laptop, changes(1, 2, tag="w"), pair.centre_id)
    ha, hb = env.read_header(a), env.read_header(b)
    assert ha.length == hb.length
    # the ciphertext of one under the other's header
    outer = a[:ha.end] + b[hb.end:]
    # inside: a's signed manifest with b's payload (someone holding the centre's public key
    # re-encrypts the mix to the centre) -> the payload hash does not match
    _own, ckeys = devices.own_keys(pair.centre)
    import hashlib
    import json

    ia, ib = inner_of(a, ckeys.box_private), inner_of(b, ckeys.box_private)
    (ma,) = struct.unpack(">I", ia[:4])
    (mb,) = struct.unpack(">I", ib[:4])
    mixed = ia[:4 + ma + 64] + ib[4 + mb + 64:]
    box = ckeys.box_public
    swapped = seal_inner(mixed, ha.sender, str(pair.centre_id), box)
    # and the payload matched to a forged manifest hash: the signature fails
    manifest = json.loads(ia[4:4 + ma])
    payload_b = ib[4 + mb + 64:]
    manifest["payload_sha256"] = hashlib.sha256(payload_b).hexdigest()
    manifest["payload_length"] = len(payload_b)
    mbytes = json.dumps(manifest, sort_keys=True, separators=(",", ":"),
                        ensure_ascii=False).encode()
    forged = seal_inner(struct.pack(">I", len(mbytes)) + mbytes + ia[4 + ma:4 + ma + 64]
                        + payload_b, ha.sender, str(pair.centre_id), box)
    codes = _refusals(pair, [outer, swapped, forged])
    assert codes == Counter({"tampered": 1, "swapped_payload": 1, "bad_signature": 1})


def test_replay_wrong_recipient_revoked_and_forged_signer(pair):
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 2), pair.centre_id)
    assert bundle.import_bytes(pair.centre, data, apply_settings).status == "applied"
    before = snapshot(pair.centre.db)
    replay = bundle.import_bytes(pair.centre, data, apply_settings)
    assert replay.status == "replay" and snapshot(pair.centre.db) == before
    to_laptop, _m = bundle.seal_changeset(pair.laptop, changes(3, 3), pair.laptop_id)
    _own, lkeys = devices.own_keys(pair.laptop)
    centre_box = devices.recipient_key(pair.laptop, pair.centre_id)
    readdressed = _reencrypt(to_laptop, lkeys, centre_box, str(pair.centre_id),
                             str(pair.laptop_id))
    # a stranger's key pair signing in the laptop's name
    stranger = env.KeyPair.generate()
    forged = env.seal({"bundle_id": "00000000-0000-4000-8000-000000000001", "seq_from": 3,
                       "seq_to": 3, "schema_revision": "0015_devices", "counts": {}},
                      changes(3, 3), sender=str(pair.laptop_id), recipient=str(pair.centre_id),
                      keys=stranger, recipient_box_public=centre_box)
    later, _m = bundle.seal_changeset(pair.laptop, changes(3, 4), pair.centre_id)
    codes = _refusals(pair, [to_laptop, readdressed, forged])
    assert codes == Counter({"wrong_recipient": 2, "bad_signature": 1})
    devices.revoke(pair.centre, pair.laptop_id)
    assert _refusals(pair, [later]) == Counter({"revoked_signer": 1})
