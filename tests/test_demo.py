"""The demo office: loads into an empty database, fills the current worker's queue with
overdue / today / later items relative to clock.today(), and refuses to load twice."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlmodel import select

from caseterm.core import clock
from caseterm.core.vocab import CasePhase, FollowUpStatus, LegalArea
from caseterm.db.demo import base as demo_base
from caseterm.db.demo import data_dir, load_demo, loader_modules
from caseterm.db.engine import Database
from caseterm.db.repo import followups, settings, workers
from caseterm.models.case import Case, PhaseChange
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.note import ContactNote

BASE = json.loads((data_dir() / "demo" / "base.json").read_text(encoding="utf-8"))


def _load(tmp_path, name: str = "d.db") -> Database:
    db = Database(str(tmp_path / name))
    load_demo(db)
    return db


def _queue_dates(db: Database) -> list[date]:
    me = workers.current(db)
    with db.read() as s:
        return [r.due_date for r in followups.followup_rows(s, assignee_id=me.id)]


def test_base_loader_is_discovered_first():
    modules = loader_modules()
    assert modules[0] is demo_base
    assert [m.ORDER for m in modules] == sorted(m.ORDER for m in modules)


def test_demo_loads_cases_in_all_legal_areas(tmp_path):
    db = Database(str(tmp_path / "d.db"))
    count = load_demo(db)
    assert count == len(BASE["cases"]) >= 14
    with db.read() as s:
        cases = s.exec(select(Case)).all()
        areas = Counter(c.legal_area for c in cases)
        assert len(cases) == count >= 12
        for area in (LegalArea.sgb2, LegalArea.sgb8, LegalArea.sgb12, LegalArea.integration):
            assert areas[area.value] >= 2, area
        assert any(c.child_protection for c in cases)
        assert {c.phase for c in cases} >= {p.value for p in (
            CasePhase.intake, CasePhase.assessment, CasePhase.planning, CasePhase.linking,
            CasePhase.monitoring, CasePhase.evaluation, CasePhase.closure)}
        for c in cases:
            history = s.exec(select(PhaseChange).where(PhaseChange.case_id == c.id)
                             .order_by(PhaseChange.at)).all()
            assert history[0].from_phase is None and history[0].to_phase == "intake"
            assert history[-1].to_phase == c.phase
            assert all(h.at.date() <= clock.today() for h in history)
            assert history[0].at.date() == c.opened_on
            notes = s.exec(select(ContactNote).where(ContactNote.case_id == c.id)).all()
            assert 2 <= len(notes) <= 6
            assert all(c.opened_on <= n.occurred_at.date() <= clock.today() for n in notes)
            if c.phase == CasePhase.closure.value:
                assert c.closure_reason and c.closed_on is not None
                # open: only the after-care check its closure scheduled
                assert [f.source_type for f in s.exec(select(FollowUp).where(
                    FollowUp.case_id == c.id,
                    FollowUp.status == FollowUpStatus.open.value)).all()] == ["aftercare"]
            else:
                assert c.closed_on is None and c.closure_reason is None


def test_current_worker_is_first_caseworker_with_full_queue(tmp_path):
    db = _load(tmp_path)
    first = next(w for w in BASE["workers"] if w["role"] == "caseworker")
    me = workers.current(db)
    assert me.username == first["username"]
    assert settings.get(db, settings.CURRENT_WORKER) == str(me.id)
    today = clock.today()
    dates = _queue_dates(db)
    assert len(dates) >= 12
    assert any(d < today for d in dates)
    assert any(d == today for d in dates)
    assert any(today < d <= today + timedelta(days=7) for d in dates)
    assert any(d > today + timedelta(days=7) for d in dates)
    assert any(r.child_protection for r in followups.due_for_worker(db, me.id, days_ahead=30))


def test_dates_follow_simulated_today(tmp_path):
    simulated = date(2031, 3, 4)
    clock.set_today(simulated)
    try:
        db = _load(tmp_path)
        dates = _queue_dates(db)
        assert any(d < simulated for d in dates)
        assert any(d == simulated for d in dates)
        assert any(d > simulated for d in dates)
        assert min(dates) >= simulated - timedelta(days=31)  # nothing older than a month
        with db.read() as s:
            opened = [c.opened_on for c in s.exec(select(Case))]
        assert max(opened) <= simulated and min(opened) > date(2030, 1, 1)
    finally:
        clock.set_today(None)


def test_loading_twice_is_refused(tmp_path):
    db = _load(tmp_path)
    with pytest.raises(ValueError):
        load_demo(db)
    with db.read() as s:
        assert len(s.exec(select(Case)).all()) == len(BASE["cases"])


def test_client_names_round_trip_exactly(tmp_path):
    db = _load(tmp_path)
    with db.read() as s:
        stored = {(c.first_name, c.last_name) for c in s.exec(select(Client))}
    expected = {(e["client"]["first_name"], e["client"]["last_name"]) for e in BASE["cases"]}
    assert stored == expected
    names = {last for _first, last in expected}
    # umlauts, ß, hyphenated double names, Turkish and Polish letters survive unchanged
    assert {"Weißmüller", "Große-Wortmann", "Schulte-Böhmer", "Yılmaz", "Wiśniewska"} <= names


def test_json_is_consistent():
    usernames = {w["username"] for w in BASE["workers"]}
    numbers = [e["case"].get("case_number") for e in BASE["cases"]]
    assert len(numbers) == len(set(numbers))
    for entry in BASE["cases"]:
        case = entry["case"]
        assert case["lead"] in usernames and case.get("deputy") in usernames | {None}
        assert 1 <= len(entry["followups"]) <= 3
        for f in entry["followups"]:
            assert f.get("assignee", case["lead"]) in usernames


def test_closed_demo_cases_have_their_closure_record_and_take_after_care(tmp_path):
    """A closed demo case was closed as the closure service closes one: the record with its
    reason and the client's view, an after-care follow-up; the same on every machine."""
    from caseterm.core.vocab import FollowUpKind
    from caseterm.services import closure as closure_service
    from tests.conftest import ctx_for

    closed = [e["case"] for e in BASE["cases"] if e["case"].get("phase") == "closure"]
    assert closed and all("closure" in spec for spec in closed)
    first, second = _load(tmp_path, "a.db"), _load(tmp_path, "b.db")
    ctx = ctx_for(first, workers.current(first))
    for spec in closed:
        rows = {}
        for db in (first, second):
            with db.read() as s:
                case = s.exec(select(Case).where(Case.case_number == spec["case_number"])).one()
            rows[db] = closure_service.closures(ctx_for(db, workers.current(db)), case.id)
        assert rows[first] == rows[second]  # deterministic: the same ids and values
        (row,) = rows[first]
        assert row.closure_reason == spec["closure_reason"] and row.client_view
        assert row.closed_on == case.closed_on and row.reopened_on is None
        assert row.aftercare_due is not None and row.aftercare_due > clock.today()
        with first.read() as s:
            fu = s.exec(select(FollowUp).where(FollowUp.case_id == case.id,
                                               FollowUp.status == FollowUpStatus.open.value)
                        ).one()
        assert fu.due_date == row.aftercare_due and fu.kind == FollowUpKind.review.value
        # after-care can be recorded on it now (it said "not closed" before)
        closure_service.record_aftercare(ctx, case.id, True)
        (after,) = closure_service.closures(ctx, case.id)
        assert after.aftercare_lasted is True and after.aftercare_on == clock.today()
