"""Issue 19 in the TUI: the conference flow from the case screen to decisions in the queue,
closure with evaluation, the steering dashboard; snapshots at 80x24 and 120x40."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from textual.widgets import Input, Select, SelectionList, TextArea

from caseterm.core import clock
from caseterm.db.repo import workers as workers_repo
from caseterm.models.followup import FollowUp
from caseterm.services import closure as closure_svc
from caseterm.services import conference as conf_svc
from tests.conftest import ctx_for, make_app, visible_text, wait_idle, wait_until
from tests.waiting import await_for


def d(days: int = 0) -> str:
    return (clock.today() + timedelta(days=days)).strftime("%d.%m.%Y")


@pytest.fixture
def ben(db):
    with db.write() as s:
        workers_repo.add(s, username="ben", display_name="Ben Kaya", role="caseworker",
                         team="Team Nord")
    return workers_repo.by_username(db, "ben")


async def test_conference_flow_from_invitation_to_decisions_in_the_queue(
        db, worker, make_case, ben):
    from caseterm.screens.case import CaseScreen
    from caseterm.screens.conference import (
        ConferenceScreen,
        DecisionDialog,
        InviteDialog,
        PlanConferenceDialog,
        ProtocolDialog,
    )

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConferenceScreen)
        assert "N plans one" in visible_text(app) or "N plant" in visible_text(app)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PlanConferenceDialog)
        app.screen.query_one("#conf-title", Input).value = "Helferkonferenz"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConferenceScreen)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, InviteDialog)
        app.screen.query_one("#inv-worker", Select).value = "ben"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConferenceScreen)
        assert "Ben Kaya" in visible_text(app)
        await pilot.press("o")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ProtocolDialog)
        app.screen.query_one("#prot-present", SelectionList).select_all()
        app.screen.query_one("#prot-text", TextArea).text = "Wohnsituation besprochen."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press("d")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        dialog.query_one("#dec-text", Input).value = "Wohnungsamt anrufen"
        await pilot.press("ctrl+s")  # no owner, no date: stays, messages at the fields
        await wait_idle(pilot, app)
        assert app.screen is dialog
        assert dialog.query_one("#field-owner").has_class("-invalid")
        assert dialog.query_one("#field-due_date").has_class("-invalid")
        dialog.query_one("#dec-owner", Select).value = "ben"
        dialog.query_one("#dec-due", Input).value = d(3)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConferenceScreen)
        text = visible_text(app)
        assert "Wohnungsamt anrufen" in text and "Wohnsituation besprochen." in text
    with db.read() as s:
        fu = s.exec(select(FollowUp).where(FollowUp.source_type == "conference")).one()
        assert fu.assignee_id == ben.id and fu.next_step == "Wohnungsamt anrufen"


async def test_closure_with_evaluation_from_the_case_screen(db, worker, make_case):
    from caseterm.screens.closure import CloseDialog, ClosureScreen

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("x")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ClosureScreen)
        await pilot.press("c")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, CloseDialog)
        dialog.query_one("#close-reason", Select).value = "client_withdrew"
        await pilot.press("ctrl+s")  # no evaluation and no reason for none: refused
        await wait_idle(pilot, app)
        assert app.screen is dialog
        assert dialog.query_one("#field-no_evaluation_reason").has_class("-invalid")
        assert closure_svc.closures(ctx_for(db, worker), case_id) == []
        dialog.query_one("#close-none", Input).value = "Klient hat die Hilfe beendet"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ClosureScreen)
        assert "Klient hat die Hilfe beendet" in visible_text(app)
    [c] = closure_svc.closures(ctx_for(db, worker), case_id)
    assert c.closure_reason == "client_withdrew"


async def test_after_care_is_asked_only_of_a_closed_case(db, worker, make_case):
    from caseterm.screens.closure import ClosureScreen
    from caseterm.screens.dialogs import QuestionDialog

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("x")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ClosureScreen)
                         and bool(app.screen.evaluation))
        await pilot.press("a")  # an open case: no question, a message
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ClosureScreen)
        assert any("nicht abgeschlossen" in str(n.message) for n in app._notifications)
        closure_svc.close(ctx_for(db, worker), case_id, {
            "closure_reason": "client_withdrew",
            "no_evaluation_reason": "Klient hat die Hilfe beendet"})
        app.screen.reload()
        await wait_until(pilot, app, lambda: "Klient hat die Hilfe beendet" in visible_text(app))
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QuestionDialog)


async def test_only_a_closed_case_is_offered_reopening(db, worker, make_case):
    from caseterm.screens.closure import ClosureScreen, ReopenDialog

    case_id = make_case()
    app = make_app(db, worker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("x")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ClosureScreen)
                         and bool(app.screen.evaluation))
        await pilot.press("r")  # an open case: no reason asked for, a message
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ClosureScreen)
        assert any("Nur ein abgeschlossener Fall" in str(n.message)
                   for n in app._notifications)
        closure_svc.close(ctx_for(db, worker), case_id, {
            "closure_reason": "client_withdrew",
            "no_evaluation_reason": "Klient hat die Hilfe beendet"})
        app.screen.reload()
        await wait_until(pilot, app, lambda: "Klient hat die Hilfe beendet" in visible_text(app))
        await pilot.press("r")
        await wait_until(pilot, app, lambda: isinstance(app.screen, ReopenDialog))


async def test_dashboard_shows_an_empty_scope_as_such_and_refuses_a_bad_period(
        db, worker, make_case):
    from caseterm.screens.steering import SteeringScreen

    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f6")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, SteeringScreen)
        text = visible_text(app)
        assert "keine" in text.lower() or "no clients" in text.lower()
        app.screen.query_one("#st-end", Input).value = "01.01.2020"
        app.screen.action_reload()
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-end").has_class("-invalid")


async def test_the_dashboard_computes_off_the_ui_thread(db, worker, make_case, monkeypatch):
    """Office-wide the figures take a second or more (bench/bench_steering.py): the screen
    asks for them in a worker thread and keeps taking keys meanwhile; the figures arrive
    when they are done."""
    import threading

    from caseterm.screens.steering import SteeringScreen
    from caseterm.services import steering as steering_svc

    for i in range(6):
        make_case(f"Vor{i}", f"Nach{i}", legal_area="sgb2")
    entered, release = threading.Event(), threading.Event()
    real = steering_svc.report

    def slow(ctx, start, end, **kw):
        assert threading.current_thread() is not threading.main_thread()
        entered.set()
        release.wait(10)
        return real(ctx, start, end, **kw)

    monkeypatch.setattr(steering_svc, "report", slow)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("f6")
        # the worker is held inside the report, so wait on the event, not on idle
        await await_for(entered.is_set, what="the report in its worker")
        assert isinstance(app.screen, SteeringScreen)
        field = app.screen.query_one("#st-start", Input)
        field.focus()
        before = field.value
        await pilot.press("end", "backspace")  # the UI answers while the figures are computed
        assert field.value == before[:-1] and app.screen.report is None
        release.set()
        await wait_idle(pilot, app)
        assert app.screen.report is not None and app.screen.report.persons == 6
        assert "Anna Becker" in visible_text(app)


def _conference_world(db, worker, make_case, ben):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    conf = conf_svc.plan(ctx, case_id, {"held_on": d(0), "title": "Fallkonferenz Müller"})
    conf_svc.invite(ctx, conf, {"worker": "ben"})
    conf_svc.record_protocol(ctx, conf, "Besprochen: Wohnung, Schulden.", {})
    conf_svc.decide(ctx, conf, {"text": "Schuldnerberatung anfragen", "owner": "ben",
                                "due_date": d(7)})
    return case_id


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_conference(snap_compare, db, worker, make_case, ben, size):
    case_id = _conference_world(db, worker, make_case, ben)
    app = make_app(db, worker)

    async def run_before(pilot):
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("k")
        await wait_idle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_closure(snap_compare, db, worker, make_case, size):
    case_id = make_case()
    ctx = ctx_for(db, worker)
    closure_svc.add_budget(ctx, case_id, {"amount": "850,00", "period_from": d(),
                                          "period_to": d(180), "purpose": "Assistenz"})
    closure_svc.close(ctx, case_id, {"closure_reason": "moved",
                                     "no_evaluation_reason": "Nach Hamburg verzogen"})
    app = make_app(db, worker)

    async def run_before(pilot):
        await wait_idle(pilot, app)
        app.open_case(case_id)
        await wait_idle(pilot, app)
        await pilot.press("x")
        await wait_idle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_dashboard(snap_compare, db, worker, make_case, size):
    for i in range(6):
        make_case(f"Vor{i}", f"Nach{i}", legal_area="sgb2")
    for i in range(2):
        make_case(f"Kind{i}", "Nach", legal_area="sgb8")
    app = make_app(db, worker)

    async def run_before(pilot):
        await wait_idle(pilot, app)
        await pilot.press("f6")
        await wait_idle(pilot, app)
        while getattr(app.screen, "report", None) is None:  # the report has arrived
            await wait_idle(pilot, app)
        await wait_idle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_the_approval_dialog_shows_the_cost_of_the_measure(db, worker, make_case):
    from caseterm.core.goals import check_goal
    from caseterm.screens.goals import ApprovalDialog
    from caseterm.services import goals as goals_svc

    case_id = make_case()
    ctx = ctx_for(db, worker)
    gid = goals_svc.add_goal(ctx, case_id, check_goal({
        "level": "massnahme", "text_client": "Familienhilfe", "responsible": "provider",
        "responsible_name": "Lindenhof", "needs_approval": True}))
    closure_svc.set_cost(ctx, {"cost_bearer": "Jugendamt", "legal_basis": "§ 31 SGB VIII",
                               "planned": "1.250,00"}, goal_id=gid)
    goal = goals_svc.tree(ctx, case_id).get(gid)
    app = make_app(db, worker)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.push_screen(ApprovalDialog(goal))
        await wait_idle(pilot, app)
        text = visible_text(app)
        assert "1.250,00 EUR" in text and "§ 31 SGB VIII" in text
