"""Pilot tests: the queue is the start screen; done with a note, postpone with and without a
reason, reassign, open the case, set up a series."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select, TextArea

from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpKind
from caseterm.db.repo import followups, notes, workers
from caseterm.db.repo import queue as q
from caseterm.models.followup import FollowUp
from caseterm.screens.case import CaseScreen
from caseterm.screens.queue import (
    DoneDialog,
    PlanDialog,
    PostponeDialog,
    QueueScreen,
    ReassignDialog,
)
from caseterm.widgets.paged_table import PagedTable
from tests.conftest import make_app, wait_idle


def _fu(db, case_id, due, assignee, text, kind=FollowUpKind.wiedervorlage):
    with db.write() as s:
        return followups.add_in(s, case_id, FollowUpInput(due_date=due, next_step=text,
                                                          kind=kind), assignee).id


def _get(db, fid):
    with db.read() as s:
        fu = s.get(FollowUp, fid)
        s.expunge(fu)
        return fu


def _table_text(app) -> str:
    t = app.screen.query_one("#queue-table", PagedTable)
    return "\n".join(" | ".join(str(c) for c in t.get_row_at(r)) for r in range(t.row_count))


async def test_queue_is_home_done_with_note_and_open_case(db, worker, make_case):
    case = make_case("Jürgen", "Müller")
    cp_case = make_case("Mia", "Kaya", child_protection=True, legal_area="sgb8")
    frist = _fu(db, case, date(2026, 11, 20), worker.id, "Widerspruch bescheiden",
                FollowUpKind.frist)
    cp = _fu(db, cp_case, date(2026, 11, 23), worker.id, "Hausbesuch Kinderschutz")
    app = make_app(db, worker)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one("#queue-table", PagedTable)
        text = _table_text(app)
        assert "§ Gesetzliche Frist" in text or "§ Legal deadline" in text
        assert "Überfällig" in text and "Heute" in text
        assert "⚠ Kinderschutz" in text  # a word beside the sign, not colour alone
        # overdue section first, the legal deadline on top of it
        assert table.current().id == frist
        summary = str(app.screen.query_one("#queue-summary").render())
        assert "Überfällig: 1" in summary and "Heute: 1" in summary

        await pilot.press("d")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, DoneDialog)
        app.screen.query_one("#done-note", TextArea).text = "Widerspruch abgeholfen."
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        assert _get(db, frist).status == "done"
        assert [n.text for n in notes.list_notes(db, case)] == ["Widerspruch abgeholfen."]
        table = app.screen.query_one("#queue-table", PagedTable)
        assert frist not in {r.id for r in table.rows_by_key.values()}
        # the cp item, and per case the automatic "no contact" and "phase stalled" ones
        assert table.row_count == 1 + 4
        assert table.current().id == cp

        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == cp_case
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)


async def test_postpone_without_and_with_a_reason(db, worker, make_case):
    case = make_case()
    fid = _fu(db, case, date(2026, 11, 20), worker.id, "Unterlagen anfordern")
    app = make_app(db, worker)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_idle(pilot, app)
        assert app.screen.query_one("#queue-table", PagedTable).current().id == fid
        await pilot.press("p")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PostponeDialog)
        await pilot.press("ctrl+s")  # no reason
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PostponeDialog)
        assert app.screen.query_one("#field-reason").has_class("-invalid")
        assert _get(db, fid).due_date == date(2026, 11, 20)  # nothing changed
        app.screen.query_one("#pp-preset", Select).value = "week"
        app.screen.query_one("#pp-reason", Input).value = "Klient im Krankenhaus"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        assert "1× verschoben" in _table_text(app)
        await pilot.press("p")  # the history is shown when postponing again
        await wait_idle(pilot, app)
        history = str(app.screen.query_one("#pp-history").render())
        assert "Klient im Krankenhaus" in history and "20.11.2026 → 30.11.2026" in history
        await pilot.press("escape")
        await wait_idle(pilot, app)
    fu = _get(db, fid)
    assert fu.due_date == date(2026, 11, 30) and fu.postpone_count == 1
    assert q.postponements(db, fid)[0].reason == "Klient im Krankenhaus"


async def test_postpone_into_the_past_is_refused_at_the_field(db, worker, make_case):
    fid = _fu(db, make_case(), date(2026, 11, 20), worker.id, "Anruf")
    app = make_app(db, worker)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("p")
        await wait_idle(pilot, app)
        app.screen.query_one("#pp-date", Input).value = "01.11.2026"
        app.screen.query_one("#pp-reason", Input).value = "versehentlich"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PostponeDialog)
        assert app.screen.query_one("#field-date").has_class("-invalid")
        assert app.screen.query_one("#pp-reason", Input).value == "versehentlich"  # kept
    assert _get(db, fid).postpone_count == 0


async def test_reassign_and_series_from_the_queue(db, worker, make_case):
    with db.write() as s:
        ben = workers.add(s, username="ben", display_name="Ben Brandt", land="NW").id
    fid = _fu(db, make_case(), date(2026, 11, 20), worker.id, "Bewerbungen prüfen")
    app = make_app(db, worker)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PlanDialog)
        app.screen.query_one("#plan-interval", Input).value = "-2"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#field-interval").has_class("-invalid")
        app.screen.query_one("#plan-interval", Input).value = "10"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        assert "Serie" in _table_text(app) or "series" in _table_text(app)

        await pilot.press("r")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReassignDialog)
        app.screen.query_one("#ra-worker", Select).value = str(ben)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
    assert _get(db, fid).assignee_id == ben
    assert q.plan_of(db, fid).interval == 10


async def test_filters_and_deputy_view(db, worker, make_case):
    with db.write() as s:
        from caseterm.models.worker import Worker

        colleague = workers.add(s, username="jw", display_name="Jonas Weiß", land="NW").id
        s.get(Worker, colleague).deputy_id = worker.id  # Anna deputises for Jonas
    sgb2 = make_case("Jürgen", "Müller", legal_area="sgb2")
    sgb8 = make_case("Mia", "Kaya", legal_area="sgb8")
    own = _fu(db, sgb2, date(2026, 11, 24), worker.id, "eigene")
    youth = _fu(db, sgb8, date(2026, 11, 25), worker.id, "Jugendhilfe")
    late = _fu(db, sgb2, date(2026, 11, 12), colleague, "Vertretung: überfällig")
    _fu(db, sgb2, date(2026, 11, 20), colleague, "nicht eskaliert")
    app = make_app(db, worker)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_idle(pilot, app)
        table = app.screen.query_one("#queue-table", PagedTable)
        manual = {r.id for r in table.rows_by_key.values() if r.kind.value == "wiedervorlage"}
        assert manual == {own, youth, late}  # the colleague's item 7 working days late
        assert "↑ bei Vertretung" in _table_text(app)
        app.screen.query_one("#queue-area", Select).value = "sgb8"
        await wait_idle(pilot, app)
        assert {r.case_id for r in table.rows_by_key.values()} == {sgb8}
        app.screen.query_one("#queue-kind", Select).value = "wiedervorlage"
        await wait_idle(pilot, app)
        assert [r.id for r in table.rows_by_key.values()] == [youth]
