"""A case newly assigned to a laptop arrives as snapshot rows with the centre's change set
(db/repo/sync_rows.py, written in bulk): the rows, the client's name keys, the case search,
the audit trail's field-by-field `create` entries, and a second delivery changes nothing."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sqlmodel import select

from caseterm.core.inputs import check_note
from caseterm.db.engine import acting
from caseterm.services import sync
from tests.conftest import ctx_for
from tests.sync_world import checkout, make_admin


def test_a_newly_assigned_case_arrives_whole_indexed_and_audited(db, worker, make_case,
                                                                 tmp_path):
    from caseterm.db.repo import audit, workers
    from caseterm.db.repo.notes import add_note
    from caseterm.db.search import fts_hits
    from caseterm.models.case import Case
    from caseterm.models.client import Client
    from caseterm.models.note import ContactNote
    from caseterm.models.office import AuditEntry

    admin = ctx_for(db, SimpleNamespace(id=make_admin(db)))
    sync.init_central(admin, "Zentrale")
    make_case()
    laptop = checkout(admin, tmp_path / "laptop.db", "anna")
    lap = ctx_for(laptop, workers.current(db))
    centre = ctx_for(db, worker)
    # after the check-out: a new case for Anna at the centre, with a note
    new_case = make_case("Zeynep", "Özdemir", "1975-03-09", title="Neu zugewiesen")
    with acting(centre.actor):
        add_note(db, new_case, check_note({"text": "Erstgespräch"}), worker.id)
    device = sync.sync_status(lap).device_id
    changeset = sync.export_for_device(centre, device, sync.sync_status(lap).last_pulled)
    assert any(r["table"] == "casefile" for r in changeset["rows"])

    result = sync.apply_incoming(lap, changeset)
    assert result.rows == len(changeset["rows"])
    with laptop.read() as s, db.read() as c:
        here, there = s.get(Case, new_case), c.get(Case, new_case)
        assert here.case_number == there.case_number and here.title == "Neu zugewiesen"
        person = s.get(Client, here.client_id)
        assert (person.name_key, person.phonetic_key) == \
            (c.get(Client, here.client_id).name_key, c.get(Client, here.client_id).phonetic_key)
        assert here.search_key is not None
        assert fts_hits(s, "Özdemir") == 1
        notes = s.exec(select(ContactNote).where(ContactNote.case_id == new_case)).all()
        assert [n.text for n in notes] == ["Erstgespräch"]
        # field by field, as the audit trail records an insert made through the ORM
        for obj, entity, case in ((here, "casefile", new_case), (person, "client", None),
                                  (notes[0], "contact_note", new_case)):
            entry = s.exec(select(AuditEntry).where(
                AuditEntry.entity == entity, AuditEntry.record_id == str(obj.id),
                AuditEntry.action == "create")).one()
            detail = json.loads(entry.detail)
            assert detail["fields"] == json.loads(json.dumps(audit._changes(obj, "create")))
            assert detail["sync"] == str(changeset["source"])
            assert entry.case_id == case
    assert audit.verify(laptop)[1] == []

    again = sync.apply_incoming(lap, changeset)
    assert again.applied == 0
    with laptop.read() as s:
        assert len(s.exec(select(Case).where(Case.id == new_case)).all()) == 1
        assert fts_hits(s, "Özdemir") == 1
    laptop.dispose()


def test_the_bundle_payload_is_the_canonical_json_piece_by_piece():
    import zlib

    from caseterm.core import bundle as env
    from caseterm.core import bundle_stream as stream
    from tests import bundle_v1

    changeset = {"format": "caseterm-sync", "changes": [{"b": 1, "a": "Ä\n\"x\""}, {}],
                 "rows": [], "counts": {"z": 1, "a": [1, 2.5, None, True]}, "last": 3,
                 "target": None, "empty": {}, "ü": "ö"}
    # format 1 (an older caseterm's bundles, still read): one canonical JSON text
    assert zlib.decompress(bundle_v1._compressed(changeset)) == env._canonical(changeset)
    for other in ([1, {"b": 2, "a": 1}], "text", {}, {"x": []}):
        assert zlib.decompress(bundle_v1._compressed(other)) == env._canonical(other)
    # format 2: one JSON line per item (a newline inside a value stays escaped)
    parts: list[bytes] = []
    writer = stream.PayloadWriter(parts.append)
    head = stream.write_changeset(changeset, writer)
    digest = writer.finish()
    payload = b"".join(parts)
    lines = list(stream._lines([payload], digest, len(payload)))
    assert len(lines) == 2 and writer.counts == {"changes": 2, "rows": 0}
    back = stream.Streamed(head, writer.counts, lambda: iter(lines))
    assert back.whole() == changeset
