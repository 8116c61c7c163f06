"""Pilot tests driving the real intake screen and case list with the keyboard."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from caseterm.core.vocab import CasePhase, ClosureReason
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import consents as consents_repo
from caseterm.db.repo import intake as intake_repo
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.intake import Consent, HouseholdMember, WorkingAgreement
from caseterm.screens.case import CaseScreen
from caseterm.screens.case_list import CaseListScreen
from caseterm.screens.intake import DuplicateDialog, IntakeScreen
from caseterm.widgets.paged_table import PagedTable
from tests.conftest import make_app, wait_idle, wait_until

SIZE = (140, 45)


def _count(db, model) -> int:
    with db.read() as s:
        return len(s.exec(select(model)).all())


def _set(screen, name: str, value) -> None:
    widget = screen.query_one(f"#in-{name}")
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        widget.value = value


def _tick(screen, wid: str, value: bool = True) -> None:
    screen.query_one(f"#{wid}", Checkbox).value = value


async def _open_intake(pilot, app) -> IntakeScreen:
    await wait_idle(pilot, app)
    await pilot.press("f4")  # intake from anywhere
    await wait_idle(pilot, app)
    assert isinstance(app.screen, IntakeScreen)
    return app.screen


def _fill_complete(screen: IntakeScreen) -> None:
    _set(screen, "household", "Müller, Lea; Tochter; 03.05.2015; BG\nMüller, Tom; Sohn; "
                              "01.02.2018; BG")
    _set(screen, "languages", "Deutsch, Türkisch")
    _set(screen, "email", "petra@example.org")
    _set(screen, "district", "Nordstadt")
    _set(screen, "legal_area", "sgb2")
    _set(screen, "referral_source", "job_centre")
    _set(screen, "referring_agency", "Jobcenter Köln, Team 4")
    _set(screen, "urgency", "soon")
    _set(screen, "concern_wohnen", "Mietschulden, Räumungsklage droht")
    _set(screen, "concern_wirtschaftlich", "Schulden ca. 12.000 €")
    _set(screen, "concern_gesundheitlich", "Depression, in Behandlung")
    for c in ("complex_need", "many_actors", "standard_path_fails",
              "insufficient_own_resources"):
        _tick(screen, f"in-criterion-{c}")
    _tick(screen, "in-purpose-case_management")
    _tick(screen, "in-purpose-data_exchange")
    _tick(screen, "in-consent_information_given")
    _set(screen, "consent_recipients", "Schuldnerberatung Caritas; Jobcenter Köln")
    _set(screen, "consent_given_on", "heute")
    _set(screen, "consent_valid_until", "23.11.2027")
    _set(screen, "agreement_roles", "Fallmanagerin koordiniert, Frau Schulz entscheidet")
    _set(screen, "agreement_client_tasks", "Unterlagen zur Schuldnerberatung mitbringen")
    _set(screen, "agreement_worker_tasks", "Termin bei der Schuldnerberatung vermitteln")
    _set(screen, "agreement_contact", "Telefon, persönlich im Büro")
    _set(screen, "agreement_frequency", "alle 2 Wochen")
    _set(screen, "agreement_privacy_info_on", "heute")
    _set(screen, "agreement_agreed_on", "heute")


async def test_complete_intake_saves_everything_and_opens_the_case(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        # the cursor starts in the name: the caseworker types right away
        assert app.focused is screen.query_one("#in-last_name", Input)
        await pilot.press(*"Schulz")
        await pilot.press("tab")
        await pilot.press(*"Petra")
        await pilot.press("tab")
        await pilot.press(*"02.03.1985")
        _fill_complete(screen)
        _set(screen, "decision", "indicated")
        await wait_idle(pilot, app)
        status = str(screen.query_one("#indication-status", Static).render())
        assert "3" in status and "5" in status
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen), app.screen
        case_id = app.screen.case_id
        await pilot.press("i")  # what the intake recorded
        await wait_idle(pilot, app)
        text = str(app.screen.query_one("#intake-summary", Static).render())
        assert "Jobcenter Köln, Team 4" in text and "Räumungsklage" in text
        assert "Müller, Lea (Tochter)" in text
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    ov = cases_repo.overview(db, case_id)
    assert (ov.case.last_name, ov.case.first_name) == ("Schulz", "Petra")
    assert ov.case.phase is CasePhase.assessment  # consent given → intake complete
    assert ov.facts.has_consent
    summary = intake_repo.summary(db, case_id)
    assert summary.domain_count == 3 and summary.referring_agency == "Jobcenter Köln, Team 4"
    assert [h[0] for h in summary.household] == ["Müller, Lea", "Müller, Tom"]
    assert all(h[3] for h in summary.household)
    assert _count(db, WorkingAgreement) == 1
    with db.read() as s:
        assert consents_repo.covers_recipient(s, case_id, "Schuldnerberatung der Caritas",
                                              ov.case.opened_on)
        assert not consents_repo.covers_recipient(s, case_id, "Jugendamt", ov.case.opened_on)


async def test_intake_is_stopped_by_missing_consent(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        _set(screen, "last_name", "Schulz")
        _set(screen, "first_name", "Petra")
        _set(screen, "birth_date", "02.03.1985")
        _fill_complete(screen)
        _set(screen, "consent_given_on", "")  # no consent recorded
        _set(screen, "consent_recipients", "")
        _set(screen, "consent_valid_until", "")
        _tick(screen, "in-purpose-data_exchange", False)
        _set(screen, "decision", "indicated")
        await wait_idle(pilot, app)
        assert "✗" in str(screen.query_one("#indication-status", Static).render())
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)  # stopped
        field = screen.query_one("#field-consent_given_on")
        assert field.has_class("-invalid")
        assert "Einwilligung" in str(field.query_one(".form-error", Static).render())
        # what was typed is kept
        assert screen.query_one("#in-last_name", Input).value == "Schulz"
    assert _count(db, Client) == 0 and _count(db, Case) == 0  # nothing half-saved


async def test_duplicate_warning_for_transliterated_name(db, worker, make_case):
    existing = make_case(first="Juergen", last="Müller", birth="1980-04-12")
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        await pilot.press(*"Mueller")
        await pilot.press("tab")
        await pilot.press(*"Jürgen")
        await pilot.press("tab")
        await pilot.press(*"12.04.1980")
        await wait_until(pilot, app,
                         lambda: screen.query_one("#dup-banner").has_class("-shown"))
        banner = str(screen.query_one("#dup-banner", Static).render())
        assert "Müller, Juergen" in banner
        assert screen.query_one("#dup-banner").has_class("-shown")
        # saving anyway stops at the duplicate dialog, with the reason
        _set(screen, "legal_area", "sgb2")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DuplicateDialog)
        assert app.screen.candidates[0].reason == "gleicher Name und gleiches Geburtsdatum"
        assert _count(db, Client) == 1  # nothing saved, nothing merged
        await pilot.press("o")  # open the existing person's case
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case_id == existing
    assert _count(db, Client) == 1


async def test_duplicate_confirmed_as_new_person(db, worker, make_case):
    make_case(first="Juergen", last="Müller", birth="1980-04-12")
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        _set(screen, "last_name", "Mueller")
        _set(screen, "first_name", "Jürgen")
        _set(screen, "birth_date", "12.04.1980")
        _set(screen, "legal_area", "sgb8")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    assert _count(db, Client) == 2  # a second person, the first untouched


async def test_not_indicated_closes_with_the_alternative(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        _set(screen, "last_name", "Yılmaz")
        _set(screen, "first_name", "Ayşe")
        _set(screen, "birth_date", "17.09.1992")
        _set(screen, "legal_area", "integration")
        _set(screen, "concern_aufenthalt_sprache", "Anerkennung des Abschlusses")
        _set(screen, "decision", "not_indicated")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        assert screen.query_one("#field-alternative").has_class("-invalid")
        _set(screen, "alternative", "referral_elsewhere")
        _set(screen, "alternative_note", "Anerkennungsberatung IQ Netzwerk")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        case_id = app.screen.case_id
    ov = cases_repo.overview(db, case_id)
    assert ov.case.phase is CasePhase.closure
    assert ov.case.closure_reason is ClosureReason.not_indicated
    assert "Anerkennungsberatung IQ Netzwerk" in ov.history[0].reason


async def test_bad_input_is_shown_at_the_fields_and_nothing_saved(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        _set(screen, "first_name", "[b]Anna[/b]\x1b[31m")
        _set(screen, "birth_date", "30.02.1990")
        _set(screen, "email", "anna.example.org")
        _set(screen, "consent_given_on", "10.11.2026")
        _set(screen, "consent_valid_until", "01.11.2026")
        _set(screen, "household", "Kind ohne Datum; Sohn; 31.04.2020")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, IntakeScreen)
        _set(screen, "last_name", "Müllеr")  # a Cyrillic е inside
        await wait_idle(pilot, app)
        warning = screen.query_one("#name-warning", Static)
        assert warning.has_class("-shown") and "Schriftsysteme" in str(warning.render())
        _set(screen, "last_name", "")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        for name in ("last_name", "birth_date", "email", "legal_area", "consent_valid_until",
                     "household"):
            assert screen.query_one(f"#field-{name}").has_class("-invalid"), name
        assert screen.query_one("#in-first_name", Input).value == "[b]Anna[/b]\x1b[31m"
    assert _count(db, Client) == 0 and _count(db, Consent) == 0
    assert _count(db, HouseholdMember) == 0


async def test_escape_asks_before_discarding(db, worker):
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        await pilot.press(*"Sch")
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert app.screen is not screen  # the question
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert app.screen is screen
        assert screen.query_one("#in-last_name", Input).value == "Sch"


async def test_case_list_search_as_you_type_and_open(db, worker, make_case):
    make_case(first="Juergen", last="Müller", birth="1980-04-12")
    target = make_case(first="Anna", last="Özdemir", birth="1975-01-30", legal_area="sgb8",
                       child_protection=True)
    make_case(first="Klaus", last="Becker", birth="1962-07-01")
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f5")  # case list from anywhere
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseListScreen)
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 3
        assert table.current().id == target  # child protection on top
        await pilot.press(*"oezd")
        await wait_until(pilot, app, lambda: table.row_count == 1)
        assert table.row_count == 1 and table.current().last_name == "Özdemir"
        app.screen.query_one("#cl-search", Input).value = "30.01.1975"
        await wait_until(pilot, app, lambda: app.screen.current_filter.text == "30.01.1975")
        await wait_idle(pilot, app)  # the search started by the filter has finished
        assert table.row_count == 1
        app.screen.query_one("#cl-search", Input).value = ""
        app.screen.query_one("#cl-area", Select).value = "sgb2"
        await wait_idle(pilot, app)
        assert table.row_count == 2
        app.screen.query_one("#cl-area", Select).value = "sgb8"
        await wait_idle(pilot, app)
        table.focus()
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == target


async def test_returning_client_gets_a_new_case_on_the_existing_record(db, worker, make_case):
    old = make_case(first="Juergen", last="Müller", birth="1980-04-12", phase="closure")
    app = make_app(db, worker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_intake(pilot, app)
        _set(screen, "last_name", "Müller")
        _set(screen, "first_name", "Jürgen")
        _set(screen, "birth_date", "12.04.1980")
        _set(screen, "legal_area", "sgb2")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("c")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id != old
        new = app.screen.case_id
    assert _count(db, Client) == 1  # the same person, now with two cases
    same = cases_repo.overview(db, old).case.client_id
    assert cases_repo.overview(db, new).case.client_id == same
