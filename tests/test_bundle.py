"""Bundles between a laptop and the centre: device keys, sealing, import that is atomic,
idempotent, holds gaps, and refuses (audited) what it must."""

from __future__ import annotations

import pytest

from caseterm.core import bundle as env
from caseterm.core.bundle import BundleRefused
from caseterm.core.validate import InputError
from caseterm.services import AccessDenied, bundle, devices
from tests.bundle_helpers import (
    add_worker,
    applied,
    apply_settings,
    audit_rows,
    changes,
    make_pair,
    snapshot,
)

_T: dict = {}


@pytest.fixture
def pair(tmp_path):
    p = make_pair(tmp_path, _T)
    yield p
    p.centre.db.dispose()
    p.laptop.db.dispose()


def seal(pair, lo, hi, **kw):
    data, _m = bundle.seal_changeset(pair.laptop, changes(lo, hi, **kw), pair.centre_id)
    return data


def imp(pair, data):
    return bundle.import_bytes(pair.centre, data, apply_settings)


def test_round_trip_applies_and_reimport_changes_nothing(pair):
    data = seal(pair, 1, 3)
    first = imp(pair, data)
    assert first.status == "applied"
    assert applied(pair.centre.db) == {"t:1": "v1", "t:2": "v2", "t:3": "v3"}
    before = snapshot(pair.centre.db)
    again = imp(pair, data)
    assert again.status == "replay"
    assert "Already imported" in again.message or "Bereits importiert" in again.message
    assert snapshot(pair.centre.db) == before
    assert [d["result"] for d in audit_rows(pair.centre.db, "import")] == ["applied", "replay"]


def test_a_later_bundle_covering_an_imported_range_is_a_replay(pair):
    imp(pair, seal(pair, 1, 5))
    assert imp(pair, seal(pair, 2, 4)).status == "replay"
    assert imp(pair, seal(pair, 4, 7)).status == "applied"  # overlap, new tail
    assert len(applied(pair.centre.db)) == 7


def test_gap_is_held_reported_and_released_in_order(pair):
    b1, b2, b3 = seal(pair, 1, 2), seal(pair, 3, 4), seal(pair, 5, 6, tag="w")
    r3 = imp(pair, b3)
    assert r3.status == "held" and r3.waiting == [(1, 4)]
    assert applied(pair.centre.db) == {}
    r2 = imp(pair, b2)
    assert r2.status == "held" and r2.waiting == [(1, 2)]
    rows = bundle.held(pair.centre)
    assert [(h.seq_from, h.seq_to) for h in rows] == [(3, 4), (5, 6)]
    assert rows[0].missing == [(1, 2)]
    r1 = imp(pair, b1)
    assert r1.status == "applied" and r1.released == [(3, 4), (5, 6)] and r1.waiting == []
    assert applied(pair.centre.db)["t:6"] == "w6" and len(applied(pair.centre.db)) == 6
    assert bundle.held(pair.centre) == []
    assert imp(pair, b3).status == "replay"


def test_centre_to_laptop_and_back(pair):
    data, _m = bundle.seal_changeset(pair.centre, changes(1, 2, tag="c"), pair.laptop_id)
    result = bundle.import_bytes(pair.laptop, data, apply_settings)
    assert result.status == "applied" and result.sender_name == "Zentrale"
    assert applied(pair.laptop.db) == {"t:1": "c1", "t:2": "c2"}


def test_apply_failure_rolls_back_everything(pair):
    data = seal(pair, 1, 3)

    def half(ctx, changeset):
        from tests.bundle_helpers import _apply

        with ctx.db.write() as session:
            _apply(session, {"changes": changeset["changes"][:1]})
            session.flush()
            raise RuntimeError("power cut")

    before = snapshot(pair.centre.db)
    with pytest.raises(RuntimeError):
        bundle.import_bytes(pair.centre, data, half)
    assert snapshot(pair.centre.db) == before
    assert imp(pair, data).status == "applied"
    assert len(applied(pair.centre.db)) == 3


