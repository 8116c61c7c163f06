"""Issue 13 in the TUI (Pilot): the deputy's queue and summary on her first day, the youth-office
worker answering a referral and the sender's follow-up closing, the team lead approving and
declining, a bulk reassignment; snapshots of the two new screens at 80×24 and 120×40."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Select, TextArea

from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.screens.people import PeopleScreen
from caseterm.screens.people_dialogs import AnswerDialog, TextDialog
from caseterm.screens.team import TeamDecisionDialog, TeamReassignDialog, TeamScreen
from caseterm.services import workers as workers_svc
from tests.conftest import TODAY, make_app, visible_text, wait_idle, wait_until
from tests.test_people import _ctx, _measure, _refer, office  # noqa: F401 - fixture


def _worker(db, wid):
    from caseterm.db.repo.workers import get

    return get(db, wid)


async def test_deputy_sees_summary_on_first_day_and_the_absent_workers_items(db, office):  # noqa: F811
    workers_svc.set_absence(_ctx(db, office["anna"]), None, "bea", TODAY,
                            TODAY + timedelta(days=4))
    app = make_app(db, _worker(db, office["bea"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        text = visible_text(app)
        assert "Anna Becker" in text and "Überfälliger Anruf" in text
        assert "Widerspruchsfrist" in text and "Termin im Amt" in text
        await pilot.press("escape")
        await wait_idle(pilot, app)
        text = visible_text(app)
        assert "für Anna Becker" in text and "Überfälliger Anruf" in text
    # the next start on the same day: the summary was read, the queue opens directly
    app = make_app(db, _worker(db, office["bea"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, TextDialog)


async def test_youth_office_worker_answers_and_the_senders_followup_closes(db, office):  # noqa: F811
    rid = _refer(db, office, child_protection_concern=True)
    app = make_app(db, _worker(db, office["jana"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert "Vermittlungen zu beantworten: 1" in visible_text(app)
        await pilot.press("v")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PeopleScreen)
        assert "Kaya, Mia" in visible_text(app)
        await pilot.press("b")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, AnswerDialog)
        dialog.query_one("#ans-answer", Select).value = "declined"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AnswerDialog)  # a decline needs its reason
        assert "Grund" in visible_text(app) or "Ablehnung" in visible_text(app)
        with db.read() as s:
            assert s.exec(select(FollowUp).where(
                FollowUp.source_type == "referral", FollowUp.source_id == rid)).one().status \
                == "open"
        dialog.query_one("#ans-answer", Select).value = "contact_made"
        dialog.query_one("#ans-note", TextArea).text = "Hausbesuch vereinbart"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PeopleScreen)
    with db.read() as s:
        fu = s.exec(select(FollowUp).where(FollowUp.source_type == "referral",
                                           FollowUp.source_id == rid)).one()
        assert fu.status == "done" and "Hausbesuch vereinbart" in fu.outcome_note


async def test_received_referral_is_a_queue_row_answered_with_b(db, office):  # noqa: F811
    from caseterm.screens.queue import QueueScreen

    rid = _refer(db, office, child_protection_concern=True)
    app = make_app(db, _worker(db, office["jana"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        text = visible_text(app)
        assert "erhaltene Vermittlung" in text and "Kaya, Mia" in text
        assert "Vermittlung von Anna Becker beantworten" in text
        await pilot.press("d")  # not hers to mark done: B answers it
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("enter")  # Enter opens the answer dialog as B does
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AnswerDialog)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        await pilot.press("b")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, AnswerDialog)
        dialog.query_one("#ans-answer", Select).value = "help_started"
        dialog.query_one("#ans-note", TextArea).text = "Hilfe läuft"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        await wait_idle(pilot, app)
        assert "erhaltene Vermittlung" not in visible_text(app)
    with db.read() as s:
        rows = s.exec(select(FollowUp).where(FollowUp.source_id == rid)).all()
        assert {(f.source_type, f.status) for f in rows} == {("referral", "done"),
                                                            ("referral_answer", "done")}


async def test_team_lead_declines_with_reason_and_approves(db, office):  # noqa: F811
    first = _measure(db, office["case2"], "Schuldnerberatung")
    second = _measure(db, office["case"], "Sprachkurs")
    app = make_app(db, _worker(db, office["lena"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("team")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TeamScreen)
        assert "Schuldnerberatung" in visible_text(app)
        table = app.screen.query_one("#tm-approvals", DataTable)
        table.focus()
        rows = app.screen.approvals
        table.move_cursor(row=[r.goal_id for r in rows].index(first))
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TeamDecisionDialog)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TeamDecisionDialog)
        assert "Grund" in visible_text(app)
        app.screen.query_one("#dec-reason", TextArea).text = "Erst Budgetberatung"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TeamScreen)
        assert app.screen.approvals and all(r.goal_id != first for r in app.screen.approvals)
        app.screen.query_one("#tm-approvals", DataTable).focus()
        await pilot.press("y")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.approvals == []
    with db.read() as s:
        assert s.get(Goal, first).approval_state == "rejected"
        assert s.get(Goal, first).decision_reason == "Erst Budgetberatung"
        assert s.get(Goal, second).approval_state == "approved"


async def test_bulk_reassignment_from_the_desk(db, office):  # noqa: F811
    app = make_app(db, _worker(db, office["lena"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("team")
        await wait_idle(pilot, app)
        screen = app.screen
        names = [r.worker for r in screen.caseload]
        screen.query_one("#tm-caseload", DataTable).move_cursor(row=names.index("Anna Becker"))
        await pilot.press("m")
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, TeamReassignDialog)
        assert len(dialog.query_one("#re-cases", Input).value.split()) == 2
        dialog.query_one("#re-to", Select).value = "bea"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TeamReassignDialog)  # no note: nothing moved
        with db.read() as s:
            assert s.get(Case, office["case"]).lead_worker_id == office["anna"]
        dialog.query_one("#re-note", TextArea).text = "Elternzeit"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        assert "Bea Brandt" in visible_text(app)
    with db.read() as s:
        assert {s.get(Case, office[k]).lead_worker_id for k in ("case", "case2")} == \
            {office["bea"]}


# -- snapshots ------------------------------------------------------------------------------
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
async def test_team_desk_at_both_sizes(db, office, size):  # noqa: F811
    # (a picture snapshot of this screen differed between identical runs in Rich's style
    # hash only; the layout is checked here by what is visible at each size instead)
    _measure(db, office["case2"], "Schuldnerberatung")
    workers_svc.set_absence(_ctx(db, office["bea"]), None, "anna", TODAY, TODAY)
    app = make_app(db, _worker(db, office["lena"]))
    async with app.run_test(size=size) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("team")
        await wait_idle(pilot, app)
        screen = app.screen
        for widget_id in ("#tm-caseload", "#tm-approvals", "#tm-appr-detail"):
            region = screen.query_one(widget_id).region
            assert region.height > 0 and region.bottom <= size[1] - 1, widget_id
        text = visible_text(app)
        assert "bis 23.11.2026 → Anna Becker" in text
        assert "Ziel: Schulden ordnen" in text and "Kommune" in text
        assert "Klärung 2" in text


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_absence_and_handovers(snap_compare, db, office, size):  # noqa: F811
    from caseterm.services import people

    _refer(db, office, child_protection_concern=True)
    people.handover(_ctx(db, office["anna"]), office["case"], "jana", "Zuständigkeit ASD")
    workers_svc.set_absence(_ctx(db, office["carl"]), None, "jana", TODAY,
                            TODAY + timedelta(days=2))

    async def go(pilot):
        await wait_idle(pilot, pilot.app)
        if isinstance(pilot.app.screen, TextDialog):
            await pilot.press("escape")
        pilot.app.open_destination("people")
        await wait_idle(pilot, pilot.app)

    assert snap_compare(make_app(db, _worker(db, office["jana"])), terminal_size=size,
                        run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_team_desk(snap_compare, db, office, size):  # noqa: F811
    _measure(db, office["case2"], "Schuldnerberatung")
    workers_svc.set_absence(_ctx(db, office["bea"]), None, "anna", TODAY, TODAY)

    # The earlier flake was not Rich's style hash: the two pictures differed in the tables'
    # header widths (a header painted before the rows were measured stayed cached; fixed in
    # screens/team.py _Table). Wait until both tables hold their rows and have measured them.
    async def go(pilot):
        app = pilot.app
        await wait_idle(pilot, app)
        app.open_destination("team")

        def measured(table: DataTable, rows: int) -> bool:
            return (table.row_count == rows and not table._new_rows
                    and not table._require_update_dimensions)

        def filled() -> bool:
            screen = app.screen
            return (isinstance(screen, TeamScreen) and len(screen.caseload) > 0
                    and measured(screen.query_one("#tm-caseload", DataTable),
                                 len(screen.caseload))
                    and measured(screen.query_one("#tm-approvals", DataTable), 1))

        await wait_until(pilot, app, filled)
        await wait_idle(pilot, app)

    assert snap_compare(make_app(db, _worker(db, office["lena"])), terminal_size=size,
                        run_before=go)


async def test_handover_from_the_case_and_acceptance_with_summary(db, office):  # noqa: F811
    from caseterm.screens.people_dialogs import HandoverDialog

    app = make_app(db, _worker(db, office["anna"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.open_destination("handover", office["case"])
        await wait_idle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        dialog.query_one("#ho-to", Input).value = "anna"
        dialog.query_one("#ho-note", TextArea).text = "Mutter kooperativ"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HandoverDialog)  # not to oneself
        assert "an sich selbst" in visible_text(app)
        dialog.query_one("#ho-to", Input).value = "bea"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, HandoverDialog)
    app = make_app(db, _worker(db, office["bea"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        assert "Übergaben anzunehmen: 1" in visible_text(app)
        app.open_destination("people")
        await wait_idle(pilot, app)
        app.screen.query_one("#pp-handovers", DataTable).focus()
        await pilot.press("u")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TextDialog)
        assert "Überfälliger Anruf" in visible_text(app)
    with db.read() as s:
        assert s.get(Case, office["case"]).lead_worker_id == office["bea"]
