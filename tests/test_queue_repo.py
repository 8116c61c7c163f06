"""The queue on a real SQLite file: order, sections, paging, scopes, escalation, actions."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from caseterm.core.inputs import FollowUpInput
from caseterm.core.queue import Escalation, PlanMode, PlanSpec, Section
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind, FollowUpStatus, Priority
from caseterm.db.repo import followups, notes, workers
from caseterm.db.repo import queue as q
from caseterm.models.followup import FollowUp
from caseterm.models.followup_extra import FollowUpPostponement


def _fu(db, case_id, due, assignee, text="Wv.", kind=FollowUpKind.wiedervorlage,
        priority=Priority.normal):
    with db.write() as s:
        return followups.add_in(s, case_id, FollowUpInput(due_date=due, next_step=text,
                                kind=kind, priority=priority), assignee, roll=False).id


def _get(db, fid) -> FollowUp:
    with db.read() as s:
        fu = s.get(FollowUp, fid)
        s.expunge(fu)
        return fu


def test_order_sections_and_keyset_paging(db, worker, make_case):
    plain = make_case()
    cp = make_case("Mia", "Kaya", child_protection=True, legal_area="sgb8")
    ids = {
        "old": _fu(db, plain, date(2026, 11, 2), worker.id, "alt"),
        "frist": _fu(db, plain, date(2026, 11, 20), worker.id, "Widerspruchsfrist",
                     FollowUpKind.frist),
        "cp": _fu(db, cp, date(2026, 11, 21), worker.id, "Kinderschutz"),
        "today_high": _fu(db, plain, date(2026, 11, 23), worker.id, "heute",
                          priority=Priority.high),
        "today_low": _fu(db, plain, date(2026, 11, 23), worker.id, "heute2",
                         priority=Priority.low),
        "week": _fu(db, plain, date(2026, 11, 26), worker.id, "Woche"),
        "later": _fu(db, cp, date(2027, 2, 1), worker.id, "später"),
    }
    flt = q.QueueFilter(viewer_id=worker.id)
    rows = q.page(db, flt)
    names = {v: k for k, v in ids.items()}
    assert [names[r.id] for r in rows] == ["cp", "frist", "old", "today_high", "today_low",
                                          "week", "later"]
    assert [r.section for r in rows if r.first_in_section] == list(Section)
    assert q.counts(db, flt) == {Section.overdue: 3, Section.today: 2, Section.week: 1,
                                 Section.later: 1}
    # keyset pages of 2 give the same order
    paged, after = [], None
    while True:
        chunk = q.page(db, flt, after=after, limit=2)
        paged.extend(chunk)
        if len(chunk) < 2:
            break
        after = chunk[-1].cursor
    assert [r.id for r in paged] == [r.id for r in rows]
    assert sum(r.first_in_section for r in paged) == 4
    # filters
    assert [names[r.id] for r in q.page(db, q.QueueFilter(viewer_id=worker.id,
                                                          legal_area="sgb8"))] == ["cp", "later"]
    assert [names[r.id] for r in q.page(db, q.QueueFilter(viewer_id=worker.id,
                                                          kind="frist"))] == ["frist"]
    assert len(q.page(db, q.QueueFilter(viewer_id=worker.id, overdue_only=True))) == 3
    assert len(q.page(db, q.QueueFilter(viewer_id=worker.id, until_today=True))) == 5


def test_escalated_items_show_on_deputy_and_team_lead_queues(db, worker, make_case):
    with db.write() as s:
        lead = workers.add(s, username="lea", display_name="Lea Lead", role="team_lead",
                           team="Team Nord", land="NW")
        deputy = workers.add(s, username="dirk", display_name="Dirk Deputy",
                             team="Team Nord", land="NW")
        lead_id, deputy_id = lead.id, deputy.id
        from caseterm.models.worker import Worker

        w = s.get(Worker, worker.id)
        w.deputy_id, w.team_lead_id = deputy_id, lead_id
    case = make_case()
    five = _fu(db, case, date(2026, 11, 16), worker.id, "5 Arbeitstage")  # not escalated
    six = _fu(db, case, date(2026, 11, 13), worker.id, "6 Arbeitstage")
    eleven = _fu(db, case, date(2026, 11, 6), worker.id, "11 Arbeitstage")
    deputy_rows = q.page(db, q.QueueFilter(viewer_id=deputy_id))
    assert {r.id: r.escalation for r in deputy_rows} == {
        six: Escalation.deputy, eleven: Escalation.team_lead}
    lead_rows = q.page(db, q.QueueFilter(viewer_id=lead_id))
    assert [r.id for r in lead_rows] == [eleven]
    own = q.page(db, q.QueueFilter(viewer_id=worker.id))
    assert {r.id for r in own} == {five, six, eleven}
    # the worker sees too that an item is now with the deputy or the team lead
    assert {r.id: r.escalation for r in own} == {
        five: Escalation.none, six: Escalation.deputy, eleven: Escalation.team_lead}
    team = q.page(db, q.QueueFilter(viewer_id=lead_id, scope="team"))
    assert len(team) == 3
    other = q.page(db, q.QueueFilter(viewer_id=lead_id, scope="worker", worker_id=deputy_id))
    assert other == []


def test_done_with_note_becomes_contact_note(db, worker, make_case):
    case = make_case()
    fid = _fu(db, case, date(2026, 11, 20), worker.id)
    assert q.done(db, fid, worker.id, "Telefonat: Unterlagen kommen") is None
    assert _get(db, fid).status == FollowUpStatus.done.value
    assert [n.text for n in notes.list_notes(db, case)] == ["Telefonat: Unterlagen kommen"]
    with pytest.raises(q.NotOpen):
        q.done(db, fid, worker.id, "")


def test_postpone_keeps_history_count_and_rejects_bad_input(db, worker, make_case):
    case = make_case()
    fid = _fu(db, case, date(2026, 11, 20), worker.id)
    with pytest.raises(InputError) as exc:
        q.postpone(db, fid, worker.id, {"preset": "week", "reason": ""})
    assert "reason" in exc.value.errors
    with pytest.raises(InputError):
        q.postpone(db, fid, worker.id, {"preset": "date", "date": "01.11.2026", "reason": "x"})
    fu = _get(db, fid)
    assert (fu.due_date, fu.postpone_count) == (date(2026, 11, 20), 0)  # unchanged
    assert q.postpone(db, fid, worker.id, {"preset": "next_working_day",
                                           "reason": "Klientin krank"}) == date(2026, 11, 24)
    q.postpone(db, fid, worker.id, {"preset": "week", "reason": "Unterlagen fehlen"})
    q.postpone(db, fid, worker.id, {"preset": "month", "reason": "Träger meldet sich"})
    fu = _get(db, fid)
    assert fu.postpone_count == 3
    hist = q.postponements(db, fid)
    assert [h.reason for h in hist] == ["Klientin krank", "Unterlagen fehlen",
                                        "Träger meldet sich"]
    assert hist[0].from_date == date(2026, 11, 20) and hist[-1].to_date == fu.due_date
    with db.read() as s:
        from sqlmodel import select

        assert len(s.exec(select(FollowUpPostponement)).all()) == 3


def test_reassign(db, worker, make_case):
    with db.write() as s:
        other = workers.add(s, username="ben", display_name="Ben", land="NW").id
    fid = _fu(db, make_case(), date(2026, 11, 25), worker.id)
    q.reassign(db, fid, other)
    assert _get(db, fid).assignee_id == other
    with pytest.raises(InputError):
        q.reassign(db, fid, uuid.uuid4())


def test_chain_creates_the_next_one_when_done(db, worker, make_case):
    case = make_case()
    fid = _fu(db, case, date(2026, 11, 23), worker.id, "Bewerbungen prüfen")
    q.set_plan(db, fid, PlanSpec(PlanMode.chain, 10, "workdays", 1, ""))
    nxt = q.done(db, fid, worker.id, "")
    fu = _get(db, nxt)
    assert fu.due_date == date(2026, 12, 7) and fu.next_step == "Bewerbungen prüfen"
    assert q.plan_of(db, nxt) is None  # a single chain step
    assert q.done(db, nxt, worker.id, "") is None


def test_recurrence_monthly_for_six_months(db, worker, make_case):
    case = make_case()
    fid = _fu(db, case, date(2026, 11, 23), worker.id, "Monatsgespräch")
    q.set_plan(db, fid, PlanSpec(PlanMode.recurrence, 1, "months", 6, "Monatsgespräch"))
    dues, current = [], fid
    while current is not None:
        current = q.done(db, current, worker.id, "")
        if current:
            dues.append(_get(db, current).due_date)
    assert dues == [date(2026, 12, 23), date(2027, 1, 25), date(2027, 2, 23),
                    date(2027, 3, 23), date(2027, 4, 23), date(2027, 5, 24)]


def test_sync_source_moves_internal_dates_to_a_working_day(db, worker, make_case):
    case = make_case()
    src = uuid.uuid4()
    with db.write() as s:
        a = followups.sync_source(s, case_id=case, source_type="measure", source_id=src,
                                  due_date=date(2026, 12, 26), next_step="Maßnahme endet",
                                  assignee_id=worker.id, kind=FollowUpKind.measure).id
    assert _get(db, a).due_date == date(2026, 12, 28)
    with db.write() as s:
        b = followups.sync_source(s, case_id=case, source_type="measure", source_id=src,
                                  due_date=date(2027, 1, 15), next_step="Maßnahme endet",
                                  assignee_id=worker.id, kind=FollowUpKind.measure).id
        t = followups.sync_source(s, case_id=case, source_type="appointment",
                                  source_id=src, due_date=date(2026, 11, 28),
                                  next_step="Termin", assignee_id=worker.id,
                                  kind=FollowUpKind.termin).id
    assert a == b and _get(db, a).due_date == date(2027, 1, 15)
    assert _get(db, t).due_date == date(2026, 11, 28)  # appointments stand


def test_escalation_thresholds_are_configurable(db, worker, make_case):
    with db.write() as s:
        deputy = workers.add(s, username="dirk", display_name="Dirk", land="NW").id
        from caseterm.models.worker import Worker

        s.get(Worker, worker.id).deputy_id = deputy
    case = make_case()
    three = _fu(db, case, date(2026, 11, 17), worker.id, "4 Arbeitstage")
    assert q.page(db, q.QueueFilter(viewer_id=deputy)) == []
    q.set_escalation(db, 2, 4)
    (row,) = q.page(db, q.QueueFilter(viewer_id=deputy))
    assert row.id == three and row.escalation is Escalation.deputy
    with pytest.raises(InputError):
        q.set_escalation(db, 5, 3)


def test_a_follow_up_added_for_a_sunday_moves_to_monday(db, worker, make_case):
    from datetime import date

    case_id = make_case()
    with db.write() as s:
        fu = followups.add_in(s, case_id, FollowUpInput(
            due_date=date(2026, 11, 29), next_step="Wv."), worker.id)
        frist = followups.add_in(s, case_id, FollowUpInput(
            due_date=date(2026, 12, 26), next_step="Frist", kind=FollowUpKind.frist), worker.id)
        termin = followups.add_in(s, case_id, FollowUpInput(
            due_date=date(2026, 11, 29), next_step="Termin", kind=FollowUpKind.termin), worker.id)
    assert fu.due_date == date(2026, 11, 30)
    assert frist.due_date == date(2026, 12, 28)  # 2. Weihnachtstag (Sat) → Monday
    assert termin.due_date == date(2026, 11, 29)  # appointments stand