def test_revoked_laptop_is_refused_and_audited(pair):
    data = seal(pair, 1, 1)
    row = devices.revoke(pair.centre, pair.laptop_id)
    assert row.revoked_at is not None and row.revoked_by == "lena"
    before = snapshot(pair.centre.db)
    with pytest.raises(BundleRefused) as err:
        imp(pair, data)
    assert err.value.code == "revoked_signer"
    assert snapshot(pair.centre.db) == before
    assert audit_rows(pair.centre.db, "refuse")[-1]["reason"] == "revoked_signer"
    # and nothing is encrypted to it any more
    with pytest.raises(AccessDenied):
        bundle.seal_changeset(pair.centre, changes(1, 1), pair.laptop_id)


def test_unknown_signer(pair, tmp_path):
    from caseterm.db.engine import Database

    (tmp_path / "stranger.db").write_bytes(_T["head"])
    stranger_db = Database(str(tmp_path / "stranger.db"))
    stranger = add_worker(stranger_db, "eve", "caseworker")
    devices.create_own_keys(stranger, "Fremd")
    devices.register(stranger, devices.own_card(pair.centre))
    data, _m = bundle.seal_changeset(stranger, changes(1, 1), pair.centre_id)
    before = snapshot(pair.centre.db)
    with pytest.raises(BundleRefused) as err:
        imp(pair, data)
    assert err.value.code == "unknown_signer"
    assert snapshot(pair.centre.db) == before
    stranger_db.dispose()


def test_wrong_recipient_outer_and_inner(pair):
    # outer: addressed to the laptop, imported at the centre
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 1), pair.laptop_id)
    with pytest.raises(BundleRefused) as err:
        imp(pair, data)
    assert err.value.code == "wrong_recipient"
    # inner: someone who can read a bundle meant for the laptop re-encrypts it to the centre
    _own, keys = devices.own_keys(pair.laptop)
    centre_box = devices.recipient_key(pair.laptop, pair.centre_id)
    opened = env.open_bundle(data, me=str(pair.laptop_id), box_private=keys.box_private,
                             signer=lambda d: devices.signer(pair.laptop, d))
    forged = _reencrypt(data, keys, centre_box, str(pair.centre_id), str(pair.laptop_id))
    assert opened.manifest["recipient"] == str(pair.laptop_id)
    with pytest.raises(BundleRefused) as err:
        imp(pair, forged)
    assert err.value.code == "wrong_recipient"


def _reencrypt(data, keys, new_box, new_recipient, old_recipient):
    """Decrypt a bundle with the recipient's key and encrypt its inner part, unchanged, to
    another recipient (what a thief of one laptop could do)."""
    h = env.read_header(data)
    return seal_inner(inner_of(data, keys.box_private), h.sender, new_recipient, new_box)


def inner_of(data: bytes, box_private: bytes) -> bytes:
    """The whole plaintext of a format-2 bundle (its chunks decrypted and joined)."""
    from caseterm.core import bundle_stream as stream

    h = env.read_header(data)
    key = stream._payload_key(h, box_private)
    return b"".join(stream._plain(h, key, lambda at, n: data[at:at + n]))


def seal_inner(inner: bytes, sender: str, recipient: str, box: bytes) -> bytes:
    """Encrypt a format-2 plaintext to `box` as a well-formed envelope (anyone holding the
    recipient's public key can do this)."""
    import json
    import os
    import struct

    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from caseterm.core import bundle_stream as stream

    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    prefix = os.urandom(7)
    pieces = [inner[i:i + stream.CHUNK] for i in range(0, len(inner), stream.CHUNK)] or [b""]
    header = json.dumps({"format": 2, "sender": sender, "recipient": recipient,
                         "eph": eph_pub.hex(), "nonce": prefix.hex(), "chunk": stream.CHUNK,
                         "length": len(inner) + 16 * len(pieces)}, sort_keys=True,
                        separators=(",", ":")).encode()
    aad = env.MAGIC + bytes([2]) + struct.pack(">I", len(header)) + header
    aead = ChaCha20Poly1305(env._key(eph.exchange(X25519PublicKey.from_public_bytes(box)),
                                     eph_pub, box))
    return aad + b"".join(aead.encrypt(stream._nonce(prefix, n, n == len(pieces) - 1), p, aad)
                          for n, p in enumerate(pieces))


