"""Issue 14 item 3: documents in the database. Round trip byte-identical with checksum, type
by content, refusals (empty, too large, executable, mislabelled) leave the case unchanged,
out-of-scope refused and audited, the signed plan attached to a plan version, the CLI twin."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from caseterm.core import documents as rules
from caseterm.core.validate import InputError
from caseterm.db.repo import workers as workers_repo
from caseterm.services import AccessDenied, documents
from caseterm.services import cases as cases_service
from tests.conftest import ctx_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(("name", "data", "media"), [
    ("plan.pdf", PDF, rules.MediaType.pdf), ("scan.png", PNG, rules.MediaType.png),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, rules.MediaType.jpeg),
    ("fax.tif", b"II*\x00" + b"\x00" * 20, rules.MediaType.tiff),
    ("brief.docx", DOCX, rules.MediaType.docx), ("bericht.odt", ODT, rules.MediaType.odt),
    ("notiz.txt", "Grüße aus Essen\n".encode(), rules.MediaType.text),
    ("ohne-endung", PDF, rules.MediaType.pdf),
], ids=lambda v: v if isinstance(v, str) else "")
def test_type_by_content(name, data, media):
    assert rules.check_file(name, data)[0] is media


@pytest.mark.parametrize(("name", "data", "words"), [
    ("leer.pdf", b"", "leer"),
    ("programm.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 30, "Programm"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 30, "Programm"),
    ("skript.txt", b"#!/bin/sh\nrm -rf ~\n", "Programm"),
    ("bild.pdf", PNG, ".pdf"),
    ("daten.bin", b"\x00\x01\x02\x03garbage", "keines"),
    ("archiv.zip", _zip({"a.txt": b"x"}), "keines"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_refused_files(name, data, words):
    with pytest.raises(InputError) as exc:
        rules.check_file(name, data)
    assert words in exc.value.errors["file"]


def test_too_large_is_refused():
    with pytest.raises(InputError) as exc:
        rules.check_file("gross.pdf", PDF + b"\x00" * 100, limit=len(PDF))
    assert "MiB" in exc.value.errors["file"]


def test_round_trip_is_byte_identical_with_checksum(db, worker, make_case):
    import hashlib

    case_id = make_case()
    ctx = ctx_for(db, worker)
    doc_id = documents.add(ctx, case_id, "Kooperationsplan.pdf", PDF,
                           {"title": "Kooperationsplan unterschrieben", "kind": "signed_plan",
                            "doc_date": "01.03.2026"})
    [row] = documents.list_for_case(ctx, case_id)
    assert (row.title, row.kind, row.size, row.added_by) == (
        "Kooperationsplan unterschrieben", "signed_plan", len(PDF), "Anna Becker")
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    got, data = documents.get(ctx, doc_id)
    assert data == PDF and got.media_type == "application/pdf"
    history = cases_service.history(ctx, case_id)
    assert [e.action for e in history if e.entity == "document"] == ["export", "create"]
    assert all("data" not in str(e.detail) or e.entity != "document_blob" for e in history)


def test_a_tampered_blob_is_not_handed_out(db, worker, make_case):
    from sqlalchemy import text

    case_id = make_case()
    ctx = ctx_for(db, worker)
    doc_id = documents.add(ctx, case_id, "a.pdf", PDF, {})
    with db.write() as s:
        s.exec(text("UPDATE document_blob SET data = :d"), params={"d": PDF[:-1] + b"X"})
    with pytest.raises(documents.ChecksumError):
        documents.get(ctx, doc_id)


def test_refusals_leave_the_case_unchanged(db, worker, make_case):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    for name, data, raw, field in (("a.pdf", b"", {}, "file"),
                                   ("a.pdf", PNG, {}, "file"),
                                   ("a.exe", b"MZ\x00\x00", {}, "file"),
                                   ("a.pdf", PDF, {"kind": "rezept"}, "kind"),
                                   ("a.pdf", PDF, {"doc_date": "01.01.2099"}, "doc_date")):
        with pytest.raises(InputError) as exc:
            documents.add(ctx, case_id, name, data, raw)
        assert field in exc.value.errors
    assert documents.list_for_case(ctx, case_id) == []
    assert [e for e in cases_service.history(ctx, case_id) if e.action == "create"] == []


def test_out_of_scope_is_refused_and_audited(db, worker, make_case):
    case_id = make_case()
    anna = ctx_for(db, worker)
    doc_id = documents.add(anna, case_id, "a.pdf", PDF, {})
    with db.write() as s:
        workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                         team="Team Süd")
    ben = ctx_for(db, {w.username: w for w in workers_repo.list_all(db)}["ben"])
    for call in (lambda: documents.get(ben, doc_id), lambda: documents.list_for_case(ben, case_id),
                 lambda: documents.add(ben, case_id, "b.pdf", PDF, {})):
        with pytest.raises(AccessDenied):
            call()
    refusals = [e for e in cases_service.history(anna, case_id) if e.action == "refuse"]
    assert len(refusals) == 3
    assert len(documents.list_for_case(anna, case_id)) == 1


def test_signed_plan_attached_to_its_version(db, worker, make_case):
    from caseterm.services import goals as goals_service

    case_id = make_case()
    ctx = ctx_for(db, worker)
    assert documents.agreement_versions(ctx, case_id) == []
    goals_service.ensure_draft(ctx, case_id)
    [(version_id, _label)] = documents.agreement_versions(ctx, case_id)
    documents.add(ctx, case_id, "plan.pdf", PDF, {"kind": "signed_plan"},
                  agreement_version_id=version_id)
    [row] = documents.list_for_case(ctx, case_id)
    assert row.agreement_version_id == version_id and row.agreement_version


def test_cli_doc_add_list_get(db, worker, make_case, tmp_path):
    case_id = make_case()
    number = cases_service.number_of(ctx_for(db, worker), case_id)
    src = tmp_path / "Einwilligung.pdf"
    src.write_bytes(PDF)

    def run(*args, who="anna"):
        from caseterm.cli import app

        return CliRunner().invoke(app, ["--db", str(db.path), *args],
                                  env={"CASETERM_WORKER": who})

    added = run("doc", "add", number, str(src), "--kind", "consent_form", "--json")
    assert added.exit_code == 0, added.output
    doc_id = json.loads(added.stdout)["id"]
    listed = json.loads(run("doc", "list", number, "--json").stdout)
    assert listed[0]["title"] == "Einwilligung.pdf" and listed[0]["kind"] == "consent_form"
    out = tmp_path / "zurueck.pdf"
    got = run("doc", "get", number, doc_id[:8], "--out", str(out))
    assert got.exit_code == 0, got.output
    assert out.read_bytes() == PDF
    assert (out.stat().st_mode & 0o777) == 0o600
    fake = tmp_path / "bild.pdf"
    fake.write_bytes(PNG)
    refused = run("doc", "add", number, str(fake))
    assert refused.exit_code == 1 and "file:" in refused.stderr
    empty = tmp_path / "leer.pdf"
    empty.write_bytes(b"")
    assert run("doc", "add", number, str(empty)).exit_code == 1
    assert len(json.loads(run("doc", "list", number, "--json").stdout)) == 1


@pytest.mark.postgres
def test_documents_and_edits_on_postgres(pg_db):
    from caseterm.core.inputs import check_case, check_client
    from caseterm.db.repo import cases, settings
    from caseterm.services import record

    with pg_db.write() as s:
        w = workers_repo.add(s, username="anna", display_name="Anna", role="caseworker")
        settings.put(s, settings.CURRENT_WORKER, str(w.id))
        client = cases.add_client(s, check_client({"first_name": "Jürgen",
                                                   "last_name": "Müller"}))
        case_id = cases.add_case(s, client.id, check_case({"legal_area": "sgb2"}), w.id).id
    ctx = ctx_for(pg_db, workers_repo.current(pg_db))
    doc_id = documents.add(ctx, case_id, "plan.pdf", PDF, {"kind": "signed_plan"})
    assert documents.get(ctx, doc_id)[1] == PDF
    record.edit_client(ctx, case_id, {"district": "Altstadt"}, correction=True,
                       reason="falscher Sozialraum")
    entry = next(e for e in cases_service.history(ctx, case_id) if e.entity == "client")
    assert entry.detail["correction"] and entry.detail["fields"]["district"] == ["", "Altstadt"]
