"""Issue 19, paperwork: the plan PDF marks every page of a draft, keeps the metadata (title,
language), and its signature page names the case, the client and the version."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from caseterm.services.goals import export_plan
from tests.conftest import ctx_for
from tests.test_plan_pdf import _plan

pypdf = pytest.importorskip("pypdf")


def test_draft_plan_has_the_mark_on_every_page_and_a_named_signature_page(
        db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "draft.pdf")
    reader = pypdf.PdfReader(str(path))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 2
    assert all("ENTWURF" in p for p in pages)
    last = " ".join(pages[-1].split())
    assert "Unterschriften" in " ".join(" ".join(pages).split())
    signature_page = next(" ".join(p.split()) for p in pages if "Unterschriften" in p)
    assert "Olena Kovalenko" in signature_page and "Fallnummer: " in signature_page
    assert "Fassung: 1" in signature_page
    assert last
    # PDF/A keeps the title in the XMP metadata (fpdf2 writes no /Info dictionary then)
    assert reader.xmp_metadata.dc_title["x-default"].startswith("Kooperationsplan")
    assert b"/Lang (de)" in path.read_bytes() or b"/Lang(de)" in path.read_bytes()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "pg")],
                       check=True, timeout=60)
        assert len(list(tmp_path.glob("pg*.png"))) == len(pages)


def test_an_agreed_plan_has_no_draft_mark(db, worker, make_case, tmp_path):
    from caseterm.db.repo import agreements

    case_id, vid = _plan(db, make_case)
    agreements.agree(db, vid, worker.id)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "agreed.pdf", draft=False)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
    assert "ENTWURF" not in text
