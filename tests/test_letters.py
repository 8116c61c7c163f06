"""Issue 19, paperwork: the shared layout also serves a consent form to sign and an invitation
letter (case conference or appointment), German and English, with the draft mark rules of the
plan; through the door (read access, audited), from the CLI (`caseterm doc consent-form`,
`caseterm doc invitation`) and the consents screen (P)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time

import pytest
from typer.testing import CliRunner

from caseterm.cli import app
from caseterm.core.inputs import FollowUpInput
from caseterm.core.validate import InputError
from caseterm.db.repo import audit
from caseterm.db.repo import workers as workers_repo
from caseterm.services import AccessDenied, consents, letters, paperwork
from caseterm.services import conference as conf_svc
from caseterm.services import followups as fu_svc
from tests.conftest import ctx_for
from tests.test_paper_pdfa_shaping import pdfa_failures

pypdf = pytest.importorskip("pypdf")


def _pages(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages]


def _png(path, tmp_path) -> int:
    """Render with pdftoppm; the number of pages rendered."""
    if not shutil.which("pdftoppm"):
        return len(pypdf.PdfReader(str(path)).pages)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / path.stem)],
                   check=True)
    return len(list(tmp_path.glob(f"{path.stem}-*.png")))


def test_prepared_consent_form_is_a_draft_on_every_page_with_ticks_and_signatures(
        db, worker, make_case, tmp_path):
    case_id = make_case("Jürgen", "Müller")
    path = letters.consent_form(ctx_for(db, worker), case_id, tmp_path,
                                purposes=["data_exchange", "case_conference"],
                                recipients=["Schuldnerberatung Caritas", "Jobcoaching e.V."],
                                lang="de")
    pages = _pages(path)
    text = " ".join(pages)
    assert all("ENTWURF" in p for p in pages)
    assert "☒ Austausch mit den unten genannten Stellen" in text
    assert "☐ Fallarbeit" in text
    assert "Schuldnerberatung Caritas" in text and "Jobcoaching e.V." in text
    assert "jederzeit" in text and "Art. 7 Abs. 3 DSGVO" in text  # the right to withdraw
    assert "Unterschrift Klient/in" in text and "JC-2026-00001 · Jürgen Müller" in text
    assert _png(path, tmp_path) == len(pages)
    assert pdfa_failures(path) == []


def test_recorded_consent_copy_has_no_draft_mark_and_a_withdrawn_one_says_so(
        db, worker, make_case, tmp_path):
    anna = ctx_for(db, worker)
    case_id = make_case("Jürgen", "Müller")
    cid = consents.record(anna, case_id, {"purposes": ["data_exchange"],
                                          "given_on": "01.11.2026", "recipients": "Kita Nord",
                                          "information_given": True})
    path = letters.consent_form(anna, case_id, tmp_path / "c.pdf", consent_id=cid, lang="en")
    text = " ".join(_pages(path))
    assert "DRAFT" not in text and "ENTWURF" not in text
    assert "Consent to the processing" in text and "Kita Nord" in text
    assert "☒ Exchange with the bodies named below" in text
    assert "☒ I have received the information on data protection" in text
    assert "withdraw this consent at any time" in text
    consents.withdraw(anna, cid, {"withdrawn_on": "10.11.2026", "channel": "letter"})
    path = letters.consent_form(anna, case_id, tmp_path / "w.pdf", consent_id=cid, lang="de")
    assert all("WIDERRUFEN am 10.11.2026" in p for p in _pages(path))


def test_conference_invitation_names_date_participants_in_english(db, worker, make_case,
                                                                  tmp_path):
    anna = ctx_for(db, worker)
    paperwork_head(db)
    case_id = make_case("Fatima", "Al-Zahra")
    conf = conf_svc.plan(anna, case_id, {"held_on": "15.12.2026", "title": "Wohnung"})
    conf_svc.invite(anna, conf, {"name": "Herr Berg", "organisation": "Schule am Park"})
    path = letters.invitation(anna, case_id, tmp_path, conference_id=conf, lang="en")
    text = " ".join(_pages(path))
    assert "Invitation to a case conference" in text
    assert "Dear Fatima Al-Zahra" in text and "on 2026-12-15" in text
    assert "Herr Berg (Schule am Park)" in text and "Wohnung" in text
    assert "Jugendamt Nordkreis" in text  # the letterhead
    assert "DRAFT" not in text
    assert pdfa_failures(path) == []
    assert _png(path, tmp_path) >= 1


def paperwork_head(db):
    with db.write() as s:
        workers_repo.add(s, username="lena", display_name="Lena Vogt", role="team_lead",
                         team="Team Nord")
    lena = next(w for w in workers_repo.list_all(db) if w.username == "lena")
    paperwork.set_letterhead(ctx_for(db, lena), "Jugendamt Nordkreis", ["Postfach 7"], "")


def test_appointment_invitation_carries_its_time(db, worker, make_case, tmp_path):
    anna = ctx_for(db, worker)
    case_id = make_case("Jürgen", "Müller")
    fid = fu_svc.add(anna, case_id, FollowUpInput(date(2026, 12, 3), "Gespräch zur Wohnung",
                                                  due_time=time(10, 30)))
    path = letters.invitation(anna, case_id, tmp_path / "e.pdf", followup_id=fid, lang="de")
    text = " ".join(_pages(path))
    assert "Einladung zu einem Termin" in text
    assert "am 03.12.2026 um 10:30 Uhr" in text and "Gespräch zur Wohnung" in text
    entries = [e for e in audit.for_case(db, case_id) if e.entity == "invitation"]
    assert entries and entries[0].detail["lang"] == "de"


def test_bad_input_is_named_and_nothing_is_written(db, worker, make_case, tmp_path):
    anna = ctx_for(db, worker)
    case_id = make_case("Jürgen", "Müller")
    with pytest.raises(InputError) as err:
        letters.consent_form(anna, case_id, tmp_path, purposes=["everything"])
    assert "purposes" in err.value.errors
    with pytest.raises(InputError) as err:
        letters.consent_form(anna, case_id, tmp_path, lang="fr")
    assert "lang" in err.value.errors
    with pytest.raises(InputError) as err:
        letters.invitation(anna, case_id, tmp_path)
    assert "what" in err.value.errors
    assert not list(tmp_path.glob("*.pdf"))


def test_outside_scope_refused_and_audited_and_cli_exit_3(db, worker, make_case, tmp_path,
                                                          monkeypatch):
    case_id = make_case("Jürgen", "Müller")
    with db.write() as s:
        workers_repo.add(s, username="olaf", display_name="Olaf Kern", role="caseworker")
    olaf = next(w for w in workers_repo.list_all(db) if w.username == "olaf")
    with pytest.raises(AccessDenied):
        letters.consent_form(ctx_for(db, olaf), case_id, tmp_path)
    assert any(e.action == "refuse" for e in audit.latest(db, limit=20))
    db.dispose()
    base = ["--db", str(tmp_path / "test.db")]
    monkeypatch.setenv("CASETERM_WORKER", "olaf")
    r = CliRunner().invoke(app, [*base, "doc", "consent-form", "JC-2026-00001", "-o",
                                 str(tmp_path)])
    assert r.exit_code == 3, r.output
    monkeypatch.setenv("CASETERM_WORKER", "anna")
    r = CliRunner().invoke(app, [*base, "doc", "consent-form", "JC-2026-00001", "--purpose",
                                 "data_exchange", "--recipient", "Kita Nord", "--lang", "en",
                                 "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    out = r.output.strip().splitlines()[-1]
    assert "Kita Nord" in " ".join(_pages(out))
    r = CliRunner().invoke(app, [*base, "doc", "consent-form", "JC-2026-00001", "--purpose",
                                 "nonsense", "-o", str(tmp_path)])
    assert r.exit_code == 1 and "purposes" in r.output


async def test_consents_screen_prints_the_form_with_p(db, worker, make_case, tmp_path,
                                                      monkeypatch):
    from caseterm import config
    from caseterm.screens.consents import ConsentsDialog
    from tests.conftest import make_app, wait_idle, wait_until

    monkeypatch.setenv("CASETERM_VIEWER", "true")  # "printed" by a command that does nothing
    case_id = make_case("Jürgen", "Müller")
    consents.record(ctx_for(db, worker), case_id, {
        "purposes": ["case_conference"], "given_on": "01.11.2026", "recipients": "Schule",
        "information_given": True})
    app = make_app(db, worker)
    folder = config.data_dir() / "exports"
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("e")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConsentsDialog)
        await pilot.press("p")
        await wait_until(pilot, app, lambda: list(folder.glob("einwilligung-*.pdf")))
    path = next(folder.glob("einwilligung-*.pdf"))
    text = " ".join(_pages(path))
    assert "Schule" in text and "ENTWURF" not in text  # the recorded consent's copy
    assert any(e.entity == "consent" and e.action == "export"
               for e in audit.for_case(db, case_id))
