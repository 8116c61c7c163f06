"""The printable plan: produced as PDF and read back with pypdf."""

from __future__ import annotations

import pytest

from caseterm.core.agreement import check_participant, check_version
from caseterm.core.goals import check_goal
from caseterm.db.repo import agreements
from caseterm.db.repo import goals as goals_repo
from caseterm.export.plan_pdf import TEXTS, client_language
from caseterm.services.goals import export_plan
from tests.conftest import TODAY, ctx_for

pypdf = pytest.importorskip("pypdf")


def _text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def _plan(db, make_case, first="Olena", last="Kovalenko"):
    case_id = make_case(first=first, last=last, legal_area="sgb2", phase="planning")
    leit = goals_repo.add_goal(db, case_id, check_goal(
        {"level": "leitziel", "text_client": "Ich arbeite wieder als Buchhalterin."}))
    hz = goals_repo.add_goal(db, case_id, check_goal(
        {"level": "handlungsziel", "text_client": "Bis 31.03.2027 habe ich 5 Bewerbungen "
         "abgeschickt.", "due_date": "31.03.2027", "indicator": "Kopien der Bewerbungen"}),
        parent_id=leit)
    goals_repo.add_goal(db, case_id, check_goal(
        {"level": "massnahme", "text_client": "Anerkennung des Abschlusses beantragen",
         "due_date": "15.01.2027", "responsible": "provider",
         "responsible_name": "IQ Beratungsstelle", "cost_bearer": "Jobcenter",
         "needs_approval": True}), parent_id=hz)
    vid = agreements.ensure_draft(db, case_id)
    view = agreements.view(db, case_id)
    agreements.update_version(db, vid, check_version(
        {"review_date": "20.05.2027", "duties_client": "Ich bringe Zeugnisse mit.",
         "duties_agency": "Das Jobcenter übernimmt die Kosten der Übersetzung."},
        view.agreement_type, TODAY))
    client = view.latest.participants[0]
    agreements.update_participant(db, client.id, check_participant(
        {"name": client.name, "role": "client", "agreed_how": "signature"}))
    return case_id, vid


def test_agreed_plan_pdf_has_participants_goals_review_date(db, worker, make_case, tmp_path):
    case_id, vid = _plan(db, make_case)
    agreements.agree(db, vid, worker.id)
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "plan.pdf", lang="de")
    text = _text(path)
    assert "Kooperationsplan" in text
    assert "Olena Kovalenko" in text and "Anna Becker" in text
    assert "unterschrieben" in text
    assert "Ich arbeite wieder als Buchhalterin." in text
    assert "5 Bewerbungen" in text
    assert "IQ Beratungsstelle" in text
    assert "20.05.2027" in text
    assert "Unterschriften" in text
    assert "ENTWURF" not in text


def test_english_and_bilingual_and_non_latin_names(db, worker, make_case, tmp_path):
    case_id, _vid = _plan(db, make_case, first="Олена", last="Коваленко")
    path = export_plan(ctx_for(db, worker), case_id, tmp_path, lang="en", second_lang="de")
    assert path.name.endswith("-v1.pdf")
    text = _text(path)
    assert "DRAFT" in text and "Your goals / Ihre Ziele" in text
    assert "Олена Коваленко" in text
    assert "2027-05-20" in text


def test_client_language_from_intake():
    assert client_language("Ukrainisch, Russisch", "de") is None  # no texts shipped yet
    assert client_language("Englisch, Arabisch", "de") == "en"
    assert client_language("Deutsch", "de") is None
    assert set(TEXTS["de"]) == set(TEXTS["en"])


def test_no_plan_raises(db, worker, make_case, tmp_path):
    case_id = make_case()
    with pytest.raises(LookupError):
        export_plan(ctx_for(db, worker), case_id, tmp_path / "x.pdf")


def test_a_right_to_left_language_can_be_added(db, worker, make_case, tmp_path, monkeypatch):
    from caseterm.export import plan_pdf

    arabic = dict(TEXTS["en"], goals="أهدافنا", review="سنراجع هذه الخطة معًا في")
    monkeypatch.setitem(plan_pdf.TEXTS, "ar", arabic)
    case_id, _vid = _plan(db, make_case)
    assert client_language("Arabisch", "de") == "ar"
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "ar.pdf", lang="de",
                       second_lang="ar")
    text = _text(path)
    assert "Ihre Ziele" in text and "Olena Kovalenko" in text
    assert "20.05.2027" in text


