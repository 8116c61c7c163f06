"""Issue 19, paperwork: the office letterhead from configuration on the plan PDF, the conference
protocol and the steering report; an unreadable logo is named and the PDF prints without it;
every printed document is PDF/A-2U with title and language."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from caseterm.core.validate import InputError
from caseterm.db.repo import workers as workers_repo
from caseterm.services import AccessDenied, paperwork
from caseterm.services.goals import export_plan
from tests.conftest import ctx_for
from tests.test_plan_pdf import _plan

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def lead(db):
    with db.write() as s:
        workers_repo.add(s, username="lena", display_name="Lena Vogt", role="team_lead",
                         team="Team Nord")
    return next(w for w in workers_repo.list_all(db) if w.username == "lena")


@pytest.fixture
def logo(tmp_path):
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (0, 90, 160)).save(path)
    return path


def _text(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages]


def _pixels_top_left(pdf, tmp_path) -> tuple[int, int, int]:
    """The colour of page 1 where the logo sits (rendered with pdftoppm)."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "pg")], check=True, timeout=60)
    png = sorted(tmp_path.glob("pg*.png"))[0]
    with Image.open(png) as img:
        w = img.width
        return img.convert("RGB").getpixel((int(w * 25 / 210), int(img.height * 14 / 297)))


def test_only_a_lead_or_admin_sets_the_letterhead_and_it_is_audited(db, worker, lead, logo):
    from caseterm.db.repo import audit

    with pytest.raises(AccessDenied):
        paperwork.set_letterhead(ctx_for(db, worker), "Jobcenter X", ["Weg 1"], "")
    assert not paperwork.letterhead(ctx_for(db, worker))
    assert any(e.action == "refuse" for e in audit.latest(db, limit=20))
    head = paperwork.set_letterhead(ctx_for(db, lead), "Jobcenter Musterstadt",
                                    ["Hauptstraße 1", "12345 Musterstadt"], str(logo))
    assert head.name == "Jobcenter Musterstadt" and head.address[1] == "12345 Musterstadt"
    assert head.logo == str(logo.resolve())
    assert any(e.action == "setting" for e in audit.latest(db, limit=20))


def test_an_unreadable_logo_is_refused_at_the_field_and_nothing_changes(db, lead, tmp_path):
    ctx = ctx_for(db, lead)
    paperwork.set_letterhead(ctx, "Jobcenter A", [], "")
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    with pytest.raises(InputError) as err:
        paperwork.set_letterhead(ctx, "Jobcenter B", [], str(bad))
    assert str(bad) in err.value.errors["logo"]
    with pytest.raises(InputError) as err:
        paperwork.set_letterhead(ctx, "Jobcenter B", [], str(tmp_path / "missing.png"))
    assert "missing.png" in err.value.errors["logo"]
    assert paperwork.letterhead(ctx).name == "Jobcenter A"


def test_plan_pdf_carries_the_letterhead_logo_and_is_pdfa(db, worker, lead, make_case, logo,
                                                        tmp_path):
    paperwork.set_letterhead(ctx_for(db, lead), "Jobcenter Musterstadt",
                             ["Hauptstraße 1", "12345 Musterstadt"], str(logo))
    case_id, _vid = _plan(db, make_case)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf")
    pages = _text(path)
    assert "Jobcenter Musterstadt" in pages[0] and "12345 Musterstadt" in pages[0]
    assert all("ENTWURF" in p for p in pages)  # the draft mark still on every page
    raw = path.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in raw and b"<pdfaid:conformance>U" in raw
    assert b"/OutputIntent" in raw
    reader = pypdf.PdfReader(str(path))
    # PDF/A keeps the title in the XMP metadata (fpdf2 writes no /Info dictionary then)
    assert reader.xmp_metadata.dc_title["x-default"].startswith("Kooperationsplan")
    if shutil.which("pdftoppm"):
        r, _g, b = _pixels_top_left(path, tmp_path)
        assert b > 120 and r < 60  # the blue logo is printed


def test_a_logo_gone_since_it_was_set_is_named_and_the_plan_prints_without_it(
        db, worker, lead, make_case, logo, tmp_path):
    paperwork.set_letterhead(ctx_for(db, lead), "Jobcenter Musterstadt", [], str(logo))
    logo.unlink()
    head = paperwork.letterhead(ctx_for(db, worker))
    assert str(logo.resolve()) in paperwork.logo_warning(head)
    case_id, _vid = _plan(db, make_case)
    out = tmp_path / "out"
    out.mkdir()
    path = export_plan(ctx_for(db, worker), case_id, out / "plan.pdf")
    assert "Jobcenter Musterstadt" in _text(path)[0]
    if shutil.which("pdftoppm"):
        r, g, b = _pixels_top_left(path, out)
        assert (r, g, b) == (255, 255, 255)  # no logo there


def test_protocol_and_report_carry_the_letterhead(db, worker, lead, make_case, tmp_path):
    from caseterm.export.protocol_pdf import write_report
    from caseterm.services import conference as conf_svc
    from caseterm.services import steering as svc

    paperwork.set_letterhead(ctx_for(db, lead), "Jugendamt Nordkreis", ["Postfach 7"], "")
    anna = ctx_for(db, worker)
    case_id = make_case("Jürgen", "Müller", legal_area="sgb2")
    conf = conf_svc.plan(anna, case_id, {"held_on": date.today().strftime("%d.%m.%Y")})
    path = conf_svc.export_protocol(anna, conf, tmp_path / "p.pdf")
    assert "Jugendamt Nordkreis" in _text(path)[0] and "Postfach 7" in _text(path)[0]
    assert b"<pdfaid:part>2</pdfaid:part>" in path.read_bytes()
    ctx = ctx_for(db, lead)
    rep = svc.report(ctx, date(date.today().year, 1, 1), date.today())
    out = write_report(rep, svc.headline(rep), svc.empty_text(rep), tmp_path / "r.pdf",
                       letterhead=paperwork.letterhead(ctx))
    assert "Jugendamt Nordkreis" in _text(out)[0]


def test_cli_office_letterhead(db, worker, lead, make_case, logo, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from caseterm.cli import app

    runner = CliRunner()
    base = ["--db", str(db.path)]
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    res = runner.invoke(app, [*base, "office", "letterhead", "--name", "X"])
    assert res.exit_code == 3
    monkeypatch.setenv("CASETERM_WORKER", "lena")
    res = runner.invoke(app, [*base, "office", "letterhead", "--name", "Jobcenter Musterstadt",
                              "--address", "Hauptstraße 1", "--address", "12345 Musterstadt",
                              "--logo", str(tmp_path / "nope.png")])
    assert res.exit_code == 1 and "nope.png" in res.output
    res = runner.invoke(app, [*base, "office", "letterhead", "--name", "Jobcenter Musterstadt",
                              "--address", "Hauptstraße 1", "--address", "12345 Musterstadt",
                              "--logo", str(logo)])
    assert res.exit_code == 0, res.output
    assert "12345 Musterstadt" in res.stdout
    logo.unlink()
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    case_id, _vid = _plan(db, make_case)
    from caseterm.services import cases as cases_service

    number = cases_service.number_of(ctx_for(db, worker), case_id)
    res = runner.invoke(app, [*base, "plan", "export", number, "--pdf",
                              str(tmp_path / "plan.pdf"), "--draft"])
    assert res.exit_code == 0, res.output
    assert "logo.png" in res.stderr and (tmp_path / "plan.pdf").exists()
