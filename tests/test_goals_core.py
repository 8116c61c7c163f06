"""Core rules of goals and agreements: review intervals, participants, what blocks agreeing,
the comparison of two versions, the goal levels."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.core.agreement import (
    AgreementType,
    can_edit,
    changed_only,
    check_participant,
    check_version,
    default_review_date,
    diff,
    latest_review_date,
    type_for_legal_area,
)
from caseterm.core.goals import GoalLevel, child_level, level_allowed_under
from caseterm.core.validate import InputError
from tests.conftest import TODAY


def test_review_intervals_per_type():
    assert latest_review_date(AgreementType.kooperationsplan, TODAY) == date(2027, 5, 23)
    assert latest_review_date(AgreementType.hilfeplan, TODAY) == date(2027, 5, 23)
    assert latest_review_date(AgreementType.generic, TODAY) == date(2027, 11, 23)
    assert default_review_date(AgreementType.foerderplan, TODAY) == date(2027, 5, 23)
    check_version({"review_date": "23.05.2027"}, AgreementType.kooperationsplan, TODAY)
    with pytest.raises(InputError) as exc:
        check_version({"review_date": "24.05.2027"}, AgreementType.hilfeplan, TODAY)
    assert "23.05.2027" in exc.value.errors["review_date"]
    check_version({"review_date": "24.05.2027"}, AgreementType.vereinbarung_sgb12, TODAY)
    for bad in ("", "01.01.2026", "31.02.2027"):
        with pytest.raises(InputError):
            check_version({"review_date": bad}, AgreementType.generic, TODAY)


def test_type_follows_legal_area():
    assert type_for_legal_area("sgb2") is AgreementType.kooperationsplan
    assert type_for_legal_area("sgb8") is AgreementType.hilfeplan
    assert type_for_legal_area("sgb12") is AgreementType.vereinbarung_sgb12
    assert type_for_legal_area("integration") is AgreementType.foerderplan
    assert type_for_legal_area("other") is AgreementType.generic


def test_participants_how_they_agreed():
    p = check_participant({"name": "Aylin K.", "role": "client", "agreed_how": "signature"})
    assert p.agreed_on == TODAY
    with pytest.raises(InputError) as exc:
        check_participant({"name": "Aylin K.", "role": "client", "agreed_how": "oral"})
    assert "note" in exc.value.errors
    with pytest.raises(InputError) as exc:
        check_participant({"name": "", "role": "nobody"})
    assert set(exc.value.errors) == {"name", "role"}


def test_only_drafts_are_editable():
    assert can_edit("draft")
    assert not can_edit("agreed") and not can_edit("superseded")


def _content(goals, review="2027-05-01", people=(("Aylin K.", "client", "signature"),)):
    return {"review_date": review, "duties_client": "Termine wahrnehmen", "duties_agency": "",
            "goals": goals,
            "participants": [{"name": n, "role": r, "agreed_how": h} for n, r, h in people]}


def test_diff_marks_changed_added_removed():
    a = {"id": "a", "level": "leitziel", "text_client": "Eigene Wohnung"}
    b = {"id": "b", "level": "handlungsziel", "text_client": "3 Besichtigungen",
         "due_date": "2027-01-31"}
    c = {"id": "c", "level": "massnahme", "text_client": "WBS beantragen",
         "responsible": "client"}
    left = _content([a, b, c])
    right = _content([a, dict(b, due_date="2027-02-28"), {"id": "d", "level": "massnahme",
                     "text_client": "Termin Wohnungsamt", "responsible": "worker"}],
                     review="2027-04-01",
                     people=(("Aylin K.", "client", "pending"), ("Tom K.", "other", "oral")))
    rows = diff(left, right)
    kinds = [(r.section, r.kind) for r in rows]
    assert ("field", "changed") in kinds  # review date
    assert [r.kind for r in rows if r.section == "goal"] == ["same", "changed", "removed",
                                                             "added"]
    assert {r.kind for r in rows if r.section == "participant"} == {"changed", "added"}
    assert all(r.kind != "same" for r in changed_only(rows))
    assert diff(left, left) == [r for r in diff(left, left) if r.kind == "same"]


def test_goal_levels_are_chosen_not_inferred():
    assert child_level(None) is GoalLevel.leitziel
    assert child_level(GoalLevel.leitziel) is GoalLevel.rahmenziel
    assert child_level(GoalLevel.massnahme) is GoalLevel.massnahme
    assert level_allowed_under(GoalLevel.handlungsziel, GoalLevel.leitziel)
    assert level_allowed_under(GoalLevel.massnahme, GoalLevel.leitziel)
    assert not level_allowed_under(GoalLevel.rahmenziel, GoalLevel.handlungsziel)
    assert not level_allowed_under(GoalLevel.massnahme, GoalLevel.massnahme)