def test_client_copy_is_plain_language_and_staff_copy_keeps_the_terms(db, worker, make_case,
                                                                      tmp_path):
    from caseterm.export.plan_pdf import FACHWOERTER, render

    case_id, vid = _plan(db, make_case)
    agreements.agree(db, vid, worker.id)
    content = agreements.agreed_content(db, case_id)
    client = " ".join(_text(render(content, tmp_path / "client.pdf")).split())
    for word in FACHWOERTER:
        assert word not in client, word
    assert "Mein großes Ziel: Ich arbeite wieder als Buchhalterin." in client
    assert "Nächstes Ziel:" in client and "Schritt: Anerkennung" in client
    assert "Kosten für Sie: keine (bezahlt von Jobcenter)" in client
    assert "Ist das schon sicher? Noch nicht – wird geprüft" in client
    assert "beantragt" not in client and "bewilligt" not in client
    assert "Absprache und kein Bescheid" in client
    assert "Sie bekommen eine Kopie von diesem Plan." in client
    assert "Am 20.05.2027 sprechen wir wieder über den Plan." in client
    assert "Das macht das Jobcenter für Sie" in client
    # the contact block: the worker's name and office from the profile
    block = client.split("Ihre Ansprechperson", 1)[1].split("Diese Personen", 1)[0]
    assert "Anna Becker" in block and "Rathaus" in block
    staff = " ".join(_text(render(content, tmp_path / "staff.pdf", copy="staff")).split())
    assert "Leitziel:" in staff and "Maßnahme:" in staff and "Kostenträger: Jobcenter" in staff
    assert "Genehmigung der Teamleitung: beantragt" in staff
    assert "Rechtsgrundlage: § 15 SGB II" in staff


def test_sgb12_plan_is_a_voluntary_vereinbarung_under_12_2(db, worker, make_case, tmp_path):
    case_id = make_case(legal_area="sgb12", phase="planning")
    goals_repo.add_goal(db, case_id, check_goal(
        {"level": "leitziel", "text_client": "Ich wohne im Erdgeschoss."}))
    agreements.ensure_draft(db, case_id)
    content = agreements.preview(db, case_id)
    assert content["legal_basis"] == "§ 12 Abs. 2 SGB XII"
    text = _text(__import__("caseterm.export.plan_pdf", fromlist=["render"]).render(
        content, tmp_path / "sgb12.pdf"))
    assert "freiwillig" in text and "Rechtsgrundlage" not in text


@pytest.mark.slow
def test_every_demo_plan_client_copy_has_no_fachwort_and_a_contact(tmp_path):
    from sqlmodel import select

    from caseterm.db.demo import load_demo
    from caseterm.db.engine import Database
    from caseterm.export.plan_pdf import FACHWOERTER
    from caseterm.models.agreement import Agreement
    from caseterm.models.case import Case

    db = Database(str(tmp_path / "demo.db"))
    load_demo(db)
    with db.read() as s:
        cases = [(a.case_id, s.get(Case, a.case_id).lead_worker_id)
                 for a in s.exec(select(Agreement)).all()]
    assert len(cases) >= 7
    for case_id, lead in cases:
        from types import SimpleNamespace

        ctx = ctx_for(db, SimpleNamespace(id=lead))  # each plan printed by its caseworker
        text = _text(export_plan(ctx, case_id, tmp_path, second_lang=None))
        found = [w for w in FACHWOERTER if w in text]
        assert not found, (case_id, found)
        block = text.split("Ihre Ansprechperson", 1)[1].split("Diese Personen", 1)[0]
        assert block.strip() and "–" != block.strip()
        assert "Sozialrathaus Nordstadt" in block
    db.dispose()


def test_sgb12_gesamtplan_under_68_1_can_be_chosen_and_printed(db, worker, make_case, tmp_path):
    from caseterm.core.agreement import AgreementType

    case_id = make_case(legal_area="sgb12", phase="planning")
    goals_repo.add_goal(db, case_id, check_goal(
        {"level": "leitziel", "text_client": "Ich habe wieder eine eigene Wohnung."}))
    agreements.ensure_draft(db, case_id)
    agreements.set_type(db, case_id, AgreementType.gesamtplan_sgb12)
    content = agreements.preview(db, case_id)
    assert content["legal_basis"].startswith("§ 68")
    path = export_plan(ctx_for(db, worker), case_id, tmp_path / "gesamtplan.pdf", lang="de")
    assert "Gesamtplan" in _text(path)