def test_newer_format_and_newer_schema_refused_older_schema_imports(pair):
    data = bytearray(seal(pair, 1, 1))
    data[len(env.MAGIC)] = env.FORMAT + 1
    with pytest.raises(BundleRefused) as err:
        imp(pair, bytes(data))
    assert err.value.code == "newer"
    assert "update" in err.value.message.lower() or "aktualisier" in err.value.message.lower()
    newer, _m = bundle.seal_changeset(pair.laptop, changes(1, 1), pair.centre_id,
                                      schema="9999_future")
    with pytest.raises(BundleRefused) as err:
        imp(pair, newer)
    assert err.value.code == "newer"
    older, _m = bundle.seal_changeset(pair.laptop, changes(1, 1), pair.centre_id,
                                      schema="0013_desk")
    assert imp(pair, older).status == "applied"


def test_keys_private_half_never_in_audit_or_card(pair):
    import json

    from sqlalchemy import text

    _own, keys = devices.own_keys(pair.laptop)
    card = devices.own_card(pair.laptop).to_json()
    blob = json.dumps(card)
    assert keys.sign_private.hex() not in blob and keys.box_private.hex() not in blob
    with pair.laptop.db.engine.connect() as conn:
        trail = " ".join(r[0] for r in conn.execute(text("SELECT detail FROM audit_entry")))
    assert keys.sign_private.hex() not in trail and keys.box_private.hex() not in trail
    assert "keys" in {r[0] for r in pair.laptop.db.engine.connect().execute(
        text("SELECT action FROM audit_entry WHERE entity='device_secret'"))}


def test_register_and_revoke_need_a_manager(pair):
    caseworker = add_worker(pair.centre.db, "bert", "caseworker")
    card = devices.own_card(pair.laptop)
    with pytest.raises(AccessDenied):
        devices.revoke(caseworker, pair.laptop_id)
    with pytest.raises(AccessDenied):
        devices.register(caseworker, devices.Card(card.device_id, "laptop", "x",
                                                  card.sign_public, card.box_public))
    assert audit_rows  # refusals are audited:
    from sqlalchemy import text

    with pair.centre.db.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action='refuse' AND "
                              "entity='device_key'")).scalar()
    assert n == 2
    assert devices.list_devices(pair.centre)[1].revoked_at is None


def test_card_parse_rejects_junk_and_changed_keys(pair):
    import json

    with pytest.raises(InputError) as err:
        devices.parse_card("hello")
    assert "card" in err.value.errors
    card = devices.own_card(pair.laptop).to_json()
    card["sign_public"] = "00" * 32
    with pytest.raises(InputError):
        devices.parse_card(json.dumps(card))
    good = devices.parse_card(json.dumps(devices.own_card(pair.laptop).to_json()))
    assert good.device_id == pair.laptop_id


def test_register_same_device_with_other_keys_is_refused(pair):
    card = devices.own_card(pair.laptop)
    other = env.KeyPair.generate()
    with pytest.raises(InputError):
        devices.register(pair.centre, devices.Card(card.device_id, "laptop", card.name,
                                                   other.sign_public, other.box_public))
    assert devices.register(pair.centre, card).fingerprint == card.fingerprint  # same: no-op


def test_sequence_placement_rules():
    assert env.contiguous_high([(3, 4), (1, 2), (6, 9)]) == 4
    assert env.place(1, 3, 0) == "apply"
    assert env.place(2, 3, 3) == "replay"
    assert env.place(5, 6, 3) == "gap"
    assert env.place(3, 8, 4) == "apply"
