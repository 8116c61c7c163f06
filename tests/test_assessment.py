"""Assessments: schemes as data, strengths first, dated and repeatable, change since the last
one, "mark complete" as the gate to planning; and the assessment screen from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, Static, TextArea

from caseterm.core.phases import CaseFacts, GateLevel, check_transition
from caseterm.core.schemes import (
    DomainEntry,
    SchemeError,
    check_domain_entry,
    completion_problems,
    get_scheme,
    parse_scheme,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import CasePhase
from caseterm.db.repo import assessments as repo
from caseterm.db.repo import facts
from caseterm.screens.assessment import AssessmentScreen
from caseterm.screens.dialogs import ConfirmDialog
from tests.conftest import make_app, wait_idle


def test_default_scheme_has_the_german_life_domains():
    scheme = get_scheme()
    ids = [d.id for d in scheme.domains]
    assert ids == ["wirtschaftlich", "beruflich", "wohnen", "gesundheitlich", "familiaer",
                   "sozial", "persoenlich", "aufenthalt_sprache"]
    assert scheme.domain("aufenthalt_sprache").newcomers
    assert (scheme.scale_min, scheme.scale_max) == (1, 5)


def test_bad_scheme_files_are_rejected_with_every_problem():
    with pytest.raises(SchemeError) as exc:
        parse_scheme({"id": "Bad Id", "domains": [{"id": "a", "title": "A"},
                                                  {"id": "a", "title": ""}],
                      "scale": {"min": 3, "max": 2}})
    text = str(exc.value)
    assert "id must be" in text and "appears twice" in text and "scale" in text


def test_entry_rating_outside_the_scale_is_rejected():
    with pytest.raises(InputError) as exc:
        check_domain_entry({"domain_id": "wohnen", "rating": "7"}, get_scheme())
    assert "rating" in exc.value.errors
    with pytest.raises(InputError):
        check_domain_entry({"domain_id": "mars"}, get_scheme())


def test_strengths_first_and_every_domain_looked_at():
    scheme = get_scheme()
    only_problems = [DomainEntry(d.id, problems="x") for d in scheme.domains]
    assert any("Stärken" in p for p in completion_problems(scheme, only_problems))
    some = [DomainEntry("wohnen", strengths="hält Termine ein", rating=2)]
    problems = completion_problems(scheme, some, newcomer=False)
    assert len(problems) == 1 and "Gesundheit" in problems[0]
    assert "Aufenthalt" not in problems[0]  # only for newcomers


def _fill(db, aid, rating=3):
    for d in get_scheme().domains:
        repo.save_entry(db, aid, DomainEntry(d.id, strengths="kann gut organisieren",
                                             rating=rating))


def test_complete_is_the_gate_to_planning_and_is_kept(db, worker, make_case):
    case_id = make_case(phase="assessment")
    aid = repo.current_or_start(db, case_id, worker.id)
    with db.read() as s:
        assert not facts.case_facts(s, case_id).assessment_complete
    with pytest.raises(InputError):
        repo.complete(db, aid)  # nothing recorded yet
    _fill(db, aid)
    repo.complete(db, aid)
    with db.read() as s:
        f = facts.case_facts(s, case_id)
    assert f.assessment_complete
    assert check_transition(CasePhase.assessment, CasePhase.planning, f).level is GateLevel.ok
    assert check_transition(CasePhase.assessment, CasePhase.planning,
                            CaseFacts()).level is GateLevel.confirm
    with pytest.raises(InputError):
        repo.save_entry(db, aid, DomainEntry("wohnen", strengths="neu"))


def test_repeat_assessment_carries_texts_and_shows_change(db, worker, make_case):
    case_id = make_case()
    first = repo.current_or_start(db, case_id, worker.id)
    _fill(db, first, rating=2)
    with pytest.raises(InputError):
        repo.start(db, case_id, worker.id)  # the first is still open
    repo.complete(db, first)
    second = repo.start(db, case_id, worker.id)
    row = repo.get(db, second)
    assert row.entries["wohnen"].strengths == "kann gut organisieren"
    assert row.entries["wohnen"].rating is None  # rated afresh
    assert [a.id for a in repo.history(db, case_id)] == [first, second]


async def test_assessment_screen_from_the_keyboard(db, worker, make_case):
    case_id = make_case(phase="assessment")
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        table = screen.query_one("#as-domains", DataTable)
        assert table.row_count == 8
        await pilot.press("down", "down")  # Wohnen
        await wait_idle(pilot, app)
        assert screen.domain_id == "wohnen"
        assert "Wohnen" in str(screen.query_one("#as-domain-title", Static).render())
        screen.query_one("#as-strengths", TextArea).text = "Zahlt seit März die Miete pünktlich"
        screen.query_one("#as-client_view", TextArea).text = "Ich will hier wohnen bleiben."
        screen.query_one("#as-rating", Select).value = "2"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        # marking complete with domains not looked at is refused, with the reason
        await pilot.press("f6")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AssessmentScreen)
    rows = repo.history(db, case_id)
    e = rows[0].entries["wohnen"]
    assert e.strengths.startswith("Zahlt") and e.client_view.startswith("Ich will")
    assert e.worker_view == "" and e.rating == 2
    assert not rows[0].complete


async def test_change_since_last_assessment_is_shown(db, worker, make_case):
    case_id = make_case()
    first = repo.current_or_start(db, case_id, worker.id)
    _fill(db, first, rating=2)
    repo.complete(db, first)
    second = repo.start(db, case_id, worker.id)
    repo.save_entry(db, second, DomainEntry("wirtschaftlich", strengths="x", rating=4))
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        table = app.screen.query_one("#as-domains", DataTable)
        assert str(table.get_row_at(0)[2]) == "+2"
        assert "vorher 2" in str(table.get_row_at(1)[2])
        await pilot.press("ctrl+pageup")
        await wait_idle(pilot, app)
        assert "1/2" in str(app.screen.query_one("#as-head", Static).render())
        assert app.screen.query_one("#as-strengths", TextArea).read_only


async def test_mark_complete_from_the_screen(db, worker, make_case):
    case_id = make_case(phase="assessment")
    aid = repo.current_or_start(db, case_id, worker.id)
    _fill(db, aid)
    app = make_app(db, worker)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(AssessmentScreen(case_id))
        await wait_idle(pilot, app)
        await pilot.press("f6")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+y")
        await wait_idle(pilot, app)
        head = str(app.screen.query_one("#as-head", Static).render())
        assert "abgeschlossen am" in head
        assert app.screen.query_one("#as-rating", Select).disabled
    with db.read() as s:
        assert facts.case_facts(s, case_id).assessment_complete
