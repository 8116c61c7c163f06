"""Issue 19, paperwork: every printed document passes a PDF/A-2U validator (`page`, from PyPI),
and Arabic and Persian names print shaped (joined letters, right to left: fpdf2 with uharfbuzz)
with the text still extractable in logical order."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from caseterm.services import paperwork
from caseterm.services.goals import export_plan
from tests.conftest import ctx_for
from tests.test_plan_pdf import _plan

pypdf = pytest.importorskip("pypdf")
page = pytest.importorskip("page")

PERSIAN = ("محمد", "رضایی")


def pdfa_failures(path) -> list[str]:
    """The PDF/A-2U rules the file breaks, by the `page` validator (passes veraPDF's corpus)."""
    rep = page.validate_pdf(str(path), profile="2u")
    return [f"{f.rule_id}: {f.message}" for f in rep.failures]


def codes_for(path, char: str) -> set[str]:
    """The glyph codes whose ToUnicode entry is `char`, over all fonts of the PDF. A shaped
    Arabic letter has a glyph per position (initial, medial, final): several codes."""
    reader = pypdf.PdfReader(str(path))
    hex_char = f"{ord(char):04X}"
    found: set[str] = set()
    for pg in reader.pages:
        fonts = pg["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code, uni in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap):
                if uni == hex_char:
                    found.add(f"{ref.idnum}:{code}")
    return found


def test_plan_pdf_passes_the_pdfa_2u_validator(db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf")
    assert pdfa_failures(path) == []


def test_a_pdf_with_the_notdef_mapping_is_refused_by_the_validator(tmp_path):
    """The validator check can fail: fpdf2 alone maps .notdef to U+0000 (rule 6.2.11.7.2);
    export.plan_pdf.write_pdf leaves that mapping out."""
    from fpdf import FPDF

    from caseterm.export.plan_pdf import FONT_DIR, write_pdf

    def doc():
        pdf = FPDF(enforce_compliance="PDFA_2U")
        pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.set_lang("de")
        pdf.set_title("Probe")
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 10, "Grüße")
        return pdf

    raw = tmp_path / "raw.pdf"
    doc().output(str(raw))
    fixed = tmp_path / "fixed.pdf"
    write_pdf(doc(), fixed)
    assert any("UNICODE-VALUE" in f for f in pdfa_failures(raw))
    assert pdfa_failures(fixed) == []


def test_other_documents_pass_the_validator(db, worker, make_case, tmp_path):
    from caseterm.export.protocol_pdf import write_report
    from caseterm.services import conference as conf_svc
    from caseterm.services import steering as svc

    anna = ctx_for(db, worker)
    case_id = make_case("Jürgen", "Müller", legal_area="sgb2")
    conf = conf_svc.plan(anna, case_id, {"held_on": date.today().strftime("%d.%m.%Y")})
    protocol = conf_svc.export_protocol(anna, conf, tmp_path / "p.pdf")
    assert pdfa_failures(protocol) == []
    rep = svc.report(anna, date(date.today().year, 1, 1), date.today())
    report = write_report(rep, svc.headline(rep), svc.empty_text(rep), tmp_path / "r.pdf",
                          letterhead=paperwork.letterhead(anna))
    assert pdfa_failures(report) == []


def test_persian_name_prints_shaped_and_extracts_in_order(db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case, first=PERSIAN[0], last=PERSIAN[1])
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf")
    text = pypdf.PdfReader(str(path)).pages[0].extract_text()
    assert " ".join(PERSIAN) in text  # logical order survives (copy, search)
    # shaped: meem (م) is printed in two forms in محمد (initial, medial), Persian yeh (ی)
    # in two (medial, final) – unshaped text would use one glyph each
    assert len(codes_for(path, "م")) >= 2
    assert len(codes_for(path, "ی")) >= 2
    assert pdfa_failures(path) == []
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path),
                        str(tmp_path / "pg")], check=True)
        assert (tmp_path / "pg-1.png").stat().st_size > 1000


def test_arabic_name_in_the_shared_layout_is_shaped(tmp_path):
    from caseterm.export.paper import Paper

    paper = Paper("Einladung", lang="de")
    paper.line("Sehr geehrte Frau فاطمة الزهراء,")
    path = paper.save(tmp_path / "a.pdf")
    assert "فاطمة الزهراء" in pypdf.PdfReader(str(path)).pages[0].extract_text()
    assert len(codes_for(path, "ل")) >= 1 and len(codes_for(path, "ه")) >= 1
    # lam-alef or the joined forms: more glyphs than the distinct letters would need
    letters = set("فاطمةالزهراء")
    glyphs = sum(len(codes_for(path, c)) for c in letters)
    assert glyphs > len(letters)
