"""The centre's private key leaves its database (issue 17, gap 3): a 0600 key file next to the
config (or CASETERM_CENTRAL_KEY), the database keeps only the public keys; an older centre is
moved on first use with an audit entry; a missing key file is a message naming the path."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from sqlalchemy import select, update

from caseterm.db import keystore
from caseterm.models.device import DeviceSecret
from caseterm.services import bundle, devices
from tests.bundle_helpers import apply_settings, changes, make_pair

_T: dict = {}


@pytest.fixture
def pair(tmp_path):
    p = make_pair(tmp_path, _T)
    yield p
    p.centre.db.dispose()
    p.laptop.db.dispose()


def _row(db):
    from types import SimpleNamespace

    with db.read() as s:
        r = s.exec(select(DeviceSecret)).scalars().first()
        return SimpleNamespace(kind=r.kind, device_id=r.device_id,
                               sign_private=bytes(r.sign_private),
                               box_private=bytes(r.box_private))


def audit_rows(db, action: str) -> list:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return [json.loads(r[0] or "{}") for r in conn.execute(text(
            "SELECT detail FROM audit_entry WHERE action=:a ORDER BY seq"), {"a": action})]


def _roundtrip(pair, lo=1, hi=2) -> str:
    data, _m = bundle.seal_changeset(pair.laptop, changes(lo, hi), pair.centre_id)
    return bundle.import_bytes(pair.centre, data, apply_settings).status


def test_the_centre_keeps_only_public_keys_in_its_database(pair):
    row = _row(pair.centre.db)
    assert row.kind == "central" and row.sign_private == b"" and row.box_private == b""
    path = keystore.location(row.device_id)
    assert os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    own, keys = devices.own_keys(pair.centre)
    assert keys.sign_public == devices.own_card(pair.centre).sign_public
    assert json.loads(open(path).read())["device"] == str(own.device_id)
    assert _roundtrip(pair) == "applied"  # decrypting at the centre uses the file
    laptop = _row(pair.laptop.db)  # a laptop's keys stay inside its encrypted file
    assert laptop.kind == "laptop" and laptop.sign_private


def test_an_older_centre_is_moved_out_on_first_use_with_an_audit_entry(pair):
    row = _row(pair.centre.db)
    path = keystore.location(row.device_id)
    sign, box = keystore.load(row.device_id)
    os.remove(path)
    with pair.centre.db.write() as s:  # as every centre was before: the keys in the database
        s.execute(update(DeviceSecret.__table__).values(sign_private=sign, box_private=box))
    assert _roundtrip(pair) == "applied"
    assert os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert _row(pair.centre.db).sign_private == b""
    moved = audit_rows(pair.centre.db, "keys_moved")
    assert len(moved) == 1 and moved[0]["to"] == path
    assert _roundtrip(pair, 3, 4) == "applied"
    assert len(audit_rows(pair.centre.db, "keys_moved")) == 1  # once


def test_a_configured_key_path_is_used(pair, tmp_path, monkeypatch):
    row = _row(pair.centre.db)
    sign, box = keystore.load(row.device_id)
    target = tmp_path / "secure" / "zentrale.key"
    monkeypatch.setenv("CASETERM_CENTRAL_KEY", str(target))
    keystore.save(row.device_id, sign, box)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert keystore.location(row.device_id) == str(target)
    assert _roundtrip(pair) == "applied"


def test_a_missing_or_open_key_file_is_a_clear_message(pair):
    row = _row(pair.centre.db)
    path = keystore.location(row.device_id)
    os.chmod(path, 0o644)
    with pytest.raises(keystore.KeyMissing) as err:
        _roundtrip(pair)
    assert path in str(err.value) and "600" in str(err.value)
    os.remove(path)
    with pytest.raises(keystore.KeyMissing) as err:
        _roundtrip(pair)
    assert path in str(err.value)


def test_the_cli_names_the_missing_key_file_without_a_traceback(pair, tmp_path):
    row = _row(pair.centre.db)
    path = keystore.location(row.device_id)
    data, _m = bundle.seal_changeset(pair.laptop, changes(1, 1), pair.centre_id)
    stick = tmp_path / "b.ctb"
    stick.write_bytes(data)
    os.remove(path)
    env = {**os.environ, "CASETERM_WORKER": "lena", "CASETERM_LANG": "en"}
    r = subprocess.run([sys.executable, "-m", "caseterm", "--db", str(pair.centre.db.path),
                        "bundle", "import", str(stick)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert path in r.stderr.replace("\n", "") and "Traceback" not in r.stderr


def test_device_init_central_says_where_the_key_is(pair):
    from typer.testing import CliRunner

    from caseterm.cli import app

    row = _row(pair.centre.db)
    r = CliRunner().invoke(app, ["--db", str(pair.centre.db.path), "--lang", "en", "device",
                                 "init", "Zentrale", "--central"],
                           env={"CASETERM_WORKER": "lena"})
    assert r.exit_code == 0, r.output
    assert keystore.location(row.device_id) in r.stderr.replace("\n", "")
