"""The keyring paths with a real keyring backend that keeps its secrets in a file
(keyrings.alt's PlaintextKeyring, the test extras), not a stub: the database passphrase
remembered by `caseterm db keyring remember` opens the file in a new process without asking,
`forget` takes it away again; the centre's private device keys round-trip through the keyring
(CASETERM_CENTRAL_KEY=keyring)."""

from __future__ import annotations

import uuid

import pytest

from tests.test_crypto import PASS, encrypted_db, run

pytest.importorskip("keyrings.alt.file")

BACKEND = "keyrings.alt.file.PlaintextKeyring"


def test_passphrase_remembered_in_a_file_keyring_opens_the_database(tmp_path):
    path = tmp_path / "e.db"
    encrypted_db(path).dispose()
    ring = {"PYTHON_KEYRING_BACKEND": BACKEND, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    closed = run("--db", str(path), "db", "check", env={**ring, "CASETERM_PASSPHRASE": ""})
    assert closed.returncode != 0  # no passphrase and nothing in the keyring: not opened
    result = run("--db", str(path), "db", "keyring", "remember",
                 env={**ring, "CASETERM_PASSPHRASE": PASS})
    assert result.returncode == 0, result.stderr
    stored = list((tmp_path / "xdg").rglob("*.cfg"))
    assert stored, "the backend wrote its file"
    opened = run("--db", str(path), "db", "check", env={**ring, "CASETERM_PASSPHRASE": ""})
    assert opened.returncode == 0, opened.stderr
    gone = run("--db", str(path), "db", "keyring", "forget", env=ring)
    assert gone.returncode == 0, gone.stderr
    again = run("--db", str(path), "db", "check", env={**ring, "CASETERM_PASSPHRASE": ""})
    assert again.returncode != 0


def test_central_keys_round_trip_through_a_file_keyring(tmp_path, monkeypatch):
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from caseterm.db import keystore

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "ring.cfg")
    old = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv(keystore.ENV, "keyring")
    try:
        device = uuid.uuid4()
        sign, box = bytes(range(32)), bytes(range(32, 64))
        assert keystore.save(device, sign, box) == "keyring"
        assert (tmp_path / "ring.cfg").exists()
        assert keystore.load(device) == (sign, box)
        assert keystore.save(device, sign, box) == "keyring"  # the same keys: nothing to do
        with pytest.raises(keystore.KeyMissing):
            keystore.save(device, box, sign)  # other keys there: refused, nothing changed
        assert keystore.load(device) == (sign, box)
        with pytest.raises(keystore.KeyMissing):
            keystore.load(uuid.uuid4())  # a device with no key in the keyring
    finally:
        keyring.set_keyring(old)
