"""Issue 19, paperwork: "drucken" hands the written PDF to the system's viewer or print command
(CASETERM_VIEWER, default xdg-open) in a worker; a message when there is none or it fails."""

from __future__ import annotations

import stat

import pytest

from caseterm.services import paperwork
from tests.conftest import ctx_for, make_app, wait_idle
from tests.test_plan_pdf import _plan
from tests.waiting import wait_for


@pytest.fixture
def viewer(tmp_path, monkeypatch):
    """A real tiny viewer: writes the file it was given into a log, then exits 0."""
    log = tmp_path / "viewer.log"
    script = tmp_path / "fake-viewer"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("CASETERM_VIEWER", str(script))
    return log


def _wait_for(path, seconds=10.0):
    return wait_for(lambda: path.exists() and path.read_text().strip() and path.read_text(),
                    timeout=seconds, what=f"{path.name} to be written")


def test_the_pdf_goes_to_the_configured_command(viewer, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert paperwork.hand_to_viewer(pdf) is None
    assert _wait_for(viewer).strip() == str(pdf)


def test_no_viewer_or_a_failing_one_gives_a_message(tmp_path, monkeypatch):
    pdf = tmp_path / "x.pdf"
    monkeypatch.setenv("CASETERM_VIEWER", str(tmp_path / "no-such-viewer"))
    msg = paperwork.hand_to_viewer(pdf)
    assert msg and "no-such-viewer" in msg and str(pdf) in msg
    monkeypatch.setenv("CASETERM_VIEWER", "false")
    msg = paperwork.hand_to_viewer(pdf)
    assert msg and "1" in msg and str(pdf) in msg
    monkeypatch.delenv("CASETERM_VIEWER")
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open anywhere
    msg = paperwork.hand_to_viewer(pdf)
    assert msg and "CASETERM_VIEWER" in msg


async def test_print_key_hands_the_plan_to_the_viewer(db, worker, make_case, viewer, tmp_path,
                                                      monkeypatch):
    from caseterm.screens.goals import GoalsScreen

    monkeypatch.setenv("CASETERM_DATA_DIR", str(tmp_path / "data"))
    case_id, _vid = _plan(db, make_case)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("goals", case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("3")
        await wait_idle(pilot, app)
        await pilot.press("d")
        await wait_idle(pilot, app)
        handed = _wait_for(viewer)
    pdfs = list((tmp_path / "data" / "exports").glob("*.pdf"))
    assert len(pdfs) == 1 and handed.strip() == str(pdfs[0])


def test_cli_plan_export_open(db, worker, make_case, viewer, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from caseterm.cli import app
    from caseterm.services import cases as cases_service

    case_id, _vid = _plan(db, make_case)
    number = cases_service.number_of(ctx_for(db, worker), case_id)
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    runner = CliRunner()
    out = tmp_path / "plan.pdf"
    res = runner.invoke(app, ["--db", str(db.path), "plan", "export", number, "--pdf", str(out),
                              "--draft", "--open"])
    assert res.exit_code == 0, res.output
    assert _wait_for(viewer).strip() == str(out)
    monkeypatch.setenv("CASETERM_VIEWER", "false")
    res = runner.invoke(app, ["--db", str(db.path), "plan", "export", number, "--pdf", str(out),
                              "--draft", "--open"])
    assert res.exit_code == 1 and str(out) in res.output
