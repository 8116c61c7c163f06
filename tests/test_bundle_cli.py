"""`caseterm device …` and `caseterm bundle …` from the command line: keys made, cards
exchanged, a laptop revoked with one command (audited), refusals with exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from tests.bundle_helpers import audit_rows, make_pair

_T: dict = {}


@pytest.fixture
def pair(tmp_path):
    p = make_pair(tmp_path, _T)
    yield p
    p.centre.db.dispose()
    p.laptop.db.dispose()


def cli(db, *args, who="lena", code=0, lang="en"):
    result = CliRunner().invoke(app, ["--db", str(db.path), "--lang", lang, *args],
                                env={"CASETERM_WORKER": who})
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return result


def test_cards_register_list_and_revoke_by_name(pair, tmp_path):
    card = tmp_path / "laptop.json"
    cli(pair.laptop.db, "device", "card", str(card), who="anna")
    data = json.loads(card.read_text())
    assert data["type"] == "caseterm-device-key" and "private" not in json.dumps(data)
    # registering the same card again is a no-op; the list shows both devices
    out = cli(pair.centre.db, "device", "register", str(card)).stdout
    assert data["fingerprint"] in out
    rows = json.loads(cli(pair.centre.db, "device", "list", "--json").stdout)
    assert {r["kind"] for r in rows} == {"central", "laptop"}
    assert [r["own"] for r in rows if r["kind"] == "central"] == [True]
    # a lost laptop: one command
    out = cli(pair.centre.db, "device", "revoke", "Laptop Außenstelle Nord").stdout
    assert "revoked" in out
    rows = json.loads(cli(pair.centre.db, "device", "list", "--json").stdout)
    laptop = next(r for r in rows if r["kind"] == "laptop")
    assert laptop["revoked_at"] and laptop["revoked_by"] == "lena"
    from sqlalchemy import text

    with pair.centre.db.engine.connect() as conn:
        detail = conn.execute(text("SELECT detail FROM audit_entry WHERE entity='device_key' "
                                   "AND action='update' ORDER BY seq DESC")).scalar()
    assert "revoked_at" in detail


def test_caseworker_may_not_revoke_exit_3_and_audited(pair):
    out = cli(pair.centre.db, "device", "revoke", str(pair.laptop_id)[:8], who="anna", code=3)
    assert "administrator" in out.output
    rows = json.loads(cli(pair.centre.db, "device", "list", "--json").stdout)
    assert all(r["revoked_at"] is None for r in rows)
    from sqlalchemy import text

    with pair.centre.db.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action='refuse' AND "
                              "entity='device_key'")).scalar()
    assert n == 1


def test_bad_card_is_refused_at_the_field(pair, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\"type\": \"nope\"}")
    out = cli(pair.centre.db, "device", "register", str(bad), code=1)
    assert out.output.startswith("card:")
    out = cli(pair.centre.db, "device", "register", str(tmp_path / "missing.json"), code=1)
    assert "cannot be read" in out.output


def test_init_twice_keeps_the_keys_and_german_messages(pair, tmp_path):
    before = json.loads(cli(pair.laptop.db, "device", "card", who="anna").stdout)
    again = json.loads(cli(pair.laptop.db, "device", "init", "Anderer Name", who="anna").stdout)
    assert again["fingerprint"] == before["fingerprint"]
    out = cli(pair.centre.db, "device", "revoke", "niemand", code=3, lang="de")
    assert "Kein" in out.output


def test_import_refusal_exit_1_with_reason_and_audit(pair, tmp_path):
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"CTBNDL\x01\x00\x00")
    out = cli(pair.centre.db, "bundle", "import", str(junk), code=1)
    assert "incomplete" in out.output
    assert audit_rows(pair.centre.db, "refuse")[-1]["reason"] == "truncated"
    other = tmp_path / "other.txt"
    other.write_text("hello")
    out = cli(pair.centre.db, "bundle", "import", str(other), "--json", code=1)
    assert json.loads(out.stdout)["status"] == "error"
    assert "not a caseterm bundle" in out.output


def test_held_lists_nothing_then_a_gap(pair, tmp_path):
    from caseterm.services import bundle
    from tests.bundle_helpers import apply_settings, changes

    assert "No bundles are held" in cli(pair.centre.db, "bundle", "held").stdout
    data, _m = bundle.seal_changeset(pair.laptop, changes(4, 6), pair.centre_id)
    assert bundle.import_bytes(pair.centre, data, apply_settings).status == "held"
    rows = json.loads(cli(pair.centre.db, "bundle", "held", "--json").stdout)
    assert rows[0]["seq"] == [4, 6] and rows[0]["missing"] == [[1, 3]]
